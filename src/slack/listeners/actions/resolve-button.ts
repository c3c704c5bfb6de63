import type { BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../../deps';
import { actionHandler, incidentOfAction } from '../guard';
import { openResolveModal } from '../resolve-modal-opener';

/** The card's Resolve button: same form as `/incident resolve`. */
export function handleResolveButton(deps: ListenerDeps) {
  return actionHandler(deps, async ({ body, client }) => {
    const incident = await incidentOfAction(deps, body);
    await openResolveModal(deps, client, (body as SlackActionMiddlewareArgs<BlockButtonAction>['body']).trigger_id, incident, body.user.id);
  });
}

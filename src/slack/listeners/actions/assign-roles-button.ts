import type { BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../../deps';
import { describeSlackError } from '../../errors';
import { checkRolesEditable, rolesModalFor } from '../../role-changes';
import { actionHandler, incidentOfAction } from '../guard';

/** The card's "Assign roles" button: `views.open` is the first Slack call, inside the trigger window. */
export function handleAssignRolesButton(deps: ListenerDeps) {
  return actionHandler(deps, async ({ body, client, respond }) => {
    const incident = await incidentOfAction(deps, body);
    await checkRolesEditable(deps, incident, body.user.id);
    const view = await rolesModalFor(deps, incident);
    const trigger = (body as SlackActionMiddlewareArgs<BlockButtonAction>['body']).trigger_id;
    try {
      await client.views.open({ trigger_id: trigger, view });
    } catch (error) {
      deps.logger.warn('roles.modal_failed', { error: describeSlackError(error) });
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: `:warning: I could not open the roles form: ${describeSlackError(error)}. Use \`/incident roles\` in the channel instead.`,
      });
    }
  });
}

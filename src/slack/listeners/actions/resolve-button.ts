import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { NotFoundError } from '../../../domain/errors';
import type { ListenerDeps } from '../../deps';
import { userMessageFor } from '../../errors';
import { openResolveModal } from '../resolve-modal-opener';

/** The card's Resolve button: same form as `/incident resolve`. */
export function handleResolveButton(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    try {
      const incident = await deps.ctx.repos.incidents.byId(Number(action.value));
      if (!incident) throw new NotFoundError('This incident no longer exists.');
      await openResolveModal(deps, client, body.trigger_id, incident);
    } catch (error) {
      const channel = body.channel?.id;
      if (!channel) throw error;
      await client.chat.postEphemeral({ channel, user: body.user.id, text: userMessageFor(error) });
      if (!(error instanceof NotFoundError) && !(error as { code?: string }).code) throw error;
    }
  };
}

import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { DomainError, NotFoundError } from '../../../domain/errors';
import type { ListenerDeps } from '../../deps';
import { describeSlackError } from '../../errors';
import { incidentInChannel } from '../../incident-sync';
import { checkRolesEditable, rolesModalFor } from '../../role-changes';

/**
 * The card's "Assign roles" button: ack, then `views.open` as the first Slack call, inside the
 * trigger window. The button carries the incident id; the channel is the fallback.
 */
export function handleAssignRolesButton(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    let view;
    try {
      const id = Number(action.value);
      const incident = Number.isInteger(id) && id > 0 ? await deps.ctx.repos.incidents.byId(id) : await incidentInChannel(deps, body.channel?.id ?? '');
      if (!incident) throw new NotFoundError('That incident no longer exists.');
      await checkRolesEditable(deps, incident, body.user.id);
      view = await rolesModalFor(deps, incident);
    } catch (error) {
      if (error instanceof DomainError) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: error.message });
        return;
      }
      throw error;
    }
    try {
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (error) {
      deps.logger.warn('roles.modal_failed', { error: describeSlackError(error) });
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: `:warning: I could not open the roles form: ${describeSlackError(error)}. Use \`/incident roles\` in the channel instead.`,
      });
    }
  };
}

import { requireOpen } from '../../../domain/closure';
import { requireIncidentPermission } from '../../../services/permissions';
import { buildEditDetailsModal } from '../../blocks/edit-modal';
import { describeSlackError } from '../../errors';
import { incidentInChannel } from '../../incident-sync';
import type { SubcommandHandler } from './types';

/** `/incident edit` opens the edit form: a local lookup, ack, then `views.open` as the first Slack call. */
export const handleEdit: SubcommandHandler = async (deps, { command, ack, client, respond }) => {
  const incident = await incidentInChannel(deps, command.channel_id, '`/incident edit`');
  requireOpen(incident, 'details');
  await requireIncidentPermission(deps.ctx, deps.ctx.repos, incident, 'steer', command.user_id);
  const view = buildEditDetailsModal(incident, await deps.ctx.repos.regulatory.facts(incident.id));
  await ack();
  try {
    await client.views.open({ trigger_id: command.trigger_id, view });
  } catch (error) {
    deps.logger.warn('edit.modal_failed', { error: describeSlackError(error) });
    await respond({ response_type: 'ephemeral', text: `:warning: I could not open the edit form: ${describeSlackError(error)}. Please try again.` });
  }
};

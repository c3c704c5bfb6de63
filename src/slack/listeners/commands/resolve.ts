import { requireOpen } from '../../../domain/closure';
import { requireIncidentPermission } from '../../../services/permissions';
import { incidentInChannel } from '../../incident-sync';
import { openResolveModal } from '../resolve-modal-opener';
import type { SubcommandHandler } from './types';

/** `/incident resolve`: the resolution form. The channel lookup is one indexed read, well inside the trigger window. */
export const handleResolve: SubcommandHandler = async (deps, { command, ack, client }) => {
  const incident = await incidentInChannel(deps, command.channel_id, '`/incident resolve`');
  // Refusals ride on the ack; the form is opened after it, inside the trigger window.
  requireOpen(incident, 'resolution');
  await requireIncidentPermission(deps.ctx, deps.ctx.repos, incident, 'steer', command.user_id);
  await ack();
  await openResolveModal(deps, client, command.trigger_id, incident, command.user_id);
};

import { requireOpen } from '../../../domain/closure';
import { requireIncidentPermission } from '../../../services/permissions';
import { incidentKey } from '../../../domain/channel-name';
import { isBackward, isStatusTarget, parseStatusArgs, STATUS_TARGETS } from '../../../domain/lifecycle';
import { needsEvidence } from '../../../services/regulatory';
import { checkEvidenceFormAllowed, openEvidenceModal } from '../evidence-modal-opener';
import { statusLabel } from '../../../domain/status';
import { changeStatus } from '../../../services/change-status';
import { incidentInChannel } from '../../incident-sync';
import { openResolveModal } from '../resolve-modal-opener';
import type { SubcommandHandler } from './types';

/** `/incident status <investigating|contained|mitigated|resolved> [note]` in an incident channel. */
export const handleStatus: SubcommandHandler = async (deps, { command, ack, client }, text) => {
  const incident = await incidentInChannel(deps, command.channel_id, '`/incident status`');
  if (!text.trim()) {
    await ack({
      response_type: 'ephemeral',
      text: `*${incidentKey(incident.id)}* is *${statusLabel(incident.status)}*. Move it with \`/incident status <${STATUS_TARGETS.join('|')}> [note]\`; going back needs a note.`,
    });
    return;
  }
  const { to, note } = parseStatusArgs(text);
  // Resolving always goes through the short resolve form, whichever way it is asked for.
  if (to === 'resolved' && incident.status !== 'resolved') {
    // Refusals ride on the ack; the form is opened after it, inside the trigger window.
    requireOpen(incident, 'resolution');
    await requireIncidentPermission(deps.ctx, deps.ctx.repos, incident, 'steer', command.user_id);
    await ack();
    await openResolveModal(deps, client, command.trigger_id, incident, command.user_id, note);
    return;
  }
  // The first containment of an AI Act incident waits for the evidence form (Art. 73(6)).
  // (A re-open without its note is refused by the change itself, before any form.)
  if (isStatusTarget(to) && !(isBackward(incident.status, to) && !note) && (await needsEvidence(deps.ctx, deps.ctx.repos, incident, to))) {
    await checkEvidenceFormAllowed(deps, incident, command.user_id);
    await ack();
    await openEvidenceModal(deps, client, command.trigger_id, incident, command.user_id, to, note);
    return;
  }
  const result = await changeStatus(deps.ctx, { incidentId: incident.id, to, note, actorId: command.user_id });
  const key = incidentKey(result.incident.id);
  await ack({ response_type: 'ephemeral', text: `*${key}* is now *${statusLabel(result.change.to)}*.` });
  deps.logger.info('incident.status_changed', { inc: key, from: result.change.from, to: result.change.to, by: command.user_id });
};

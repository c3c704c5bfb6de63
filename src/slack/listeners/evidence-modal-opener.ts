import type { WebClient } from '@slack/web-api';
import type { Incident } from '../../domain/incident';
import type { StatusTarget } from '../../domain/lifecycle';
import { requireIncidentPermission } from '../../services/permissions';
import { buildEvidenceModal } from '../blocks/evidence-modal';
import type { ListenerDeps } from '../deps';

/**
 * Opens the evidence form that stands before the first containment of an AI Act incident — the one
 * place the command, the card's status menu and the re-open form lead to. Permission is that of a
 * status change, checked before the form is shown and again when it is submitted.
 */
export async function openEvidenceModal(
  deps: ListenerDeps,
  client: WebClient,
  triggerId: string,
  incident: Incident,
  actorId: string,
  to: StatusTarget,
  note: string | null,
): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: buildEvidenceModal({ incidentId: incident.id, to, note, actorId }) });
  deps.logger.info('evidence.form_opened', { inc: incident.id, to, by: actorId });
}

/** The checks made before the form is shown (a refusal rides on the ack). */
export async function checkEvidenceFormAllowed(deps: ListenerDeps, incident: Incident, actorId: string): Promise<void> {
  await requireIncidentPermission(deps.ctx, deps.ctx.repos, incident, 'steer', actorId);
}

import { incidentKey } from '../domain/channel-name';
import { DomainError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import { requireIncidentPermission } from '../services/permissions';
import { buildStatusUpdateModal } from './blocks/status-update';
import type { ListenerDeps } from './deps';

/**
 * The status-update form for `actorId`, after the same checks the submission makes (they are made
 * again on submit: a role can change while the form is open). Local reads only, so `views.open`
 * still comes first among Slack calls.
 */
export async function statusUpdateModalFor(deps: ListenerDeps, incident: Incident, actorId: string) {
  if (incident.status === 'closed') throw new DomainError('closed', `${incidentKey(incident.id)} is closed; it owes no more status updates.`);
  await requireIncidentPermission(deps.ctx, deps.ctx.repos, incident, 'post_update', actorId);
  return buildStatusUpdateModal({ incident, cadenceMs: deps.ctx.comms.cadence[incident.severity] });
}

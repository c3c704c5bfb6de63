import type { WebClient } from '@slack/web-api';
import { requireOpen } from '../../domain/closure';
import { requireIncidentPermission } from '../../services/permissions';
import type { Incident } from '../../domain/incident';
import { buildResolveModal } from '../blocks/resolve-modal';
import type { ListenerDeps } from '../deps';

/**
 * Opens the short resolve form — the one place every way of resolving leads to (`/incident
 * resolve`, the card's button, `/incident status resolved`, the card's status menu). `note`: what
 * the person already typed (a status note) becomes the first answer.
 */
export async function openResolveModal(deps: ListenerDeps, client: WebClient, triggerId: string, incident: Incident, actorId: string, note: string | null = null): Promise<void> {
  requireOpen(incident, 'resolution');
  await requireIncidentPermission(deps.ctx, deps.ctx.repos, incident, 'steer', actorId);
  const stored = await deps.ctx.repos.postmortem.resolution(incident.id);
  await client.views.open({
    trigger_id: triggerId,
    view: buildResolveModal({
      incidentId: incident.id,
      title: incident.title,
      howStopped: note ?? stored?.summary ?? null,
      impact: stored?.impact ?? null,
      now: deps.ctx.now(),
    }),
  });
}

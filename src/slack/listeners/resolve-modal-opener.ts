import type { WebClient } from '@slack/web-api';
import { requireOpen } from '../../domain/closure';
import { requireIncidentPermission } from '../../services/permissions';
import type { Incident } from '../../domain/incident';
import { buildResolveModal } from '../blocks/resolve-modal';
import type { ListenerDeps } from '../deps';

/** Opens the resolution form prefilled with any earlier resolution (re-opened incidents). */
export async function openResolveModal(deps: ListenerDeps, client: WebClient, triggerId: string, incident: Incident, actorId: string): Promise<void> {
  requireOpen(incident, 'resolution');
  await requireIncidentPermission(deps.ctx, deps.ctx.repos, incident, 'steer', actorId);
  const pm = deps.ctx.repos.postmortem;
  const stored = await pm.resolution(incident.id);
  await client.views.open({
    trigger_id: triggerId,
    view: buildResolveModal({
      incidentId: incident.id,
      title: incident.title,
      existing: stored
        ? {
            summary: stored.summary,
            impact: stored.impact,
            trigger: stored.trigger,
            rootCause: stored.rootCause,
            whys: stored.whys,
            factors: stored.factors,
            wentWell: stored.wentWell,
            wentWrong: stored.wentWrong,
            gotLucky: stored.gotLucky,
          }
        : null,
      actions: await pm.actions(incident.id),
    }),
  });
}

import { isFirstCommanderAction } from '../domain/raci';
import type { ServiceContext } from './context';

/**
 * Stamps `acknowledged_at` (domain: the commander's first action) when `actorId` is the current
 * commander and nothing was stamped yet. Call inside the acting service's transaction.
 */
export function acknowledgeIfCommander(ctx: ServiceContext, incidentId: number, actorId: string, now: Date): void {
  const incident = ctx.repos.incidents.byId(incidentId);
  if (!incident) return;
  if (isFirstCommanderAction(incident, actorId, ctx.repos.incidents.commanderOf(incidentId))) {
    ctx.repos.incidents.update(incidentId, { acknowledgedAt: now });
  }
}

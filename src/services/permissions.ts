import type { Repositories } from '../db/repositories/types';
import type { Incident } from '../domain/incident';
import { requirePermission, type IncidentAction } from '../domain/permissions';
import type { ServiceContext } from './context';

/** The domain's permission rule, with the incident's current role holders read in the caller's transaction. */
export async function requireIncidentPermission(
  ctx: ServiceContext,
  tx: Repositories,
  incident: Pick<Incident, 'id' | 'declaredBy'>,
  action: IncidentAction,
  actorId: string,
): Promise<void> {
  requirePermission(action, actorId, { declaredBy: incident.declaredBy, holders: await tx.roles.holders(incident.id) }, ctx.admins);
}

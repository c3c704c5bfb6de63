import type { Repositories } from '../db/repositories/types';
import { NotFoundError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import type { IncidentAction } from '../domain/permissions';
import type { ServiceContext } from './context';
import { requireIncidentPermission } from './permissions';
import { enqueueJob, scheduleForIncident } from './effects';

/**
 * Effects of the follow-through (resolve, analysis, corrective actions, Home tabs), enqueued in the
 * transaction of the change like every other effect.
 */

/** Home tabs of these people are re-published (only of those who opened theirs), one job per person at a time. */
export async function refreshHomes(tx: Repositories, now: Date, userIds: readonly string[]): Promise<void> {
  for (const userId of await tx.followup.withHomeTab([...new Set(userIds)])) {
    await enqueueJob(tx, now, 'home.publish', { userId }, { queue: `home:${userId}`, coalesce: true });
  }
}

/** Everyone whose Home tab shows this incident is brought up to date (fanned out by a job). */
export function refreshHomesForIncident(tx: Repositories, now: Date, incidentId: number) {
  return enqueueJob(tx, now, 'home.refresh_incident', { incidentId }, { incidentId, coalesce: true });
}

/** A new draft version that carries this change; `cause` makes it once per change. */
export function compileDraft(tx: Repositories, now: Date, incidentId: number, createdBy: string, cause: string) {
  return scheduleForIncident(tx, now, 'postmortem.compile', { incidentId, createdBy }, { key: `postmortem:${cause}` });
}

/** Loads the incident and applies THE permission rule for `action` (admins from the context). */
export async function incidentFor(ctx: ServiceContext, tx: Repositories, incidentId: number, action: IncidentAction, actorId: string): Promise<Incident> {
  const incident = await tx.incidents.byId(incidentId);
  if (!incident) throw new NotFoundError(`There is no incident ${incidentId}.`);
  await requireIncidentPermission(ctx, tx, incident, action, actorId);
  return incident;
}

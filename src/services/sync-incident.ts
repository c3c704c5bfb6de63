import { NotFoundError } from '../domain/errors';
import { withTransaction, type ServiceContext } from './context';
import { enqueueJob, refreshSurfaces } from './effects';

export interface SyncReport {
  /** Failed or backing-off jobs that are due again now. */
  retried: number;
  /** What had failed, for the person asking. */
  failing: { kind: string; error: string }[];
}

/**
 * `/incident sync`: everything that failed for the incident is retried now with fresh attempts,
 * the card and topic are refreshed, and the channel is read back from its watermark; the
 * read's result goes to `responseUrl`.
 */
export async function requestSync(ctx: ServiceContext, input: { incidentId: number; responseUrl: string | null }): Promise<SyncReport> {
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const incident = await tx.incidents.byId(input.incidentId);
    if (!incident) throw new NotFoundError(`There is no incident ${input.incidentId}.`);
    const failing = (await tx.jobs.forIncident(incident.id, ['failed'])).map((j) => ({ kind: j.kind, error: j.lastError ?? 'unknown' }));
    const retried = await tx.jobs.retryNow(incident.id, now);
    if (incident.channelId) {
      await refreshSurfaces(tx, now, incident.id);
      await enqueueJob(tx, now, 'catchup.incident', { incidentId: incident.id, responseUrl: input.responseUrl }, { incidentId: incident.id, key: `catchup:${incident.id}:sync:${now.getTime()}` });
    }
    return { retried, failing };
  });
}

import { tsAfter } from '../domain/capture';
import { withTransaction, type ServiceContext } from './context';
import { enqueueJob } from './effects';

/** Start-up catch-ups of instances starting within this window share one run. */
const STARTUP_WINDOW_MS = 10 * 60_000;

/**
 * One catch-up job per open incident with a channel. Each is its own job, so a crash half-way
 * resumes with the incidents not yet read, not from the first one; `bucket` names the round so
 * two instances starting together enqueue it once.
 */
export async function enqueueCatchUps(ctx: ServiceContext, bucket = String(Math.floor(ctx.now().getTime() / STARTUP_WINDOW_MS))): Promise<number> {
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    let enqueued = 0;
    for (const incident of await tx.incidents.listOpen()) {
      if (!incident.channelId) continue;
      const { created } = await enqueueJob(tx, now, 'catchup.incident', { incidentId: incident.id }, { incidentId: incident.id, key: `catchup:${incident.id}:${bucket}` });
      if (created) enqueued += 1;
    }
    return enqueued;
  });
}

/** Start-up: the round of catch-ups, enqueued once however many instances start together. */
export async function enqueueStartupCatchUp(ctx: ServiceContext): Promise<void> {
  const now = ctx.now();
  const bucket = Math.floor(now.getTime() / STARTUP_WINDOW_MS);
  await withTransaction(ctx, (tx) => enqueueJob(tx, now, 'catchup.all', {}, { key: `catchup.all:${bucket}` }));
}

/** The watermark only moves forward (two catch-ups of one channel may finish in either order). */
export async function moveCatchUpWatermark(ctx: ServiceContext, incidentId: number, ts: string): Promise<void> {
  await withTransaction(ctx, async (tx) => {
    const current = await tx.incidents.caughtUpTs(incidentId);
    if (!current || tsAfter(ts, current)) await tx.incidents.update(incidentId, { caughtUpTs: ts });
  });
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The daily clean-up, scheduled once per day however many instances or restarts ask. */
export async function scheduleMaintenance(ctx: ServiceContext): Promise<void> {
  const now = ctx.now();
  const nextDay = Math.floor(now.getTime() / DAY_MS) + 1;
  await withTransaction(ctx, (tx) => enqueueJob(tx, now, 'maintenance.prune', {}, { key: `prune:${nextDay}`, dueAt: new Date(nextDay * DAY_MS + 3 * 60 * 60 * 1000) }));
}

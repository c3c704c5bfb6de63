import { dateToSlackTs, tsAfter } from '../domain/capture';
import { withTransaction, type ServiceContext } from './context';
import { enqueueJob } from './effects';

/**
 * One catch-up job per open incident with a channel. Each is its own job, so a crash half-way
 * resumes with the incidents not yet read, not from the first one. Several instances starting
 * together share one round: an incident whose catch-up another instance has already queued or is
 * running gets no second one, and neither does one whose watermark is already past `since` (this
 * instance's start): someone read its history up to a moment this instance was already up.
 */
export async function enqueueCatchUps(ctx: ServiceContext, since?: Date): Promise<number> {
  const now = ctx.now();
  const sinceTs = since ? dateToSlackTs(since) : null;
  return withTransaction(ctx, async (tx) => {
    let enqueued = 0;
    for (const incident of await tx.incidents.listOpen()) {
      if (!incident.channelId) continue;
      const underWay = (await tx.jobs.forIncident(incident.id, ['pending', 'running'])).some((j) => j.kind === 'catchup.incident');
      if (underWay) continue;
      const watermark = sinceTs ? await tx.incidents.caughtUpTs(incident.id) : null;
      if (sinceTs && watermark && !tsAfter(sinceTs, watermark)) continue;
      const { created } = await enqueueJob(tx, now, 'catchup.incident', { incidentId: incident.id }, { incidentId: incident.id, coalesce: true });
      if (created) enqueued += 1;
    }
    return enqueued;
  });
}

/** Start-up: a round of catch-ups for what the channels said while the bot was down. */
export async function enqueueStartupCatchUp(ctx: ServiceContext, instance: string): Promise<void> {
  const now = ctx.now();
  await withTransaction(ctx, (tx) => enqueueJob(tx, now, 'catchup.all', {}, { key: `catchup.all:${instance}` }));
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

import type { NewJob, Repositories } from '../db/repositories/types';
import { SETUP_STEPS, type ChannelNotice, type JobKind, type JobPayloads } from '../engine/job-kinds';

/**
 * The one place where a change turns into the jobs that carry it out in Slack. Called inside the
 * change's transaction, so the jobs commit with it or not at all.
 */

/** An incident's effects run one at a time in the order they were caused (its channel first). */
export const incidentQueue = (incidentId: number) => `incident:${incidentId}`;

export type JobOptions = Omit<NewJob, 'kind' | 'payload' | 'dueAt'> & { dueAt?: Date };

export function enqueueJob<K extends JobKind>(tx: Repositories, now: Date, kind: K, payload: JobPayloads[K], options: JobOptions = {}) {
  return tx.jobs.enqueue({ ...options, kind, payload: payload as Record<string, unknown>, dueAt: options.dueAt ?? now }, now);
}

/** Effects of one incident, in its queue. */
function forIncident<K extends JobKind>(tx: Repositories, now: Date, kind: K, payload: JobPayloads[K] & { incidentId: number }, options: JobOptions = {}) {
  return enqueueJob(tx, now, kind, payload, { queue: incidentQueue(payload.incidentId), incidentId: payload.incidentId, ...options });
}

export async function enqueueDeclarationSetup(tx: Repositories, now: Date, incidentId: number, responseUrl: string | null): Promise<void> {
  for (const step of SETUP_STEPS) {
    const kind = `setup.${step}` as const;
    const payload = step === 'reply_to_declarer' ? { incidentId, responseUrl } : { incidentId };
    await forIncident(tx, now, kind, payload, { key: `setup:${incidentId}:${step}`, maxAttempts: 12 });
  }
}

/** Card, topic, the announcement in the incidents channel and Home tabs follow the stored incident; several quick changes share one refresh. */
export async function refreshSurfaces(tx: Repositories, now: Date, incidentId: number) {
  await forIncident(tx, now, 'feed.refresh', { incidentId }, { coalesce: true });
  const refresh = await forIncident(tx, now, 'incident.refresh', { incidentId }, { coalesce: true });
  // Home tabs show the incident's status, severity and roles too (outside the channel's queue).
  await enqueueJob(tx, now, 'home.refresh_incident', { incidentId }, { incidentId, coalesce: true });
  return refresh;
}

/** `key` ties the notice to what caused it (a timeline entry), so it is posted once. */
export function noticeInChannel(tx: Repositories, now: Date, incidentId: number, notice: ChannelNotice, key: string) {
  return forIncident(tx, now, 'channel.notice', { incidentId, notice }, { key: `notice:${key}` });
}

export function scheduleForIncident<K extends JobKind>(
  tx: Repositories,
  now: Date,
  kind: K,
  payload: JobPayloads[K] & { incidentId: number },
  options: JobOptions = {},
) {
  return forIncident(tx, now, kind, payload, options);
}

import type { Repositories } from '../db/repositories/types';
import { needsAcknowledgement, planAfterDeclaration, replan, type CommsPolicy, type UpdatePlan } from '../domain/cadence';
import type { Incident } from '../domain/incident';
import type { StatusChange } from '../domain/lifecycle';
import type { RolePlan } from '../domain/raci';
import type { SeverityChange } from '../domain/severity-change';
import type { FeedEvent, JobKind } from '../engine/job-kinds';
import { enqueueJob, scheduleForIncident } from './effects';

/**
 * What the war room owes its audience after a change, enqueued in the change's own transaction:
 * status-update reminders (re-planned whenever the due time moves), the commander's
 * acknowledgement deadline, and replies in the announcement's thread in the incidents channel.
 */

/** Job keys that name their due time: one reminder per due time, across restarts and processes. */
export const reminderKey = (incidentId: number, level: 'due' | 'overdue', atMs: number) => `update-${level}:${incidentId}:${atMs}`;
export const ackTimeoutKey = (incidentId: number, userId: string, assignedAtMs: number) => `ack-timeout:${incidentId}:${userId}:${assignedAtMs}`;

/**
 * Enqueues a job under `key`, unless one with that key already ran (or is waiting). A key whose job
 * was cancelled by an earlier re-plan never fired, so a plan that comes back to the same time gets
 * a fresh key instead of being silently swallowed by the cancelled one.
 */
async function enqueueOnce<K extends JobKind>(tx: Repositories, now: Date, kind: K, payload: Parameters<typeof enqueueJob<K>>[3], key: string, dueAt: Date, incidentId: number) {
  let candidate = key;
  for (let n = 2; ; n++) {
    const existing = await tx.jobs.byKey(candidate);
    if (!existing) break;
    if (existing.state !== 'cancelled') return;
    candidate = `${key}:${n}`;
  }
  await enqueueJob(tx, now, kind, payload, { key: candidate, dueAt, incidentId });
}

/** Replaces the incident's reminder plan: pending reminders are cancelled, the new ones scheduled. */
export async function scheduleUpdateReminders(tx: Repositories, now: Date, incidentId: number, plan: UpdatePlan | null): Promise<void> {
  await tx.jobs.cancel({ incidentId, kinds: ['updates.remind'] }, now);
  await tx.comms.setPlan(incidentId, plan, now);
  if (!plan) return;
  const dueAtMs = plan.dueAt.getTime();
  const escalateMs = plan.escalateAt.getTime();
  await enqueueOnce(tx, now, 'updates.remind', { incidentId, dueAtMs, atMs: dueAtMs, level: 'due' }, reminderKey(incidentId, 'due', dueAtMs), plan.dueAt, incidentId);
  await enqueueOnce(tx, now, 'updates.remind', { incidentId, dueAtMs, atMs: escalateMs, level: 'overdue' }, reminderKey(incidentId, 'overdue', escalateMs), plan.escalateAt, incidentId);
}

/** Re-plans from the last update (or the declaration) with the incident's current severity and status. */
export async function replanUpdates(tx: Repositories, now: Date, policy: CommsPolicy, incident: Incident, since: Date | null = null): Promise<void> {
  const last = await tx.comms.lastUpdate(incident.id);
  const plan = replan({
    severity: incident.severity,
    status: incident.status,
    cadence: policy.cadence,
    now,
    declaredAt: incident.declaredAt,
    lastUpdateAt: last?.postedAt ?? null,
    since,
  });
  await scheduleUpdateReminders(tx, now, incident.id, plan);
}

/** The current commander and when their assignment started. */
export async function currentCommander(tx: Repositories, incidentId: number): Promise<{ userId: string; since: Date } | null> {
  const row = [...(await tx.roles.history(incidentId))].reverse().find((r) => r.role === 'commander' && r.endedAt === null);
  return row ? { userId: row.userId, since: row.startedAt } : null;
}

/** Whether `userId` acknowledged (button or action) since taking command at `since`. */
export async function hasAcknowledged(tx: Repositories, incidentId: number, userId: string, since: Date): Promise<boolean> {
  return (await tx.comms.commanderAcks(incidentId, userId)).some((a) => a.acknowledgedAt.getTime() >= since.getTime());
}

/** Records that the current commander acknowledged, once per command (a later action adds nothing). */
export async function recordCommanderAck(tx: Repositories, incidentId: number, userId: string, now: Date, via: 'button' | 'action'): Promise<boolean> {
  const commander = await currentCommander(tx, incidentId);
  if (!commander || commander.userId !== userId) return false;
  if (await hasAcknowledged(tx, incidentId, userId, commander.since)) return false;
  await tx.comms.addCommanderAck(incidentId, userId, now, via);
  return true;
}

/** A SEV1/SEV2 commander who has not acknowledged by the timeout is reported (the handler re-checks). */
export async function scheduleAckTimeout(tx: Repositories, now: Date, policy: CommsPolicy, incident: Pick<Incident, 'id' | 'severity'>): Promise<void> {
  if (!needsAcknowledgement(incident.severity)) return;
  const commander = await currentCommander(tx, incident.id);
  if (!commander || (await hasAcknowledged(tx, incident.id, commander.userId, commander.since))) return;
  const assignedAtMs = commander.since.getTime();
  const key = ackTimeoutKey(incident.id, commander.userId, assignedAtMs);
  if (await tx.jobs.byKey(key)) return;
  const dueAt = new Date(Math.max(now.getTime(), assignedAtMs) + policy.ackTimeoutMs);
  await enqueueJob(tx, now, 'commander.ack_timeout', { incidentId: incident.id, userId: commander.userId, assignedAtMs }, { key, dueAt, incidentId: incident.id });
}

/** A reply under the incident's announcement in the incidents channel (in the incident's queue, after the announcement). */
function feedReply(tx: Repositories, now: Date, incidentId: number, event: FeedEvent, key: string, options: { ownQueue?: boolean } = {}) {
  return scheduleForIncident(tx, now, 'feed.reply', { incidentId, event }, { key: `feed:${key}`, ...(options.ownQueue ? { queue: null } : {}) });
}

export async function commsAfterDeclaration(tx: Repositories, now: Date, policy: CommsPolicy, incident: Incident): Promise<void> {
  const plan = planAfterDeclaration({ severity: incident.severity, status: incident.status, cadence: policy.cadence, now, declaredAt: incident.declaredAt });
  await scheduleUpdateReminders(tx, now, incident.id, plan);
  await scheduleAckTimeout(tx, now, policy, incident);
}

export async function commsAfterSeverityChange(tx: Repositories, now: Date, policy: CommsPolicy, incidentId: number, change: SeverityChange, actorId: string, entryId: number): Promise<void> {
  const incident = (await tx.incidents.byId(incidentId))!;
  await replanUpdates(tx, now, policy, incident);
  if (change.direction === 'escalated') await scheduleAckTimeout(tx, now, policy, incident);
  await feedReply(tx, now, incidentId, { type: 'severity', from: change.from, to: change.to, direction: change.direction, actorId }, `entry:${entryId}`);
}

export async function commsAfterStatusChange(tx: Repositories, now: Date, policy: CommsPolicy, incidentId: number, change: StatusChange, actorId: string, entryId: number): Promise<void> {
  const incident = (await tx.incidents.byId(incidentId))!;
  if (change.to === 'resolved') {
    await scheduleUpdateReminders(tx, now, incidentId, null);
    // In the incident's queue, so the thread reads in the order things happened; the draft's
    // upload, which comes after it in the same queue, adds the link to it.
    await feedReply(tx, now, incidentId, { type: 'resolved', actorId }, `entry:${entryId}`);
    return;
  }
  if (change.direction !== 'backward') return;
  // Back from resolved (or closed) the incident owes updates again, counted from the re-opening.
  if (change.from === 'resolved' || change.from === 'closed') {
    await replanUpdates(tx, now, policy, incident, now);
    await scheduleAckTimeout(tx, now, policy, incident);
  }
  await feedReply(tx, now, incidentId, { type: 'reopened', from: change.from, to: change.to, actorId }, `entry:${entryId}`);
}

export async function commsAfterClose(tx: Repositories, now: Date, incidentId: number, actorId: string, entryId: number): Promise<void> {
  await scheduleUpdateReminders(tx, now, incidentId, null);
  await feedReply(tx, now, incidentId, { type: 'closed', actorId }, `entry:${entryId}`);
}

/**
 * Staffing the war room is acting as commander; a new commander owes an acknowledgement, unless
 * they took command themselves (that is acting too).
 */
export async function commsAfterRoleChange(tx: Repositories, now: Date, policy: CommsPolicy, incidentId: number, plan: RolePlan, actorId: string): Promise<void> {
  await recordCommanderAck(tx, incidentId, actorId, now, 'action');
  if (!plan.commanderChanged) return;
  const incident = (await tx.incidents.byId(incidentId))!;
  await scheduleAckTimeout(tx, now, policy, incident);
}

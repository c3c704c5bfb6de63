import { z } from 'zod';
import { remindersApply, snoozedUntil } from '../domain/cadence';
import { incidentKey } from '../domain/channel-name';
import { DomainError, NotFoundError } from '../domain/errors';
import { withTransaction, type ServiceContext } from './context';
import { requireIncidentPermission } from './permissions';
import { enqueueJob } from './effects';

const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  actorId: z.string().min(1),
  /** The plan and the firing time of the reminder whose button was clicked. */
  dueAtMs: z.number().int(),
  atMs: z.number().int(),
});

export type SnoozeResult = { snoozed: true; until: Date } | { snoozed: false; reason: 'already' | 'replanned'; until?: Date };

/**
 * "Snooze 15 min": the reminder comes back 15 minutes after the click. One snooze per reminder
 * message (its key is derived from the clicked reminder), so a double click schedules one.
 */
export async function snoozeUpdateReminder(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Promise<SnoozeResult> {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const incident = await tx.incidents.byId(input.incidentId);
    if (!incident) throw new NotFoundError(`${incidentKey(input.incidentId)} does not exist.`);
    await requireIncidentPermission(ctx, tx, incident, 'post_update', input.actorId);
    if (!remindersApply(incident.status)) throw new DomainError('resolved', `${incidentKey(incident.id)} is resolved; no status update is due.`);
    const plan = await tx.comms.get(incident.id);
    // An update was posted (or the severity changed) since this reminder: the new plan stands.
    if (plan?.nextUpdateDueAt?.getTime() !== input.dueAtMs) return { snoozed: false, reason: 'replanned', until: plan?.nextUpdateDueAt ?? undefined };
    const key = `update-snooze:${incident.id}:${input.atMs}`;
    const existing = await tx.jobs.byKey(key);
    if (existing) return { snoozed: false, reason: 'already', until: existing.dueAt };
    const until = snoozedUntil(now);
    await enqueueJob(
      tx,
      now,
      'updates.remind',
      { incidentId: incident.id, dueAtMs: input.dueAtMs, atMs: until.getTime(), level: 'due', snoozedBy: input.actorId },
      { key, dueAt: until, incidentId: incident.id },
    );
    return { snoozed: true, until };
  });
}

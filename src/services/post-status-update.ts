import { z } from 'zod';
import { planAfterUpdate } from '../domain/cadence';
import { incidentKey } from '../domain/channel-name';
import { DomainError, NotFoundError } from '../domain/errors';
import { validateStatusUpdate } from '../domain/status-update';
import type { StatusUpdateRow } from '../db/repositories/types';
import { acknowledgeIfCommander } from './acknowledge';
import { scheduleUpdateReminders } from './comms-effects';
import { withTransaction, type ServiceContext } from './context';
import { requireIncidentPermission } from './permissions';
import { enqueueJob, refreshSurfaces, scheduleForIncident } from './effects';

const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  actorId: z.string().min(1),
  currentStatus: z.string().nullable(),
  doingNow: z.string().nullable().optional(),
  needs: z.string().nullable().optional(),
  nextInMs: z.number().nullable().optional(),
  executiveSummary: z.string().nullable().optional(),
});
export type PostStatusUpdateInput = z.input<typeof inputSchema>;

/**
 * Records a status update and, in the same transaction, everything it owes: the post (pinned in
 * place of the previous one), the thread reply under the announcement, a DM per Informed
 * stakeholder who has not muted the incident, the timeline entry, and the next reminders.
 */
export async function postStatusUpdate(ctx: ServiceContext, raw: PostStatusUpdateInput): Promise<StatusUpdateRow> {
  const input = inputSchema.parse(raw);
  const update = validateStatusUpdate(input);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const incident = await tx.incidents.byId(input.incidentId);
    if (!incident) throw new NotFoundError(`${incidentKey(input.incidentId)} does not exist.`);
    if (incident.status === 'closed') throw new DomainError('closed', `${incidentKey(incident.id)} is closed; it owes no more status updates.`, 'current_status');
    await requireIncidentPermission(ctx, tx, incident, 'post_update', input.actorId);
    const holders = await tx.roles.holders(incident.id);

    const plan = planAfterUpdate({ severity: incident.severity, status: incident.status, cadence: ctx.comms.cadence, now, postedAt: now, nextInMs: update.nextInMs });
    const entryId = await tx.timeline.addAutomatic(
      {
        incidentId: incident.id,
        kind: 'status_update',
        text: `Status update: ${update.currentStatus}`,
        actorId: input.actorId,
        occurredAt: now,
        data: { nextDueAt: plan?.dueAt.toISOString() ?? null },
      },
      now,
    );
    const row = await tx.comms.addUpdate({
      incidentId: incident.id,
      postedBy: input.actorId,
      postedAt: now,
      severity: incident.severity,
      status: incident.status,
      currentStatus: update.currentStatus,
      doingNow: update.doingNow,
      needs: update.needs,
      executiveSummary: update.executiveSummary,
      nextDueAt: plan?.dueAt ?? null,
      entryId,
    });
    await acknowledgeIfCommander(tx, incident.id, input.actorId, now);
    await scheduleUpdateReminders(tx, now, incident.id, plan);

    await scheduleForIncident(tx, now, 'updates.post', { incidentId: incident.id, updateId: row.id }, { key: `update-post:${row.id}` });
    await scheduleForIncident(tx, now, 'feed.reply', { incidentId: incident.id, event: { type: 'update', updateId: row.id } }, { key: `feed:update:${row.id}` });
    const muted = new Set(await tx.comms.mutedUsers(incident.id));
    for (const userId of holders.stakeholder.filter((u) => !muted.has(u) && u !== input.actorId)) {
      // Not in the incident's queue: a slow channel must not hold up the stakeholders' DMs.
      await enqueueJob(tx, now, 'updates.dm', { incidentId: incident.id, updateId: row.id, userId }, { key: `update-dm:${row.id}:${userId}`, incidentId: incident.id });
    }
    await refreshSurfaces(tx, now, incident.id);
    return row;
  });
}

import { z } from 'zod';
import { NotFoundError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import { planSeverityChange, severityChangeText, type SeverityChange } from '../domain/severity-change';
import { acknowledgeIfCommander } from './acknowledge';
import { commsAfterSeverityChange } from './comms-effects';
import { withTransaction, type ServiceContext } from './context';
import { noticeInChannel, refreshSurfaces, scheduleForIncident } from './effects';
import { replanRegulatory } from './regulatory';
import { requireIncidentPermission } from './permissions';
import { requireOpen } from '../domain/closure';

const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  to: z.string(),
  reason: z.string().nullable().optional(),
  actorId: z.string().min(1),
});
export type ChangeSeverityInput = z.input<typeof inputSchema>;

export interface SeverityChangeResult {
  incident: Incident;
  change: SeverityChange;
  entryId: number;
}

/**
 * Changes the severity and records a severity_changed entry ({from, to, reason}); the entries are
 * the severity history the post-mortem's "time in each severity" is computed from. Escalations
 * the domain says must be announced are enqueued with the change.
 */
export async function changeSeverity(ctx: ServiceContext, raw: ChangeSeverityInput): Promise<SeverityChangeResult> {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const current = await tx.incidents.byId(input.incidentId);
    if (!current) throw new NotFoundError(`There is no incident ${input.incidentId}.`);
    await requireIncidentPermission(ctx, tx, current, 'steer', input.actorId);
    requireOpen(current, 'severity');
    const change = planSeverityChange(current.severity, input.to, input.reason);
    await tx.incidents.update(current.id, { severity: change.to, updatedAt: now });
    await acknowledgeIfCommander(tx, current.id, input.actorId, now);
    const entryId = await tx.timeline.addAutomatic(
      {
        incidentId: current.id,
        kind: 'severity_changed',
        text: severityChangeText(change),
        actorId: input.actorId,
        occurredAt: now,
        data: { from: change.from, to: change.to, reason: change.reason },
      },
      now,
    );
    // Severity feeds the triage; a closed incident sends no more reminders; a re-opened one resumes them.
    await replanRegulatory(ctx, tx, now, current.id);
    await refreshSurfaces(tx, now, current.id);
    const notice = { from: change.from, to: change.to, reason: change.reason ?? null, actorId: input.actorId };
    await noticeInChannel(tx, now, current.id, { type: 'severity', direction: change.direction, ...notice }, `entry:${entryId}`);
    if (change.announce) {
      await scheduleForIncident(tx, now, 'incidents.escalation', { incidentId: current.id, direction: 'escalated', ...notice }, { key: `escalation:entry:${entryId}` });
    }
    await commsAfterSeverityChange(tx, now, ctx.comms, current.id, change, input.actorId, entryId);
    return { incident: (await tx.incidents.byId(current.id))!, change, entryId };
  });
}

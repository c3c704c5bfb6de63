import { z } from 'zod';
import { detailChangeText, legalTimeChangeText, planDetailsEdit, type DetailChange } from '../domain/details-edit';
import { NotFoundError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import type { LegalTimeChange } from '../domain/regulatory-record';
import { withTransaction, type ServiceContext } from './context';
import { noticeInChannel, refreshSurfaces, scheduleForIncident } from './effects';
import { requireIncidentPermission } from './permissions';
import { requireOpen } from '../domain/closure';
import { replanRegulatory } from './regulatory';

const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  actorId: z.string().min(1),
  title: z.string(),
  summary: z.string().nullable().optional(),
  category: z.string().nullable().optional(),
  harmLevel: z.string().nullable().optional(),
  affectedSystem: z.string().nullable().optional(),
  affectedVersion: z.string().nullable().optional(),
  impactStartedAt: z.date().nullable().optional(),
  detectedAt: z.date().nullable(),
  personalData: z.string().nullable().optional(),
  peopleAffected: z.union([z.string(), z.number()]).nullable().optional(),
  memberStates: z.array(z.string()).optional(),
  detectionSource: z.string().nullable().optional(),
  harmLimb: z.string().nullable().optional(),
  versions: z.record(z.string(), z.string().nullable()).optional(),
  awareAt: z.date().nullable().optional(),
  causalLinkAt: z.date().nullable().optional(),
  legalReason: z.string().nullable().optional(),
});
export type EditIncidentDetailsInput = z.input<typeof inputSchema>;

/**
 * Applies the edit form: every detail that changed is a details_edited entry ({field, from, to});
 * a changed awareness or causal-link time is a legal_time_changed entry and a row of its history
 * (who, from what, why), and re-plans every regulatory deadline and reminder.
 */
export async function editIncidentDetails(
  ctx: ServiceContext,
  raw: EditIncidentDetailsInput,
): Promise<{ incident: Incident; changes: DetailChange[]; legal: LegalTimeChange[] }> {
  const { incidentId, actorId, ...details } = inputSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const current = await tx.incidents.byId(incidentId);
    if (!current) throw new NotFoundError(`There is no incident ${incidentId}.`);
    await requireIncidentPermission(ctx, tx, current, 'steer', actorId);
    requireOpen(current, 'details');
    const facts = await tx.regulatory.facts(incidentId);
    const plan = planDetailsEdit({ ...current, ...facts }, details, now);
    const { patch, changes, legal } = plan;
    if (changes.length === 0 && legal.length === 0) return { incident: current, changes, legal };
    if (Object.keys(patch).length) await tx.incidents.update(incidentId, { ...patch, updatedAt: now });
    await tx.regulatory.setFacts(incidentId, plan.facts, now);
    let firstEntry = 0;
    for (const change of changes) {
      const id = await tx.timeline.addAutomatic(
        { incidentId, kind: 'details_edited', text: detailChangeText(change), actorId, occurredAt: now, data: { ...change } },
        now,
      );
      firstEntry ||= id;
    }
    for (const change of legal) {
      await tx.regulatory.addLegalTimeChange({ incidentId, field: change.field, fromAt: change.from, toAt: change.to, changedBy: actorId, reason: plan.legalReason ?? '', changedAt: now });
      const id = await tx.timeline.addAutomatic(
        {
          incidentId,
          kind: 'legal_time_changed',
          text: legalTimeChangeText(change, plan.legalReason),
          actorId,
          occurredAt: now,
          data: { field: change.field, from: change.from?.toISOString() ?? null, to: change.to?.toISOString() ?? null, reason: plan.legalReason },
        },
        now,
      );
      firstEntry ||= id;
    }
    await replanRegulatory(ctx, tx, now, incidentId);
    await refreshSurfaces(tx, now, incidentId);
    if (changes.length) await noticeInChannel(tx, now, incidentId, { type: 'details', changes, actorId }, `entry:${firstEntry}`);
    if (changes.some((c) => c.field === 'summary' || c.field === 'title')) {
      await scheduleForIncident(tx, now, 'channel.set_purpose', { incidentId }, { key: `purpose:entry:${firstEntry}` });
    }
    return { incident: (await tx.incidents.byId(incidentId))!, changes, legal };
  });
}

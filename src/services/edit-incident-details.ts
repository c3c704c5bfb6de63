import { z } from 'zod';
import { detailChangeText, planDetailsEdit, type DetailChange } from '../domain/details-edit';
import { NotFoundError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import { withTransaction, type ServiceContext } from './context';
import { noticeInChannel, refreshSurfaces, scheduleForIncident } from './effects';
import { requireIncidentPermission } from './permissions';
import { requireOpen } from '../domain/closure';

const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  actorId: z.string().min(1),
  title: z.string(),
  summary: z.string(),
  category: z.string().nullable(),
  harmLevel: z.string().nullable(),
  affectedSystem: z.string(),
  affectedVersion: z.string(),
  impactStartedAt: z.date().nullable(),
  detectedAt: z.date().nullable(),
});
export type EditIncidentDetailsInput = z.input<typeof inputSchema>;

/** Applies the edit form: every field that changed is a details_edited entry ({field, from, to}). */
export async function editIncidentDetails(ctx: ServiceContext, raw: EditIncidentDetailsInput): Promise<{ incident: Incident; changes: DetailChange[] }> {
  const { incidentId, actorId, ...details } = inputSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const current = await tx.incidents.byId(incidentId);
    if (!current) throw new NotFoundError(`There is no incident ${incidentId}.`);
    await requireIncidentPermission(ctx, tx, current, 'steer', actorId);
    requireOpen(current, 'details');
    const { patch, changes } = planDetailsEdit(current, details, now);
    if (changes.length === 0) return { incident: current, changes };
    await tx.incidents.update(incidentId, { ...patch, updatedAt: now });
    let firstEntry = 0;
    for (const change of changes) {
      const id = await tx.timeline.addAutomatic(
        { incidentId, kind: 'details_edited', text: detailChangeText(change), actorId, occurredAt: now, data: { ...change } },
        now,
      );
      firstEntry ||= id;
    }
    await refreshSurfaces(tx, now, incidentId);
    await noticeInChannel(tx, now, incidentId, { type: 'details', changes, actorId }, `entry:${firstEntry}`);
    if (changes.some((c) => c.field === 'summary' || c.field === 'title')) {
      await scheduleForIncident(tx, now, 'channel.set_purpose', { incidentId }, { key: `purpose:entry:${firstEntry}` });
    }
    return { incident: (await tx.incidents.byId(incidentId))!, changes };
  });
}

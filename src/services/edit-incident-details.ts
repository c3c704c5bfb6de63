import { z } from 'zod';
import { detailChangeText, planDetailsEdit, type DetailChange } from '../domain/details-edit';
import { NotFoundError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import { inTransaction, type ServiceContext } from './context';

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
export function editIncidentDetails(ctx: ServiceContext, raw: EditIncidentDetailsInput): { incident: Incident; changes: DetailChange[] } {
  const { incidentId, actorId, ...details } = inputSchema.parse(raw);
  const now = ctx.now();
  return inTransaction(ctx, () => {
    const current = ctx.repos.incidents.byId(incidentId);
    if (!current) throw new NotFoundError(`There is no incident ${incidentId}.`);
    const { patch, changes } = planDetailsEdit(current, details, now);
    if (changes.length === 0) return { incident: current, changes };
    ctx.repos.incidents.update(incidentId, { ...patch, updatedAt: now });
    for (const change of changes) {
      ctx.repos.timeline.addAutomatic(
        { incidentId, kind: 'details_edited', text: detailChangeText(change), actorId, occurredAt: now, data: { ...change } },
        now,
      );
    }
    return { incident: ctx.repos.incidents.byId(incidentId)!, changes };
  });
}

import { z } from 'zod';
import { requireOpen } from '../domain/closure';
import type { Incident } from '../domain/incident';
import { validateResolve } from '../domain/postmortem-analysis';
import { applyStatusChange, type StatusChangeResult } from './change-status';
import { withTransaction, type ServiceContext } from './context';
import { noticeInChannel, refreshSurfaces } from './effects';
import { compileDraft, incidentFor } from './follow-through-effects';

const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  actorId: z.string().min(1),
  howStopped: z.string().default(''),
  impact: z.string().default(''),
  resolvedAt: z.date().nullable().default(null),
});
export type ResolveIncidentInput = z.input<typeof inputSchema>;

export interface ResolveResult {
  incident: Incident;
  /** Null when the incident was already resolved and only what stopped the harm was corrected. */
  statusChange: StatusChangeResult | null;
}

/**
 * The short resolve: what stopped the harm, the impact in a sentence or two, and when. Moves the
 * incident to `resolved` (the bare transition of change-status, stamped at the time given) and
 * enqueues the notice and the first draft in the same transaction. The analysis comes later.
 */
export async function resolveIncident(ctx: ServiceContext, raw: ResolveIncidentInput): Promise<ResolveResult> {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const incident = await incidentFor(ctx, tx, input.incidentId, 'steer', input.actorId);
    requireOpen(incident, 'resolution');
    const r = validateResolve({ howStopped: input.howStopped, impact: input.impact, resolvedAt: input.resolvedAt }, { declaredAt: incident.declaredAt, now });
    // Only these fields: an analysis written before a re-open stays as it was.
    await tx.postmortem.saveResolution({ incidentId: incident.id, summary: r.howStopped, impact: r.impact, resolvedBy: input.actorId, updatedAt: now });
    const statusChange =
      incident.status === 'resolved'
        ? null
        : await applyStatusChange(ctx, tx, { incidentId: incident.id, to: 'resolved', actorId: input.actorId, note: null }, { notify: false });
    // The form's time is when the service recovered; the transition itself happened now.
    await tx.incidents.update(incident.id, { resolvedAt: r.resolvedAt, updatedAt: now });
    const actionCount = (await tx.postmortem.actions(incident.id)).length;
    const cause = `resolution:${incident.id}:${now.getTime()}`;
    await refreshSurfaces(tx, now, incident.id);
    await noticeInChannel(tx, now, incident.id, { type: 'resolved', actorId: input.actorId, actionCount, firstTime: statusChange !== null }, cause);
    await compileDraft(tx, now, incident.id, input.actorId, cause);
    return { incident: (await tx.incidents.byId(incident.id))!, statusChange };
  });
}

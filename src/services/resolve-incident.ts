import { z } from 'zod';
import { requireOpen } from '../domain/closure';
import { NotFoundError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import { validateResolution, type ResolutionInput } from '../domain/resolution';
import { applyStatusChange, type StatusChangeResult } from './change-status';
import { withTransaction, type ServiceContext } from './context';
import { noticeInChannel, refreshSurfaces, scheduleForIncident } from './effects';
import { requireIncidentPermission } from './permissions';

const text = z.string().default('');
const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  actorId: z.string().min(1),
  resolution: z.object({
    summary: text,
    impact: text,
    rootCause: text,
    trigger: text,
    whys: z.array(z.string()).max(10),
    factors: z.object({ people: text, process: text, technology: text, data: text }),
    wentWell: text,
    wentWrong: text,
    gotLucky: text,
    actions: z
      .array(
        z.object({
          id: z.number().int().positive().nullable().optional(),
          description: text,
          ownerId: z.string().nullable(),
          dueDate: z.string().nullable(),
          measure: text,
        }),
      )
      .max(30),
  }),
});
export type ResolveIncidentInput = { incidentId: number; actorId: string; resolution: ResolutionInput };

export interface ResolveResult {
  incident: Incident;
  /** Null when the incident was already resolved and only its analysis was updated. */
  statusChange: StatusChangeResult | null;
  actionCount: number;
}

/**
 * Stores the resolution analysis and the corrective actions, moves the incident to `resolved`
 * (the bare transition of change-status) and enqueues the channel notice and a new post-mortem
 * draft, all in one transaction.
 */
export async function resolveIncident(ctx: ServiceContext, raw: ResolveIncidentInput): Promise<ResolveResult> {
  const input = inputSchema.parse(raw);
  const r = validateResolution(input.resolution);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const incident = await tx.incidents.byId(input.incidentId);
    if (!incident) throw new NotFoundError(`There is no incident ${input.incidentId}.`);
    await requireIncidentPermission(ctx, tx, incident, 'steer', input.actorId);
    requireOpen(incident, 'resolution');
    const pm = tx.postmortem;
    await pm.saveResolution({
      incidentId: incident.id,
      summary: r.summary,
      impact: r.impact,
      rootCause: r.rootCause,
      trigger: r.trigger,
      whys: r.whys,
      factors: r.factors,
      wentWell: r.wentWell,
      wentWrong: r.wentWrong,
      gotLucky: r.gotLucky,
      resolvedBy: input.actorId,
      updatedAt: now,
    });
    const stored = new Set((await pm.actions(incident.id)).map((a) => a.id));
    await pm.removeActions(
      incident.id,
      r.removedActionIds.filter((id) => stored.has(id)),
    );
    for (const a of r.actions) {
      const fields = { description: a.description, ownerId: a.ownerId, dueDate: a.dueDate, measure: a.measure };
      if (a.id && stored.has(a.id)) await pm.updateAction(incident.id, a.id, fields);
      else await pm.addAction({ incidentId: incident.id, ...fields, createdAt: now });
    }
    const statusChange =
      incident.status === 'resolved'
        ? null
        : await applyStatusChange(ctx, tx, { incidentId: incident.id, to: 'resolved', actorId: input.actorId, note: null }, { notify: false });
    const actionCount = (await pm.actions(incident.id)).length;
    // Ties the notice and the draft to this submission; a resolution edit gets its own.
    const cause = `resolution:${incident.id}:${now.getTime()}`;
    await refreshSurfaces(tx, now, incident.id);
    await noticeInChannel(tx, now, incident.id, { type: 'resolved', actorId: input.actorId, actionCount, firstTime: statusChange !== null }, cause);
    await scheduleForIncident(tx, now, 'postmortem.compile', { incidentId: incident.id, createdBy: input.actorId }, { key: `postmortem:${cause}` });
    return { incident: (await tx.incidents.byId(incident.id))!, statusChange, actionCount };
  });
}

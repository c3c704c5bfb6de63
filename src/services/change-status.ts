import { z } from 'zod';
import { acknowledgeIfCommander } from './acknowledge';
import { NotFoundError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import { planStatusChange, statusChangeText, type StatusChange } from '../domain/lifecycle';
import { inTransaction, type ServiceContext } from './context';

const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  to: z.string(),
  note: z.string().nullable().optional(),
  actorId: z.string().min(1),
});
export type ChangeStatusInput = z.input<typeof inputSchema>;

export interface StatusChangeResult {
  incident: Incident;
  change: StatusChange;
  entryId: number;
}

/**
 * Moves the incident to another phase (see `planStatusChange` for the rules), stamps or clears
 * the phase timestamps and records a status_changed entry, in one transaction. The resolution
 * modal calls this for the bare `resolved` transition.
 */
export function changeStatus(ctx: ServiceContext, raw: ChangeStatusInput): StatusChangeResult {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  return inTransaction(ctx, () => {
    const current = ctx.repos.incidents.byId(input.incidentId);
    if (!current) throw new NotFoundError(`There is no incident ${input.incidentId}.`);
    const change = planStatusChange(current, input.to, input.note, now);
    ctx.repos.incidents.update(current.id, { ...change.patch, updatedAt: now });
    acknowledgeIfCommander(ctx, current.id, input.actorId, now);
    const entryId = ctx.repos.timeline.addAutomatic(
      {
        incidentId: current.id,
        kind: 'status_changed',
        text: statusChangeText(change),
        actorId: input.actorId,
        occurredAt: now,
        data: { from: change.from, to: change.to, note: change.note },
      },
      now,
    );
    return { incident: ctx.repos.incidents.byId(current.id)!, change, entryId };
  });
}

import { z } from 'zod';
import { acknowledgeIfCommander } from './acknowledge';
import { NotFoundError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import { planSeverityChange, severityChangeText, type SeverityChange } from '../domain/severity-change';
import { inTransaction, type ServiceContext } from './context';

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
 * the severity history the post-mortem's "time in each severity" is computed from.
 */
export function changeSeverity(ctx: ServiceContext, raw: ChangeSeverityInput): SeverityChangeResult {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  return inTransaction(ctx, () => {
    const current = ctx.repos.incidents.byId(input.incidentId);
    if (!current) throw new NotFoundError(`There is no incident ${input.incidentId}.`);
    const change = planSeverityChange(current.severity, input.to, input.reason);
    ctx.repos.incidents.update(current.id, { severity: change.to, updatedAt: now });
    acknowledgeIfCommander(ctx, current.id, input.actorId, now);
    const entryId = ctx.repos.timeline.addAutomatic(
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
    return { incident: ctx.repos.incidents.byId(current.id)!, change, entryId };
  });
}

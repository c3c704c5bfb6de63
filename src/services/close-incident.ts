import { z } from 'zod';
import { planClose } from '../domain/closure';
import { NotFoundError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import { statusLabel } from '../domain/status';
import { inTransaction, type ServiceContext } from './context';

const inputSchema = z.object({ incidentId: z.number().int().positive(), actorId: z.string().min(1) });

/** Moves a resolved incident to `closed` (post-incident work done) and records it. */
export function closeIncident(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Incident {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  return inTransaction(ctx, () => {
    const incident = ctx.repos.incidents.byId(input.incidentId);
    if (!incident) throw new NotFoundError(`There is no incident ${input.incidentId}.`);
    const { patch } = planClose(incident, now);
    ctx.repos.incidents.update(incident.id, { ...patch, updatedAt: now });
    ctx.repos.timeline.addAutomatic(
      {
        incidentId: incident.id,
        kind: 'status_changed',
        text: `Status: ${statusLabel(incident.status)} → ${statusLabel('closed')}`,
        actorId: input.actorId,
        occurredAt: now,
        data: { from: incident.status, to: 'closed' },
      },
      now,
    );
    return ctx.repos.incidents.byId(incident.id)!;
  });
}

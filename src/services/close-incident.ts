import { z } from 'zod';
import { planClose } from '../domain/closure';
import { NotFoundError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import { statusLabel } from '../domain/status';
import { commsAfterClose } from './comms-effects';
import { withTransaction, type ServiceContext } from './context';
import { noticeInChannel, refreshSurfaces, scheduleForIncident } from './effects';
import { requireIncidentPermission } from './permissions';

const inputSchema = z.object({ incidentId: z.number().int().positive(), actorId: z.string().min(1), archive: z.boolean().default(false) });

/**
 * Moves a resolved incident to `closed` (post-incident work done) and records it, with everything
 * Slack must show in the same transaction: a draft when none exists yet (a closed incident always
 * has one), the card, the closing notice, and the archive when configured.
 */
export async function closeIncident(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Promise<Incident> {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const incident = await tx.incidents.byId(input.incidentId);
    if (!incident) throw new NotFoundError(`There is no incident ${input.incidentId}.`);
    await requireIncidentPermission(ctx, tx, incident, 'steer', input.actorId);
    const { patch } = planClose(incident, now);
    await tx.incidents.update(incident.id, { ...patch, updatedAt: now });
    const entryId = await tx.timeline.addAutomatic(
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
    if (!(await tx.postmortem.latestDraft(incident.id))) {
      await scheduleForIncident(tx, now, 'postmortem.compile', { incidentId: incident.id, createdBy: input.actorId }, { key: `postmortem:entry:${entryId}` });
    }
    await refreshSurfaces(tx, now, incident.id);
    await noticeInChannel(tx, now, incident.id, { type: 'closed', actorId: input.actorId, archive: input.archive }, `entry:${entryId}`);
    await commsAfterClose(tx, now, incident.id, input.actorId, entryId);
    if (input.archive) await scheduleForIncident(tx, now, 'channel.archive', { incidentId: incident.id }, { key: `archive:entry:${entryId}` });
    return (await tx.incidents.byId(incident.id))!;
  });
}

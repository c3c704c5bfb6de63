import { z } from 'zod';
import type { Repositories } from '../db/repositories/types';
import { NotFoundError } from '../domain/errors';
import { EvidenceRequiredError } from '../domain/evidence';
import type { Incident } from '../domain/incident';
import { planStatusChange, statusChangeText, type StatusChange } from '../domain/lifecycle';
import { acknowledgeIfCommander } from './acknowledge';
import { commsAfterStatusChange } from './comms-effects';
import { withTransaction, type ServiceContext } from './context';
import { noticeInChannel, refreshSurfaces } from './effects';
import { needsEvidence, replanRegulatory } from './regulatory';
import { requireIncidentPermission } from './permissions';

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
 * Moves the incident to another phase (see `planStatusChange` for the rules), stamps or clears the
 * phase timestamps, records a status_changed entry and enqueues what the channel is shown.
 * `notify: false` when the caller tells the channel itself (the resolution).
 */
export async function applyStatusChange(
  ctx: ServiceContext,
  tx: Repositories,
  raw: ChangeStatusInput,
  options: { notify?: boolean } = {},
): Promise<StatusChangeResult> {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  const current = await tx.incidents.byId(input.incidentId);
  if (!current) throw new NotFoundError(`There is no incident ${input.incidentId}.`);
  await requireIncidentPermission(ctx, tx, current, 'steer', input.actorId);
  const change = planStatusChange(current, input.to, input.note, now);
  // AI Act Art. 73(6): the first containment of an AI Act incident waits for the evidence form.
  if (await needsEvidence(ctx, tx, current, change.to)) throw new EvidenceRequiredError();
  await tx.incidents.update(current.id, { ...change.patch, updatedAt: now });
  await acknowledgeIfCommander(tx, current.id, input.actorId, now);
  const entryId = await tx.timeline.addAutomatic(
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
  // Severity feeds the triage; a closed incident sends no more reminders; a re-opened one resumes them.
  await replanRegulatory(ctx, tx, now, current.id);
  await refreshSurfaces(tx, now, current.id);
  if (options.notify !== false) {
    await noticeInChannel(tx, now, current.id, { type: 'status', from: change.from, to: change.to, direction: change.direction, note: change.note, actorId: input.actorId }, `entry:${entryId}`);
  }
  await commsAfterStatusChange(tx, now, ctx.comms, current.id, change, input.actorId, entryId);
  return { incident: (await tx.incidents.byId(current.id))!, change, entryId };
}

export function changeStatus(ctx: ServiceContext, raw: ChangeStatusInput): Promise<StatusChangeResult> {
  return withTransaction(ctx, (tx) => applyStatusChange(ctx, tx, raw));
}

import { z } from 'zod';
import { NotFoundError } from '../domain/errors';
import { decideEvidence, evidenceDigest, evidenceEntryText } from '../domain/evidence';
import { STATUS_TARGETS } from '../domain/lifecycle';
import { applyStatusChange, type StatusChangeResult } from './change-status';
import { withTransaction, type ServiceContext } from './context';
import { noticeInChannel } from './effects';
import { requireIncidentPermission } from './permissions';


const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  actorId: z.string().min(1),
  to: z.enum(STATUS_TARGETS),
  note: z.string().nullable().default(null),
  skip: z.boolean(),
  skipReason: z.string().nullable().default(null),
  modelRef: z.string().nullable().default(null),
  promptsRef: z.string().nullable().default(null),
  samplesRef: z.string().nullable().default(null),
  logsRef: z.string().nullable().default(null),
  preservedBy: z.string().nullable().default(null),
});
export type RecordEvidenceInput = z.input<typeof inputSchema>;

export interface RecordEvidenceResult extends StatusChangeResult {
  evidenceId: number;
  outcome: 'preserved' | 'skipped';
  digest: string;
}

/**
 * The evidence form's submission: stores the snapshot (or the skip and its reason) with its digest,
 * puts it on the timeline, then makes the status change it was asked for — one transaction, so
 * the change never happens without its record, nor the record without the change.
 */
export async function recordEvidenceAndMove(ctx: ServiceContext, raw: RecordEvidenceInput): Promise<RecordEvidenceResult> {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const incident = await tx.incidents.byId(input.incidentId);
    if (!incident) throw new NotFoundError(`There is no incident ${input.incidentId}.`);
    await requireIncidentPermission(ctx, tx, incident, 'steer', input.actorId);
    const decision = decideEvidence(input);
    const digest = evidenceDigest({ incidentId: incident.id, decision, forStatus: input.to, recordedBy: input.actorId, recordedAt: now });
    const entryId = await tx.timeline.addAutomatic(
      {
        incidentId: incident.id,
        kind: decision.outcome === 'preserved' ? 'evidence_preserved' : 'evidence_skipped',
        text: evidenceEntryText(decision, input.to, digest),
        actorId: input.actorId,
        occurredAt: now,
        data: { ...decision, forStatus: input.to, digest },
      },
      now,
    );
    const record = await tx.evidence.add({
      incidentId: incident.id,
      outcome: decision.outcome,
      ...(decision.outcome === 'preserved'
        ? { modelRef: decision.modelRef, promptsRef: decision.promptsRef, samplesRef: decision.samplesRef, logsRef: decision.logsRef, preservedBy: decision.preservedBy }
        : { skipReason: decision.reason }),
      forStatus: input.to,
      recordedBy: input.actorId,
      recordedAt: now,
      digest,
      entryId,
    });
    // The evidence notice is enqueued first so the channel reads "evidence, then the move".
    await noticeInChannel(tx, now, incident.id, { type: 'evidence', evidenceId: record.id, actorId: input.actorId }, `evidence:${record.id}`);
    const moved = await applyStatusChange(ctx, tx, { incidentId: incident.id, to: input.to, note: input.note, actorId: input.actorId });
    return { ...moved, evidenceId: record.id, outcome: decision.outcome, digest };
  });
}

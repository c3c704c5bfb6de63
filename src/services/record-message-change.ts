import { z } from 'zod';
import { slackTsToDate, storedFiles } from '../domain/capture';
import { withTransaction, type ServiceContext } from './context';
import { capturedMessageSchema, slackTs } from './timeline-input';

const editSchema = capturedMessageSchema.extend({ channelId: z.string().min(1), editedAt: z.date() });
export type RecordMessageEditInput = z.input<typeof editSchema>;

const sameFiles = (a: unknown, b: unknown) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/**
 * An edited message: the raw record shows the new text, and its timeline entry (if any) gets a
 * correction entry carrying it (the entry itself is never rewritten: see the hash chain). Slack also sends message_changed when only an unfurl or
 * a reply count changed; those leave the text alone and record nothing.
 */
export async function recordMessageEdit(
  ctx: ServiceContext,
  raw: RecordMessageEditInput,
): Promise<{ outcome: 'updated' | 'unchanged' | 'not_incident'; entryId: number | null }> {
  const input = editSchema.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const { capture } = tx;
    const incidentId = await capture.incidentIdForChannel(input.channelId);
    if (incidentId === undefined) return { outcome: 'not_incident' as const, entryId: null };
    const rawRow = await capture.raw(input.channelId, input.ts);
    let changed = false;
    if (!rawRow) {
      await capture.insertRaw({
        incidentId,
        channelId: input.channelId,
        ts: input.ts,
        threadTs: input.threadTs,
        userId: input.userId,
        text: input.text,
        files: storedFiles(input.files),
        postedAt: slackTsToDate(input.ts),
        editedAt: input.editedAt,
      });
      changed = true;
    } else if (rawRow.text !== input.text || !sameFiles(rawRow.files, input.files)) {
      await capture.updateRaw(rawRow.id, { text: input.text, files: storedFiles(input.files), editedAt: input.editedAt });
      changed = true;
    }
    const entry = await capture.entryByMessage(incidentId, input.ts);
    if (entry && entry.kind === 'message' && (entry.text !== input.text || !sameFiles(entry.files, input.files))) {
      if (entry.text !== input.text) await capture.addRevision(entry.id, entry.text, input.editedAt);
      await tx.timeline.addCorrection(
        { incidentId, correctsId: entry.id, correction: { change: 'edited', text: input.text, files: storedFiles(input.files) }, actorId: input.userId, occurredAt: input.editedAt },
        ctx.now(),
      );
      return { outcome: 'updated' as const, entryId: entry.id };
    }
    return { outcome: changed ? ('updated' as const) : ('unchanged' as const), entryId: entry?.id ?? null };
  });
}

const deletionSchema = z.object({ channelId: z.string().min(1), ts: slackTs, deletedAt: z.date() });
export type RecordMessageDeletionInput = z.input<typeof deletionSchema>;

/**
 * A deleted message stays in the raw record (marked deleted, for the audit trail) and its
 * timeline entry is retracted: left out of the timeline view and of the post-mortem.
 */
export async function recordMessageDeletion(
  ctx: ServiceContext,
  raw: RecordMessageDeletionInput,
): Promise<{ outcome: 'retracted' | 'recorded' | 'unknown' | 'not_incident'; entryId: number | null }> {
  const input = deletionSchema.parse(raw);
  return withTransaction(ctx, async (tx) => {
    const { capture } = tx;
    const incidentId = await capture.incidentIdForChannel(input.channelId);
    if (incidentId === undefined) return { outcome: 'not_incident' as const, entryId: null };
    const rawRow = await capture.raw(input.channelId, input.ts);
    if (rawRow && !rawRow.deletedAt) await capture.updateRaw(rawRow.id, { deletedAt: input.deletedAt });
    const entry = await capture.entryByMessage(incidentId, input.ts);
    // A note's entry is the note, not the bot's echo of it; deleting the echo keeps the note.
    if (entry && entry.kind === 'message' && !entry.retractedAt) {
      await tx.timeline.addCorrection({ incidentId, correctsId: entry.id, correction: { change: 'retracted' }, actorId: null, occurredAt: input.deletedAt }, ctx.now());
      return { outcome: 'retracted' as const, entryId: entry.id };
    }
    return { outcome: rawRow ? ('recorded' as const) : ('unknown' as const), entryId: entry?.id ?? null };
  });
}

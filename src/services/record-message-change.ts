import { z } from 'zod';
import { filesJson, slackTsToDate } from '../domain/capture';
import { inTransaction, type ServiceContext } from './context';
import { capturedMessageSchema, claimOnce, eventRef, slackTs } from './timeline-input';

const editSchema = capturedMessageSchema.extend({ channelId: z.string().min(1), editedAt: z.date(), ...eventRef });
export type RecordMessageEditInput = z.input<typeof editSchema>;

/**
 * An edited message: the raw record and its timeline entry (if any) show the new text, and the
 * text it replaced is kept as a revision. Slack also sends message_changed when only an unfurl or
 * a reply count changed; those leave the text alone and record nothing.
 */
export function recordMessageEdit(
  ctx: ServiceContext,
  raw: RecordMessageEditInput,
): { outcome: 'updated' | 'unchanged' | 'duplicate' | 'not_incident'; entryId: number | null } {
  const input = editSchema.parse(raw);
  const { capture } = ctx.repos;
  const incidentId = capture.incidentIdForChannel(input.channelId);
  if (incidentId === undefined) return { outcome: 'not_incident', entryId: null };
  const now = ctx.now();
  const files = filesJson(input.files);
  return inTransaction(ctx, () => {
    if (!claimOnce(ctx, input.eventId, input.eventType ?? 'message_changed', now)) return { outcome: 'duplicate' as const, entryId: null };
    const rawRow = capture.raw(input.channelId, input.ts);
    let changed = false;
    if (!rawRow) {
      capture.insertRaw({
        incidentId,
        channelId: input.channelId,
        ts: input.ts,
        threadTs: input.threadTs,
        userId: input.userId,
        text: input.text,
        files,
        postedAt: slackTsToDate(input.ts),
        editedAt: input.editedAt,
      });
      changed = true;
    } else if (rawRow.text !== input.text || rawRow.files !== files) {
      capture.updateRaw(rawRow.id, { text: input.text, files, editedAt: input.editedAt });
      changed = true;
    }
    const entry = capture.entryByMessage(incidentId, input.ts);
    if (entry && entry.kind === 'message' && (entry.text !== input.text || entry.files !== files)) {
      if (entry.text !== input.text) capture.addRevision(entry.id, entry.text, input.editedAt);
      capture.updateEntry(entry.id, { text: input.text, files });
      return { outcome: 'updated' as const, entryId: entry.id };
    }
    return { outcome: changed ? ('updated' as const) : ('unchanged' as const), entryId: entry?.id ?? null };
  });
}

const deletionSchema = z.object({ channelId: z.string().min(1), ts: slackTs, deletedAt: z.date(), ...eventRef });
export type RecordMessageDeletionInput = z.input<typeof deletionSchema>;

/**
 * A deleted message stays in the raw record (marked deleted, for the audit trail) and its
 * timeline entry is retracted: left out of the timeline view and of the post-mortem.
 */
export function recordMessageDeletion(
  ctx: ServiceContext,
  raw: RecordMessageDeletionInput,
): { outcome: 'retracted' | 'recorded' | 'unknown' | 'duplicate' | 'not_incident'; entryId: number | null } {
  const input = deletionSchema.parse(raw);
  const { capture } = ctx.repos;
  const incidentId = capture.incidentIdForChannel(input.channelId);
  if (incidentId === undefined) return { outcome: 'not_incident', entryId: null };
  const now = ctx.now();
  return inTransaction(ctx, () => {
    if (!claimOnce(ctx, input.eventId, input.eventType ?? 'message_deleted', now)) return { outcome: 'duplicate' as const, entryId: null };
    const rawRow = capture.raw(input.channelId, input.ts);
    if (rawRow && !rawRow.deletedAt) capture.updateRaw(rawRow.id, { deletedAt: input.deletedAt });
    const entry = capture.entryByMessage(incidentId, input.ts);
    // A note's entry is the note, not the bot's echo of it; deleting the echo keeps the note.
    if (entry && entry.kind === 'message' && !entry.retractedAt) {
      capture.updateEntry(entry.id, { retractedAt: input.deletedAt });
      return { outcome: 'retracted' as const, entryId: entry.id };
    }
    return { outcome: rawRow ? ('recorded' as const) : ('unknown' as const), entryId: entry?.id ?? null };
  });
}

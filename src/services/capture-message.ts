import { z } from 'zod';
import { filesJson, slackTsToDate } from '../domain/capture';
import { NotFoundError } from '../domain/errors';
import { inTransaction, type ServiceContext } from './context';
import { capturedMessageSchema, claimOnce, eventRef } from './timeline-input';

const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  channelId: z.string().min(1),
  message: capturedMessageSchema,
  permalink: z.string().nullable(),
  source: z.enum(['pin', 'reaction', 'shortcut']),
  markedBy: z.string().min(1),
  markedAt: z.date(),
  ...eventRef,
});
export type CaptureMessageInput = z.input<typeof inputSchema>;

/**
 * created: a new timeline entry; revived: a retracted entry is back; marked: another mark on an
 * entry already shown; already_marked: the same person marked it the same way before;
 * duplicate: a Slack retry; deleted: the message was deleted, nothing to capture.
 */
export type CaptureOutcome = 'created' | 'revived' | 'marked' | 'already_marked' | 'duplicate' | 'deleted';

/**
 * Puts a message on the timeline, or adds a mark to the entry it already has: however many times
 * and ways a message is marked (pin, reaction, shortcut, catch-up), it is one entry.
 */
export function captureMessage(ctx: ServiceContext, raw: CaptureMessageInput): { outcome: CaptureOutcome; entryId: number | null } {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  const { capture } = ctx.repos;
  const m = input.message;
  return inTransaction(ctx, () => {
    if (!ctx.repos.incidents.byId(input.incidentId)) throw new NotFoundError(`There is no incident ${input.incidentId}.`);
    if (!claimOnce(ctx, input.eventId, input.eventType, now)) return { outcome: 'duplicate' as const, entryId: null };
    const rawRow = capture.raw(input.channelId, m.ts);
    if (rawRow?.deletedAt) return { outcome: 'deleted' as const, entryId: null };
    if (!rawRow && m.userId) {
      capture.insertRaw({
        incidentId: input.incidentId,
        channelId: input.channelId,
        ts: m.ts,
        threadTs: m.threadTs,
        userId: m.userId,
        text: m.text,
        files: filesJson(m.files),
        postedAt: slackTsToDate(m.ts),
      });
    }
    let entry = capture.entryByMessage(input.incidentId, m.ts);
    let outcome: CaptureOutcome;
    if (!entry) {
      entry = capture.insertEntry({
        incidentId: input.incidentId,
        kind: 'message',
        source: input.source,
        occurredAt: slackTsToDate(m.ts),
        recordedAt: now,
        actorId: m.userId,
        text: m.text,
        messageTs: m.ts,
        threadTs: m.threadTs,
        permalink: input.permalink,
        files: filesJson(m.files),
      });
      outcome = 'created';
    } else if (entry.retractedAt) {
      capture.updateEntry(entry.id, { retractedAt: null, permalink: entry.permalink ?? input.permalink });
      outcome = 'revived';
    } else {
      outcome = 'marked';
    }
    const same = capture
      .marks(entry.id)
      .some((k) => k.unmarkedAt === null && k.source === input.source && (input.source === 'pin' || k.userId === input.markedBy));
    if (same) {
      if (outcome === 'marked') outcome = 'already_marked';
    } else {
      capture.addMark({ entryId: entry.id, source: input.source, userId: input.markedBy, markedAt: input.markedAt });
    }
    return { outcome, entryId: entry.id };
  });
}

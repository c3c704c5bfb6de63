import { z } from 'zod';
import { slackTsToDate, storedFiles } from '../domain/capture';
import { NotFoundError } from '../domain/errors';
import { withTransaction, type ServiceContext } from './context';
import { scheduleForIncident } from './effects';
import { capturedMessageSchema } from './timeline-input';

const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  channelId: z.string().min(1),
  message: capturedMessageSchema,
  permalink: z.string().nullable(),
  source: z.enum(['pin', 'reaction', 'shortcut']),
  markedBy: z.string().min(1),
  markedAt: z.date(),
});
export type CaptureMessageInput = z.input<typeof inputSchema>;

/**
 * created: a new timeline entry; revived: a retracted entry is back; marked: another mark on an
 * entry already shown; already_marked: the same person marked it the same way before;
 * deleted: the message was deleted, nothing to capture.
 */
export type CaptureOutcome = 'created' | 'revived' | 'marked' | 'already_marked' | 'deleted';

/**
 * Puts a message on the timeline, or adds a mark to the entry it already has: however many times
 * and ways a message is marked (pin, reaction, shortcut, catch-up), it is one entry. A new or
 * revived entry gets its permalink and the visible ✅ from a job enqueued with it.
 */
export async function captureMessage(ctx: ServiceContext, raw: CaptureMessageInput): Promise<{ outcome: CaptureOutcome; entryId: number | null }> {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  const m = input.message;
  return withTransaction(ctx, async (tx) => {
    const { capture } = tx;
    if (!(await tx.incidents.byId(input.incidentId))) throw new NotFoundError(`There is no incident ${input.incidentId}.`);
    const rawRow = await capture.raw(input.channelId, m.ts);
    if (rawRow?.deletedAt) return { outcome: 'deleted' as const, entryId: null };
    if (!rawRow && m.userId) {
      await capture.insertRaw({
        incidentId: input.incidentId,
        channelId: input.channelId,
        ts: m.ts,
        threadTs: m.threadTs,
        userId: m.userId,
        text: m.text,
        files: storedFiles(m.files),
        postedAt: slackTsToDate(m.ts),
      });
    }
    let entry = await capture.entryByMessage(input.incidentId, m.ts);
    let outcome: CaptureOutcome;
    if (!entry) {
      entry = await capture.insertEntry({
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
        files: storedFiles(m.files),
      });
      outcome = 'created';
    } else if (entry.retractedAt) {
      await tx.timeline.addCorrection({ incidentId: input.incidentId, correctsId: entry.id, correction: { change: 'restored' }, actorId: input.markedBy, occurredAt: input.markedAt }, now);
      if (!entry.permalink && input.permalink) await capture.updateEntry(entry.id, { permalink: input.permalink });
      outcome = 'revived';
    } else {
      outcome = 'marked';
    }
    const marks = await capture.marks(entry.id);
    const same = marks.some((k) => k.unmarkedAt === null && k.source === input.source && (input.source === 'pin' || k.userId === input.markedBy));
    if (same) {
      if (outcome === 'marked') outcome = 'already_marked';
    } else {
      await capture.addMark({ entryId: entry.id, source: input.source, userId: input.markedBy, markedAt: input.markedAt });
    }
    if (outcome === 'created' || outcome === 'revived') {
      await scheduleForIncident(tx, now, 'capture.acknowledge', { incidentId: input.incidentId, channelId: input.channelId, ts: m.ts, entryId: entry.id });
    }
    return { outcome, entryId: entry.id };
  });
}

const markSchema = z.object({
  incidentId: z.number().int().positive(),
  channelId: z.string().min(1),
  ts: capturedMessageSchema.shape.ts,
  /** The message when the event carried it (pins, shortcuts, history); `human: false` for bot posts. */
  message: capturedMessageSchema.extend({ human: z.boolean() }).nullable(),
  permalink: z.string().nullable().default(null),
  source: z.enum(['pin', 'reaction', 'shortcut']),
  markedBy: z.string().min(1),
  markedAt: z.date(),
});
export type MarkMessageInput = z.input<typeof markSchema>;

/**
 * `pending`: the message must be looked up in Slack first (a job does it, then captures it);
 * `not_capturable`: one of the bot's own messages that has no entry to mark.
 */
export type MarkOutcome = CaptureOutcome | 'pending' | 'not_capturable';

/**
 * A person marked a message (pin, timeline reaction, shortcut, or catch-up finding one). What the
 * bot knows is used at once — the message from the event, or the raw record — and only a message
 * it has never seen is looked up in Slack, by a job enqueued here.
 */
export async function markMessage(ctx: ServiceContext, raw: MarkMessageInput): Promise<{ outcome: MarkOutcome; entryId: number | null }> {
  const input = markSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    let message = input.message;
    if (!message) {
      const stored = await tx.capture.raw(input.channelId, input.ts);
      if (stored?.deletedAt) return { outcome: 'deleted' as const, entryId: null };
      // Only human messages are stored raw, and the stored text already follows edits.
      if (stored) message = { ts: stored.ts, threadTs: stored.threadTs, userId: stored.userId, text: stored.text, files: stored.files ?? [], human: true };
    }
    if (!message) {
      await scheduleForIncident(tx, now, 'capture.fetch', {
        incidentId: input.incidentId,
        channelId: input.channelId,
        ts: input.ts,
        source: input.source,
        markedBy: input.markedBy,
        markedAt: input.markedAt.toISOString(),
      });
      return { outcome: 'pending' as const, entryId: null };
    }
    // The bot's own messages are on the timeline already as automatic entries; only a note's echo
    // (which has an entry) can take a mark.
    const existing = await tx.capture.entryByMessage(input.incidentId, input.ts);
    if (!message.human && !existing) return { outcome: 'not_capturable' as const, entryId: null };
    const { human, ...captured } = message;
    return captureMessage(ctx, {
      incidentId: input.incidentId,
      channelId: input.channelId,
      message: human ? captured : { ...captured, userId: null },
      permalink: input.permalink,
      source: input.source,
      markedBy: input.markedBy,
      markedAt: input.markedAt,
    });
  });
}

import { z } from 'zod';
import { hasActiveMark, marksToEnd } from '../domain/capture';
import { withTransaction, type ServiceContext } from './context';
import { scheduleForIncident } from './effects';
import { slackTs } from './timeline-input';

const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  channelId: z.string().min(1),
  messageTs: slackTs,
  source: z.enum(['pin', 'reaction']),
  /** Who took the mark back; a pin belongs to the channel, so any un-pin ends every pin mark. */
  userId: z.string().min(1).nullable(),
  at: z.date(),
});
export type UnmarkMessageInput = z.input<typeof inputSchema>;

export type UnmarkOutcome = 'retracted' | 'unmarked' | 'not_marked' | 'no_entry';

/**
 * Ends a mark (unmarked_at; nothing is erased). When it was the entry's last mark the entry is
 * retracted (see `hasActiveMark` in domain/capture.ts for why) and the ✅ comes off the message.
 */
export async function unmarkMessage(ctx: ServiceContext, raw: UnmarkMessageInput): Promise<{ outcome: UnmarkOutcome; entryId: number | null }> {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const { capture } = tx;
    const entry = await capture.entryByMessage(input.incidentId, input.messageTs);
    if (!entry) return { outcome: 'no_entry' as const, entryId: null };
    const marks = await capture.marks(entry.id);
    const ending = marksToEnd(marks, input.source, input.userId);
    if (ending.length === 0) return { outcome: 'not_marked' as const, entryId: entry.id };
    await capture.endMarks(
      ending.map((k) => k.id),
      input.at,
    );
    const endingIds = new Set(ending.map((k) => k.id));
    const left = marks.map((k) => (endingIds.has(k.id) ? { ...k, unmarkedAt: input.at } : k));
    if (entry.kind === 'message' && !entry.retractedAt && !hasActiveMark(left)) {
      await tx.timeline.addCorrection({ incidentId: input.incidentId, correctsId: entry.id, correction: { change: 'retracted' }, actorId: input.userId, occurredAt: input.at }, now);
      await scheduleForIncident(tx, now, 'capture.withdraw', { incidentId: input.incidentId, channelId: input.channelId, ts: input.messageTs });
      return { outcome: 'retracted' as const, entryId: entry.id };
    }
    return { outcome: 'unmarked' as const, entryId: entry.id };
  });
}

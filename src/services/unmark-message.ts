import { z } from 'zod';
import { hasActiveMark, marksToEnd } from '../domain/capture';
import { inTransaction, type ServiceContext } from './context';
import { claimOnce, eventRef, slackTs } from './timeline-input';

const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  messageTs: slackTs,
  source: z.enum(['pin', 'reaction']),
  /** Who took the mark back; a pin belongs to the channel, so any un-pin ends every pin mark. */
  userId: z.string().min(1).nullable(),
  at: z.date(),
  ...eventRef,
});
export type UnmarkMessageInput = z.input<typeof inputSchema>;

export type UnmarkOutcome = 'retracted' | 'unmarked' | 'not_marked' | 'no_entry' | 'duplicate';

/**
 * Ends a mark (unmarked_at; nothing is erased). When it was the entry's last mark the entry is
 * retracted: see `hasActiveMark` in domain/capture.ts for why.
 */
export function unmarkMessage(ctx: ServiceContext, raw: UnmarkMessageInput): { outcome: UnmarkOutcome; entryId: number | null } {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  const { capture } = ctx.repos;
  return inTransaction(ctx, () => {
    if (!claimOnce(ctx, input.eventId, input.eventType, now)) return { outcome: 'duplicate' as const, entryId: null };
    const entry = capture.entryByMessage(input.incidentId, input.messageTs);
    if (!entry) return { outcome: 'no_entry' as const, entryId: null };
    const marks = capture.marks(entry.id);
    const ending = marksToEnd(marks, input.source, input.userId);
    if (ending.length === 0) return { outcome: 'not_marked' as const, entryId: entry.id };
    capture.endMarks(
      ending.map((k) => k.id),
      input.at,
    );
    const endingIds = new Set(ending.map((k) => k.id));
    const left = marks.map((k) => (endingIds.has(k.id) ? { ...k, unmarkedAt: input.at } : k));
    if (entry.kind === 'message' && !entry.retractedAt && !hasActiveMark(left)) {
      capture.updateEntry(entry.id, { retractedAt: input.at });
      return { outcome: 'retracted' as const, entryId: entry.id };
    }
    return { outcome: 'unmarked' as const, entryId: entry.id };
  });
}

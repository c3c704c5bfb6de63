import { z } from 'zod';
import { filesJson, slackTsToDate } from '../domain/capture';
import { inTransaction, type ServiceContext } from './context';
import { capturedMessageSchema } from './timeline-input';

const inputSchema = capturedMessageSchema.extend({ channelId: z.string().min(1) });
export type RecordMessageInput = z.input<typeof inputSchema>;

export type RecordMessageOutcome = 'recorded' | 'duplicate' | 'not_incident';

export function parseRecordMessageInput(raw: RecordMessageInput): RecordMessageInput {
  return inputSchema.parse(raw);
}

/**
 * Keeps human messages of incident channels as the raw record (not timeline entries). This is the
 * busiest write of the bot, so a batch is one transaction of prepared inserts: SQLite's commit, not
 * the insert, is what costs, and the listener layer hands over every message of an event-loop
 * turn at once. A retried event or a catch-up re-reading a message is a no-op insert: the raw
 * record's unique (channel, ts) is its deduplication, no processed_events row is needed.
 */
export function recordMessages(ctx: ServiceContext, raws: readonly RecordMessageInput[]): RecordMessageOutcome[] {
  const inputs = raws.map((r) => inputSchema.parse(r));
  const { capture } = ctx.repos;
  const incidentOf = new Map<string, number | undefined>();
  return inTransaction(ctx, () =>
    inputs.map((input) => {
      if (!incidentOf.has(input.channelId)) incidentOf.set(input.channelId, capture.incidentIdForChannel(input.channelId));
      const incidentId = incidentOf.get(input.channelId);
      if (incidentId === undefined) return 'not_incident';
      const fresh = capture.insertRaw({
        incidentId,
        channelId: input.channelId,
        ts: input.ts,
        threadTs: input.threadTs,
        userId: input.userId,
        text: input.text,
        files: filesJson(input.files),
        postedAt: slackTsToDate(input.ts),
      });
      return fresh ? 'recorded' : 'duplicate';
    }),
  );
}

export function recordMessage(ctx: ServiceContext, raw: RecordMessageInput): RecordMessageOutcome {
  return recordMessages(ctx, [raw])[0]!;
}

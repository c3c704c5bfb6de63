import { z } from 'zod';
import { slackTsToDate, storedFiles } from '../domain/capture';
import { withTransaction, type ServiceContext } from './context';
import { capturedMessageSchema } from './timeline-input';

const inputSchema = capturedMessageSchema.extend({ channelId: z.string().min(1) });
export type RecordMessageInput = z.input<typeof inputSchema>;

export type RecordMessageOutcome = 'recorded' | 'duplicate' | 'not_incident';

/**
 * Keeps human messages of incident channels as the raw record (not timeline entries). This is the
 * busiest write of the bot, so a batch is one transaction: SQLite's commit, not the insert, is what
 * costs. A retried event or a catch-up re-reading a message is a no-op insert: the raw record's
 * unique (channel, ts) is its deduplication.
 */
export async function recordMessages(ctx: ServiceContext, raws: readonly RecordMessageInput[]): Promise<RecordMessageOutcome[]> {
  const inputs = raws.map((r) => inputSchema.parse(r));
  return withTransaction(ctx, async (tx) => {
    const incidentOf = new Map<string, number | undefined>();
    for (const { channelId } of inputs) if (!incidentOf.has(channelId)) incidentOf.set(channelId, await tx.capture.incidentIdForChannel(channelId));
    const kept = inputs.filter((input) => incidentOf.get(input.channelId) !== undefined);
    const fresh = await tx.capture.insertRaws(
      kept.map((input) => ({
        incidentId: incidentOf.get(input.channelId)!,
        channelId: input.channelId,
        ts: input.ts,
        threadTs: input.threadTs,
        userId: input.userId,
        text: input.text,
        files: storedFiles(input.files),
        postedAt: slackTsToDate(input.ts),
      })),
    );
    let k = 0;
    return inputs.map((input): RecordMessageOutcome => (incidentOf.get(input.channelId) === undefined ? 'not_incident' : fresh[k++] ? 'recorded' : 'duplicate'));
  });
}

export async function recordMessage(ctx: ServiceContext, raw: RecordMessageInput): Promise<RecordMessageOutcome> {
  return (await recordMessages(ctx, [raw]))[0]!;
}

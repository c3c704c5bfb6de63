import type { WebClient } from '@slack/web-api';
import { incidentKey } from '../../domain/channel-name';
import { dateToSlackTs, isHumanMessage, isTimelineReaction, tsAfter } from '../../domain/capture';
import type { JobHandlers } from '../../engine/runner';
import { markMessage } from '../../services/capture-message';
import { enqueueCatchUps, moveCatchUpWatermark } from '../../services/catch-up';
import { recordMessageEdit } from '../../services/record-message-change';
import { recordMessages } from '../../services/record-message';
import { unmarkMessage } from '../../services/unmark-message';
import { toCapturedMessage, toMarkedMessage, type SlackMessage } from '../timeline-capture';
import { classifySlackFailure } from '../errors';
import { incidentOf, type JobDeps } from './support';

/**
 * Reactions, pins and edits can change on messages the bot saw long ago; catch-up re-reads this
 * much recent history behind its watermark to see them.
 */
export const RESCAN_MS = 6 * 60 * 60 * 1000;
const PAGE = 200;

type Msg = SlackMessage & { ts: string };

export interface CatchUpReport {
  /** Human messages that were missing from the raw record. */
  messages: number;
  /** Timeline entries created (or restored) from pins and timeline reactions. */
  entries: number;
  /** Marks taken back while the bot was not listening (reactions removed, un-pins). */
  unmarked: number;
  edited: number;
}

/**
 * One bulk read in its method's rate-limit tier. A 429 holds back every later call of the method
 * for its Retry-After (the pacer), and fails this job, which the runner retries after it.
 */
async function paced<T>(deps: JobDeps, method: string, call: () => Promise<T>): Promise<T> {
  await deps.pace(method);
  try {
    return await call();
  } catch (error) {
    const verdict = classifySlackFailure(error);
    if (verdict.retryAfterMs !== undefined) deps.pace.limited(method, verdict.retryAfterMs);
    throw error;
  }
}

/**
 * Everything posted in (oldest, latest], thread replies included, oldest first. conversations.history
 * lists only top-level messages, so threads active since `oldest` are read with conversations.replies.
 * Each call first waits for its rate-limit tier.
 */
async function readRange(deps: JobDeps, channel: string, oldest: string | undefined, latest: string): Promise<Msg[]> {
  const { client } = deps;
  const out: Msg[] = [];
  let cursor: string | undefined;
  do {
    const page = await paced(deps, 'conversations.history', () =>
      client.conversations.history({ channel, limit: PAGE, cursor, latest, inclusive: true, ...(oldest ? { oldest } : {}) }),
    );
    for (const m of (page.messages ?? []) as SlackMessage[]) if (m.ts) out.push(m as Msg);
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  const threads = out.filter((m) => (m.reply_count ?? 0) > 0 && (!oldest || !m.latest_reply || tsAfter(m.latest_reply, oldest)));
  for (const parent of threads) out.push(...(await readReplies(deps, client, channel, parent.ts, oldest)));
  const unique = new Map(out.map((m) => [m.ts, m]));
  return [...unique.values()].sort((a, b) => (a.ts === b.ts ? 0 : tsAfter(a.ts, b.ts) ? 1 : -1));
}

async function readReplies(deps: JobDeps, client: WebClient, channel: string, parent: string, oldest: string | undefined): Promise<Msg[]> {
  const out: Msg[] = [];
  let cursor: string | undefined;
  do {
    const page = await paced(deps, 'conversations.replies', () => client.conversations.replies({ channel, ts: parent, limit: PAGE, cursor }));
    for (const m of (page.messages ?? []) as SlackMessage[]) {
      if (m.ts && m.ts !== parent && (!oldest || tsAfter(m.ts, oldest))) out.push(m as Msg);
    }
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return out;
}

/**
 * Fills the gaps a downtime left in one incident channel with the same rules as the live path:
 * missed messages join the raw record, edits are followed, timeline reactions and pins become
 * marks (and marks taken back meanwhile end). Everything is deduplicated by the database (unique
 * raw ts, one entry per message, one active mark per person and kind), so running it twice, or
 * alongside live events, records nothing twice.
 *
 * The watermark it starts from moves only here, to the time this run started reading — never to
 * a live message's time, which could hide the outage's messages before it.
 */
export async function catchUpIncident(deps: JobDeps, incidentId: number): Promise<CatchUpReport | null> {
  const { ctx } = deps;
  const incident = await incidentOf(deps, incidentId);
  const channelId = incident.channelId;
  if (!channelId) return null;
  const report: CatchUpReport = { messages: 0, entries: 0, unmarked: 0, edited: 0 };
  const now = ctx.now();
  const upper = dateToSlackTs(now);
  const rescanFrom = dateToSlackTs(new Date(now.getTime() - RESCAN_MS));
  const watermark = await ctx.repos.incidents.caughtUpTs(incidentId);
  const oldest = watermark && tsAfter(rescanFrom, watermark) ? watermark : watermark ? rescanFrom : undefined;

  const messages = await readRange(deps, channelId, oldest, upper);
  const human = messages.filter((m) => isHumanMessage(m, deps.botUserId));
  const outcomes = await recordMessages(
    ctx,
    human.map((m) => ({ channelId, ...toCapturedMessage(m), userId: m.user! })),
  );
  report.messages = outcomes.filter((o) => o === 'recorded').length;
  for (const m of human) {
    if (!m.edited?.ts) continue;
    const stored = await ctx.repos.capture.raw(channelId, m.ts);
    if (stored && stored.text !== (m.text ?? '')) {
      await recordMessageEdit(ctx, { channelId, ...toCapturedMessage(m), userId: m.user!, editedAt: new Date(Number(m.edited.ts) * 1000) });
      report.edited += 1;
    }
  }

  const counted = (outcome: string) => (outcome === 'created' || outcome === 'revived' ? 1 : 0);
  const reactedTs = new Set<string>();
  for (const m of messages) {
    const markers = new Set(
      (m.reactions ?? [])
        .filter((r) => r.name && isTimelineReaction(r.name, deps.settings.timelineEmoji))
        .flatMap((r) => r.users ?? [])
        .filter((u) => u !== deps.botUserId),
    );
    if (markers.size) reactedTs.add(m.ts);
    for (const user of markers) {
      const { outcome } = await markMessage(ctx, {
        incidentId,
        channelId,
        ts: m.ts,
        message: toMarkedMessage(m, deps.botUserId),
        source: 'reaction',
        markedBy: user,
        markedAt: now,
      });
      report.entries += counted(outcome);
    }
    // Reactions taken back while nobody listened: end the marks of people no longer reacting.
    const entry = await ctx.repos.capture.entryByMessage(incidentId, m.ts);
    if (!entry) continue;
    for (const mark of await ctx.repos.capture.marks(entry.id)) {
      if (mark.source !== 'reaction' || mark.unmarkedAt !== null || markers.has(mark.userId)) continue;
      const { outcome } = await unmarkMessage(ctx, { incidentId, channelId, messageTs: m.ts, source: 'reaction', userId: mark.userId, at: now });
      if (outcome === 'unmarked' || outcome === 'retracted') report.unmarked += 1;
    }
  }

  const pins = await paced(deps, 'pins.list', () => deps.client.pins.list({ channel: channelId }));
  const pinned = new Set<string>();
  for (const item of (pins.items ?? []) as { type?: string; created?: number; created_by?: string; message?: SlackMessage }[]) {
    const m = item.message;
    if (item.type !== 'message' || !m?.ts) continue;
    pinned.add(m.ts);
    const { outcome } = await markMessage(ctx, {
      incidentId,
      channelId,
      ts: m.ts,
      message: toMarkedMessage(m as Msg, deps.botUserId),
      source: 'pin',
      markedBy: item.created_by ?? m.user ?? 'unknown',
      markedAt: item.created ? new Date(item.created * 1000) : now,
    });
    report.entries += counted(outcome);
  }
  for (const ts of await ctx.repos.capture.markedMessageTs(incidentId, 'pin')) {
    if (pinned.has(ts)) continue;
    const { outcome } = await unmarkMessage(ctx, { incidentId, channelId, messageTs: ts, source: 'pin', userId: null, at: now });
    if (outcome === 'unmarked' || outcome === 'retracted') report.unmarked += 1;
  }

  await moveCatchUpWatermark(ctx, incidentId, upper);
  deps.logger.info('timeline.caught_up', { inc: incidentKey(incidentId), ...report });
  return report;
}

export function catchUpHandlers(deps: JobDeps): Pick<JobHandlers, 'catchup.incident' | 'catchup.all'> {
  return {
    // The round's job was enqueued as this instance started.
    'catchup.all': async (job) => ({ enqueued: await enqueueCatchUps(deps.ctx, job.createdAt) }),
    'catchup.incident': async (job) => {
      const report = await catchUpIncident(deps, job.payload.incidentId);
      const responseUrl = job.payload.responseUrl;
      if (responseUrl) {
        await deps
          .respond(responseUrl, { response_type: 'ephemeral', text: catchUpAnswer(job.payload.incidentId, report) })
          .catch((error: unknown) => deps.logger.info('sync.respond_failed', { error: String(error) }));
      }
      return report;
    },
  };
}

function catchUpAnswer(incidentId: number, report: CatchUpReport | null): string {
  const key = incidentKey(incidentId);
  if (!report) return `:warning: *${key}* has no channel yet, so there was nothing to read.`;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return (
    `:white_check_mark: *${key}* is in sync: ${plural(report.messages, 'missed message', 'missed messages')} recorded, ` +
    `${plural(report.entries, 'timeline entry', 'timeline entries')} added` +
    (report.edited ? `, ${plural(report.edited, 'edit', 'edits')} followed` : '') +
    (report.unmarked ? `, ${plural(report.unmarked, 'mark', 'marks')} taken back` : '') +
    '.'
  );
}

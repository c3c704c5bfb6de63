import type { WebClient } from '@slack/web-api';
import { incidentKey } from '../domain/channel-name';
import { isHumanMessage, isTimelineReaction, tsAfter } from '../domain/capture';
import type { Incident } from '../domain/incident';
import { recordMessage } from '../services/record-message';
import { unmarkMessage } from '../services/unmark-message';
import type { ListenerDeps } from './deps';
import { slackErrorCode } from './errors';
import { captureFromSlack, toCapturedMessage, withdrawAcknowledgement, type SlackMessage } from './timeline-capture';

export interface CatchUpReport {
  incidentId: number;
  /** Human messages that were missing from the raw record. */
  messages: number;
  /** Timeline entries created (or restored) from pins and timeline reactions. */
  entries: number;
  /** Entries whose pin was taken away while the bot was not listening. */
  unpinned: number;
}

/** Slack answers retried events for about an hour; a day of event ids is plenty to recognise them. */
const EVENT_MEMORY_MS = 24 * 60 * 60 * 1000;
const PAGE = 200;

type Msg = SlackMessage & { ts: string };

/**
 * Everything posted after `oldest` (exclusive), thread replies included, oldest first.
 * conversations.history lists only top-level messages, so threads active since then are read
 * with conversations.replies.
 */
async function readSince(client: WebClient, channel: string, oldest: string | undefined): Promise<Msg[]> {
  const out: Msg[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.conversations.history({ channel, limit: PAGE, cursor, ...(oldest ? { oldest } : {}) });
    for (const m of (page.messages ?? []) as SlackMessage[]) if (m.ts) out.push(m as Msg);
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  const threads = out.filter((m) => (m.reply_count ?? 0) > 0 && (!oldest || !m.latest_reply || tsAfter(m.latest_reply, oldest)));
  for (const parent of threads) {
    let replyCursor: string | undefined;
    do {
      const page = await client.conversations.replies({ channel, ts: parent.ts, limit: PAGE, cursor: replyCursor });
      for (const m of (page.messages ?? []) as SlackMessage[]) {
        if (m.ts && m.ts !== parent.ts && (!oldest || tsAfter(m.ts, oldest))) out.push(m as Msg);
      }
      replyCursor = page.response_metadata?.next_cursor || undefined;
    } while (replyCursor);
  }
  const unique = new Map(out.map((m) => [m.ts, m]));
  return [...unique.values()].sort((a, b) => (a.ts === b.ts ? 0 : tsAfter(a.ts, b.ts) ? 1 : -1));
}

/**
 * Fills the gaps a downtime left in one incident channel with the same rules as the live path:
 * missed messages join the raw record, timeline reactions on them become marks, every pinned
 * message becomes an entry, and a pin removed meanwhile un-marks its entry. Deduplication is the
 * database's (unique raw ts, one entry per message, one active mark per person and kind), so
 * running it twice, or alongside live events, records nothing twice.
 *
 * Known blind spots (Slack offers no cheap way to see them): reactions added to, edits of and
 * deletions of messages older than the newest stored one, and replies in threads whose parent
 * is older than that.
 */
export async function catchUpIncident(deps: ListenerDeps, client: WebClient, incident: Incident): Promise<CatchUpReport> {
  const report: CatchUpReport = { incidentId: incident.id, messages: 0, entries: 0, unpinned: 0 };
  const channelId = incident.channelId;
  if (!channelId) return report;
  const { capture } = deps.ctx.repos;
  const now = deps.ctx.now();
  const counted = (outcome: string) => (outcome === 'created' || outcome === 'revived' ? 1 : 0);

  const missed = await readSince(client, channelId, capture.lastRawTs(channelId) ?? undefined);
  for (const m of missed) {
    if (isHumanMessage(m, deps.botUserId)) {
      if (recordMessage(deps.ctx, { channelId, ...toCapturedMessage(m), userId: m.user! }) === 'recorded') report.messages += 1;
    }
    const markers = (m.reactions ?? [])
      .filter((r) => r.name && isTimelineReaction(r.name, deps.settings.timelineEmoji))
      .flatMap((r) => r.users ?? [])
      .filter((u) => u !== deps.botUserId);
    for (const user of new Set(markers)) {
      const outcome = await captureFromSlack(deps, client, {
        incidentId: incident.id,
        channelId,
        ts: m.ts,
        message: m,
        source: 'reaction',
        markedBy: user,
        markedAt: now,
      });
      report.entries += counted(outcome);
    }
  }

  const pins = await client.pins.list({ channel: channelId });
  const pinned = new Set<string>();
  for (const item of (pins.items ?? []) as { type?: string; created?: number; created_by?: string; message?: SlackMessage }[]) {
    const m = item.message;
    if (item.type !== 'message' || !m?.ts) continue;
    pinned.add(m.ts);
    const outcome = await captureFromSlack(deps, client, {
      incidentId: incident.id,
      channelId,
      ts: m.ts,
      message: m,
      source: 'pin',
      markedBy: item.created_by ?? m.user ?? 'unknown',
      markedAt: item.created ? new Date(item.created * 1000) : now,
    });
    report.entries += counted(outcome);
  }
  for (const ts of capture.pinnedMessageTs(incident.id)) {
    if (pinned.has(ts)) continue;
    const { outcome } = unmarkMessage(deps.ctx, { incidentId: incident.id, messageTs: ts, source: 'pin', userId: null, at: now });
    if (outcome === 'unmarked' || outcome === 'retracted') report.unpinned += 1;
    if (outcome === 'retracted') await withdrawAcknowledgement(deps, client, channelId, ts);
  }
  deps.logger.info('timeline.caught_up', { inc: incidentKey(incident.id), ...report, incidentId: undefined });
  return report;
}

/**
 * Start-up: every open incident channel, one at a time (Slack's history and pins methods are
 * rate-limited per workspace). One unreadable channel does not stop the others.
 */
export async function catchUpAll(deps: ListenerDeps, client: WebClient): Promise<CatchUpReport[]> {
  deps.ctx.repos.capture.pruneEvents(new Date(deps.ctx.now().getTime() - EVENT_MEMORY_MS));
  const reports: CatchUpReport[] = [];
  for (const incident of deps.ctx.repos.incidents.listOpen()) {
    if (!incident.channelId) continue;
    try {
      reports.push(await catchUpIncident(deps, client, incident));
    } catch (error) {
      deps.logger.warn('timeline.catch_up_failed', { inc: incidentKey(incident.id), error: slackErrorCode(error) });
    }
  }
  return reports;
}

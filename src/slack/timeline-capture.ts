import type { WebClient } from '@slack/web-api';
import { capturedFiles, isHumanMessage, type CapturedMessage } from '../domain/capture';
import { plainFromSlack } from '../domain/text';
import { captureMessage, type CaptureOutcome } from '../services/capture-message';
import type { ListenerDeps } from './deps';
import { isSlackError, slackErrorCode } from './errors';
import { CAPTURED_REACTION } from './ids';

/** A message as events, conversations.history, pins.list and shortcuts show it (fields vary by source). */
export interface SlackMessage {
  type?: string;
  subtype?: string;
  ts?: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  files?: { id?: string; name?: string | null; title?: string | null; permalink?: string | null; url_private?: string | null }[];
  permalink?: string;
  reactions?: { name?: string; users?: string[]; count?: number }[];
  reply_count?: number;
  latest_reply?: string;
  edited?: { user?: string; ts?: string };
}

/** Slack's message as the timeline stores it: text decoded to plain text here, once. */
export function toCapturedMessage(m: SlackMessage & { ts: string }): CapturedMessage {
  return {
    ts: m.ts,
    threadTs: m.thread_ts ?? null,
    userId: m.user ?? null,
    text: plainFromSlack(m.text),
    files: capturedFiles(m.files),
  };
}

/**
 * One message by ts: conversations.history answers for channel messages, thread replies only
 * come back from conversations.replies.
 */
export async function fetchMessage(client: WebClient, channel: string, ts: string): Promise<(SlackMessage & { ts: string }) | null> {
  const history = await client.conversations.history({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1 });
  const top = (history.messages as SlackMessage[] | undefined)?.find((m) => m.ts === ts);
  if (top) return top as SlackMessage & { ts: string };
  try {
    const replies = await client.conversations.replies({ channel, ts, limit: 200 });
    const reply = (replies.messages as SlackMessage[] | undefined)?.find((m) => m.ts === ts);
    return reply ? (reply as SlackMessage & { ts: string }) : null;
  } catch (error) {
    if (isSlackError(error, 'thread_not_found', 'message_not_found')) return null;
    throw error;
  }
}

export type CaptureResult = CaptureOutcome | 'not_found' | 'not_capturable';

export interface CaptureRequest {
  incidentId: number;
  channelId: string;
  ts: string;
  /** The message when the payload carried it (pin, shortcut, history); else it is looked up. */
  message?: SlackMessage | null;
  source: 'pin' | 'reaction' | 'shortcut';
  markedBy: string;
  markedAt: Date;
  eventId?: string;
  eventType?: string;
}

/**
 * Every capture path (pin, reaction, shortcut, catch-up) ends here: find the message, fetch its
 * permalink only when a new entry needs one, record it through the service, then acknowledge it
 * in Slack with a reaction.
 */
export async function captureFromSlack(deps: ListenerDeps, client: WebClient, req: CaptureRequest): Promise<CaptureResult> {
  const { capture } = deps.ctx.repos;
  // A retry of an event already handled: skip the Slack look-ups (the claim in the service is the real guard).
  if (req.eventId && capture.isEventProcessed(req.eventId)) return 'duplicate';

  let captured: CapturedMessage | null = null;
  let human = false;
  let payloadPermalink: string | null = null;
  if (req.message?.ts) {
    captured = toCapturedMessage(req.message as SlackMessage & { ts: string });
    human = isHumanMessage(req.message, deps.botUserId);
    payloadPermalink = req.message.permalink ?? null;
  } else {
    const raw = capture.raw(req.channelId, req.ts);
    if (raw?.deletedAt) return 'deleted';
    if (raw) {
      // Only human messages are stored raw, and the stored text already follows edits.
      captured = { ts: raw.ts, threadTs: raw.threadTs, userId: raw.userId, text: raw.text, files: raw.files ? JSON.parse(raw.files) : [] };
      human = true;
    } else {
      const fetched = await fetchMessage(client, req.channelId, req.ts);
      if (fetched) {
        captured = toCapturedMessage(fetched);
        human = isHumanMessage(fetched, deps.botUserId);
      }
    }
  }
  if (!captured) return 'not_found';

  const existing = capture.entryByMessage(req.incidentId, req.ts);
  // The bot's own messages are on the timeline already as automatic entries; only a note's echo
  // (which has an entry) can take a mark.
  if (!human && !existing) return 'not_capturable';

  let permalink = existing?.permalink ?? payloadPermalink;
  if (!permalink) {
    try {
      permalink = (await client.chat.getPermalink({ channel: req.channelId, message_ts: req.ts })).permalink ?? null;
    } catch (error) {
      if (isSlackError(error, 'message_not_found')) return 'not_found';
      // The entry is worth more than its link; it is kept without one and the failure logged.
      deps.logger.warn('timeline.permalink_failed', { channel: req.channelId, ts: req.ts, error: slackErrorCode(error) });
    }
  }

  const { outcome } = captureMessage(deps.ctx, {
    incidentId: req.incidentId,
    channelId: req.channelId,
    message: human ? captured : { ...captured, userId: null },
    permalink,
    source: req.source,
    markedBy: req.markedBy,
    markedAt: req.markedAt,
    eventId: req.eventId,
    eventType: req.eventType,
  });
  if (outcome === 'created' || outcome === 'revived') await acknowledgeCapture(deps, client, req.channelId, req.ts);
  deps.logger.debug('timeline.capture', { channel: req.channelId, ts: req.ts, source: req.source, outcome });
  return outcome;
}

/** The visible sign that a message is on the timeline. */
export async function acknowledgeCapture(deps: ListenerDeps, client: WebClient, channel: string, ts: string): Promise<void> {
  try {
    await client.reactions.add({ channel, timestamp: ts, name: CAPTURED_REACTION });
  } catch (error) {
    if (isSlackError(error, 'already_reacted')) return;
    deps.logger.warn('timeline.ack_failed', { channel, ts, error: slackErrorCode(error) });
  }
}

/** Takes the sign back when the entry was retracted by un-marking, so the channel shows the truth. */
export async function withdrawAcknowledgement(deps: ListenerDeps, client: WebClient, channel: string, ts: string): Promise<void> {
  try {
    await client.reactions.remove({ channel, timestamp: ts, name: CAPTURED_REACTION });
  } catch (error) {
    if (isSlackError(error, 'no_reaction', 'message_not_found')) return;
    deps.logger.warn('timeline.unack_failed', { channel, ts, error: slackErrorCode(error) });
  }
}

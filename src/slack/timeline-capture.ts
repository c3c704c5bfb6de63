import type { WebClient } from '@slack/web-api';
import { capturedFiles, isHumanMessage, type CapturedMessage } from '../domain/capture';
import { plainFromSlack } from '../domain/text';
import { isSlackError } from './errors';

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
  pinned_to?: string[];
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

/** The message as the mark services take it: captured fields plus whether a person wrote it. */
export function toMarkedMessage(m: SlackMessage & { ts: string }, botUserId: string): CapturedMessage & { human: boolean } {
  return { ...toCapturedMessage(m), human: isHumanMessage(m, botUserId) };
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

import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { plainFromSlack } from '../../../domain/text';
import { capturedFiles, isHumanMessage, slackTsToDate } from '../../../domain/capture';
import { parseRecordMessageInput, recordMessages, type RecordMessageInput } from '../../../services/record-message';
import { recordMessageDeletion, recordMessageEdit } from '../../../services/record-message-change';
import type { ListenerDeps } from '../../deps';
import type { SlackMessage } from '../../timeline-capture';

interface MessageEvent extends SlackMessage {
  channel: string;
  channel_type?: string;
  event_ts?: string;
  message?: SlackMessage;
  previous_message?: SlackMessage;
  deleted_ts?: string;
}

export interface MessageIngest {
  /** Global middleware: takes every `message` event, passes everything else on. */
  middleware: Middleware<AnyMiddlewareArgs>;
  /** Writes the buffered raw messages now (before anything that must see them). */
  flush(): void;
}

/**
 * Every message event of the channels the bot is in. Human messages of incident channels become
 * the raw record; edits and deletions follow into the raw record and the timeline. Bolt has acked
 * before this runs.
 *
 * This is most of the traffic, so it runs as global middleware and does not call `next()`: a
 * message never walks Bolt's listener list, which costs about 10 µs per registered listener per
 * event (measured by `npm run bench`). Consequence: nothing else may listen to `message` with
 * app.message()/app.event('message'); add it here. Raw messages of one event-loop turn are written
 * in one transaction (one SQLite commit instead of one per message).
 */
export function createMessageIngest(deps: ListenerDeps): MessageIngest {
  let pending: RecordMessageInput[] = [];

  function flush(): void {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    recordMessages(deps.ctx, batch);
  }

  function enqueue(input: RecordMessageInput): void {
    pending.push(parseRecordMessageInput(input));
    if (pending.length > 1) return;
    // Tracked, so a graceful stop waits for the write and the tests' settle() sees it.
    deps.background
      .track(
        'raw messages',
        new Promise<void>((resolve, reject) =>
          setImmediate(() => {
            try {
              flush();
              resolve();
            } catch (error) {
              reject(error);
            }
          }),
        ),
      )
      // track() has logged the failure; catch-up finds the messages again from Slack's history.
      .catch(() => undefined);
  }

  function handle(e: MessageEvent, eventId: string | undefined): void {
    if (e.channel_type !== 'channel' && e.channel_type !== 'group') return;
    if (e.subtype === 'message_changed' || e.subtype === 'message_deleted') {
      // An edit or deletion must find the message it follows in the database.
      flush();
      if (e.subtype === 'message_changed') handleChanged(deps, e, eventId);
      else if (e.deleted_ts) {
        recordMessageDeletion(deps.ctx, { channelId: e.channel, ts: e.deleted_ts, deletedAt: eventTime(e), eventId, eventType: 'message_deleted' });
      }
      return;
    }
    if (!e.ts || !isHumanMessage(e, deps.botUserId)) return;
    enqueue({ channelId: e.channel, ts: e.ts, threadTs: e.thread_ts ?? null, userId: e.user!, text: plainFromSlack(e.text), files: capturedFiles(e.files) });
  }

  const middleware: Middleware<AnyMiddlewareArgs> = async (args) => {
    const body = args.body as { type?: string; event_id?: string; event?: { type?: string } };
    if (body.type !== 'event_callback' || body.event?.type !== 'message') {
      await args.next();
      return;
    }
    handle(body.event as unknown as MessageEvent, body.event_id);
  };

  return { middleware, flush };
}

function handleChanged(deps: ListenerDeps, e: MessageEvent, eventId: string | undefined): void {
  const m = e.message;
  if (!m?.ts) return;
  // A thread parent deleted while it has replies stays behind as a tombstone instead of a deletion.
  if (m.subtype === 'tombstone') {
    recordMessageDeletion(deps.ctx, { channelId: e.channel, ts: m.ts, deletedAt: eventTime(e), eventId, eventType: 'message_changed' });
    return;
  }
  // The bot's own card updates arrive here too (ignoreSelf only looks at top-level fields).
  if (!isHumanMessage(m, deps.botUserId)) return;
  recordMessageEdit(deps.ctx, {
    channelId: e.channel,
    ts: m.ts,
    threadTs: m.thread_ts ?? null,
    userId: m.user!,
    text: plainFromSlack(m.text),
    files: capturedFiles(m.files),
    editedAt: m.edited?.ts ? slackTsToDate(m.edited.ts) : eventTime(e),
    eventId,
    eventType: 'message_changed',
  });
}

function eventTime(e: MessageEvent): Date {
  const ts = e.event_ts ?? e.ts;
  return ts ? slackTsToDate(ts) : new Date();
}

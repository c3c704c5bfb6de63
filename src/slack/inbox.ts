import { createHash } from 'node:crypto';
import { App, type ReceiverEvent } from '@slack/bolt';
import { capturedFiles, isHumanMessage, isPlausibleTs, isTimelineReaction, slackTsToDate } from '../domain/capture';
import type { Database } from '../db/client';
import type { Dialect } from '../db/dialect';
import { GroupCommit } from '../engine/group-commit';
import type { InboundRow, NewInbound, RequestLogRepository } from '../db/repositories/types';
import { plainFromSlack } from '../domain/text';
import type { Logger } from '../logger';
import { markMessage } from '../services/capture-message';
import type { ServiceContext } from '../services/context';
import { refreshHomes } from '../services/follow-through-effects';
import { recordMemberJoined, recordMemberLeft } from '../services/record-member-joined';
import { recordMessageDeletion, recordMessageEdit } from '../services/record-message-change';
import { recordMessage, recordMessages, type RecordMessageInput } from '../services/record-message';
import { unmarkMessage } from '../services/unmark-message';
import { toMarkedMessage, type SlackMessage } from './timeline-capture';

/**
 * The inbox: every Slack event the bot acts on is written to the database before Slack gets its
 * acknowledgement, and applied afterwards, exactly once (the apply and the "done" mark share a
 * transaction). A crash between the two leaves a pending row that the next drain — in this
 * process after a restart, or in another instance — applies.
 */

interface SlackEvent extends SlackMessage {
  type?: string;
  channel?: string;
  channel_type?: string;
  channel_id?: string;
  event_ts?: string;
  message?: SlackMessage;
  previous_message?: SlackMessage;
  deleted_ts?: string;
  reaction?: string;
  item?: { type?: string; channel?: string; ts?: string; created_by?: string; message?: SlackMessage };
  inviter?: string;
  /** app_home_opened: which tab of the app was opened. */
  tab?: string;
}

interface EventEnvelope {
  type?: string;
  event_id?: string;
  event_time?: number;
  event?: SlackEvent;
}

export interface InboxOptions {
  ctx: ServiceContext;
  logger: Logger;
  botUserId: string;
  timelineEmoji: string;
  /** How often to look for events stored by an instance that died before applying them. */
  pollMs?: number;
}

/** Message subtypes that carry something to record (a person speaking, an edit, a deletion). */
const MESSAGE_SUBTYPES = new Set<string | undefined>([undefined, 'file_share', 'thread_broadcast', 'me_message', 'message_changed', 'message_deleted']);
/**
 * Events applied per transaction. On SQLite small: an event arriving meanwhile waits for the
 * batch's commit before it can be stored and acknowledged (200 cost a third of the ack rate in
 * `npm run bench`). Postgres stores beside a running batch, so a batch can be larger and cost
 * fewer statements per event.
 */
const BATCH: Record<Dialect, number> = { sqlite: 25, postgres: 200 };
/**
 * How long an arriving event waits before it is applied, so that a burst is applied in a few
 * batches rather than in one drain per few events: each drain costs statements of its own (on
 * Postgres, taking the turn and giving it back). Nobody waits for it: the event is already
 * stored and acknowledged.
 */
const APPLY_AFTER_MS = 20;

export class Inbox {
  private readonly ctx: ServiceContext;
  private readonly log: Logger;
  private readonly batch: number;
  private draining: Promise<void> | null = null;
  private again: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly options: InboxOptions) {
    this.ctx = options.ctx;
    this.batch = BATCH[options.ctx.db.dialect];
    this.log = options.logger.child({ src: 'inbox' });
  }

  /**
   * Which events are worth keeping: the bot's own posts, joins of the bot itself and reactions
   * other than the timeline emoji are not.
   */
  private wanted(e: SlackEvent): boolean {
    switch (e.type) {
      case 'message':
        if (e.channel_type !== 'channel' && e.channel_type !== 'group') return false;
        if (!MESSAGE_SUBTYPES.has(e.subtype)) return false;
        if (e.subtype === 'message_changed' || e.subtype === 'message_deleted') return true;
        return isHumanMessage(e, this.options.botUserId);
      case 'reaction_added':
      case 'reaction_removed':
        return !!e.reaction && isTimelineReaction(e.reaction, this.options.timelineEmoji) && e.user !== this.options.botUserId;
      case 'pin_added':
      case 'pin_removed':
        return true;
      case 'member_joined_channel':
      case 'member_left_channel':
        return e.user !== this.options.botUserId;
      // Not a promise to anyone, but stored like the rest: the tab is then published by a job,
      // with its retries and one publish per person however often the tab is opened.
      case 'app_home_opened':
        return e.tab === 'home' && !!e.user;
      default:
        return false;
    }
  }

  /** Stores an Events API envelope (deduplicated on `event_id`); resolves once it is durable. */
  async receive(body: EventEnvelope): Promise<void> {
    const e = body.event;
    if (!e?.type || !this.wanted(e)) return;
    const channelId = e.channel ?? e.channel_id ?? e.item?.channel ?? null;
    const dedupeKey = body.event_id ?? `${e.type}:${channelId}:${e.ts ?? e.event_ts ?? e.item?.ts ?? ''}:${e.user ?? ''}:${e.reaction ?? ''}`;
    await this.storing.submit({
      dedupeKey,
      type: e.subtype ? `${e.type}.${e.subtype}` : e.type,
      channelId: typeof channelId === 'string' ? channelId : null,
      payload: { event: e, ...(body.event_time ? { event_time: body.event_time } : {}) },
      receivedAt: this.ctx.now(),
    });
    this.nudge(APPLY_AFTER_MS);
  }

  /**
   * Stored by group commit: a burst of events (Slack's concurrent deliveries) is written in one
   * statement, and each event is acknowledged once its write has committed.
   */
  private readonly storing = new GroupCommit<NewInbound, void>(async (rows) => {
    await this.ctx.repos.inbound.store(rows);
    return rows.map(() => undefined);
  });

  start(): void {
    this.stopped = false;
    const pollMs = this.options.pollMs ?? 2000;
    // Events another instance stored and did not apply (it died): most looks find none, and a
    // count is one light query where a drain takes the instances' turn and gives it back.
    this.timer = setInterval(() => {
      this.polling ??= this.poll().finally(() => (this.polling = null));
    }, pollMs);
    this.timer.unref();
    this.nudge();
  }

  /**
   * Applies pending events after `afterMs` (an arrival: APPLY_AFTER_MS), or after the current turn
   * (so acks of a burst go first). Asked again while applying, it runs once more afterwards.
   */
  nudge(afterMs = 0): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = this.again === null ? afterMs : Math.min(this.again, afterMs);
      return;
    }
    this.draining = new Promise<void>((resolve) => (afterMs > 0 ? setTimeout(resolve, afterMs) : setImmediate(resolve)))
      .then(() => this.drain())
      .catch((error: unknown) => this.log.error('inbox.drain_failed', { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        this.draining = null;
        const again = this.again;
        this.again = null;
        if (again !== null) this.nudge(again);
      });
  }

  private polling: Promise<void> | null = null;

  private async poll(): Promise<void> {
    if (this.draining || this.stopped) return;
    try {
      if ((await this.ctx.repos.inbound.pendingCount()) > 0) this.nudge();
    } catch (error) {
      this.log.warn('inbox.poll_failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Waits until everything stored so far is applied (tests, graceful stop). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.polling;
    await this.idle();
  }

  /**
   * Applies pending events in batches of one transaction each; a batch that fails goes one by one.
   * One instance at a time, so that events are applied in order and each once (`exclusively`: the
   * next instance's transactions see what this one finished instead of losing to it).
   */
  async drain(): Promise<void> {
    await this.ctx.db.exclusively('inbox', (transaction) => this.drainBatches(transaction));
  }

  private async drainBatches(transaction: Database['transaction']): Promise<void> {
    for (;;) {
      let taken = 0;
      try {
        taken = await transaction(async (tx) => {
          const rows = await tx.inbound.take(this.batch);
          await this.applyAll(rows);
          return rows.length;
        });
      } catch (error) {
        this.log.warn('inbox.batch_failed', { error: error instanceof Error ? error.message : String(error) });
        taken = await this.drainOneByOne(transaction);
      }
      if (taken < this.batch) return;
    }
  }

  private async drainOneByOne(transaction: Database['transaction']): Promise<number> {
    const rows = await this.ctx.repos.inbound.take(this.batch);
    for (const row of rows) {
      try {
        await transaction(async (tx) => {
          const [fresh] = await tx.inbound.take(1, [row.id]);
          if (fresh) await this.applyAndFinish(fresh);
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.log.error('inbox.event_failed', { type: row.type, id: row.id, error: message });
        await this.ctx.repos.inbound.finish([row.id], 'failed', this.ctx.now(), message.slice(0, 500));
      }
    }
    return rows.length;
  }

  /**
   * Applies a batch in order. Runs of plain messages (most of the traffic) are recorded together:
   * one call, one savepoint and one "done" mark for the run instead of one each per event.
   */
  private async applyAll(rows: readonly InboundRow[]): Promise<void> {
    let run: { id: number; message: RecordMessageInput }[] = [];
    const recordRun = async () => {
      if (run.length === 0) return;
      const outcomes = await recordMessages(this.ctx, run.map((r) => r.message));
      const now = this.ctx.now();
      await this.ctx.repos.inbound.finish(run.filter((_, i) => outcomes[i] === 'recorded').map((r) => r.id), 'done', now);
      await this.ctx.repos.inbound.finish(run.filter((_, i) => outcomes[i] !== 'recorded').map((r) => r.id), 'ignored', now);
      run = [];
    };
    for (const row of rows) {
      const message = this.plainMessage((row.payload as { event: SlackEvent }).event, this.ctx.now());
      if (message) {
        run.push({ id: row.id, message });
        continue;
      }
      await recordRun();
      await this.applyAndFinish(row);
    }
    await recordRun();
  }

  private async applyAndFinish(row: InboundRow): Promise<void> {
    const applied = await this.apply(row);
    await this.ctx.repos.inbound.finish([row.id], applied ? 'done' : 'ignored', this.ctx.now());
  }

  /** A person's new message (not an edit or a deletion) as the raw record keeps it; else null. */
  private plainMessage(e: SlackEvent, now: Date): RecordMessageInput | null {
    if (e.type !== 'message' || !e.channel || e.subtype === 'message_deleted' || e.subtype === 'message_changed') return null;
    if (!e.ts || !isPlausibleTs(e.ts, now)) return null;
    return { channelId: e.channel, ts: e.ts, threadTs: e.thread_ts ?? null, userId: e.user!, text: plainFromSlack(e.text), files: capturedFiles(e.files) };
  }

  /** Runs the event through the services; false when there was nothing to do. */
  private async apply(row: InboundRow): Promise<boolean> {
    const e = (row.payload as { event: SlackEvent }).event;
    const ctx = this.ctx;
    const now = ctx.now();
    const at = (ts: string | undefined) => (ts && isPlausibleTs(ts, now) ? slackTsToDate(ts) : now);
    switch (e.type) {
      case 'message':
        return this.applyMessage(e, at);
      case 'reaction_added':
      case 'reaction_removed': {
        const channelId = e.item?.channel;
        const ts = e.item?.ts;
        if (e.item?.type !== 'message' || !channelId || !ts || !e.user || !isPlausibleTs(ts, now)) return false;
        const incidentId = await ctx.repos.capture.incidentIdForChannel(channelId);
        if (incidentId === undefined) return false;
        if (e.type === 'reaction_added') {
          await markMessage(ctx, { incidentId, channelId, ts, message: null, source: 'reaction', markedBy: e.user, markedAt: at(e.event_ts) });
        } else {
          await unmarkMessage(ctx, { incidentId, channelId, messageTs: ts, source: 'reaction', userId: e.user, at: at(e.event_ts) });
        }
        return true;
      }
      case 'pin_added':
      case 'pin_removed': {
        const channelId = e.channel_id ?? e.item?.channel;
        const message = e.item?.message;
        if (e.item?.type !== 'message' || !channelId || !message?.ts || !e.user || !isPlausibleTs(message.ts, now)) return false;
        const incidentId = await ctx.repos.capture.incidentIdForChannel(channelId);
        if (incidentId === undefined) return false;
        if (e.type === 'pin_added') {
          await markMessage(ctx, {
            incidentId,
            channelId,
            ts: message.ts,
            message: toMarkedMessage(message as SlackMessage & { ts: string }, this.options.botUserId),
            source: 'pin',
            markedBy: e.user,
            markedAt: at(e.event_ts),
          });
        } else {
          await unmarkMessage(ctx, { incidentId, channelId, messageTs: message.ts, source: 'pin', userId: e.user, at: at(e.event_ts) });
        }
        return true;
      }
      case 'app_home_opened': {
        if (!e.user) return false;
        await ctx.repos.followup.noteHomeOpened(e.user, now);
        await refreshHomes(ctx.repos, now, [e.user]);
        return true;
      }
      case 'member_joined_channel': {
        if (!e.channel || !e.user) return false;
        const { outcome } = await recordMemberJoined(ctx, { channelId: e.channel, userId: e.user, inviterId: e.inviter ?? null, at: at(e.event_ts) });
        return outcome === 'recorded';
      }
      case 'member_left_channel': {
        if (!e.channel || !e.user) return false;
        const { outcome } = await recordMemberLeft(ctx, { channelId: e.channel, userId: e.user, at: at(e.event_ts) });
        return outcome === 'recorded';
      }
      default:
        return false;
    }
  }

  private async applyMessage(e: SlackEvent, at: (ts: string | undefined) => Date): Promise<boolean> {
    const ctx = this.ctx;
    const now = ctx.now();
    const channelId = e.channel;
    if (!channelId) return false;
    if (e.subtype === 'message_deleted') {
      if (!e.deleted_ts) return false;
      const { outcome } = await recordMessageDeletion(ctx, { channelId, ts: e.deleted_ts, deletedAt: at(e.event_ts ?? e.ts) });
      return outcome !== 'not_incident';
    }
    if (e.subtype === 'message_changed') {
      const m = e.message;
      if (!m?.ts || !isPlausibleTs(m.ts, now)) return false;
      // A thread parent deleted while it has replies stays behind as a tombstone instead of a deletion.
      if (m.subtype === 'tombstone') {
        const { outcome } = await recordMessageDeletion(ctx, { channelId, ts: m.ts, deletedAt: at(e.event_ts ?? e.ts) });
        return outcome !== 'not_incident';
      }
      // The bot's own card updates arrive here too.
      if (!isHumanMessage(m, this.options.botUserId)) return false;
      const { outcome } = await recordMessageEdit(ctx, {
        channelId,
        ts: m.ts,
        threadTs: m.thread_ts ?? null,
        userId: m.user!,
        text: plainFromSlack(m.text),
        files: capturedFiles(m.files),
        editedAt: m.edited?.ts ? at(m.edited.ts) : at(e.event_ts ?? e.ts),
      });
      return outcome !== 'not_incident';
    }
    const message = this.plainMessage(e, now);
    return !!message && (await recordMessage(ctx, message)) === 'recorded';
  }
}

/**
 * Bolt acknowledges Events API requests before any middleware runs, so the inbox has to sit in
 * front of that: events are stored, then acknowledged here, and never reach Bolt's listeners.
 * Commands, actions and views go through Bolt as usual (their listeners commit before they ack).
 */
export class DurableApp extends App {
  inbox: Inbox | null = null;
  /** Where answers to commands and interactions are kept, so a replay gets the same one. */
  private requests: { repos: RequestLogRepository; logger: Logger; claims: GroupCommit<string, boolean> } | null = null;
  /** Requests whose listeners are still running (a test or the demo waits for them to settle). */
  inFlight = 0;
  /** Told of each command or interaction as it arrives, before anything is written for it; answers a callback for its ack. */
  onArrival: (() => () => void) | null = null;

  override async processEvent(event: ReceiverEvent): Promise<void> {
    const body = event.body as EventEnvelope;
    if (this.inbox && body?.type === 'event_callback') {
      // Stored first: if this throws (database unavailable) Slack gets no 200 and sends it again.
      await this.inbox.receive(body);
      await event.ack();
      return;
    }
    const acked = this.onArrival?.();
    if (acked) {
      const ack = event.ack;
      event.ack = async (response) => {
        acked();
        return ack(response);
      };
    }
    try {
      if (this.requests && (await this.answeredBefore(event))) return;
      this.inFlight += 1;
      try {
        return await super.processEvent(event);
      } finally {
        this.inFlight -= 1;
      }
    } finally {
      acked?.();
    }
  }

  /**
   * Remembers commands and interactions in `repos`. Their keys are claimed by group commit: fifty
   * `/incident declare` at once cost a few statements before their acks instead of fifty.
   */
  rememberRequests(repos: RequestLogRepository, now: () => Date, logger: Logger): void {
    const claims = new GroupCommit<string, boolean>(async (keys) => {
      const claimed = await repos.claim(keys, now());
      // The same key twice in one write (a replay sent with its original): the first one has it.
      return keys.map((key) => claimed.delete(key));
    });
    this.requests = { repos, logger, claims };
  }

  /**
   * A captured, correctly signed command or interaction sent again (its `trigger_id`, or a form's
   * view id and hash, seen before) gets the answer the first one got and changes nothing. The
   * first one's answer is recorded as it is given.
   */
  private async answeredBefore(event: ReceiverEvent): Promise<boolean> {
    const key = replayKey(event.body as Record<string, unknown>);
    if (!key || !this.requests) return false;
    const { repos, logger, claims } = this.requests;
    if (!(await claims.submit(key))) {
      logger.warn('request.replayed', { kind: key.split(':')[0] });
      const answer = await repos.answer(key);
      await event.ack(answer && Object.keys(answer).length ? (answer as never) : undefined);
      return true;
    }
    const ack = event.ack;
    event.ack = async (response) => {
      const answer = (response as Record<string, unknown> | undefined) ?? {};
      // A refused form changed nothing; forgetting it lets the person submit the same values again
      // once what stopped them is fixed (and a replay of it is refused again on its own merits).
      // An empty answer is not written: a replay of a claimed request without one is acked empty.
      const remember = answer.response_action === 'errors' ? repos.forget(key) : Object.keys(answer).length ? repos.saveAnswer(key, answer) : null;
      await remember?.catch((error: unknown) => logger.warn('request.answer_not_saved', { error: String(error) }));
      return ack(response);
    };
    return false;
  }
}

/** What identifies one command or interaction, whatever its body (null: nothing to remember). */
export function replayKey(body: Record<string, unknown>): string | null {
  if (typeof body.command === 'string' && typeof body.trigger_id === 'string') return `command:${body.trigger_id}`;
  if (body.type === 'view_submission') {
    // A form corrected after an error comes back with the same id and hash but other values.
    const view = body.view as { id?: string; hash?: string; state?: unknown } | undefined;
    const values = createHash('sha256').update(JSON.stringify(view?.state ?? null)).digest('hex').slice(0, 32);
    return view?.id ? `view:${view.id}:${view.hash ?? ''}:${values}` : null;
  }
  if ((body.type === 'block_actions' || body.type === 'message_action' || body.type === 'shortcut') && typeof body.trigger_id === 'string') {
    return `${body.type}:${body.trigger_id}`;
  }
  return null;
}

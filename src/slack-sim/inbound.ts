import { postToBot } from './bot-client';
import { VERIFICATION_TOKEN, type Obj, type SimCore } from './core';
import { signRequest } from './signing';
import type { EnvelopeType, SocketModeHub } from './socket-mode';
import type { BotAnswer, EventDelivery, SimChannel } from './types';

/**
 * Slack → bot: signed HTTP requests, or Socket Mode envelopes once the bot has connected. Events
 * Slack sends on its own (joins after an invite) go out after the API answer, as in Slack, and
 * are tracked so a test can wait for them (`idle`).
 */
export class Inbound {
  appUrl?: string;
  private readonly sentEvents = new Map<string, Obj>();
  private paused = false;
  /** Events not delivered while paused, as Slack drops them after its retries run out. */
  readonly droppedEvents: Obj[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Every attempt to deliver an Events API envelope, Slack's retries included, in order. */
  readonly deliveries: EventDelivery[] = [];

  constructor(
    private readonly core: SimCore,
    private readonly hub: SocketModeHub,
  ) {}

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  /** Deliveries Slack started on its own that have not been answered yet. */
  get pending(): number {
    return this.inFlight.size;
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Runs a delivery after the current API call has answered. */
  later(work: () => Promise<unknown>): void {
    const p: Promise<unknown> = new Promise<void>((r) => setImmediate(r))
      .then(work)
      .catch((e: unknown) => this.core.log(`[sim] delivery failed: ${String(e)}`))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  async deliver(
    type: EnvelopeType,
    payload: Obj,
    httpBody: { body: string; contentType: string },
    extra: { retryNum?: number; retryReason?: string } = {},
  ): Promise<BotAnswer> {
    const { opts } = this.core;
    if (this.hub.connected) {
      return this.hub.send(type, payload, { retryAttempt: extra.retryNum, retryReason: extra.retryReason, timeoutMs: opts.ackTimeoutMs });
    }
    if (!this.appUrl) throw new Error('SlackSim: no bot to talk to: call setAppUrl() or connect over Socket Mode first');
    const headers: Record<string, string> = {
      'content-type': httpBody.contentType,
      ...signRequest(opts.signingSecret, httpBody.body, Math.floor(Date.now() / 1000)),
    };
    if (extra.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(extra.retryNum);
      headers['x-slack-retry-reason'] = extra.retryReason ?? 'http_timeout';
    }
    this.lastHttpRequest = { body: httpBody.body, headers: { ...headers } };
    return postToBot(this.appUrl, httpBody.body, headers, opts.ackTimeoutMs, (l) => this.core.log(l));
  }

  deliverInteractive(payload: Obj): Promise<BotAnswer> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.deliver('interactive', payload, { body, contentType: 'application/x-www-form-urlencoded' });
  }

  async sendEvent(event: Record<string, unknown>, o: { eventId?: string; retryNum?: number; retryReason?: string } = {}): Promise<BotAnswer & { eventId: string }> {
    const { world } = this.core;
    let envelope = o.eventId !== undefined && o.retryNum !== undefined ? this.sentEvents.get(o.eventId) : undefined;
    const eventId = o.eventId ?? world.newId('Ev');
    if (!envelope) {
      const ts = world.nextTs();
      envelope = {
        token: VERIFICATION_TOKEN,
        team_id: world.teamId,
        context_team_id: world.teamId,
        context_enterprise_id: null,
        api_app_id: world.appId,
        event: { event_ts: ts, ...event },
        type: 'event_callback',
        event_id: eventId,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ enterprise_id: null, team_id: world.teamId, user_id: world.botUserId, is_bot: true, is_enterprise_install: false }],
        is_ext_shared_channel: false,
        event_context: `4-${Buffer.from(`${eventId}`).toString('base64url')}`,
      };
      this.sentEvents.set(eventId, envelope);
    }
    let attempt = o.retryNum ?? 0;
    let reason = o.retryReason;
    const retries = o.retryNum === undefined ? (this.core.opts.eventRetries ?? []) : [];
    for (;;) {
      if (this.paused) {
        this.droppedEvents.push(envelope);
        this.core.log(`[sim] event ${eventId} (${String((envelope.event as Obj).type)}) dropped: events are paused`);
        return { status: 0, body: null, headers: {}, error: 'events_paused', eventId };
      }
      const answer = await this.deliver(
        'events_api',
        envelope,
        { body: JSON.stringify(envelope), contentType: 'application/json' },
        attempt > 0 ? { retryNum: attempt, retryReason: reason } : {},
      );
      this.deliveries.push({ eventId, attempt, status: answer.status, error: answer.error, at: Date.now() });
      const acknowledged = answer.status >= 200 && answer.status < 300;
      // Slack retries a delivery that got no 2xx, a few times, then gives up on the event.
      const delay = retries[attempt];
      if (acknowledged || delay === undefined) return { ...answer, eventId };
      reason = answer.status === 0 ? (answer.error === 'timeout' ? 'http_timeout' : 'unknown_error') : 'http_error';
      attempt += 1;
      this.core.log(`[sim] event ${eventId}: no 2xx (${answer.status || answer.error}), retry ${attempt} in ${delay} ms`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  /**
   * Slack only delivers channel events (message.channels, reactions, pins, joins) to an app that is
   * in the channel; a bot counting on events from elsewhere would get nothing in production either.
   */
  async sendChannelEvent(ch: SimChannel, event: Obj): Promise<BotAnswer> {
    if (!ch.isIm && !ch.members.has(this.core.world.botUserId)) {
      this.core.log(`[events] ${String(event.type)} in ${ch.id} not delivered: the bot is not a member`);
      return { status: 0, body: null, headers: {}, error: 'not_delivered' };
    }
    return this.sendEvent(event);
  }

  /**
   * Someone joined: Slack posts a `channel_join` message and sends `member_joined_channel`
   * (with the inviter, when someone invited them) to the apps in the channel.
   */
  async memberJoined(ch: SimChannel, user: string, inviter: string | undefined): Promise<BotAnswer> {
    const { world } = this.core;
    const m = world.addMessage(ch.id, { user, subtype: 'channel_join', text: `<@${user}> has joined the channel` });
    await this.sendChannelEvent(ch, { ...world.messageJson(ch.id, m), channel: ch.id, channel_type: world.channelType(ch), event_ts: m.ts, ...(inviter ? { inviter } : {}) });
    return this.sendChannelEvent(ch, {
      type: 'member_joined_channel',
      user,
      channel: ch.id,
      channel_type: ch.isPrivate ? 'G' : 'C',
      team: world.teamId,
      ...(inviter ? { inviter } : {}),
    });
  }

  async memberLeft(ch: SimChannel, user: string): Promise<BotAnswer> {
    const { world } = this.core;
    const m = world.addMessage(ch.id, { user, subtype: 'channel_leave', text: `<@${user}> has left the channel` });
    await this.sendChannelEvent(ch, { ...world.messageJson(ch.id, m), channel: ch.id, channel_type: world.channelType(ch), event_ts: m.ts });
    return this.sendChannelEvent(ch, { type: 'member_left_channel', user, channel: ch.id, channel_type: ch.isPrivate ? 'G' : 'C', team: world.teamId });
  }

  /** The last signed HTTP request sent to the bot, exactly as sent (an attacker's capture, for replay tests). */
  lastHttpRequest: { body: string; headers: Record<string, string> } | null = null;

  /** Sends a captured request again, byte for byte and with its original signature. */
  replay(captured: { body: string; headers: Record<string, string> }): Promise<BotAnswer> {
    if (!this.appUrl) throw new Error('SlackSim.replay: call setAppUrl() first (raw requests are HTTP only)');
    return postToBot(this.appUrl, captured.body, captured.headers, this.core.opts.ackTimeoutMs, (l) => this.core.log(l));
  }

  async sendRaw(p: { body: string; headers?: Record<string, string>; contentType?: string; sign?: boolean; timestamp?: number }): Promise<BotAnswer> {
    if (!this.appUrl) throw new Error('SlackSim.sendRaw: call setAppUrl() first (raw requests are HTTP only)');
    const headers: Record<string, string> = { 'content-type': p.contentType ?? 'application/json' };
    if (p.sign !== false) Object.assign(headers, signRequest(this.core.opts.signingSecret, p.body, p.timestamp ?? Math.floor(Date.now() / 1000)));
    Object.assign(headers, p.headers ?? {});
    return postToBot(this.appUrl, p.body, headers, this.core.opts.ackTimeoutMs, (l) => this.core.log(l));
  }
}

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateMessageBlocks, validateView } from './block-kit';
import { postToBot } from './bot-client';
import { ArgsParseError, parseApiArgs, readBody, sendJson, sendText } from './http-util';
import { API_LIMITS } from './limits';
import { signRequest } from './signing';
import { SocketModeHub, type EnvelopeType } from './socket-mode';
import type {
  BotAnswer,
  FailureSpec,
  RecordedCall,
  ResponseUrlPost,
  SimChannel,
  SimEphemeral,
  SimFile,
  SimMessage,
  SimUser,
  SimView,
  SlackSimOptions,
} from './types';
import { buildStateValues, fillGeneratedIds, findElement } from './view-state';
import { ApiError, buildWebApi, type Handler } from './web-api';
import { DEFAULT_USERS, SimWorld } from './world';

type Obj = Record<string, any>;

interface Injection {
  method: string;
  spec: FailureSpec;
  remaining: number;
}

const VERIFICATION_TOKEN = 'sim-verification-token';

/**
 * An in-process Slack: serves the Web API to a real WebClient and plays Slack towards the bot
 * (signed HTTP requests, or Socket Mode envelopes once the bot has connected).
 */
export class SlackSim {
  readonly calls: RecordedCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  /** Things the bot did that real Slack would reject without an API error (bad response_action, bad response_url body). */
  readonly problems: string[] = [];

  private readonly opts: Required<Pick<SlackSimOptions, 'signingSecret' | 'botToken' | 'triggerTtlMs' | 'ackTimeoutMs' | 'port'>> &
    SlackSimOptions;
  private readonly world: SimWorld;
  private readonly api: Record<string, Handler>;
  private readonly hub: SocketModeHub;
  private server?: Server;
  private base = '';
  private appUrl?: string;
  private injections: Injection[] = [];
  private readonly sentEvents = new Map<string, Obj>();
  private eventsPaused = false;
  /** Events not delivered while paused, as Slack drops them after its retries run out. */
  readonly droppedEvents: Obj[] = [];

  constructor(opts: SlackSimOptions) {
    this.opts = {
      triggerTtlMs: API_LIMITS.triggerTtlMs,
      ackTimeoutMs: API_LIMITS.ackTimeoutMs,
      port: 0,
      ...opts,
    };
    const users = opts.users ?? DEFAULT_USERS;
    this.world = new SimWorld(opts.teamId ?? 'T1', opts.botUserId ?? 'UBOT', opts.botId ?? 'BBOT', users, opts.clock);
    this.hub = new SocketModeHub(this.world.appId, (l) => this.log(l));
    this.api = buildWebApi({
      world: this.world,
      baseUrl: () => this.base,
      triggerTtlMs: this.opts.triggerTtlMs,
      socketUrl: () => this.hub.issueUrl(this.base),
    });
  }

  // ================= lifecycle =================

  async start(): Promise<void> {
    if (this.server) throw new Error('SlackSim already started');
    const server = createServer((req, res) => {
      this.route(req, res).catch((e: unknown) => {
        this.log(`[sim] internal error: ${(e as Error).stack ?? e}`);
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error' });
      });
    });
    server.on('upgrade', (req, socket, head) => this.hub.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.base = `http://127.0.0.1:${port}`;
    this.log(`[sim] listening on ${this.base}`);
  }

  async stop(): Promise<void> {
    await this.hub.close();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  get baseUrl(): string {
    if (!this.base) throw new Error('SlackSim not started');
    return this.base;
  }

  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  get teamId(): string {
    return this.world.teamId;
  }

  get botUserId(): string {
    return this.world.botUserId;
  }

  get botId(): string {
    return this.world.botId;
  }

  /** True while an app is connected over Socket Mode (requests then go over the socket). */
  get socketConnected(): boolean {
    return this.hub.connected;
  }

  setAppUrl(url: string): void {
    this.appUrl = url;
  }

  // ================= recording & failure injection =================

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.problems.length = 0;
  }

  failNext(method: string, f: FailureSpec): void {
    this.injections.push({ method, spec: f, remaining: f.times ?? 1 });
  }

  /**
   * While paused, the world still changes (messages, pins, reactions, edits) but no event reaches
   * the bot: the bot was down and Slack gave up retrying. What it must then find by itself.
   */
  pauseEvents(): void {
    this.eventsPaused = true;
  }

  resumeEvents(): void {
    this.eventsPaused = false;
  }

  // ================= world state =================

  get users(): Map<string, SimUser> {
    return this.world.users;
  }

  addUser(u: SimUser): void {
    this.world.addUser(u);
  }

  get channels(): Map<string, SimChannel> {
    return this.world.channels;
  }

  channelByName(name: string): SimChannel | undefined {
    return this.world.channelByName(name);
  }

  /**
   * A channel that already exists in the workspace. Members are exactly `members`: the bot is only
   * in it if listed, as in Slack where an app must be invited.
   */
  createChannel(name: string, opts: { isPrivate?: boolean; members?: string[]; creator?: string } = {}): SimChannel {
    if (this.world.channelByName(name)) throw new Error(`SlackSim.createChannel: #${name} already exists`);
    const members = opts.members ?? [];
    for (const m of members) if (!this.world.users.has(m)) throw new Error(`SlackSim.createChannel: unknown user ${m}`);
    const creator = opts.creator ?? members.find((m) => m !== this.world.botUserId) ?? 'U_ALICE';
    return this.world.createChannel({ name, isPrivate: Boolean(opts.isPrivate), creator, members });
  }

  /**
   * Puts a message into history without telling the bot (conversation that happened before the test,
   * or before the bot was there). Returns the stored message.
   */
  seedMessage(p: { channel: string; user: string; text: string; threadTs?: string; blocks?: unknown[] }): SimMessage {
    const ch = this.requireChannel(p.channel);
    this.requireUser(p.user);
    const isBot = p.user === this.world.botUserId;
    return this.world.addMessage(ch.id, {
      user: p.user,
      botId: isBot ? this.world.botId : undefined,
      text: p.text,
      threadTs: p.threadTs,
      blocks: p.blocks ? fillGeneratedIds(p.blocks) : undefined,
    });
  }

  /** A trigger_id as Slack would put in an interaction payload, for exercising views.open directly. */
  issueTriggerId(user: string): string {
    this.requireUser(user);
    return this.world.issueTrigger(user);
  }

  /** Every message of the channel, thread replies included, oldest first. */
  messages(channelId: string): SimMessage[] {
    return [...this.world.messageList(channelId)];
  }

  get ephemerals(): SimEphemeral[] {
    return this.world.ephemerals;
  }

  get views(): Map<string, SimView> {
    return this.world.views;
  }

  /** The most recently opened or pushed modal that is still open (else the most recent one). */
  lastView(): SimView | undefined {
    const modals = this.world.viewOrder.map((id) => this.world.views.get(id)!).filter((v) => v.type === 'modal');
    for (let i = modals.length - 1; i >= 0; i--) if (modals[i]!.open) return modals[i];
    return modals[modals.length - 1];
  }

  get files(): SimFile[] {
    return this.world.files;
  }

  // ================= HTTP routing =================

  private log(line: string): void {
    this.opts.log?.(line);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const path = url.pathname;
    if (path.startsWith('/api/')) return this.handleApi(req, res, path.slice(5), url.searchParams);
    if (path.startsWith('/upload/v1/') && req.method === 'POST') return this.handleUpload(req, res, path.slice(11));
    if (path.startsWith('/response/') && req.method === 'POST') return this.handleResponseUrl(req, res, path.slice(10));
    if (path.startsWith('/files/') && req.method === 'GET') return this.handleFileDownload(req, res, path.slice(7));
    sendText(res, 404, 'not found');
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse, method: string, query: URLSearchParams): Promise<void> {
    const raw = await readBody(req);
    const record = (args: Record<string, unknown>, status: number, response: Obj): void => {
      const ok = response.ok === true;
      this.calls.push({ method, args, ok, error: ok ? undefined : String(response.error ?? `http_${status}`), status, response, at: Date.now() });
      this.log(`[api] ${method} → ${status} ${ok ? 'ok' : response.error ?? ''}`);
    };
    const answer = (args: Record<string, unknown>, body: Obj, status = 200, headers: Record<string, string> = {}): void => {
      record(args, status, body);
      sendJson(res, status, body, headers);
    };

    let args: Record<string, unknown>;
    try {
      args = parseApiArgs(raw, req.headers['content-type'], query);
    } catch (e) {
      const code = e instanceof ArgsParseError ? e.code : 'invalid_json';
      return answer({}, { ok: false, error: code });
    }
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : typeof args.token === 'string' ? args.token : undefined;
    delete args.token;

    const handler = this.api[method];
    if (!handler) return answer(args, { ok: false, error: 'unknown_method' });
    if (!token) return answer(args, { ok: false, error: 'not_authed' });
    let kind: 'bot' | 'app';
    if (token === this.opts.botToken) kind = 'bot';
    else if (this.opts.appToken && token === this.opts.appToken) kind = 'app';
    else return answer(args, { ok: false, error: 'invalid_auth' });
    if (kind === 'app' && method !== 'apps.connections.open') return answer(args, { ok: false, error: 'not_allowed_token_type' });

    const inj = this.takeInjection(method, args);
    if (inj) {
      if (inj.networkError) {
        this.calls.push({ method, args, ok: false, error: 'network_error', status: 0, response: null, at: Date.now() });
        this.log(`[api] ${method} → injected network error`);
        req.socket.destroy();
        return;
      }
      if (inj.status === 429) {
        const retry = String(inj.retryAfter ?? 1);
        return answer(args, { ok: false, error: 'ratelimited' }, 429, { 'retry-after': retry });
      }
      if (inj.status !== undefined && inj.status >= 500) {
        return answer(args, { ok: false, error: inj.error ?? 'internal_error' }, inj.status);
      }
      return answer(args, { ok: false, error: inj.error ?? 'internal_error' }, inj.status ?? 200);
    }

    try {
      const result = handler(args, kind);
      return answer(args, { ok: true, ...result });
    } catch (e) {
      if (e instanceof ApiError) return answer(args, { ok: false, error: e.code, ...e.extra });
      this.log(`[api] ${method} crashed: ${(e as Error).stack ?? e}`);
      return answer(args, { ok: false, error: 'internal_error' });
    }
  }

  private takeInjection(method: string, args: Record<string, unknown>): FailureSpec | undefined {
    const i = this.injections.findIndex((x) => x.method === method && (!x.spec.when || x.spec.when(args)));
    if (i < 0) return undefined;
    const inj = this.injections[i]!;
    inj.remaining -= 1;
    if (inj.remaining <= 0) this.injections.splice(i, 1);
    return inj.spec;
  }

  private async handleUpload(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const raw = await readBody(req);
    const pending = this.world.pendingUploads.get(id);
    if (!pending) return sendText(res, 404, 'unknown upload');
    let bytes = raw;
    const ct = req.headers['content-type'] ?? '';
    if (ct.startsWith('multipart/form-data')) {
      // The WebClient sends the file as a multipart field; undici's parser spares us writing one.
      const form = await new Response(raw, { headers: { 'content-type': ct } }).formData();
      for (const [, v] of form) {
        if (typeof v !== 'string') {
          bytes = Buffer.from(await v.arrayBuffer());
          break;
        }
        bytes = Buffer.from(v);
      }
    }
    pending.bytes = bytes;
    if (bytes.length !== pending.length) this.log(`[files] ${id}: uploaded ${bytes.length} bytes, announced ${pending.length}`);
    sendText(res, 200, `OK - ${bytes.length}`);
  }

  private async handleFileDownload(req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
    const id = rest.split('/')[0] ?? '';
    if (req.headers.authorization !== `Bearer ${this.opts.botToken}`) return sendText(res, 403, 'forbidden');
    const f = this.world.files.find((x) => x.id === id);
    if (!f) return sendText(res, 404, 'not found');
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': f.bytes.length });
    res.end(f.bytes);
  }

  private async handleResponseUrl(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const raw = (await readBody(req)).toString('utf8');
    const rec = this.world.responseUrls.get(id);
    let body: Obj | undefined;
    try {
      body = JSON.parse(raw) as Obj;
    } catch {
      body = undefined;
    }
    this.responses.push({ id, body: body ?? raw, at: Date.now() });
    if (!rec) return sendText(res, 404, 'no_such_url');
    if (Date.now() - rec.issuedAt > API_LIMITS.responseUrlTtlMs) return sendText(res, 404, 'expired_url');
    if (rec.uses >= API_LIMITS.responseUrlUses) return sendText(res, 404, 'used_url');
    rec.uses += 1;
    if (!body || typeof body !== 'object') {
      this.problems.push(`response_url ${id}: body is not a JSON object`);
      return sendText(res, 400, 'invalid_payload');
    }
    if (body.blocks !== undefined) {
      const check = validateMessageBlocks(body.blocks);
      if (check.errors.length > 0 || check.tooLong) {
        this.problems.push(`response_url ${id}: invalid_blocks ${check.errors.join('; ')}`);
        return sendText(res, 400, 'invalid_blocks');
      }
    }
    this.applyMessageResponse(rec.channel, rec.user, body, rec.source, 'response_url');
    sendJson(res, 200, { ok: true });
  }

  /** What Slack does with a message given to a response_url or a slash-command ack. */
  private applyMessageResponse(
    channel: string,
    user: string,
    body: Obj,
    source: { channel: string; ts: string } | undefined,
    via: SimEphemeral['via'],
  ): void {
    const blocks = Array.isArray(body.blocks) ? fillGeneratedIds(body.blocks) : undefined;
    const text = typeof body.text === 'string' ? body.text : '';
    if (body.delete_original === true || body.delete_original === 'true') {
      if (source) this.world.removeMessage(source.channel, source.ts);
      return;
    }
    if ((body.replace_original === true || body.replace_original === 'true') && source) {
      const m = this.world.findMessage(source.channel, source.ts);
      if (m) {
        m.text = text;
        m.blocks = blocks;
        return;
      }
    }
    if (!text && !blocks) return;
    if (body.response_type === 'in_channel') {
      const parent = typeof body.thread_ts === 'string' ? this.world.findMessage(channel, body.thread_ts) : undefined;
      this.world.addMessage(channel, {
        user: this.world.botUserId,
        botId: this.world.botId,
        text,
        blocks,
        threadTs: parent ? (parent.threadTs ?? parent.ts) : undefined,
      });
    } else {
      this.world.ephemerals.push({ channel, user, text, blocks, ts: this.world.nextTs(), via });
    }
  }

  // ================= Slack → bot =================

  private async deliver(
    type: EnvelopeType,
    payload: Obj,
    httpBody: { body: string; contentType: string },
    extra: { retryNum?: number; retryReason?: string } = {},
  ): Promise<BotAnswer> {
    if (this.hub.connected) {
      return this.hub.send(type, payload, {
        retryAttempt: extra.retryNum,
        retryReason: extra.retryReason,
        timeoutMs: this.opts.ackTimeoutMs,
      });
    }
    if (!this.appUrl) throw new Error('SlackSim: no bot to talk to: call setAppUrl() or connect over Socket Mode first');
    const headers: Record<string, string> = {
      'content-type': httpBody.contentType,
      ...signRequest(this.opts.signingSecret, httpBody.body, Math.floor(Date.now() / 1000)),
    };
    if (extra.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(extra.retryNum);
      headers['x-slack-retry-reason'] = extra.retryReason ?? 'http_timeout';
    }
    return postToBot(this.appUrl, httpBody.body, headers, this.opts.ackTimeoutMs, (l) => this.log(l));
  }

  private deliverInteractive(payload: Obj): Promise<BotAnswer> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.deliver('interactive', payload, { body, contentType: 'application/x-www-form-urlencoded' });
  }

  private requireUser(id: string): SimUser {
    const u = this.world.users.get(id);
    if (!u) throw new Error(`SlackSim: unknown user ${id}`);
    return u;
  }

  private requireChannel(id: string): SimChannel {
    const ch = this.world.channels.get(id) ?? this.world.channelByName(id);
    if (!ch) throw new Error(`SlackSim: unknown channel ${id}`);
    return ch;
  }

  private requireMessage(ch: SimChannel, ts: string): SimMessage {
    const m = this.world.findMessage(ch.id, ts);
    if (!m) throw new Error(`SlackSim: no message ${ts} in ${ch.id}`);
    return m;
  }

  private channelNameFor(ch: SimChannel): string {
    if (ch.isIm) return 'directmessage';
    if (ch.isPrivate && !ch.members.has(this.world.botUserId)) return 'privategroup';
    return ch.name;
  }

  private userRef(u: SimUser): Obj {
    return { id: u.id, username: u.name, name: u.name, team_id: this.world.teamId };
  }

  private teamRef(): Obj {
    return { id: this.world.teamId, domain: this.world.teamDomain };
  }

  async sendCommand(p: {
    user: string;
    text: string;
    channel: string;
    command?: string;
  }): Promise<BotAnswer & { triggerId: string; responseUrl: string }> {
    const u = this.requireUser(p.user);
    const ch = this.requireChannel(p.channel);
    const triggerId = this.world.issueTrigger(u.id);
    const rec = this.world.issueResponseUrl(ch.id, u.id);
    const responseUrl = `${this.baseUrl}/response/${rec.id}`;
    const fields: Record<string, string> = {
      token: VERIFICATION_TOKEN,
      team_id: this.world.teamId,
      team_domain: this.world.teamDomain,
      channel_id: ch.id,
      channel_name: this.channelNameFor(ch),
      user_id: u.id,
      user_name: u.name,
      command: p.command ?? '/incident',
      text: p.text,
      api_app_id: this.world.appId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: triggerId,
    };
    const answer = await this.deliver('slash_commands', fields, {
      body: new URLSearchParams(fields).toString(),
      contentType: 'application/x-www-form-urlencoded',
    });
    if (answer.status === 200 && answer.body !== null) {
      const b = typeof answer.body === 'string' ? { text: answer.body } : (answer.body as Obj);
      this.applyMessageResponse(ch.id, u.id, b, undefined, 'ack');
    }
    return { ...answer, triggerId, responseUrl };
  }

  async sendEvent(
    event: Record<string, unknown>,
    o: { eventId?: string; retryNum?: number; retryReason?: string } = {},
  ): Promise<BotAnswer & { eventId: string }> {
    let envelope = o.eventId !== undefined && o.retryNum !== undefined ? this.sentEvents.get(o.eventId) : undefined;
    const eventId = o.eventId ?? this.world.newId('Ev');
    if (!envelope) {
      const ts = this.world.nextTs();
      envelope = {
        token: VERIFICATION_TOKEN,
        team_id: this.world.teamId,
        context_team_id: this.world.teamId,
        context_enterprise_id: null,
        api_app_id: this.world.appId,
        event: { event_ts: ts, ...event },
        type: 'event_callback',
        event_id: eventId,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [
          { enterprise_id: null, team_id: this.world.teamId, user_id: this.world.botUserId, is_bot: true, is_enterprise_install: false },
        ],
        is_ext_shared_channel: false,
        event_context: `4-${Buffer.from(`${eventId}`).toString('base64url')}`,
      };
      this.sentEvents.set(eventId, envelope);
    }
    if (this.eventsPaused) {
      this.droppedEvents.push(envelope);
      this.log(`[sim] event ${eventId} (${String((envelope.event as Obj).type)}) dropped: events are paused`);
      return { status: 0, body: null, headers: {}, error: 'events_paused', eventId };
    }
    const answer = await this.deliver(
      'events_api',
      envelope,
      { body: JSON.stringify(envelope), contentType: 'application/json' },
      { retryNum: o.retryNum, retryReason: o.retryReason },
    );
    return { ...answer, eventId };
  }

  /**
   * Slack only delivers channel events (message.channels, reactions, pins, joins) to an app that is
   * in the channel; a bot counting on events from elsewhere would get nothing in production either.
   */
  private async sendChannelEvent(ch: SimChannel, event: Obj): Promise<BotAnswer> {
    if (!ch.isIm && !ch.members.has(this.world.botUserId)) {
      this.log(`[events] ${String(event.type)} in ${ch.id} not delivered: the bot is not a member`);
      return { status: 0, body: null, headers: {}, error: 'not_delivered' };
    }
    return this.sendEvent(event);
  }

  private messageEvent(ch: SimChannel, m: SimMessage): Obj {
    return { ...this.world.messageJson(ch.id, m), channel: ch.id, channel_type: this.world.channelType(ch), event_ts: m.ts };
  }

  async userPosts(p: {
    user: string;
    channel: string;
    text: string;
    threadTs?: string;
    files?: { name: string; url?: string; content?: string }[];
  }): Promise<{ ts: string; answer: BotAnswer }> {
    const u = this.requireUser(p.user);
    const ch = this.requireChannel(p.channel);
    if (ch.archived) throw new Error(`SlackSim.userPosts: ${ch.id} is archived`);
    if (!ch.members.has(u.id)) throw new Error(`SlackSim.userPosts: ${u.id} is not a member of ${ch.id} (use userJoins first)`);
    let threadTs: string | undefined;
    if (p.threadTs) {
      const parent = this.requireMessage(ch, p.threadTs);
      threadTs = parent.threadTs ?? parent.ts;
    }
    const files = p.files?.map((f) => {
      const id = this.world.newId('F');
      const content = f.content ?? '';
      const url = f.url ?? `${this.baseUrl}/files/${id}/${encodeURIComponent(f.name)}`;
      this.world.files.push({
        id,
        name: f.name,
        title: f.name,
        content,
        bytes: Buffer.from(content),
        channels: [ch.id],
        user: u.id,
        created: Math.floor(Date.now() / 1000),
        url,
      });
      return { id, name: f.name, title: f.name, url };
    });
    const m = this.world.addMessage(ch.id, {
      user: u.id,
      text: p.text,
      threadTs,
      files,
      subtype: files?.length ? 'file_share' : undefined,
    });
    const event = this.messageEvent(ch, m);
    if (!files?.length) event.client_msg_id = randomUUID();
    const answer = await this.sendChannelEvent(ch, event);
    return { ts: m.ts, answer };
  }

  async userEdits(p: { user: string; channel: string; ts: string; text: string }): Promise<BotAnswer> {
    const ch = this.requireChannel(p.channel);
    const m = this.requireMessage(ch, p.ts);
    if (m.user !== p.user || m.botId) throw new Error(`SlackSim.userEdits: ${p.ts} was not posted by ${p.user}`);
    const previous = this.world.messageJson(ch.id, m);
    const eventTs = this.world.nextTs();
    m.text = p.text;
    m.edited = { user: p.user, ts: eventTs };
    return this.sendChannelEvent(ch, {
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: ch.id,
      channel_type: this.world.channelType(ch),
      ts: eventTs,
      event_ts: eventTs,
      message: this.world.messageJson(ch.id, m),
      previous_message: previous,
    });
  }

  async userDeletes(p: { channel: string; ts: string }): Promise<BotAnswer> {
    const ch = this.requireChannel(p.channel);
    const m = this.requireMessage(ch, p.ts);
    const previous = this.world.messageJson(ch.id, m);
    this.world.removeMessage(ch.id, m.ts);
    const eventTs = this.world.nextTs();
    return this.sendChannelEvent(ch, {
      type: 'message',
      subtype: 'message_deleted',
      hidden: true,
      channel: ch.id,
      channel_type: this.world.channelType(ch),
      ts: eventTs,
      event_ts: eventTs,
      deleted_ts: m.ts,
      previous_message: previous,
    });
  }

  private pinEvent(type: 'pin_added' | 'pin_removed', user: string, ch: SimChannel, m: SimMessage): Obj {
    const pinnedCount = this.world.messageList(ch.id).filter((x) => x.pinned).length;
    return {
      type,
      user,
      channel_id: ch.id,
      item: {
        type: 'message',
        created: Math.floor(Date.now() / 1000),
        created_by: user,
        channel: ch.id,
        message: { ...this.world.messageJson(ch.id, m), permalink: this.world.permalink(ch.id, m), pinned_to: m.pinned ? [ch.id] : undefined },
      },
      item_user: m.user,
      pin_count: pinnedCount,
      pinned_info: { channel: ch.id, pinned_by: user, pinned_ts: Math.floor(Date.now() / 1000) },
      ...(type === 'pin_removed' ? { has_pins: pinnedCount > 0 } : {}),
    };
  }

  async userPins(p: { user: string; channel: string; ts: string }): Promise<BotAnswer> {
    this.requireUser(p.user);
    const ch = this.requireChannel(p.channel);
    const m = this.requireMessage(ch, p.ts);
    if (m.pinned) throw new Error(`SlackSim.userPins: ${p.ts} is already pinned`);
    m.pinned = true;
    m.pinnedBy = p.user;
    m.pinnedAt = Math.floor(Date.now() / 1000);
    return this.sendChannelEvent(ch, this.pinEvent('pin_added', p.user, ch, m));
  }

  async userUnpins(p: { user: string; channel: string; ts: string }): Promise<BotAnswer> {
    this.requireUser(p.user);
    const ch = this.requireChannel(p.channel);
    const m = this.requireMessage(ch, p.ts);
    if (!m.pinned) throw new Error(`SlackSim.userUnpins: ${p.ts} is not pinned`);
    m.pinned = false;
    m.pinnedBy = undefined;
    m.pinnedAt = undefined;
    return this.sendChannelEvent(ch, this.pinEvent('pin_removed', p.user, ch, m));
  }

  private reactionEvent(type: 'reaction_added' | 'reaction_removed', user: string, ch: SimChannel, m: SimMessage, name: string): Obj {
    return { type, user, reaction: name, item: { type: 'message', channel: ch.id, ts: m.ts }, item_user: m.user };
  }

  async userReacts(p: { user: string; channel: string; ts: string; name: string }): Promise<BotAnswer> {
    this.requireUser(p.user);
    const ch = this.requireChannel(p.channel);
    const m = this.requireMessage(ch, p.ts);
    const users = m.reactions.get(p.name) ?? new Set<string>();
    if (users.has(p.user)) throw new Error(`SlackSim.userReacts: ${p.user} already reacted :${p.name}:`);
    users.add(p.user);
    m.reactions.set(p.name, users);
    return this.sendChannelEvent(ch, this.reactionEvent('reaction_added', p.user, ch, m, p.name));
  }

  async userUnreacts(p: { user: string; channel: string; ts: string; name: string }): Promise<BotAnswer> {
    this.requireUser(p.user);
    const ch = this.requireChannel(p.channel);
    const m = this.requireMessage(ch, p.ts);
    const users = m.reactions.get(p.name);
    if (!users?.has(p.user)) throw new Error(`SlackSim.userUnreacts: ${p.user} has no :${p.name}: on ${p.ts}`);
    users.delete(p.user);
    if (users.size === 0) m.reactions.delete(p.name);
    return this.sendChannelEvent(ch, this.reactionEvent('reaction_removed', p.user, ch, m, p.name));
  }

  async userJoins(p: { user: string; channel: string; inviter?: string }): Promise<BotAnswer> {
    const u = this.requireUser(p.user);
    const ch = this.requireChannel(p.channel);
    ch.members.add(u.id);
    return this.sendChannelEvent(ch, {
      type: 'member_joined_channel',
      user: u.id,
      channel: ch.id,
      channel_type: ch.isPrivate ? 'G' : 'C',
      team: this.world.teamId,
      ...(p.inviter ? { inviter: p.inviter } : {}),
    });
  }

  /** The user opens the app's Home tab (app_home_opened). */
  async userOpensHome(p: { user: string }): Promise<BotAnswer> {
    const u = this.requireUser(p.user);
    const dm = this.world.openIm(u.id);
    const home = this.homeView(u.id);
    return this.sendEvent({ type: 'app_home_opened', user: u.id, channel: dm.id, tab: 'home', ...(home ? { view: this.world.viewJson(home) } : {}) });
  }

  private findSourceMessage(ch: SimChannel, ts: string): { blocks: unknown; json?: Obj; ephemeral: boolean } {
    const m = this.world.findMessage(ch.id, ts);
    if (m) return { blocks: m.blocks, json: this.world.messageJson(ch.id, m), ephemeral: false };
    const e = this.world.ephemerals.find((x) => x.channel === ch.id && x.ts === ts);
    if (e) return { blocks: e.blocks, ephemeral: true };
    throw new Error(`SlackSim: no message ${ts} in ${ch.id}`);
  }

  private blockActions(u: SimUser, ch: SimChannel, messageTs: string, source: { blocks: unknown; json?: Obj; ephemeral: boolean }, action: Obj, stateOverride: Record<string, unknown>): { payload: Obj; triggerId: string } {
    const triggerId = this.world.issueTrigger(u.id);
    const rec = this.world.issueResponseUrl(ch.id, u.id, source.ephemeral ? undefined : { channel: ch.id, ts: messageTs });
    const state = buildStateValues(source.blocks, stateOverride, this.stateCtx(), false);
    const payload: Obj = {
      type: 'block_actions',
      user: this.userRef(u),
      api_app_id: this.world.appId,
      token: VERIFICATION_TOKEN,
      container: { type: 'message', message_ts: messageTs, channel_id: ch.id, is_ephemeral: source.ephemeral },
      trigger_id: triggerId,
      team: this.teamRef(),
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: ch.id, name: this.channelNameFor(ch) },
      ...(source.json ? { message: source.json } : {}),
      state: { values: state },
      response_url: `${this.baseUrl}/response/${rec.id}`,
      actions: [{ ...action, action_ts: this.world.nextTs() }],
    };
    return { payload, triggerId };
  }

  private stateCtx() {
    return { userExists: (id: string) => this.world.users.has(id), channelExists: (id: string) => this.world.channels.has(id) };
  }

  async clickButton(p: {
    user: string;
    channel: string;
    messageTs: string;
    actionId: string;
    blockId?: string;
    value?: string;
  }): Promise<BotAnswer & { triggerId: string }> {
    const u = this.requireUser(p.user);
    const ch = this.requireChannel(p.channel);
    const source = this.findSourceMessage(ch, p.messageTs);
    const found = findElement(source.blocks, p.actionId, p.blockId);
    if (!found) throw new Error(`SlackSim.clickButton: no element '${p.actionId}' in message ${p.messageTs}`);
    if (found.element.type !== 'button') throw new Error(`SlackSim.clickButton: '${p.actionId}' is a ${found.element.type}, not a button`);
    const el = found.element;
    const action: Obj = { type: 'button', action_id: el.action_id, block_id: found.block.block_id, text: el.text };
    const value = p.value ?? el.value;
    if (value !== undefined) action.value = value;
    if (el.style) action.style = el.style;
    const { payload, triggerId } = this.blockActions(u, ch, p.messageTs, source, action, {});
    return { ...(await this.deliverInteractive(payload)), triggerId };
  }

  async selectOption(p: {
    user: string;
    channel: string;
    messageTs: string;
    actionId: string;
    value: string;
  }): Promise<BotAnswer & { triggerId: string }> {
    const u = this.requireUser(p.user);
    const ch = this.requireChannel(p.channel);
    const source = this.findSourceMessage(ch, p.messageTs);
    const found = findElement(source.blocks, p.actionId);
    if (!found) throw new Error(`SlackSim.selectOption: no element '${p.actionId}' in message ${p.messageTs}`);
    const el = found.element;
    const options: Obj[] = Array.isArray(el.options)
      ? el.options
      : Array.isArray(el.option_groups)
        ? el.option_groups.flatMap((g: Obj) => g.options ?? [])
        : [];
    const option = options.find((o) => o.value === p.value);
    if (!option) throw new Error(`SlackSim.selectOption: '${p.actionId}' has no option '${p.value}'`);
    const action: Obj = {
      type: el.type,
      action_id: el.action_id,
      block_id: found.block.block_id,
      selected_option: option,
      ...(el.placeholder ? { placeholder: el.placeholder } : {}),
    };
    const blockId = found.block.block_id as string;
    const siblings = findStatefulCount(found.block);
    const override = el.type === 'overflow' ? {} : { [blockId]: siblings > 1 ? { [el.action_id]: p.value } : p.value };
    const { payload, triggerId } = this.blockActions(u, ch, p.messageTs, source, action, override);
    return { ...(await this.deliverInteractive(payload)), triggerId };
  }

  async messageShortcut(p: { user: string; channel: string; messageTs: string; callbackId: string }): Promise<BotAnswer & { triggerId: string }> {
    const u = this.requireUser(p.user);
    const ch = this.requireChannel(p.channel);
    const m = this.requireMessage(ch, p.messageTs);
    const triggerId = this.world.issueTrigger(u.id);
    const rec = this.world.issueResponseUrl(ch.id, u.id, { channel: ch.id, ts: m.ts });
    const payload = {
      type: 'message_action',
      token: VERIFICATION_TOKEN,
      action_ts: this.world.nextTs(),
      team: this.teamRef(),
      user: this.userRef(u),
      channel: { id: ch.id, name: this.channelNameFor(ch) },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: p.callbackId,
      trigger_id: triggerId,
      response_url: `${this.baseUrl}/response/${rec.id}`,
      message_ts: m.ts,
      message: this.world.messageJson(ch.id, m),
    };
    return { ...(await this.deliverInteractive(payload)), triggerId };
  }

  /** The user's published Home tab, if any. */
  homeView(user: string): SimView | undefined {
    return [...this.world.views.values()].find((v) => v.type === 'home' && v.user === user);
  }

  /**
   * A click or selection inside a view (modal or Home tab): block_actions with a view container.
   * `value` is the option value for selects, the user id for users_select, and overrides a button's value.
   * `values` are what the user had typed into the view's inputs so far (as for submitView, nothing enforced).
   */
  async viewAction(p: {
    user: string;
    viewId?: string;
    actionId: string;
    blockId?: string;
    value?: string;
    values?: Record<string, unknown>;
  }): Promise<BotAnswer & { triggerId: string }> {
    const u = this.requireUser(p.user);
    const v = p.viewId ? this.world.views.get(p.viewId) : this.lastView();
    if (!v || !v.open) throw new Error('SlackSim.viewAction: no open view');
    const found = findElement(v.view.blocks, p.actionId, p.blockId);
    if (!found) throw new Error(`SlackSim.viewAction: no element '${p.actionId}' in view ${v.id}`);
    const el = found.element;
    const blockId = found.block.block_id as string;
    const action: Obj = { type: el.type, action_id: el.action_id, block_id: blockId };
    const stateValues: Record<string, unknown> = { ...(p.values ?? {}) };
    if (el.type === 'button') {
      action.text = el.text;
      const value = p.value ?? el.value;
      if (value !== undefined) action.value = value;
    } else if (p.value !== undefined) {
      if (el.type === 'users_select') action.selected_user = p.value;
      else if (el.type === 'conversations_select') action.selected_conversation = p.value;
      else if (el.type === 'channels_select') action.selected_channel = p.value;
      else if (el.type === 'datepicker') action.selected_date = p.value;
      else if (el.type === 'timepicker') action.selected_time = p.value;
      else {
        const options: Obj[] = Array.isArray(el.options) ? el.options : (el.option_groups ?? []).flatMap((g: Obj) => g.options ?? []);
        const option = options.find((o) => o.value === p.value);
        if (!option) throw new Error(`SlackSim.viewAction: '${p.actionId}' has no option '${p.value}'`);
        action.selected_option = option;
      }
      if (el.type !== 'overflow') stateValues[blockId] = findStatefulCount(found.block) > 1 ? { [el.action_id]: p.value } : p.value;
    }
    const triggerId = this.world.issueTrigger(u.id);
    const values = buildStateValues(v.view.blocks, stateValues, this.stateCtx(), false);
    const payload: Obj = {
      type: 'block_actions',
      user: this.userRef(u),
      api_app_id: this.world.appId,
      token: VERIFICATION_TOKEN,
      container: { type: 'view', view_id: v.id },
      trigger_id: triggerId,
      team: this.teamRef(),
      enterprise: null,
      is_enterprise_install: false,
      view: this.viewPayloadJson(v, values),
      actions: [{ ...action, action_ts: this.world.nextTs() }],
    };
    return { ...(await this.deliverInteractive(payload)), triggerId };
  }

  private viewPayloadJson(v: SimView, values: Record<string, unknown>): Obj {
    return { ...this.world.viewJson(v), state: { values } };
  }

  async submitView(p: { user: string; viewId?: string; values: Record<string, unknown> }): Promise<BotAnswer> {
    const u = this.requireUser(p.user);
    const v = p.viewId ? this.world.views.get(p.viewId) : this.lastView();
    if (!v) throw new Error('SlackSim.submitView: no view has been opened');
    if (!v.open) throw new Error(`SlackSim.submitView: view ${v.id} is closed`);
    if (v.type !== 'modal') throw new Error(`SlackSim.submitView: view ${v.id} is a ${v.type} view`);
    if (v.user !== u.id) throw new Error(`SlackSim.submitView: view ${v.id} belongs to ${v.user}, not ${u.id}`);
    if (v.view.submit === undefined) throw new Error(`SlackSim.submitView: view ${v.id} has no submit button`);
    const values = buildStateValues(v.view.blocks, p.values, this.stateCtx());
    const triggerId = this.world.issueTrigger(u.id);
    const payload = {
      type: 'view_submission',
      team: this.teamRef(),
      user: this.userRef(u),
      api_app_id: this.world.appId,
      token: VERIFICATION_TOKEN,
      trigger_id: triggerId,
      view: this.viewPayloadJson(v, values),
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const answer = await this.deliverInteractive(payload);
    this.applyViewAnswer(v, answer);
    return answer;
  }

  /** The user dismisses a modal; view_closed goes to the bot only when the view asked for it. */
  async closeView(p: { user: string; viewId?: string }): Promise<BotAnswer | null> {
    const u = this.requireUser(p.user);
    const v = p.viewId ? this.world.views.get(p.viewId) : this.lastView();
    if (!v || !v.open) throw new Error('SlackSim.closeView: no open view');
    const clearAll = Boolean(v.view.clear_on_close);
    this.popView(v, clearAll);
    if (!v.view.notify_on_close) return null;
    return this.deliverInteractive({
      type: 'view_closed',
      team: this.teamRef(),
      user: this.userRef(u),
      api_app_id: this.world.appId,
      token: VERIFICATION_TOKEN,
      view: this.viewPayloadJson(v, {}),
      is_cleared: clearAll,
      is_enterprise_install: false,
    });
  }

  private popView(v: SimView, all: boolean): void {
    const stack = this.world.modalStacks.get(v.user) ?? [];
    const toClose = all ? [...stack] : [v.id];
    for (const id of toClose) {
      const x = this.world.views.get(id);
      if (x) {
        x.open = false;
        x.stackPosition = -1;
      }
    }
    this.world.modalStacks.set(
      v.user,
      stack.filter((id) => !toClose.includes(id)),
    );
  }

  private applyViewAnswer(v: SimView, answer: BotAnswer): void {
    if (answer.status !== 200) return;
    const body = answer.body;
    if (body === null || body === '' || typeof body !== 'object') {
      if (typeof body === 'string') this.problems.push(`view ${v.id}: non-JSON submission answer ${JSON.stringify(body).slice(0, 80)}`);
      this.popView(v, false);
      return;
    }
    const action = (body as Obj).response_action;
    if (action === undefined) {
      this.popView(v, false);
      return;
    }
    if (action === 'clear') {
      this.popView(v, true);
      return;
    }
    if (action === 'errors') {
      const errs = (body as Obj).errors;
      const inputIds = new Set(
        (Array.isArray(v.view.blocks) ? (v.view.blocks as Obj[]) : []).filter((b) => b?.type === 'input').map((b) => b.block_id),
      );
      if (!errs || typeof errs !== 'object' || Object.keys(errs).length === 0) {
        this.problems.push(`view ${v.id}: response_action 'errors' without errors`);
      } else {
        for (const k of Object.keys(errs)) {
          if (!inputIds.has(k)) this.problems.push(`view ${v.id}: errors names '${k}', which is not an input block of the view`);
        }
      }
      return;
    }
    if (action === 'update' || action === 'push') {
      const next = (body as Obj).view;
      const check = validateView(next);
      if (check.error || next?.type !== 'modal') {
        this.problems.push(`view ${v.id}: response_action '${action}' with an invalid view: ${check.error ?? 'type must be modal'} ${check.messages.join('; ')}`);
        return;
      }
      if (action === 'update') {
        v.view = { ...next, blocks: fillGeneratedIds(next.blocks) };
        v.hash = `${Math.floor(Date.now() / 1000)}.${Math.random().toString(16).slice(2, 14)}`;
        return;
      }
      const stack = this.world.modalStacks.get(v.user) ?? [];
      if (stack.length >= API_LIMITS.modalStackDepth) {
        this.problems.push(`view ${v.id}: response_action 'push' beyond the stack limit of ${API_LIMITS.modalStackDepth}`);
        return;
      }
      const id = this.world.newId('V');
      const pushed: SimView = {
        id,
        view: { ...next, blocks: fillGeneratedIds(next.blocks) },
        user: v.user,
        type: 'modal',
        stackPosition: stack.length,
        hash: `${Math.floor(Date.now() / 1000)}.${Math.random().toString(16).slice(2, 14)}`,
        open: true,
        rootViewId: stack[0] ?? v.id,
        previousViewId: v.id,
        externalId: typeof next.external_id === 'string' ? next.external_id : undefined,
      };
      this.world.views.set(id, pushed);
      this.world.viewOrder.push(id);
      this.world.modalStacks.set(v.user, [...stack, id]);
      return;
    }
    this.problems.push(`view ${v.id}: unknown response_action '${String(action)}'`);
  }

  /** Asks the connected Socket Mode client to reconnect, as Slack does when it recycles a server. */
  requestSocketReconnect(reason = 'refresh_requested'): void {
    this.hub.requestReconnect(reason);
  }

  async sendRaw(p: { body: string; headers?: Record<string, string>; contentType?: string; sign?: boolean; timestamp?: number }): Promise<BotAnswer> {
    if (!this.appUrl) throw new Error('SlackSim.sendRaw: call setAppUrl() first (raw requests are HTTP only)');
    const headers: Record<string, string> = { 'content-type': p.contentType ?? 'application/json' };
    if (p.sign !== false) Object.assign(headers, signRequest(this.opts.signingSecret, p.body, p.timestamp ?? Math.floor(Date.now() / 1000)));
    Object.assign(headers, p.headers ?? {});
    return postToBot(this.appUrl, p.body, headers, this.opts.ackTimeoutMs, (l) => this.log(l));
  }
}

function findStatefulCount(block: Obj): number {
  if (block.type === 'actions' && Array.isArray(block.elements)) {
    return block.elements.filter((e: Obj) => e && e.type !== 'button' && e.type !== 'overflow' && e.type !== 'workflow_button').length;
  }
  return 1;
}

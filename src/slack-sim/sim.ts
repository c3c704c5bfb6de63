import { UserActors } from './actors';
import { requireChannel, requireUser, type ResolvedSimOptions, type SimCore } from './core';
import { Inbound } from './inbound';
import { API_LIMITS } from './limits';
import { readManifest, type SimManifest } from './manifest';
import { SimServer } from './server';
import { SocketModeHub } from './socket-mode';
import type { BotAnswer, FailureSpec, RecordedCall, ResponseUrlPost, SimChannel, SimEphemeral, SimFile, SimMessage, SimUser, SimView, SlackSimOptions } from './types';
import { fillGeneratedIds } from './view-state';
import { ViewActors } from './views';
import { buildWebApi } from './web-api';
import { DEFAULT_USERS, SimWorld } from './world';

/**
 * An in-process Slack: serves the Web API to a real WebClient and plays Slack towards the bot
 * (signed HTTP requests, or Socket Mode envelopes once the bot has connected). This class is the
 * public face; the work is done by the server (HTTP + Web API), the inbound delivery, the user
 * actors and the view actors, which share one world.
 */
export class SlackSim {
  /** Things the bot did that real Slack would reject without an API error (bad response_action, bad response_url body). */
  readonly problems: string[] = [];
  readonly manifest: SimManifest;

  private readonly core: SimCore;
  private readonly world: SimWorld;
  private readonly hub: SocketModeHub;
  private readonly server: SimServer;
  private readonly inbound: Inbound;
  private readonly actors: UserActors;
  private readonly viewActors: ViewActors;

  constructor(opts: SlackSimOptions) {
    const resolved: ResolvedSimOptions = { triggerTtlMs: API_LIMITS.triggerTtlMs, ackTimeoutMs: API_LIMITS.ackTimeoutMs, port: 0, ...opts };
    this.manifest = readManifest(opts.manifestPath);
    this.world = new SimWorld(opts.teamId ?? 'T1', opts.botUserId ?? 'UBOT', opts.botId ?? 'BBOT', opts.users ?? DEFAULT_USERS, opts.clock, opts.idFloor);
    const log = (line: string) => opts.log?.(line);
    this.core = { world: this.world, opts: resolved, manifest: this.manifest, problems: this.problems, baseUrl: () => this.baseUrl, log };
    this.hub = new SocketModeHub(this.world.appId, log);
    this.inbound = new Inbound(this.core, this.hub);
    const api = buildWebApi({
      world: this.world,
      baseUrl: () => this.server.base,
      triggerTtlMs: resolved.triggerTtlMs,
      socketUrl: () => this.hub.issueUrl(this.server.base),
      messagesTabEnabled: this.manifest.messagesTabEnabled,
      homeTabEnabled: this.manifest.homeTabEnabled,
      membersJoined: (ch, users, inviter) => {
        this.inbound.later(async () => {
          for (const user of users) await this.inbound.memberJoined(ch, user, inviter);
        });
      },
    });
    this.server = new SimServer(this.core, api, this.hub);
    this.actors = new UserActors(this.core, this.inbound);
    this.viewActors = new ViewActors(this.core, this.inbound, this.actors);
  }

  // ================= lifecycle =================

  async start(): Promise<void> {
    await this.server.start();
  }

  async stop(): Promise<void> {
    await this.hub.close();
    await this.server.stop();
  }

  get baseUrl(): string {
    if (!this.server.base) throw new Error('SlackSim not started');
    return this.server.base;
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
    this.inbound.appUrl = url;
  }

  /** Deliveries Slack started by itself (joins after an invite) still in flight. */
  get pendingDeliveries(): number {
    return this.inbound.pending;
  }

  /** Resolves once every delivery Slack started by itself has been answered. */
  idle(): Promise<void> {
    return this.inbound.idle();
  }

  // ================= recording & failure injection =================

  get calls(): RecordedCall[] {
    return this.server.calls;
  }

  get responses(): ResponseUrlPost[] {
    return this.server.responses;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.problems.length = 0;
  }

  failNext(method: string, f: FailureSpec): void {
    this.server.failNext(method, f);
  }

  /**
   * While paused, the world still changes (messages, pins, reactions, edits) but no event reaches
   * the bot: the bot was down and Slack gave up retrying. What it must then find by itself.
   */
  pauseEvents(): void {
    this.inbound.pause();
  }

  resumeEvents(): void {
    this.inbound.resume();
  }

  get droppedEvents() {
    return this.inbound.droppedEvents;
  }

  /** Every attempt to deliver an Events API envelope (first deliveries and Slack's retries), in order. */
  get eventDeliveries() {
    return this.inbound.deliveries;
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
   * or before the bot was there). The text is stored as given (Slack's wire format).
   */
  seedMessage(p: { channel: string; user: string; text: string; threadTs?: string; blocks?: unknown[] }): SimMessage {
    const ch = requireChannel(this.core, p.channel);
    requireUser(this.core, p.user);
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
    requireUser(this.core, user);
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

  lastView(): SimView | undefined {
    return this.viewActors.lastView();
  }

  /** The Home tab the app last published for `user`, if any. */
  homeView(user: string): SimView | undefined {
    return [...this.world.views.values()].find((v) => v.type === 'home' && v.user === user);
  }

  get files(): SimFile[] {
    return this.world.files;
  }

  // ================= Slack → bot =================

  sendCommand(p: { user: string; text: string; channel: string; command?: string }) {
    return this.actors.sendCommand(p);
  }

  sendEvent(event: Record<string, unknown>, o: { eventId?: string; retryNum?: number; retryReason?: string } = {}) {
    return this.inbound.sendEvent(event, o);
  }

  userPosts(p: { user: string; channel: string; text: string; threadTs?: string; files?: { name: string; url?: string; content?: string }[] }) {
    return this.actors.userPosts(p);
  }

  userEdits(p: { user: string; channel: string; ts: string; text: string }) {
    return this.actors.userEdits(p);
  }

  userDeletes(p: { channel: string; ts: string }) {
    return this.actors.userDeletes(p);
  }

  userPins(p: { user: string; channel: string; ts: string }) {
    return this.actors.userPins(p);
  }

  userUnpins(p: { user: string; channel: string; ts: string }) {
    return this.actors.userUnpins(p);
  }

  userReacts(p: { user: string; channel: string; ts: string; name: string }) {
    return this.actors.userReacts(p);
  }

  userUnreacts(p: { user: string; channel: string; ts: string; name: string }) {
    return this.actors.userUnreacts(p);
  }

  userJoins(p: { user: string; channel: string; inviter?: string }) {
    return this.actors.userJoins(p);
  }

  userLeaves(p: { user: string; channel: string }) {
    return this.actors.userLeaves(p);
  }

  clickButton(p: { user: string; channel: string; messageTs: string; actionId: string; blockId?: string; value?: string }) {
    return this.actors.clickButton(p);
  }

  /** The person opens the app's Home tab: Slack sends `app_home_opened`. */
  openHome(user: string) {
    return this.actors.openHome(user);
  }

  /** A button in a view the person sees (their Home tab by default): a `block_actions` with a view container. */
  clickViewButton(p: { user: string; viewId?: string; actionId: string; blockId?: string; value?: string }) {
    return this.actors.clickViewButton(p, this.homeView(p.user));
  }

  selectOption(p: { user: string; channel: string; messageTs: string; actionId: string; value: string }) {
    return this.actors.selectOption(p);
  }

  messageShortcut(p: { user: string; channel: string; messageTs: string; callbackId: string }) {
    return this.actors.messageShortcut(p);
  }

  submitView(p: { user: string; viewId?: string; values: Record<string, unknown> }): Promise<BotAnswer> {
    return this.viewActors.submitView(p);
  }

  /** Asks the connected Socket Mode client to reconnect, as Slack does when it recycles a server. */
  requestSocketReconnect(reason = 'refresh_requested'): void {
    this.hub.requestReconnect(reason);
  }

  /** The last signed HTTP request sent to the bot, as sent: what an attacker on the path could capture. */
  get lastHttpRequest(): { body: string; headers: Record<string, string> } | null {
    return this.inbound.lastHttpRequest;
  }

  /** Replays a captured request byte for byte, original signature and timestamp included. */
  replay(captured: { body: string; headers: Record<string, string> }): Promise<BotAnswer> {
    return this.inbound.replay(captured);
  }

  sendRaw(p: { body: string; headers?: Record<string, string>; contentType?: string; sign?: boolean; timestamp?: number }): Promise<BotAnswer> {
    return this.inbound.sendRaw(p);
  }
}

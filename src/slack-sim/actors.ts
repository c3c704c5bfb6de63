import { randomUUID } from 'node:crypto';
import { requireChannel, requireMessage, requireUser, VERIFICATION_TOKEN, type Obj, type SimCore } from './core';
import { escapeTyped } from './escaping';
import type { Inbound } from './inbound';
import { applyMessageResponse } from './responses';
import type { BotAnswer, SimChannel, SimMessage, SimUser, SimView } from './types';
import { buildStateValues, findElement } from './view-state';

/**
 * What people do in Slack, played towards the bot: the world changes first, then Slack sends what
 * it would send. Text is given as the person typed it and arrives escaped, as Slack sends it.
 */
export class UserActors {
  constructor(
    private readonly core: SimCore,
    private readonly inbound: Inbound,
  ) {}

  private get world() {
    return this.core.world;
  }

  channelNameFor(ch: SimChannel): string {
    if (ch.isIm) return 'directmessage';
    if (ch.isPrivate && !ch.members.has(this.world.botUserId)) return 'privategroup';
    return ch.name;
  }

  userRef(u: SimUser): Obj {
    return { id: u.id, username: u.name, name: u.name, team_id: this.world.teamId };
  }

  teamRef(): Obj {
    return { id: this.world.teamId, domain: this.world.teamDomain };
  }

  stateCtx() {
    return { userExists: (id: string) => this.world.users.has(id), channelExists: (id: string) => this.world.channels.has(id) };
  }

  async sendCommand(p: { user: string; text: string; channel: string; command?: string }): Promise<BotAnswer & { triggerId: string; responseUrl: string }> {
    const w = this.world;
    const u = requireUser(this.core, p.user);
    const ch = requireChannel(this.core, p.channel);
    const command = p.command ?? '/incident';
    const triggerId = w.issueTrigger(u.id);
    const rec = w.issueResponseUrl(ch.id, u.id);
    const responseUrl = `${this.core.baseUrl()}/response/${rec.id}`;
    const fields: Record<string, string> = {
      token: VERIFICATION_TOKEN,
      team_id: w.teamId,
      team_domain: w.teamDomain,
      channel_id: ch.id,
      channel_name: this.channelNameFor(ch),
      user_id: u.id,
      user_name: u.name,
      command,
      text: escapeTyped(p.text, w, this.core.manifest.shouldEscape[command] === false ? 'command_unescaped' : 'command'),
      api_app_id: w.appId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: triggerId,
    };
    const answer = await this.inbound.deliver('slash_commands', fields, {
      body: new URLSearchParams(fields).toString(),
      contentType: 'application/x-www-form-urlencoded',
    });
    if (answer.status === 200 && answer.body !== null) {
      const b = typeof answer.body === 'string' ? { text: answer.body } : (answer.body as Obj);
      applyMessageResponse(w, ch.id, u.id, b, undefined, 'ack');
    }
    return { ...answer, triggerId, responseUrl };
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
    const w = this.world;
    const u = requireUser(this.core, p.user);
    const ch = requireChannel(this.core, p.channel);
    if (ch.archived) throw new Error(`SlackSim.userPosts: ${ch.id} is archived`);
    if (!ch.members.has(u.id)) throw new Error(`SlackSim.userPosts: ${u.id} is not a member of ${ch.id} (use userJoins first)`);
    let threadTs: string | undefined;
    if (p.threadTs) {
      const parent = requireMessage(this.core, ch.id, p.threadTs);
      threadTs = parent.threadTs ?? parent.ts;
    }
    const files = p.files?.map((f) => {
      const id = w.newId('F');
      const content = f.content ?? '';
      const url = f.url ?? `${this.core.baseUrl()}/files/${id}/${encodeURIComponent(f.name)}`;
      w.files.push({ id, name: f.name, title: f.name, content, bytes: Buffer.from(content), channels: [ch.id], user: u.id, created: Math.floor(Date.now() / 1000), url });
      return { id, name: f.name, title: f.name, url };
    });
    const m = w.addMessage(ch.id, {
      user: u.id,
      text: escapeTyped(p.text, w, 'message'),
      threadTs,
      files,
      subtype: files?.length ? 'file_share' : undefined,
    });
    const event = this.messageEvent(ch, m);
    if (!files?.length) event.client_msg_id = randomUUID();
    const answer = await this.inbound.sendChannelEvent(ch, event);
    return { ts: m.ts, answer };
  }

  async userEdits(p: { user: string; channel: string; ts: string; text: string }): Promise<BotAnswer> {
    const w = this.world;
    const ch = requireChannel(this.core, p.channel);
    const m = requireMessage(this.core, ch.id, p.ts);
    if (m.user !== p.user || m.botId) throw new Error(`SlackSim.userEdits: ${p.ts} was not posted by ${p.user}`);
    const previous = w.messageJson(ch.id, m);
    const eventTs = w.nextTs();
    m.text = escapeTyped(p.text, w, 'message');
    m.edited = { user: p.user, ts: eventTs };
    return this.inbound.sendChannelEvent(ch, {
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: ch.id,
      channel_type: w.channelType(ch),
      ts: eventTs,
      event_ts: eventTs,
      message: w.messageJson(ch.id, m),
      previous_message: previous,
    });
  }

  async userDeletes(p: { channel: string; ts: string }): Promise<BotAnswer> {
    const w = this.world;
    const ch = requireChannel(this.core, p.channel);
    const m = requireMessage(this.core, ch.id, p.ts);
    const previous = w.messageJson(ch.id, m);
    w.removeMessage(ch.id, m.ts);
    const eventTs = w.nextTs();
    return this.inbound.sendChannelEvent(ch, {
      type: 'message',
      subtype: 'message_deleted',
      hidden: true,
      channel: ch.id,
      channel_type: w.channelType(ch),
      ts: eventTs,
      event_ts: eventTs,
      deleted_ts: m.ts,
      previous_message: previous,
    });
  }

  private pinEvent(type: 'pin_added' | 'pin_removed', user: string, ch: SimChannel, m: SimMessage): Obj {
    const w = this.world;
    const pinnedCount = w.messageList(ch.id).filter((x) => x.pinned).length;
    return {
      type,
      user,
      channel_id: ch.id,
      item: {
        type: 'message',
        created: Math.floor(Date.now() / 1000),
        created_by: user,
        channel: ch.id,
        message: { ...w.messageJson(ch.id, m), permalink: w.permalink(ch.id, m), pinned_to: m.pinned ? [ch.id] : undefined },
      },
      item_user: m.user,
      pin_count: pinnedCount,
      pinned_info: { channel: ch.id, pinned_by: user, pinned_ts: Math.floor(Date.now() / 1000) },
      ...(type === 'pin_removed' ? { has_pins: pinnedCount > 0 } : {}),
    };
  }

  async userPins(p: { user: string; channel: string; ts: string }): Promise<BotAnswer> {
    requireUser(this.core, p.user);
    const ch = requireChannel(this.core, p.channel);
    const m = requireMessage(this.core, ch.id, p.ts);
    if (m.pinned) throw new Error(`SlackSim.userPins: ${p.ts} is already pinned`);
    m.pinned = true;
    m.pinnedBy = p.user;
    m.pinnedAt = Math.floor(Date.now() / 1000);
    return this.inbound.sendChannelEvent(ch, this.pinEvent('pin_added', p.user, ch, m));
  }

  async userUnpins(p: { user: string; channel: string; ts: string }): Promise<BotAnswer> {
    requireUser(this.core, p.user);
    const ch = requireChannel(this.core, p.channel);
    const m = requireMessage(this.core, ch.id, p.ts);
    if (!m.pinned) throw new Error(`SlackSim.userUnpins: ${p.ts} is not pinned`);
    m.pinned = false;
    m.pinnedBy = undefined;
    m.pinnedAt = undefined;
    return this.inbound.sendChannelEvent(ch, this.pinEvent('pin_removed', p.user, ch, m));
  }

  private reactionEvent(type: 'reaction_added' | 'reaction_removed', user: string, ch: SimChannel, m: SimMessage, name: string): Obj {
    return { type, user, reaction: name, item: { type: 'message', channel: ch.id, ts: m.ts }, item_user: m.user };
  }

  async userReacts(p: { user: string; channel: string; ts: string; name: string }): Promise<BotAnswer> {
    requireUser(this.core, p.user);
    const ch = requireChannel(this.core, p.channel);
    const m = requireMessage(this.core, ch.id, p.ts);
    const users = m.reactions.get(p.name) ?? new Set<string>();
    if (users.has(p.user)) throw new Error(`SlackSim.userReacts: ${p.user} already reacted :${p.name}:`);
    users.add(p.user);
    m.reactions.set(p.name, users);
    return this.inbound.sendChannelEvent(ch, this.reactionEvent('reaction_added', p.user, ch, m, p.name));
  }

  async userUnreacts(p: { user: string; channel: string; ts: string; name: string }): Promise<BotAnswer> {
    requireUser(this.core, p.user);
    const ch = requireChannel(this.core, p.channel);
    const m = requireMessage(this.core, ch.id, p.ts);
    const users = m.reactions.get(p.name);
    if (!users?.has(p.user)) throw new Error(`SlackSim.userUnreacts: ${p.user} has no :${p.name}: on ${p.ts}`);
    users.delete(p.user);
    if (users.size === 0) m.reactions.delete(p.name);
    return this.inbound.sendChannelEvent(ch, this.reactionEvent('reaction_removed', p.user, ch, m, p.name));
  }

  /** A person joins (or is added by `inviter`): the channel_join message and member_joined_channel. */
  async userJoins(p: { user: string; channel: string; inviter?: string }): Promise<BotAnswer> {
    const u = requireUser(this.core, p.user);
    const ch = requireChannel(this.core, p.channel);
    ch.members.add(u.id);
    return this.inbound.memberJoined(ch, u.id, p.inviter);
  }

  /** A person leaves: the channel_leave message and member_left_channel. */
  async userLeaves(p: { user: string; channel: string }): Promise<BotAnswer> {
    const u = requireUser(this.core, p.user);
    const ch = requireChannel(this.core, p.channel);
    ch.members.delete(u.id);
    return this.inbound.memberLeft(ch, u.id);
  }

  findSourceMessage(ch: SimChannel, ts: string): { blocks: unknown; json?: Obj; ephemeral: boolean } {
    const m = this.world.findMessage(ch.id, ts);
    if (m) return { blocks: m.blocks, json: this.world.messageJson(ch.id, m), ephemeral: false };
    const e = this.world.ephemerals.find((x) => x.channel === ch.id && x.ts === ts);
    if (e) return { blocks: e.blocks, ephemeral: true };
    throw new Error(`SlackSim: no message ${ts} in ${ch.id}`);
  }

  private blockActions(u: SimUser, ch: SimChannel, messageTs: string, source: { blocks: unknown; json?: Obj; ephemeral: boolean }, action: Obj, stateOverride: Record<string, unknown>): Obj {
    const w = this.world;
    const rec = w.issueResponseUrl(ch.id, u.id, source.ephemeral ? undefined : { channel: ch.id, ts: messageTs });
    const state = buildStateValues(source.blocks, stateOverride, this.stateCtx(), false);
    return {
      type: 'block_actions',
      user: this.userRef(u),
      api_app_id: w.appId,
      token: VERIFICATION_TOKEN,
      container: { type: 'message', message_ts: messageTs, channel_id: ch.id, is_ephemeral: source.ephemeral },
      trigger_id: w.issueTrigger(u.id),
      team: this.teamRef(),
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: ch.id, name: this.channelNameFor(ch) },
      ...(source.json ? { message: source.json } : {}),
      state: { values: state },
      response_url: `${this.core.baseUrl()}/response/${rec.id}`,
      actions: [{ ...action, action_ts: w.nextTs() }],
    };
  }

  async clickButton(p: { user: string; channel: string; messageTs: string; actionId: string; blockId?: string; value?: string }): Promise<BotAnswer & { triggerId: string }> {
    const u = requireUser(this.core, p.user);
    const ch = requireChannel(this.core, p.channel);
    const source = this.findSourceMessage(ch, p.messageTs);
    const found = findElement(source.blocks, p.actionId, p.blockId);
    if (!found) throw new Error(`SlackSim.clickButton: no element '${p.actionId}' in message ${p.messageTs}`);
    if (found.element.type !== 'button') throw new Error(`SlackSim.clickButton: '${p.actionId}' is a ${found.element.type}, not a button`);
    const el = found.element;
    const action: Obj = { type: 'button', action_id: el.action_id, block_id: found.block.block_id, text: el.text };
    const value = p.value ?? el.value;
    if (value !== undefined) action.value = value;
    if (el.style) action.style = el.style;
    const payload = this.blockActions(u, ch, p.messageTs, source, action, {});
    return { ...(await this.inbound.deliverInteractive(payload)), triggerId: payload.trigger_id };
  }

  async openHome(user: string): Promise<BotAnswer> {
    const u = requireUser(this.core, user);
    const im = this.world.openIm(u.id);
    const event: Obj = { type: 'app_home_opened', user: u.id, channel: im.id, tab: 'home', event_ts: this.world.nextTs() };
    const home = [...this.world.views.values()].find((v) => v.type === 'home' && v.user === u.id);
    if (home) event.view = this.world.viewJson(home);
    return this.inbound.sendEvent(event);
  }

  /** Home tab buttons carry no channel and no response_url: the container is the view. */
  async clickViewButton(p: { user: string; viewId?: string; actionId: string; blockId?: string; value?: string }, home: SimView | undefined): Promise<BotAnswer & { triggerId: string }> {
    const w = this.world;
    const u = requireUser(this.core, p.user);
    const view = p.viewId ? w.views.get(p.viewId) : home;
    if (!view || !view.open) throw new Error(`SlackSim.clickViewButton: no open view for ${p.user}`);
    if (view.user !== u.id) throw new Error(`SlackSim.clickViewButton: view ${view.id} belongs to ${view.user}`);
    const found = findElement(view.view.blocks, p.actionId, p.blockId);
    if (!found) throw new Error(`SlackSim.clickViewButton: no element '${p.actionId}' in view ${view.id}`);
    if (found.element.type !== 'button') throw new Error(`SlackSim.clickViewButton: '${p.actionId}' is a ${found.element.type}, not a button`);
    const el = found.element;
    const action: Obj = { type: 'button', action_id: el.action_id, block_id: found.block.block_id, text: el.text, action_ts: w.nextTs() };
    const value = p.value ?? el.value;
    if (value !== undefined) action.value = value;
    const payload = {
      type: 'block_actions',
      user: this.userRef(u),
      api_app_id: w.appId,
      token: VERIFICATION_TOKEN,
      container: { type: 'view', view_id: view.id },
      trigger_id: w.issueTrigger(u.id),
      team: this.teamRef(),
      enterprise: null,
      is_enterprise_install: false,
      view: w.viewJson(view),
      actions: [action],
    };
    return { ...(await this.inbound.deliverInteractive(payload)), triggerId: payload.trigger_id };
  }

  async selectOption(p: { user: string; channel: string; messageTs: string; actionId: string; value: string }): Promise<BotAnswer & { triggerId: string }> {
    const u = requireUser(this.core, p.user);
    const ch = requireChannel(this.core, p.channel);
    const source = this.findSourceMessage(ch, p.messageTs);
    const found = findElement(source.blocks, p.actionId);
    if (!found) throw new Error(`SlackSim.selectOption: no element '${p.actionId}' in message ${p.messageTs}`);
    const el = found.element;
    const options: Obj[] = Array.isArray(el.options) ? el.options : Array.isArray(el.option_groups) ? el.option_groups.flatMap((g: Obj) => g.options ?? []) : [];
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
    const siblings = statefulCount(found.block);
    const override = el.type === 'overflow' ? {} : { [blockId]: siblings > 1 ? { [el.action_id]: p.value } : p.value };
    const payload = this.blockActions(u, ch, p.messageTs, source, action, override);
    return { ...(await this.inbound.deliverInteractive(payload)), triggerId: payload.trigger_id };
  }

  async messageShortcut(p: { user: string; channel: string; messageTs: string; callbackId: string }): Promise<BotAnswer & { triggerId: string }> {
    const w = this.world;
    const u = requireUser(this.core, p.user);
    const ch = requireChannel(this.core, p.channel);
    const m = requireMessage(this.core, ch.id, p.messageTs);
    const triggerId = w.issueTrigger(u.id);
    const rec = w.issueResponseUrl(ch.id, u.id, { channel: ch.id, ts: m.ts });
    const payload = {
      type: 'message_action',
      token: VERIFICATION_TOKEN,
      action_ts: w.nextTs(),
      team: this.teamRef(),
      user: this.userRef(u),
      channel: { id: ch.id, name: this.channelNameFor(ch) },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: p.callbackId,
      trigger_id: triggerId,
      response_url: `${this.core.baseUrl()}/response/${rec.id}`,
      message_ts: m.ts,
      message: w.messageJson(ch.id, m),
    };
    return { ...(await this.inbound.deliverInteractive(payload)), triggerId };
  }
}

function statefulCount(block: Obj): number {
  if (block.type === 'actions' && Array.isArray(block.elements)) {
    return block.elements.filter((e: Obj) => e && e.type !== 'button' && e.type !== 'overflow' && e.type !== 'workflow_button').length;
  }
  return 1;
}

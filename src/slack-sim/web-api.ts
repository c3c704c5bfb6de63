import { randomBytes } from 'node:crypto';
import { validateMessageBlocks, validateView } from './block-kit';
import { API_LIMITS, CHANNEL_NAME_ALLOWED, CHANNEL_NAME_ONLY_PUNCTUATION } from './limits';
import type { SimChannel, SimMessage, SimView } from './types';
import { fillGeneratedIds } from './view-state';
import type { SimWorld } from './world';

type Args = Record<string, unknown>;
type Result = Record<string, unknown>;

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export interface ApiHost {
  world: SimWorld;
  baseUrl: () => string;
  triggerTtlMs: number;
  /** Issues a one-time Socket Mode URL (apps.connections.open). */
  socketUrl: () => string;
}

export type Handler = (args: Args, token: 'bot' | 'app') => Result;

// ---- argument coercion: form bodies carry strings, JSON bodies carry native values ----

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
const bool = (v: unknown): boolean => v === true || v === 'true' || v === '1' || v === 1;
function int(v: unknown, def: number): number {
  if (v === undefined || v === null || v === '') return def;
  const x = Number(v);
  return Number.isFinite(x) ? Math.trunc(x) : def;
}
function required(args: Args, key: string): string {
  const v = str(args[key]);
  if (v === undefined || v === '') {
    throw new ApiError('invalid_arguments', { response_metadata: { messages: [`[ERROR] missing required field: ${key}`] } });
  }
  return v;
}

/** '1700000000.000100' → microseconds, so timestamps compare as numbers. */
export function tsMicros(ts: string): number {
  const [sec, frac = ''] = ts.split('.');
  return Number(sec) * 1e6 + Number((frac + '000000').slice(0, 6));
}

function encodeCursor(s: string): string {
  return Buffer.from(s).toString('base64');
}
function decodeCursor(c: unknown, prefix: string): string | undefined {
  if (c === undefined || c === '') return undefined;
  const raw = Buffer.from(String(c), 'base64').toString('utf8');
  if (!raw.startsWith(prefix)) throw new ApiError('invalid_cursor');
  return raw.slice(prefix.length);
}

function offsetPage<T>(items: T[], args: Args, def: number, max: number): { page: T[]; next: string } {
  const start = int(decodeCursor(args.cursor, 'next:'), 0);
  let limit = int(args.limit, def);
  if (limit <= 0) limit = def;
  limit = Math.min(limit, max);
  const page = items.slice(start, start + limit);
  const next = start + limit < items.length ? encodeCursor(`next:${start + limit}`) : '';
  return { page, next };
}

export function buildWebApi(host: ApiHost): Record<string, Handler> {
  const w = host.world;
  const bot = w.botUserId;

  /** Private channels the bot is not in are invisible to it, exactly like unknown ids. */
  function channel(args: Args, key = 'channel', byName = false): SimChannel {
    const raw = required(args, key);
    let ch = w.channels.get(raw);
    if (!ch && byName && !/^[CGD][A-Z0-9]+$/.test(raw)) ch = w.channelByName(raw);
    if (!ch && byName && w.users.has(raw) && !w.users.get(raw)!.deleted) ch = w.openIm(raw);
    if (!ch || (ch.isPrivate && !ch.members.has(bot))) throw new ApiError('channel_not_found');
    return ch;
  }
  const member = (ch: SimChannel): void => {
    if (!ch.members.has(bot)) throw new ApiError('not_in_channel');
  };
  const active = (ch: SimChannel): void => {
    if (ch.archived) throw new ApiError('is_archived');
  };
  function message(ch: SimChannel, ts: string | undefined): SimMessage {
    const m = ts ? w.findMessage(ch.id, ts) : undefined;
    if (!m) throw new ApiError('message_not_found');
    return m;
  }

  function checkBlocks(args: Args): void {
    if (args.blocks === undefined) return;
    if (typeof args.blocks === 'string') throw new ApiError('invalid_blocks_format');
    const res = validateMessageBlocks(args.blocks);
    if (res.errors.length > 0) throw new ApiError('invalid_blocks', { errors: res.errors });
    if (res.tooLong) throw new ApiError('msg_blocks_too_long');
  }

  function messageContent(args: Args, requireSome: boolean): { text: string; blocks?: unknown[]; attachments?: unknown[]; warning?: string } {
    checkBlocks(args);
    let text = str(args.text) ?? '';
    const blocks = Array.isArray(args.blocks) ? fillGeneratedIds(args.blocks) : undefined;
    const attachments = Array.isArray(args.attachments) ? (args.attachments as unknown[]) : undefined;
    if (requireSome && text === '' && !blocks?.length && !attachments?.length) throw new ApiError('no_text');
    let warning: string | undefined;
    if (text.length > API_LIMITS.messageText) {
      text = text.slice(0, API_LIMITS.messageText);
      warning = 'message_truncated';
    }
    return { text, blocks, attachments, warning };
  }

  function withWarning(res: Result, warning: string | undefined): Result {
    if (!warning) return res;
    return { ...res, warning, response_metadata: { warnings: [warning] } };
  }

  function checkTrigger(args: Args): { id: string; user: string } {
    const id = required(args, 'trigger_id');
    const t = w.triggers.get(id);
    if (!t) throw new ApiError('invalid_trigger_id');
    if (t.used) throw new ApiError('exchanged_trigger_id');
    if (Date.now() - t.issuedAt > host.triggerTtlMs) throw new ApiError('expired_trigger_id');
    return { id, user: t.user };
  }

  function viewArg(args: Args, type: 'modal' | 'home'): Record<string, unknown> {
    const v = args.view;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new ApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: view'] } });
    }
    const check = validateView(v);
    if (check.error === 'view_too_large') throw new ApiError('view_too_large');
    if (check.error) throw new ApiError(check.error, { response_metadata: { messages: check.messages } });
    const view = v as Record<string, unknown>;
    if (view.type !== type) {
      throw new ApiError('invalid_arguments', {
        response_metadata: { messages: [`[ERROR] must be '${type}' here [json-pointer:/view/type]`] },
      });
    }
    return view;
  }

  function newHash(): string {
    return `${Math.floor(Date.now() / 1000)}.${randomBytes(6).toString('hex')}`;
  }

  function storeView(view: Record<string, unknown>, user: string, type: 'modal' | 'home', position: number, root?: string, previous?: string): SimView {
    const id = w.newId('V');
    const externalId = str(view.external_id);
    if (externalId) {
      for (const other of w.views.values()) if (other.externalId === externalId && other.open) throw new ApiError('duplicate_external_id');
    }
    const stored: SimView = {
      id,
      view: { ...view, blocks: fillGeneratedIds(view.blocks) },
      user,
      type,
      stackPosition: position,
      hash: newHash(),
      open: true,
      rootViewId: root ?? id,
      previousViewId: previous ?? null,
      externalId,
    };
    w.views.set(id, stored);
    w.viewOrder.push(id);
    return stored;
  }

  function findView(args: Args): SimView {
    const id = str(args.view_id);
    const ext = str(args.external_id);
    if (!id && !ext) {
      throw new ApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] view_id or external_id is required'] } });
    }
    let v: SimView | undefined;
    if (id) v = w.views.get(id);
    else for (const x of w.views.values()) if (x.externalId === ext && x.open) v = x;
    if (!v || !v.open) throw new ApiError('not_found');
    return v;
  }

  function userArg(args: Args, key = 'user'): string {
    const u = required(args, key);
    if (!w.users.has(u)) throw new ApiError('user_not_found');
    return u;
  }

  function topLevel(ch: SimChannel): SimMessage[] {
    return w.messageList(ch.id).filter((m) => !m.threadTs || m.threadTs === m.ts || m.subtype === 'thread_broadcast');
  }

  function setText(kind: 'topic' | 'purpose') {
    return (args: Args): Result => {
      const ch = channel(args);
      const value = str(args[kind]) ?? '';
      if (value.length > API_LIMITS[kind]) throw new ApiError('too_long');
      active(ch);
      member(ch);
      ch[kind] = value;
      return { channel: w.channelJson(ch), [kind]: value };
    };
  }

  const api: Record<string, Handler> = {
    'api.test': (args) => ({ args }),

    'auth.test': () => ({
      url: `https://${w.teamDomain}.slack.com/`,
      team: w.teamName,
      user: w.users.get(bot)?.name ?? 'incident-bot',
      team_id: w.teamId,
      user_id: bot,
      bot_id: w.botId,
      is_enterprise_install: false,
    }),

    'apps.connections.open': (_args, token) => {
      if (token !== 'app') throw new ApiError('not_allowed_token_type');
      return { url: host.socketUrl() };
    },

    // ---------------- conversations ----------------

    'conversations.create': (args) => {
      const name = str(args.name) ?? '';
      if (name === '') throw new ApiError('invalid_name_required');
      if (name.length > API_LIMITS.channelName) throw new ApiError('invalid_name_maxlength');
      if (!CHANNEL_NAME_ALLOWED.test(name)) throw new ApiError('invalid_name_specials');
      if (CHANNEL_NAME_ONLY_PUNCTUATION.test(name)) throw new ApiError('invalid_name_punctuation');
      if (w.channelByName(name)) throw new ApiError('name_taken');
      const ch = w.createChannel({ name, isPrivate: bool(args.is_private), creator: bot, members: [bot] });
      return { channel: w.channelJson(ch) };
    },

    'conversations.invite': (args) => {
      const ch = channel(args);
      const raw = required(args, 'users');
      const ids = raw.split(',').map((s) => s.trim()).filter(Boolean);
      if (ids.length === 0) throw new ApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: users'] } });
      if (ids.length > API_LIMITS.inviteUsers) throw new ApiError('too_many_users');
      active(ch);
      member(ch);
      if (ids.includes(bot)) throw new ApiError('cant_invite_self');
      const bad = ids.filter((id) => {
        const u = w.users.get(id);
        return !u || u.deleted;
      });
      const errors = bad.map((user) => ({ user, ok: false, error: 'user_not_found' }));
      if (bad.length > 0 && !bool(args.force)) throw new ApiError('user_not_found', { errors });
      const good = ids.filter((id) => !bad.includes(id));
      const fresh = good.filter((id) => !ch.members.has(id));
      if (fresh.length === 0 && bad.length === 0) {
        throw new ApiError('already_in_channel', { errors: good.map((user) => ({ user, ok: false, error: 'already_in_channel' })) });
      }
      for (const id of fresh) ch.members.add(id);
      return bad.length > 0 ? { channel: w.channelJson(ch), errors } : { channel: w.channelJson(ch) };
    },

    'conversations.setTopic': setText('topic'),
    'conversations.setPurpose': setText('purpose'),

    'conversations.info': (args) => {
      const ch = channel(args);
      const json = w.channelJson(ch);
      if (!bool(args.include_num_members)) delete json.num_members;
      return { channel: json };
    },

    'conversations.list': (args) => {
      const types = new Set((str(args.types) ?? 'public_channel').split(',').map((t) => t.trim()));
      const excludeArchived = bool(args.exclude_archived);
      const all = [...w.channels.values()].filter((ch) => {
        if (excludeArchived && ch.archived) return false;
        if (ch.isIm) return types.has('im');
        if (ch.isPrivate) return types.has('private_channel') && ch.members.has(bot);
        return types.has('public_channel');
      });
      const { page, next } = offsetPage(all, args, API_LIMITS.defaultPageSize, API_LIMITS.listMaxLimit);
      return { channels: page.map((ch) => w.channelJson(ch)), response_metadata: { next_cursor: next } };
    },

    'conversations.history': (args) => {
      const ch = channel(args);
      member(ch);
      const inclusive = bool(args.inclusive);
      const oldest = args.oldest !== undefined && args.oldest !== '' ? tsMicros(String(args.oldest)) : -Infinity;
      const latest = args.latest !== undefined && args.latest !== '' ? tsMicros(String(args.latest)) : Infinity;
      const before = decodeCursor(args.cursor, 'next_ts:');
      const beforeMicros = before !== undefined ? Number(before) : Infinity;
      const matching = topLevel(ch)
        .filter((m) => {
          const t = tsMicros(m.ts);
          const afterOldest = inclusive ? t >= oldest : t > oldest;
          const beforeLatest = inclusive ? t <= latest : t < latest;
          return afterOldest && beforeLatest && t < beforeMicros;
        })
        .reverse();
      let limit = int(args.limit, API_LIMITS.defaultPageSize);
      if (limit <= 0) limit = API_LIMITS.defaultPageSize;
      limit = Math.min(limit, API_LIMITS.historyMaxLimit);
      const page = matching.slice(0, limit);
      const hasMore = matching.length > limit;
      const last = page[page.length - 1];
      return {
        messages: page.map((m) => w.messageJson(ch.id, m)),
        has_more: hasMore,
        pin_count: w.messageList(ch.id).filter((m) => m.pinned).length,
        response_metadata: { next_cursor: hasMore && last ? encodeCursor(`next_ts:${tsMicros(last.ts)}`) : '' },
      };
    },

    'conversations.replies': (args) => {
      const ch = channel(args);
      member(ch);
      const ts = required(args, 'ts');
      const parent = w.findMessage(ch.id, ts);
      if (!parent) throw new ApiError('thread_not_found');
      const root = parent.threadTs && parent.threadTs !== parent.ts ? w.findMessage(ch.id, parent.threadTs) ?? parent : parent;
      const all = [root, ...w.replies(ch.id, root.ts)];
      const { page, next } = offsetPage(all, args, 1000, 1000);
      return {
        messages: page.map((m) => w.messageJson(ch.id, m)),
        has_more: next !== '',
        response_metadata: { next_cursor: next },
      };
    },

    'conversations.members': (args) => {
      const ch = channel(args);
      const { page, next } = offsetPage([...ch.members], args, API_LIMITS.defaultPageSize, API_LIMITS.listMaxLimit);
      return { members: page, response_metadata: { next_cursor: next } };
    },

    'conversations.archive': (args) => {
      const ch = channel(args);
      if (ch.archived) throw new ApiError('already_archived');
      member(ch);
      if (ch.isIm) throw new ApiError('method_not_supported_for_channel_type');
      ch.archived = true;
      return {};
    },

    'conversations.unarchive': (args) => {
      const ch = channel(args);
      if (!ch.archived) throw new ApiError('not_archived');
      ch.archived = false;
      return {};
    },

    'conversations.join': (args) => {
      const ch = channel(args);
      if (ch.isPrivate) throw new ApiError('method_not_supported_for_channel_type');
      active(ch);
      const already = ch.members.has(bot);
      ch.members.add(bot);
      const res: Result = { channel: w.channelJson(ch) };
      return already ? { ...res, warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } } : res;
    },

    'conversations.open': (args) => {
      const raw = str(args.users) ?? '';
      const ids = raw.split(',').map((s) => s.trim()).filter(Boolean);
      if (ids.length === 0) {
        if (args.channel) {
          const ch = channel(args);
          return { channel: bool(args.return_im) ? w.channelJson(ch) : { id: ch.id } };
        }
        throw new ApiError('users_list_not_supplied');
      }
      if (ids.length > 1) throw new ApiError('method_not_supported_for_channel_type');
      const u = w.users.get(ids[0]!);
      if (!u) throw new ApiError('user_not_found');
      if (u.deleted) throw new ApiError('user_disabled');
      const ch = w.openIm(u.id);
      return { channel: bool(args.return_im) ? w.channelJson(ch) : { id: ch.id } };
    },

    // ---------------- chat ----------------

    'chat.postMessage': (args) => {
      const ch = channel(args, 'channel', true);
      active(ch);
      member(ch);
      const c = messageContent(args, true);
      let threadTs = str(args.thread_ts);
      if (threadTs) {
        // An unknown thread_ts lands the message in the channel, as Slack does with a mangled ts.
        const parent = w.findMessage(ch.id, threadTs);
        threadTs = parent ? (parent.threadTs ?? parent.ts) : undefined;
      }
      const m = w.addMessage(ch.id, {
        user: bot,
        botId: w.botId,
        subtype: threadTs && bool(args.reply_broadcast) ? 'thread_broadcast' : undefined,
        text: c.text,
        blocks: c.blocks,
        attachments: c.attachments,
        metadata: args.metadata,
        threadTs,
      });
      return withWarning({ channel: ch.id, ts: m.ts, message: w.messageJson(ch.id, m) }, c.warning);
    },

    'chat.update': (args) => {
      const ch = channel(args);
      const ts = required(args, 'ts');
      const m = message(ch, ts);
      if (m.user !== bot) throw new ApiError('cant_update_message');
      active(ch);
      const c = messageContent(args, false);
      if (args.text !== undefined) m.text = c.text;
      if (args.blocks !== undefined) m.blocks = c.blocks;
      if (args.attachments !== undefined) m.attachments = c.attachments;
      m.edited = { user: bot, ts: w.nextTs() };
      return withWarning({ channel: ch.id, ts: m.ts, text: m.text, message: w.messageJson(ch.id, m) }, c.warning);
    },

    'chat.delete': (args) => {
      const ch = channel(args);
      const ts = required(args, 'ts');
      const m = message(ch, ts);
      if (m.user !== bot) throw new ApiError('cant_delete_message');
      w.removeMessage(ch.id, ts);
      return { channel: ch.id, ts };
    },

    'chat.postEphemeral': (args) => {
      const ch = channel(args, 'channel', true);
      const user = required(args, 'user');
      active(ch);
      member(ch);
      if (!ch.members.has(user)) throw new ApiError('user_not_in_channel');
      const c = messageContent(args, true);
      const ts = w.nextTs();
      w.ephemerals.push({ channel: ch.id, user, text: c.text, blocks: c.blocks, ts, via: 'api' });
      return { message_ts: ts };
    },

    'chat.getPermalink': (args) => {
      const ch = channel(args);
      const m = message(ch, str(args.message_ts));
      return { channel: ch.id, permalink: w.permalink(ch.id, m) };
    },

    // ---------------- pins, reactions, bookmarks ----------------

    'pins.add': (args) => {
      const ch = channel(args);
      member(ch);
      const m = message(ch, str(args.timestamp));
      if (m.pinned) throw new ApiError('already_pinned');
      if (w.messageList(ch.id).filter((x) => x.pinned).length >= API_LIMITS.pinsPerChannel) throw new ApiError('too_many_pins');
      m.pinned = true;
      m.pinnedBy = bot;
      m.pinnedAt = Math.floor(Date.now() / 1000);
      return {};
    },

    'pins.remove': (args) => {
      const ch = channel(args);
      member(ch);
      const m = message(ch, str(args.timestamp));
      if (!m.pinned) throw new ApiError('no_pin');
      m.pinned = false;
      m.pinnedBy = undefined;
      m.pinnedAt = undefined;
      return {};
    },

    'pins.list': (args) => {
      const ch = channel(args);
      const items = w
        .messageList(ch.id)
        .filter((m) => m.pinned)
        .map((m) => ({
          type: 'message',
          created: m.pinnedAt,
          created_by: m.pinnedBy,
          channel: ch.id,
          message: { ...w.messageJson(ch.id, m), permalink: w.permalink(ch.id, m) },
        }));
      return { items };
    },

    'reactions.add': (args) => {
      const ch = channel(args);
      const name = reactionName(required(args, 'name'));
      const m = message(ch, str(args.timestamp));
      const users = m.reactions.get(name) ?? new Set<string>();
      if (users.has(bot)) throw new ApiError('already_reacted');
      users.add(bot);
      m.reactions.set(name, users);
      return {};
    },

    'reactions.remove': (args) => {
      const ch = channel(args);
      const name = reactionName(required(args, 'name'));
      const m = message(ch, str(args.timestamp));
      const users = m.reactions.get(name);
      if (!users?.has(bot)) throw new ApiError('no_reaction');
      users.delete(bot);
      if (users.size === 0) m.reactions.delete(name);
      return {};
    },

    'reactions.get': (args) => {
      const ch = channel(args);
      const m = message(ch, str(args.timestamp));
      return { type: 'message', channel: ch.id, message: w.messageJson(ch.id, m) };
    },

    'bookmarks.add': (args) => {
      const ch = channel(args, 'channel_id');
      const title = required(args, 'title');
      const type = required(args, 'type');
      if (type !== 'link') throw new ApiError('invalid_bookmark_type');
      const link = str(args.link) ?? '';
      if (!/^https?:\/\/\S+$/.test(link)) throw new ApiError('invalid_link');
      active(ch);
      member(ch);
      if (ch.bookmarks.length >= API_LIMITS.bookmarksPerChannel) throw new ApiError('too_many_bookmarks');
      const bm = { id: w.newId('Bk'), channelId: ch.id, title, type, link, emoji: str(args.emoji), created: Math.floor(Date.now() / 1000) };
      ch.bookmarks.push(bm);
      return { bookmark: bookmarkJson(bm) };
    },

    'bookmarks.list': (args) => {
      const ch = channel(args, 'channel_id');
      return { bookmarks: ch.bookmarks.map(bookmarkJson) };
    },

    // ---------------- views ----------------

    'views.open': (args) => {
      const t = checkTrigger(args);
      const view = viewArg(args, 'modal');
      w.triggers.get(t.id)!.used = true;
      for (const old of w.modalStacks.get(t.user) ?? []) closeView(old);
      const v = storeView(view, t.user, 'modal', 0);
      w.modalStacks.set(t.user, [v.id]);
      return { view: w.viewJson(v) };
    },

    'views.push': (args) => {
      const t = checkTrigger(args);
      const view = viewArg(args, 'modal');
      const stack = w.modalStacks.get(t.user) ?? [];
      if (stack.length >= API_LIMITS.modalStackDepth) throw new ApiError('push_limit_reached');
      w.triggers.get(t.id)!.used = true;
      const top = stack[stack.length - 1];
      const root = stack[0];
      const v = storeView(view, t.user, 'modal', stack.length, root, top);
      w.modalStacks.set(t.user, [...stack, v.id]);
      return { view: w.viewJson(v) };
    },

    'views.update': (args) => {
      const v = findView(args);
      const hash = str(args.hash);
      if (hash && hash !== v.hash) throw new ApiError('hash_conflict');
      const view = viewArg(args, v.type);
      v.view = { ...view, blocks: fillGeneratedIds(view.blocks) };
      v.externalId = str(view.external_id) ?? v.externalId;
      v.hash = newHash();
      return { view: w.viewJson(v) };
    },

    'views.publish': (args) => {
      const user = userArg(args, 'user_id');
      const view = viewArg(args, 'home');
      const existing = [...w.views.values()].find((x) => x.type === 'home' && x.user === user);
      const hash = str(args.hash);
      if (existing && hash && hash !== existing.hash) throw new ApiError('hash_conflict');
      if (existing) {
        existing.view = { ...view, blocks: fillGeneratedIds(view.blocks) };
        existing.hash = newHash();
        return { view: w.viewJson(existing) };
      }
      const v = storeView(view, user, 'home', -1);
      return { view: w.viewJson(v) };
    },

    // ---------------- users ----------------

    'users.info': (args) => {
      const id = userArg(args);
      return { user: w.userJson(w.users.get(id)!) };
    },

    'users.lookupByEmail': (args) => {
      const email = required(args, 'email').toLowerCase();
      for (const u of w.users.values()) {
        if (!u.isBot && (u.email ?? `${u.name}@acme.example`).toLowerCase() === email && !u.deleted) return { user: w.userJson(u) };
      }
      throw new ApiError('users_not_found');
    },

    'users.list': (args) => {
      const { page, next } = offsetPage([...w.users.values()], args, API_LIMITS.defaultPageSize, API_LIMITS.listMaxLimit);
      return { members: page.map((u) => w.userJson(u)), cache_ts: Math.floor(Date.now() / 1000), response_metadata: { next_cursor: next } };
    },

    // ---------------- files ----------------

    'files.getUploadURLExternal': (args) => {
      const filename = required(args, 'filename');
      const length = int(args.length, -1);
      if (length < 0) throw new ApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: length'] } });
      const id = w.newId('F');
      w.pendingUploads.set(id, { id, filename, length });
      return { upload_url: `${host.baseUrl()}/upload/v1/${id}`, file_id: id };
    },

    'files.completeUploadExternal': (args) => {
      const files = args.files;
      if (!Array.isArray(files) || files.length === 0) {
        throw new ApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: files'] } });
      }
      let ch: SimChannel | undefined;
      const channelArg = str(args.channel_id) ?? str(args.channels);
      if (channelArg) {
        ch = channel({ channel: channelArg.split(',')[0] });
        active(ch);
        member(ch);
      }
      const pending = files.map((f: any) => {
        const p = w.pendingUploads.get(String(f?.id));
        if (!p || !p.bytes) throw new ApiError('file_not_found');
        return { p, title: str(f.title) ?? p.filename };
      });
      const initialComment = str(args.initial_comment);
      let threadTs = str(args.thread_ts);
      if (threadTs && ch && !w.findMessage(ch.id, threadTs)) threadTs = undefined;
      const created = pending.map(({ p, title }) => {
        w.pendingUploads.delete(p.id);
        const f = {
          id: p.id,
          name: p.filename,
          title,
          content: p.bytes!.toString('utf8'),
          bytes: p.bytes!,
          channels: ch ? [ch.id] : [],
          initialComment,
          threadTs,
          user: bot,
          created: Math.floor(Date.now() / 1000),
          url: `${host.baseUrl()}/files/${p.id}/${encodeURIComponent(p.filename)}`,
        };
        w.files.push(f);
        return f;
      });
      if (ch) {
        w.addMessage(ch.id, {
          user: bot,
          botId: w.botId,
          text: initialComment ?? '',
          blocks: Array.isArray(args.blocks) ? fillGeneratedIds(args.blocks) : undefined,
          threadTs,
          files: created.map((f) => ({ id: f.id, name: f.name, title: f.title, url: f.url })),
        });
      }
      return { files: created.map((f) => w.fileJson(f)) };
    },

    'files.info': (args) => {
      const id = required(args, 'file');
      const f = w.files.find((x) => x.id === id);
      if (!f) throw new ApiError('file_not_found');
      return { file: w.fileJson(f), content: f.content };
    },
  };

  function closeView(id: string): void {
    const v = w.views.get(id);
    if (v) {
      v.open = false;
      v.stackPosition = -1;
    }
  }

  return api;
}

function reactionName(raw: string): string {
  const name = raw.replace(/^:|:$/g, '');
  if (!/^[a-z0-9_+'-]+(::skin-tone-\d)?$/.test(name)) throw new ApiError('invalid_name');
  return name;
}

function bookmarkJson(b: { id: string; channelId: string; title: string; type: string; link: string; emoji?: string; created: number }): Result {
  return {
    id: b.id,
    channel_id: b.channelId,
    title: b.title,
    link: b.link,
    emoji: b.emoji ?? '',
    type: b.type,
    date_created: b.created,
    date_updated: 0,
    rank: 'U',
  };
}

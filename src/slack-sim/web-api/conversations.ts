import { API_LIMITS, CHANNEL_NAME_ALLOWED, CHANNEL_NAME_ONLY_PUNCTUATION } from '../limits';
import type { SimChannel, SimMessage } from '../types';
import { ApiError, bool, decodeCursor, encodeCursor, int, offsetPage, required, str, tsMicros, type ApiHost, type ApiTools, type Args, type Handler, type Result } from './common';

/** conversations.*: the channel life cycle, membership, topic and purpose, and reading history. */
export function conversationsApi(host: ApiHost, t: ApiTools): Record<string, Handler> {
  const { w, bot, channel, member, active } = t;

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

  return {
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
      host.membersJoined(ch, fresh, bot);
      return bad.length > 0 ? { channel: w.channelJson(ch), errors } : { channel: w.channelJson(ch) };
    },

    'conversations.setTopic': setText('topic'),
    'conversations.setPurpose': setText('purpose'),

    'conversations.list': (args) => {
      const types = new Set((str(args.types) ?? 'public_channel').split(',').map((x) => x.trim()));
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

    /**
     * Newest first. `oldest`/`latest` bound the range (exclusive unless `inclusive`), `limit` caps
     * a page (default 100, at most 999), and `cursor` continues below the last message returned.
     */
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
          const ts = tsMicros(m.ts);
          const afterOldest = inclusive ? ts >= oldest : ts > oldest;
          const beforeLatest = inclusive ? ts <= latest : ts < latest;
          return afterOldest && beforeLatest && ts < beforeMicros;
        })
        .reverse();
      let limit = int(args.limit, API_LIMITS.defaultPageSize);
      if (limit <= 0) limit = API_LIMITS.defaultPageSize;
      limit = Math.min(limit, API_LIMITS.historyMaxLimit);
      const page = matching.slice(0, limit);
      const hasMore = matching.length > limit;
      const last = page[page.length - 1];
      return {
        messages: page.map((m) => w.messageJson(ch.id, m, bool(args.include_all_metadata))),
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
      const root = parent.threadTs && parent.threadTs !== parent.ts ? (w.findMessage(ch.id, parent.threadTs) ?? parent) : parent;
      const all = [root, ...w.replies(ch.id, root.ts)];
      const { page, next } = offsetPage(all, args, 1000, 1000);
      return {
        messages: page.map((m) => w.messageJson(ch.id, m, bool(args.include_all_metadata))),
        has_more: next !== '',
        response_metadata: { next_cursor: next },
      };
    },

    'conversations.archive': (args) => {
      const ch = channel(args);
      if (ch.archived) throw new ApiError('already_archived');
      member(ch);
      if (ch.isIm) throw new ApiError('method_not_supported_for_channel_type');
      ch.archived = true;
      return {};
    },

    /** Members of a channel the bot is in (private incidents are shown in full only to them). */
    'conversations.members': (args) => {
      const ch = channel(args);
      member(ch);
      const { page, next } = offsetPage([...ch.members], args, API_LIMITS.defaultPageSize, API_LIMITS.listMaxLimit);
      return { members: page, response_metadata: { next_cursor: next } };
    },

    /** The bot's DM with one user (the bot posts there, and reads it back to find its own posts). */
    'conversations.open': (args) => {
      const users = (str(args.users) ?? '').split(',').map((u) => u.trim()).filter(Boolean);
      if (users.length === 0) throw new ApiError('users_list_not_supplied');
      if (users.length > 1) throw new ApiError('not_enough_users');
      const u = w.users.get(users[0]!);
      if (!u || u.deleted) throw new ApiError('user_not_found');
      if (u.isBot) throw new ApiError('cannot_dm_bot');
      if (!host.messagesTabEnabled) throw new ApiError('messages_tab_disabled');
      return { channel: { id: w.openIm(u.id).id } };
    },

    'conversations.join': (args) => {
      const ch = channel(args);
      if (ch.isPrivate) throw new ApiError('method_not_supported_for_channel_type');
      active(ch);
      const already = ch.members.has(bot);
      ch.members.add(bot);
      const res: Result = { channel: w.channelJson(ch) };
      if (already) return { ...res, warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } };
      host.membersJoined(ch, [bot], undefined);
      return res;
    },
  };
}

import { API_LIMITS } from '../limits';
import { ApiError, bool, required, str, type ApiHost, type ApiTools, type Handler } from './common';

/** chat.*, pins.* and reactions.*: posting, updating and marking messages. */
export function chatApi(host: ApiHost, t: ApiTools): Record<string, Handler> {
  const { w, bot, channel, member, active, message, messageContent, withWarning } = t;

  return {
    'chat.postMessage': (args) => {
      const ch = channel(args, 'channel', true);
      // A DM from an app lands in its Messages tab; with the tab off, the workspace refuses it.
      if (ch.isIm && !host.messagesTabEnabled) throw new ApiError('messages_tab_disabled');
      active(ch);
      member(ch);
      const c = messageContent(args, true);
      checkMetadata(args.metadata);
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
  };
}

function reactionName(raw: string): string {
  const name = raw.replace(/^:|:$/g, '');
  if (!/^[a-z0-9_+'-]+(::skin-tone-\d)?$/.test(name)) throw new ApiError('invalid_name');
  return name;
}

/** Slack's message metadata: an `event_type` name and an `event_payload` object, else `invalid_metadata_format`. */
function checkMetadata(metadata: unknown): void {
  if (metadata === undefined) return;
  const m = metadata as { event_type?: unknown; event_payload?: unknown };
  const ok =
    typeof m === 'object' &&
    m !== null &&
    typeof m.event_type === 'string' &&
    /^[a-zA-Z0-9_]{1,255}$/.test(m.event_type) &&
    typeof m.event_payload === 'object' &&
    m.event_payload !== null &&
    !Array.isArray(m.event_payload);
  if (!ok) throw new ApiError('invalid_metadata_format');
}

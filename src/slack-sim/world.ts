import { randomBytes } from 'node:crypto';
import type { SimChannel, SimEphemeral, SimFile, SimMessage, SimUser, SimView } from './types';

export const DEFAULT_USERS: SimUser[] = [
  { id: 'U_ALICE', name: 'alice', realName: 'Alice Archer' },
  { id: 'U_BOB', name: 'bob', realName: 'Bob Baker' },
  { id: 'U_CAROL', name: 'carol', realName: 'Carol Chen' },
  { id: 'U_DAVE', name: 'dave', realName: 'Dave Diaz' },
  // Another app's bot user: people can pick it wherever Slack offers users.
  { id: 'U_DEPLOYBOT', name: 'deploybot', realName: 'Deploy Bot', isBot: true, botId: 'B_DEPLOY' },
];

export interface TriggerRecord {
  user: string;
  issuedAt: number;
  used: boolean;
}

export interface ResponseUrlRecord {
  id: string;
  channel: string;
  user: string;
  issuedAt: number;
  uses: number;
  /** The message an interaction came from, so replace_original/delete_original know what to touch. */
  source?: { channel: string; ts: string };
}

export interface PendingUpload {
  id: string;
  filename: string;
  length: number;
  bytes?: Buffer;
}

/** Everything Slack would remember, independent of transport. */
export class SimWorld {
  readonly teamDomain = 'acme';
  readonly teamName = 'Acme';
  readonly appId = 'A1';
  readonly users = new Map<string, SimUser>();
  readonly channels = new Map<string, SimChannel>();
  readonly msgs = new Map<string, SimMessage[]>();
  readonly ephemerals: SimEphemeral[] = [];
  readonly views = new Map<string, SimView>();
  readonly viewOrder: string[] = [];
  readonly modalStacks = new Map<string, string[]>();
  readonly files: SimFile[] = [];
  readonly pendingUploads = new Map<string, PendingUpload>();
  readonly triggers = new Map<string, TriggerRecord>();
  readonly responseUrls = new Map<string, ResponseUrlRecord>();
  private counters = new Map<string, number>();
  private lastTsMicros = 0;

  constructor(
    readonly teamId: string,
    readonly botUserId: string,
    readonly botId: string,
    users: SimUser[],
    /** Wall-clock source for message timestamps (ms); a demo may run it ahead of real time. */
    private readonly clock: () => number = Date.now,
    private readonly idFloor = 0,
  ) {
    // Copies, so one sim deactivating a default user does not leak into the next.
    for (const u of users) this.addUser({ ...u });
    if (!this.users.has(botUserId)) this.addUser({ id: botUserId, name: 'incident-bot', realName: 'Incident Bot', isBot: true });
  }

  addUser(u: SimUser): void {
    this.users.set(u.id, u);
  }

  newId(prefix: string): string {
    const n = (this.counters.get(prefix) ?? this.idFloor) + 1;
    this.counters.set(prefix, n);
    return `${prefix}${String(n).padStart(8, '0')}`;
  }

  /** Strictly increasing message timestamps with microsecond digits, as Slack's are. */
  nextTs(): string {
    const now = this.clock() * 1000;
    this.lastTsMicros = Math.max(now, this.lastTsMicros + 1);
    const sec = Math.floor(this.lastTsMicros / 1e6);
    const micro = this.lastTsMicros % 1e6;
    return `${sec}.${String(micro).padStart(6, '0')}`;
  }

  issueTrigger(user: string): string {
    const id = `${Date.now()}${Math.floor(Math.random() * 1000)}.${this.teamId}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { user, issuedAt: Date.now(), used: false });
    return id;
  }

  issueResponseUrl(channel: string, user: string, source?: { channel: string; ts: string }): ResponseUrlRecord {
    const id = `${this.teamId}-${randomBytes(8).toString('hex')}`;
    const rec: ResponseUrlRecord = { id, channel, user, issuedAt: Date.now(), uses: 0, source };
    this.responseUrls.set(id, rec);
    return rec;
  }

  createChannel(p: { name: string; isPrivate: boolean; creator: string; members: string[] }): SimChannel {
    const ch: SimChannel = {
      id: this.newId('C'),
      name: p.name,
      isPrivate: p.isPrivate,
      isIm: false,
      creator: p.creator,
      topic: '',
      purpose: '',
      members: new Set(p.members),
      archived: false,
      created: Math.floor(Date.now() / 1000),
    };
    this.channels.set(ch.id, ch);
    this.msgs.set(ch.id, []);
    return ch;
  }

  openIm(user: string): SimChannel {
    for (const ch of this.channels.values()) if (ch.isIm && ch.imUser === user) return ch;
    const ch: SimChannel = {
      id: this.newId('D'),
      name: user,
      isPrivate: true,
      isIm: true,
      imUser: user,
      creator: user,
      topic: '',
      purpose: '',
      members: new Set([user, this.botUserId]),
      archived: false,
      created: Math.floor(Date.now() / 1000),
    };
    this.channels.set(ch.id, ch);
    this.msgs.set(ch.id, []);
    return ch;
  }

  channelByName(name: string): SimChannel | undefined {
    const n = name.replace(/^#/, '');
    for (const ch of this.channels.values()) if (!ch.isIm && ch.name === n) return ch;
    return undefined;
  }

  messageList(channelId: string): SimMessage[] {
    let list = this.msgs.get(channelId);
    if (!list) {
      list = [];
      this.msgs.set(channelId, list);
    }
    return list;
  }

  findMessage(channelId: string, ts: string): SimMessage | undefined {
    return this.msgs.get(channelId)?.find((m) => m.ts === ts);
  }

  addMessage(channelId: string, m: Omit<SimMessage, 'ts' | 'pinned' | 'reactions'> & { ts?: string }): SimMessage {
    const msg: SimMessage = { pinned: false, reactions: new Map(), ...m, ts: m.ts ?? this.nextTs() };
    this.messageList(channelId).push(msg);
    return msg;
  }

  removeMessage(channelId: string, ts: string): SimMessage | undefined {
    const list = this.messageList(channelId);
    const i = list.findIndex((m) => m.ts === ts);
    if (i < 0) return undefined;
    const [m] = list.splice(i, 1);
    return m;
  }

  replies(channelId: string, parentTs: string): SimMessage[] {
    return this.messageList(channelId).filter((m) => m.threadTs === parentTs && m.ts !== parentTs);
  }

  channelType(ch: SimChannel): 'channel' | 'group' | 'im' {
    return ch.isIm ? 'im' : ch.isPrivate ? 'group' : 'channel';
  }

  permalink(channelId: string, m: SimMessage): string {
    const base = `https://${this.teamDomain}.slack.com/archives/${channelId}/p${m.ts.replace('.', '')}`;
    return m.threadTs && m.threadTs !== m.ts ? `${base}?thread_ts=${m.threadTs}&cid=${channelId}` : base;
  }

  // ---- JSON as the Web API and event payloads show it ----

  userJson(u: SimUser): Record<string, unknown> {
    const email = u.email ?? `${u.name}@acme.example`;
    const realName = u.realName ?? u.name;
    return {
      id: u.id,
      team_id: this.teamId,
      name: u.name,
      deleted: Boolean(u.deleted),
      real_name: realName,
      tz: u.tz ?? 'UTC',
      tz_label: u.tz ?? 'Coordinated Universal Time',
      tz_offset: 0,
      is_bot: Boolean(u.isBot),
      is_app_user: false,
      is_admin: false,
      is_restricted: false,
      updated: 1700000000,
      profile: {
        real_name: realName,
        real_name_normalized: realName,
        display_name: u.name,
        display_name_normalized: u.name,
        email: u.isBot ? undefined : email,
        image_72: `https://avatars.acme.example/${u.id}_72.png`,
        team: this.teamId,
        ...(u.isBot ? { bot_id: u.botId ?? this.botId } : {}),
      },
    };
  }

  channelJson(ch: SimChannel, viewer = this.botUserId): Record<string, unknown> {
    if (ch.isIm) {
      return {
        id: ch.id,
        created: ch.created,
        is_im: true,
        is_org_shared: false,
        user: ch.imUser,
        is_user_deleted: Boolean(ch.imUser && this.users.get(ch.imUser)?.deleted),
        priority: 0,
      };
    }
    return {
      id: ch.id,
      name: ch.name,
      name_normalized: ch.name,
      is_channel: !ch.isPrivate,
      is_group: ch.isPrivate,
      is_im: false,
      is_mpim: false,
      is_private: ch.isPrivate,
      is_archived: ch.archived,
      is_general: false,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      is_member: ch.members.has(viewer),
      created: ch.created,
      creator: ch.creator,
      unlinked: 0,
      topic: { value: ch.topic, creator: ch.topic ? this.botUserId : '', last_set: 0 },
      purpose: { value: ch.purpose, creator: ch.purpose ? this.botUserId : '', last_set: 0 },
      num_members: ch.members.size,
      context_team_id: this.teamId,
    };
  }

  fileJson(f: SimFile): Record<string, unknown> {
    const ext = f.name.includes('.') ? f.name.split('.').pop()!.toLowerCase() : 'text';
    return {
      id: f.id,
      created: f.created,
      timestamp: f.created,
      name: f.name,
      title: f.title,
      mimetype: mimeFor(ext),
      filetype: ext,
      pretty_type: ext.toUpperCase(),
      user: f.user,
      size: f.bytes.length,
      mode: 'hosted',
      is_external: false,
      is_public: true,
      url_private: f.url,
      url_private_download: `${f.url}?download=1`,
      permalink: `https://${this.teamDomain}.slack.com/files/${f.user}/${f.id}/${f.name}`,
      channels: f.channels,
      groups: [],
      ims: [],
      initial_comment: f.initialComment ? { comment: f.initialComment } : undefined,
    };
  }

  fileRefJson(ref: { id: string; name: string; title?: string; url?: string }, user: string | undefined): Record<string, unknown> {
    const stored = this.files.find((f) => f.id === ref.id);
    if (stored) return this.fileJson(stored);
    const ext = ref.name.includes('.') ? ref.name.split('.').pop()!.toLowerCase() : 'text';
    return {
      id: ref.id,
      name: ref.name,
      title: ref.title ?? ref.name,
      mimetype: mimeFor(ext),
      filetype: ext,
      user,
      url_private: ref.url,
      url_private_download: ref.url,
    };
  }

  /** `withMetadata`: Slack only returns message metadata to readers that ask (`include_all_metadata`). */
  messageJson(channelId: string, m: SimMessage, withMetadata = true): Record<string, unknown> {
    const out: Record<string, unknown> = { type: 'message', ts: m.ts, text: m.text, team: this.teamId };
    if (m.subtype) out.subtype = m.subtype;
    if (m.user) out.user = m.user;
    if (m.botId) {
      out.bot_id = m.botId;
      out.app_id = this.appId;
      out.bot_profile = { id: m.botId, app_id: this.appId, name: 'incident-bot', deleted: false, team_id: this.teamId };
    }
    if (m.blocks) out.blocks = m.blocks;
    if (m.attachments) out.attachments = m.attachments;
    if (m.metadata && withMetadata) out.metadata = m.metadata;
    if (m.files) {
      out.files = m.files.map((f) => this.fileRefJson(f, m.user));
      out.upload = true;
    }
    if (m.edited) out.edited = { ...m.edited };
    if (m.threadTs) {
      out.thread_ts = m.threadTs;
      if (m.threadTs !== m.ts) {
        const parent = this.findMessage(channelId, m.threadTs);
        if (parent?.user) out.parent_user_id = parent.user;
      }
    }
    const replies = this.replies(channelId, m.ts);
    if (replies.length > 0) {
      out.thread_ts = m.ts;
      out.reply_count = replies.length;
      out.reply_users = [...new Set(replies.map((r) => r.user).filter(Boolean))];
      out.reply_users_count = (out.reply_users as string[]).length;
      out.latest_reply = replies[replies.length - 1]!.ts;
    }
    if (m.pinned) out.pinned_to = [channelId];
    if (m.reactions.size > 0) {
      out.reactions = [...m.reactions.entries()]
        .filter(([, users]) => users.size > 0)
        .map(([name, users]) => ({ name, users: [...users], count: users.size }));
    }
    return out;
  }

  viewJson(v: SimView): Record<string, unknown> {
    return {
      ...v.view,
      id: v.id,
      team_id: this.teamId,
      type: v.type,
      private_metadata: (v.view.private_metadata as string | undefined) ?? '',
      callback_id: (v.view.callback_id as string | undefined) ?? '',
      state: { values: {} },
      hash: v.hash,
      clear_on_close: Boolean(v.view.clear_on_close),
      notify_on_close: Boolean(v.view.notify_on_close),
      root_view_id: v.rootViewId,
      previous_view_id: v.previousViewId,
      app_id: this.appId,
      external_id: v.externalId ?? '',
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
    };
  }
}

function mimeFor(ext: string): string {
  const map: Record<string, string> = {
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    md: 'text/markdown',
    txt: 'text/plain',
    json: 'application/json',
    pdf: 'application/pdf',
    csv: 'text/csv',
  };
  return map[ext] ?? 'text/plain';
}

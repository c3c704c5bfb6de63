import { validateMessageBlocks, validateView } from '../block-kit';
import { API_LIMITS } from '../limits';
import type { SimChannel, SimMessage } from '../types';
import { fillGeneratedIds } from '../view-state';
import type { SimWorld } from '../world';

export type Args = Record<string, unknown>;
export type Result = Record<string, unknown>;
export type Handler = (args: Args, token: 'bot' | 'app') => Result;

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

/** What the Web API needs from the rest of the sim. */
export interface ApiHost {
  world: SimWorld;
  baseUrl: () => string;
  triggerTtlMs: number;
  /** Issues a one-time Socket Mode URL (apps.connections.open). */
  socketUrl: () => string;
  /** Whether the app's Messages tab is on (manifest `features.app_home.messages_tab_enabled`); DMs need it. */
  messagesTabEnabled: boolean;
  /** Whether the app's Home tab is on (manifest `features.app_home.home_tab_enabled`); views.publish needs it. */
  homeTabEnabled: boolean;
  /** People joined a channel through the API (invite, join): Slack then tells the app in the channel. */
  membersJoined: (channel: SimChannel, users: string[], inviter: string | undefined) => void;
}

// ---- argument coercion: form bodies carry strings, JSON bodies carry native values ----

export const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
export const bool = (v: unknown): boolean => v === true || v === 'true' || v === '1' || v === 1;
export function int(v: unknown, def: number): number {
  if (v === undefined || v === null || v === '') return def;
  const x = Number(v);
  return Number.isFinite(x) ? Math.trunc(x) : def;
}
export function required(args: Args, key: string): string {
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

export function encodeCursor(s: string): string {
  return Buffer.from(s).toString('base64');
}
export function decodeCursor(c: unknown, prefix: string): string | undefined {
  if (c === undefined || c === '') return undefined;
  const raw = Buffer.from(String(c), 'base64').toString('utf8');
  if (!raw.startsWith(prefix)) throw new ApiError('invalid_cursor');
  return raw.slice(prefix.length);
}

export function offsetPage<T>(items: T[], args: Args, def: number, max: number): { page: T[]; next: string } {
  const start = int(decodeCursor(args.cursor, 'next:'), 0);
  let limit = int(args.limit, def);
  if (limit <= 0) limit = def;
  limit = Math.min(limit, max);
  const page = items.slice(start, start + limit);
  const next = start + limit < items.length ? encodeCursor(`next:${start + limit}`) : '';
  return { page, next };
}

/** The lookups and checks every method family shares, bound to one world. */
export function apiTools(host: ApiHost) {
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

  function userArg(args: Args, key = 'user'): string {
    const u = required(args, key);
    if (!w.users.has(u)) throw new ApiError('user_not_found');
    return u;
  }

  return { w, bot, channel, member, active, message, messageContent, withWarning, checkTrigger, viewArg, userArg };
}
export type ApiTools = ReturnType<typeof apiTools>;

export interface SimUser {
  id: string;
  name: string;
  realName?: string;
  deleted?: boolean;
  isBot?: boolean;
  /** A bot user's bot id (`B…`); other apps' bots have their own. Defaults to the sim's bot id for the app's user. */
  botId?: string;
  /** Defaults to `<name>@acme.example` (users.info profile). */
  email?: string;
  /** IANA zone reported by users.info; defaults to 'UTC'. */
  tz?: string;
}

export interface SlackSimOptions {
  signingSecret: string;
  botToken: string;
  appToken?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  users?: SimUser[];
  triggerTtlMs?: number;
  /** How long the sim waits for the bot to answer a request (Slack gives up after 3 s). */
  ackTimeoutMs?: number;
  port?: number;
  log?: (line: string) => void;
  /**
   * Source of message timestamps (ms since the epoch), default `Date.now`. Signing, trigger and
   * response_url expiry always use real time, as Slack's checks do.
   */
  clock?: () => number;
  /**
   * The app manifest the workspace applies (Messages tab, should_escape); default the project's
   * manifest.yml. Point it at another file to see how Slack treats a different manifest.
   */
  manifestPath?: string;
  /**
   * Ids the sim hands out (`C…`, `D…`, `V…`, `F…`) are numbered above this, so a Slack started
   * afresh never reuses an id a kept database already holds (`npm run slack:local -- --keep`).
   */
  idFloor?: number;
  /**
   * Slack's automatic retries of an Events API delivery that got no 2xx (timeout, connection
   * refused, an error status): the delay before each retry, in ms. Real Slack retries three times,
   * at once, after 1 minute and after 5 minutes; tests shorten that. Default: no retries.
   */
  eventRetries?: number[];
  /**
   * Slack's per-method rate limits, off unless given: at most `perMinute[method]` calls of a
   * method in any window of `minuteMs` (default 60 s; the benchmark shortens the minute to replay
   * an hour of catch-up in a minute). A call over the limit answers HTTP 429 `ratelimited` with
   * `Retry-After` (whole seconds, at least 1) until the oldest call of the window leaves it.
   */
  rateLimits?: { perMinute: Record<string, number>; minuteMs?: number };
}

/** One attempt to deliver an Events API envelope (first delivery and Slack's retries). */
export interface EventDelivery {
  eventId: string;
  /** 0 for the first delivery, then X-Slack-Retry-Num. */
  attempt: number;
  status: number;
  error?: string;
  at: number;
}

export interface SimChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  /** Direct-message channel opened by conversations.open ('D…'). */
  isIm: boolean;
  /** For a DM: the human on the other side. */
  imUser?: string;
  creator: string;
  topic: string;
  purpose: string;
  members: Set<string>;
  archived: boolean;
  created: number;
}

export interface SimFileRef {
  id: string;
  name: string;
  title?: string;
  url?: string;
}

export interface SimMessage {
  ts: string;
  user?: string;
  botId?: string;
  subtype?: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: unknown;
  threadTs?: string;
  files?: SimFileRef[];
  edited?: { user: string; ts: string };
  pinned: boolean;
  pinnedBy?: string;
  pinnedAt?: number;
  reactions: Map<string, Set<string>>;
  ephemeralTo?: string;
}

export interface SimEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  /** Identifier Slack hands back as `message_ts`; ephemerals are never in history. */
  ts: string;
  /** 'api' for chat.postEphemeral, 'response_url' or 'ack' for command answers. */
  via: 'api' | 'response_url' | 'ack';
}

export interface SimView {
  id: string;
  /** The view JSON as Slack stores it (block_id/action_id filled in when the app left them out). */
  view: Record<string, unknown>;
  user: string;
  type: 'modal' | 'home';
  /** 0 = root of the user's modal stack; -1 once closed or for home tabs. */
  stackPosition: number;
  hash: string;
  open: boolean;
  rootViewId: string;
  previousViewId: string | null;
  externalId?: string;
}

export interface SimFile {
  id: string;
  name: string;
  title: string;
  content: string;
  bytes: Buffer;
  channels: string[];
  initialComment?: string;
  threadTs?: string;
  user: string;
  created: number;
  url: string;
}

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  status: number;
  response: unknown;
  at: number;
}

export interface ResponseUrlPost {
  id: string;
  body: unknown;
  at: number;
}

export interface BotAnswer {
  /** HTTP status of the bot's answer; 0 when it did not answer within the ack timeout. */
  status: number;
  /** Parsed JSON, raw text, or null for an empty answer. */
  body: any;
  headers: Record<string, string>;
  /** 'timeout' or the network error, when status is 0. */
  error?: string;
  /** The envelope's `event_id`, for an Events API delivery. */
  eventId?: string;
}

export interface FailureSpec {
  error?: string;
  status?: number;
  retryAfter?: number;
  times?: number;
  when?: (args: Record<string, unknown>) => boolean;
  networkError?: boolean;
  /**
   * The call hangs until this settles, then is answered normally (or with the failure given
   * alongside): a slow Slack, for killing the bot while it waits.
   */
  hold?: Promise<unknown>;
}

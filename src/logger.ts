import pino from 'pino';
import type { LogFormat, LogLevel } from './config';

export type { LogFormat } from './config';

/**
 * The logging interface the rest of the code uses: one line per event, an event name and a few
 * ids and codes (`logger.info('incident.declared', { inc: 'INC-7', by: 'U1' })`). Never user
 * text: titles, summaries, notes and message text stay in the database and in Slack.
 */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level: LogLevel;
  /** `json` (one JSON object a line) or `pretty` (`time level event key=value…`). Default below. */
  format?: LogFormat;
  /** Literal values (signing secret, tokens) to mask wherever they appear. */
  secrets?: string[];
  /** Field names to redact in addition to {@link REDACTION.keys}, at any depth. */
  redactKeys?: string[];
  /** Where lines go (without the trailing newline). Default: stdout. */
  write?: (line: string) => void;
  now?: () => Date;
}

const MASK = '[redacted]';

/**
 * What never reaches a log line, whoever produced it (our code, Bolt, the Web API client).
 * Field names are compared without case, `_` and `-`, at any depth.
 */
export const REDACTION = {
  keys: [
    'response_url',
    'response_urls',
    'trigger_id',
    // Client-supplied; the declaration form keeps the command's response_url in it.
    'private_metadata',
    'token',
    'bot_token',
    'app_token',
    'signing_secret',
    'client_secret',
    'authorization',
    'password',
    'secret',
  ],
  /** Slack tokens: bot, user, app-level, refresh, config… (`xoxb-`, `xoxp-`, `xoxe-`, `xapp-`). */
  token: /x(?:ox[a-z]|app)-[A-Za-z0-9-]+/g,
  /** Incoming-webhook and response URLs: whoever holds one can post into the channel. */
  hooksUrl: /https?:\/\/hooks\.slack(?:-gov)?\.com\/[^\s"'<>)\]}]*/g,
} as const;

/** Fields whose values are library or error messages: scrubbed of quoted text and payloads. */
const MESSAGE_KEYS = new Set(['error', 'err', 'reason', 'detail']);
const MAX_TEXT = 300;
const MAX_DEPTH = 6;

const normalizeKey = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

interface Redactor {
  text(value: string): string;
  value(value: unknown): unknown;
  fields(fields: Record<string, unknown> | undefined): Record<string, unknown>;
}

function createRedactor(secrets: string[], extraKeys: string[]): Redactor {
  const keys = new Set([...REDACTION.keys, ...extraKeys].map(normalizeKey));
  // Short values would mask ordinary words; real secrets are long.
  const literals = secrets.filter((s) => s && s.length >= 6).sort((a, b) => b.length - a.length);
  const text = (value: string): string => {
    let out = value.replace(REDACTION.token, (m) => `${m.slice(0, 5)}…${MASK}`).replace(REDACTION.hooksUrl, `https://hooks.slack.com/${MASK}`);
    for (const secret of literals) out = out.split(secret).join(MASK);
    return out;
  };
  const walk = (value: unknown, key: string | undefined, depth: number, seen: WeakSet<object>): unknown => {
    if (key !== undefined && keys.has(normalizeKey(key)) && value !== undefined && value !== null) return MASK;
    if (value instanceof Error) return text(describeError(value));
    if (typeof value === 'string') return text(key !== undefined && MESSAGE_KEYS.has(key) ? scrubMessage(value) : value);
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
    if (seen.has(value) || depth >= MAX_DEPTH) return '[…]';
    seen.add(value);
    if (Array.isArray(value)) return value.map((v) => walk(v, undefined, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, k, depth + 1, seen);
    return out;
  };
  return {
    text,
    value: (value) => walk(value, undefined, 0, new WeakSet()),
    fields: (fields) => (fields ? (walk(fields, undefined, 0, new WeakSet()) as Record<string, unknown>) : {}),
  };
}

/**
 * Error and library messages can quote what they choke on (`JSON.parse` quotes the input, Bolt
 * appends request bodies), so double-quoted spans and everything from the first `{` are elided.
 * (Backticks stay: describeSlackError puts Slack's error code in them.)
 */
export function scrubMessage(message: string): string {
  const out = message
    .replace(/\{[\s\S]*$/, '{…}')
    .replace(/"[^"\n]*"?/g, '"…"')
    .replace(/\s+/g, ' ')
    .trim();
  return out.length > MAX_TEXT ? `${out.slice(0, MAX_TEXT)}…` : out;
}

/** `Name (code): message` without any user text the message may quote; zod issues as paths and codes. */
export function describeError(error: Error): string {
  const e = error as Error & { code?: unknown; data?: { error?: unknown }; issues?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  let message: string;
  if (Array.isArray(e.issues)) {
    message = (e.issues as { path?: unknown[]; code?: string }[])
      .map((i) => `${(i.path ?? []).map(String).join('.') || '(root)'} ${i.code ?? 'invalid'}`)
      .join('; ');
  } else {
    message = scrubMessage(e.message ?? '');
  }
  const slackCode = typeof e.data?.error === 'string' && !message.includes(e.data.error) ? ` [${e.data.error}]` : '';
  return `${e.name || 'Error'}${code ? ` (${code})` : ''}: ${message}${slackCode}`;
}

/**
 * A one-line summary of a message from Slack's libraries, or undefined when nothing safe is left.
 * Bolt and the Web API client log request and response bodies, acks, WebSocket frames and
 * parse errors with the input (private titles, summaries, `response_url`s); only the leading
 * words — up to the first `: `, ` (`, `, `, `=`, double quote, backtick or brace — are kept, errors are described by
 * {@link describeError}, other objects are dropped.
 */
export function summarizeLibraryLog(args: unknown[]): { detail?: string; error?: string } | undefined {
  let detail: string | undefined;
  let error: string | undefined;
  for (const arg of args) {
    if (arg instanceof Error) error ??= describeError(arg);
    else if (typeof arg === 'string' && detail === undefined) {
      const head = arg.split(/: |\s\(|, |[{["`=\n]/, 1)[0].trim();
      if (head) detail = head.length > 120 ? `${head.slice(0, 120)}…` : head;
    }
  }
  if (detail === undefined && error === undefined) return undefined;
  return { ...(detail !== undefined ? { detail } : {}), ...(error !== undefined ? { error } : {}) };
}

const RESERVED = new Set(['level', 'time', 'event', 'pid', 'hostname']);

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[\w.:/@#+-]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? 'undefined';
}

/** The pretty line for one JSON record: `<time> <level> <event> key=value …`. */
export function prettyLine(record: Record<string, unknown>): string {
  const parts = Object.entries(record)
    .filter(([k, v]) => !RESERVED.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${formatValue(v)}`);
  return [String(record.time), String(record.level), String(record.event), ...parts].join(' ');
}

/** `pretty` for people (a terminal, or a `write` callback such as the tests'), `json` for machines. */
export function defaultLogFormat(options: Pick<LoggerOptions, 'write'> = {}): LogFormat {
  if (options.write) return 'pretty';
  return process.stdout.isTTY ? 'pretty' : 'json';
}

/**
 * pino underneath: JSON lines (`{"level":"info","time":…,"inc":"INC-7",…,"event":"incident.declared"}`)
 * or the same record as one readable line. Pretty printing is a few lines here rather than
 * pino-pretty (a worker-thread transport with a dozen dependencies and multi-line output).
 * Writes are synchronous so nothing is lost when the process exits.
 */
export function createLogger(options: LoggerOptions): Logger {
  const format = options.format ?? defaultLogFormat(options);
  const now = options.now ?? (() => new Date());
  const redactor = createRedactor(options.secrets ?? [], options.redactKeys ?? []);
  const write =
    options.write ??
    (format === 'json' ? undefined : (line: string) => process.stdout.write(`${line}\n`));
  const destination =
    format === 'json'
      ? write
        ? { write: (chunk: string) => write(chunk.replace(/\n$/, '')) }
        : pino.destination({ dest: 1, sync: true })
      : { write: (chunk: string) => write!(prettyLine(JSON.parse(chunk) as Record<string, unknown>)) };

  const root = pino(
    {
      level: options.level,
      messageKey: 'event',
      // pino's default base (pid, hostname) stays in JSON, where several processes may share a sink.
      ...(format === 'json' ? {} : { base: null }),
      timestamp: () => `,"time":"${now().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  const eventName = (event: string) => redactor.text(event.replace(/\s+/g, ' '));

  const wrap = (p: pino.Logger): Logger => {
    const at = (level: LogLevel) => (event: string, fields?: Record<string, unknown>) => {
      if (!p.isLevelEnabled(level)) return;
      p[level](redactor.fields(fields), eventName(event));
    };
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (fields) => wrap(p.child(redactor.fields(fields))),
    };
  };
  return wrap(root);
}

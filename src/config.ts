import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Cron } from 'croner';
import { z } from 'zod';
import { DEFAULT_ACK_TIMEOUT_MS, DEFAULT_CADENCE, parseCadence } from './domain/cadence';
import type { CommsPolicy } from './domain/cadence';
import { parseDuration } from './domain/duration';
import { BUILTIN_REGIMES, NIS2_ENTITIES, parseOrganisationRegimes, type Nis2Entity, type RegimeDef } from './domain/regimes';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

// Every message below names what is wrong, never the value: a token pasted into the wrong
// variable must not be printed by the start-up error (terminals, CI logs, crash reports).
const SLACK_TOKEN = /x(?:ox[a-z]|app)-[A-Za-z0-9-]{6,}/;

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const slackId = (prefix: RegExp, what: string) =>
  optionalString.refine((v) => v === undefined || prefix.test(v), { message: `must be a Slack ${what}` });

const userList = optionalString.transform((v, ctx) => {
  const ids = (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = ids.findIndex((id) => !/^[UW][A-Z0-9_]+$/.test(id));
  if (bad >= 0) {
    ctx.addIssue({
      code: 'custom',
      message: `entry ${bad + 1} of ${ids.length} is not a Slack user id (comma-separated ids like U0123ABC, not @names)`,
    });
  }
  return ids;
});

const emojiName = optionalString.transform((v, ctx) => {
  const name = (v ?? 'pushpin').replace(/^:|:$/g, '');
  if (!/^[a-z0-9_+'-]{1,100}$/.test(name)) {
    ctx.addIssue({ code: 'custom', message: 'must be an emoji name such as pushpin (lower-case letters, digits, _ + - \')' });
  }
  return name;
});

/** A duration such as `30s` or `5m` (at least `minMs`), with a default. */
const duration = (fallback: string, minMs: number) =>
  optionalString.transform((v, ctx) => {
    const ms = parseDuration(v ?? fallback);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: 'must be a duration such as 30s, 5m or 1h' });
      return 0;
    }
    if (ms < minMs) ctx.addIssue({ code: 'custom', message: `must be at least ${minMs / 1000}s` });
    return ms;
  });

const booleanFlag = optionalString.transform((v, ctx) => {
  if (v === undefined) return false;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  ctx.addIssue({ code: 'custom', message: 'must be true or false' });
  return false;
});

const cadence = optionalString.transform((v, ctx) => {
  if (v === undefined) return DEFAULT_CADENCE;
  const parsed = parseCadence(v);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.problem });
  return parsed.ok ? parsed.cadence : DEFAULT_CADENCE;
});

/** Weekdays at 09:00: when owners are reminded of due and overdue corrective actions. */
export const DEFAULT_FOLLOWUP_SCHEDULE = '0 9 * * 1-5';

const cronExpression = optionalString.transform((v, ctx) => {
  const pattern = v ?? DEFAULT_FOLLOWUP_SCHEDULE;
  try {
    new Cron(pattern, { paused: true });
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a cron expression such as "0 9 * * 1-5" (minute hour day month weekday, optional leading seconds)' });
  }
  return pattern;
});

const timeZone = optionalString.transform((v, ctx) => {
  const tz = v ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone such as Europe/Paris or UTC' });
  }
  return tz;
});

const envSchema = z.object({
  SLACK_BOT_TOKEN: z
    .string({ error: 'is required (the bot token, xoxb-…, from your Slack app’s OAuth & Permissions page)' })
    .trim()
    .regex(/^xoxb-/, 'must be a bot token starting with xoxb-'),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: slackId(/^xapp-/, 'app-level token starting with xapp-'),
  SLACK_API_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/.+/.test(v), {
    message: 'must be an http(s) URL such as http://127.0.0.1:4000/api/',
  }),
  PORT: optionalString.transform((v, ctx) => {
    if (v === undefined) return 3000;
    const port = Number(v);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      ctx.addIssue({ code: 'custom', message: 'must be a port number between 0 and 65535' });
    }
    return port;
  }),
  DATABASE_URL: optionalString,
  DATABASE_PATH: optionalString,
  DATABASE_POOL_MAX: optionalString.transform((v, ctx) => {
    if (v === undefined) return 10;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 1000) ctx.addIssue({ code: 'custom', message: 'must be a whole number of connections between 1 and 1000' });
    return n;
  }),
  INCIDENTS_CHANNEL: slackId(/^[CG][A-Z0-9]+$/, 'channel id (like C0123ABC), not a #name'),
  LOG_LEVEL: optionalString
    .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional())
    .transform((v) => v ?? 'info'),
  LOG_FORMAT: optionalString.pipe(z.enum(LOG_FORMATS, { error: `must be ${LOG_FORMATS.join(' or ')}` }).optional()),
  TIMELINE_EMOJI: emojiName,
  WARROOM_ADMINS: userList,
  ARCHIVE_ON_CLOSE: booleanFlag,
  JOB_LEASE: duration('30s', 1000),
  UPDATE_CADENCE: cadence,
  ACK_TIMEOUT: duration(`${DEFAULT_ACK_TIMEOUT_MS / 60_000}m`, 1000),
  FOLLOWUP_SCHEDULE: cronExpression,
  TZ: timeZone,
  NIS2_ENTITY: optionalString.pipe(z.enum(NIS2_ENTITIES, { error: `must be one of ${NIS2_ENTITIES.join(', ')}` }).optional()).transform((v) => v ?? 'none'),
  REGULATORY_REGIMES_FILE: optionalString,
  REGULATORY_PROVIDER_NAME: optionalString,
  REGULATORY_PROVIDER_CONTACT: optionalString,
});

/** Every variable the bot reads (for tests and docs). */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape) as (keyof typeof envSchema.shape)[];

/** Variables that hold a Slack token; any other variable holding one is a paste in the wrong place. */
const TOKEN_VARIABLES = new Set<string>(['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN']);

export interface Config {
  slack: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    mode: 'http' | 'socket';
  };
  port: number;
  /** A SQLite file path (`file:` URL or DATABASE_PATH), or a `postgres://` URL. */
  databaseLocation: string;
  /** Postgres: most connections one instance opens (DATABASE_POOL_MAX, default 10). */
  databasePoolMax: number;
  incidentsChannel?: string;
  logLevel: LogLevel;
  /** Undefined: decided by the logger (pretty on a terminal, JSON otherwise). */
  logFormat?: LogFormat;
  timelineEmoji: string;
  admins: string[];
  archiveOnClose: boolean;
  /** How long a claimed job is held without a heartbeat before another instance may take it over. */
  jobLeaseMs: number;
  /** Status-update cadence per severity and the commander's acknowledgement timeout. */
  comms: CommsPolicy;
  /** Cron expression (croner syntax, seconds allowed) for corrective-action reminders and digests. */
  followupSchedule: string;
  /** The team's time zone: reminder days, due dates and the schedule are read in it. */
  timeZone: string;
  regulatory: RegulatoryConfig;
}

/** NIS2_ENTITY, the regimes (built-ins + REGULATORY_REGIMES_FILE) and the provider named in exports. */
export interface RegulatoryConfig {
  nis2Entity: Nis2Entity;
  regimes: readonly RegimeDef[];
  provider: { name: string; contact: string };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * `postgres://…` (or `postgresql://…`) stays a URL and selects PostgreSQL; `file:./data/x.db` →
 * `./data/x.db` selects SQLite, as does DATABASE_PATH; `:memory:` stays.
 */
function databaseLocationFrom(url: string | undefined, path: string | undefined): string {
  if (url && /^postgres(ql)?:\/\//i.test(url)) {
    if (path) throw new ConfigError('DATABASE_PATH is set as well as a postgres:// DATABASE_URL; keep only one');
    return url;
  }
  if (path) return path;
  const value = url ?? 'file:./data/warroom.db';
  if (value === ':memory:') return value;
  if (value.startsWith('file:')) return value.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
  if (/^[a-z]+:\/\//i.test(value)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL or a SQLite file URL such as file:./data/warroom.db');
  }
  return value;
}

/**
 * Reads the configuration from `env`; throws a ConfigError whose message is one line naming the
 * first bad variable. Never echoes a token or secret value.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  for (const name of CONFIG_VARIABLES) {
    if (!TOKEN_VARIABLES.has(name) && SLACK_TOKEN.test(env[name] ?? '')) {
      throw new ConfigError(`${name} holds what looks like a Slack token; tokens belong only in SLACK_BOT_TOKEN and SLACK_APP_TOKEN`);
    }
  }
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    // Every rule in the schema sets its own message, which never includes the value.
    throw new ConfigError(`${name} ${issue.message}`);
  }
  const e = parsed.data;
  const mode = e.SLACK_APP_TOKEN ? 'socket' : 'http';
  if (mode === 'http' && !e.SLACK_SIGNING_SECRET) {
    throw new ConfigError(
      'SLACK_SIGNING_SECRET is required in HTTP mode (Basic Information → Signing Secret), or set SLACK_APP_TOKEN to use Socket Mode',
    );
  }
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      mode,
    },
    port: e.PORT,
    databaseLocation: databaseLocationFrom(e.DATABASE_URL, e.DATABASE_PATH),
    databasePoolMax: e.DATABASE_POOL_MAX,
    incidentsChannel: e.INCIDENTS_CHANNEL,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    timelineEmoji: e.TIMELINE_EMOJI,
    admins: e.WARROOM_ADMINS,
    archiveOnClose: e.ARCHIVE_ON_CLOSE,
    jobLeaseMs: e.JOB_LEASE,
    comms: { cadence: e.UPDATE_CADENCE, ackTimeoutMs: e.ACK_TIMEOUT },
    followupSchedule: e.FOLLOWUP_SCHEDULE,
    timeZone: e.TZ,
    regulatory: {
      nis2Entity: e.NIS2_ENTITY,
      regimes: [...BUILTIN_REGIMES, ...loadRegimesFile(e.REGULATORY_REGIMES_FILE)],
      provider: { name: e.REGULATORY_PROVIDER_NAME ?? '', contact: e.REGULATORY_PROVIDER_CONTACT ?? '' },
    },
  };
}

/**
 * The organisation's regimes (JSON, see README "Regulatory clocks"). Errors name the variable and
 * the place in the file, never the path or a value from it (either could be a pasted secret).
 */
export function loadRegimesFile(path: string | undefined): RegimeDef[] {
  if (!path) return [];
  let raw: string;
  try {
    raw = readFileSync(resolve(path), 'utf8');
  } catch {
    throw new ConfigError('REGULATORY_REGIMES_FILE names a file that cannot be read (check the path and permissions)');
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw new ConfigError('REGULATORY_REGIMES_FILE is not valid JSON');
  }
  const parsed = parseOrganisationRegimes(data);
  if (!parsed.ok) throw new ConfigError(`REGULATORY_REGIMES_FILE is invalid: ${parsed.problems.slice(0, 5).join('; ')}`);
  return parsed.regimes;
}

/** The regulatory settings alone, for tools that need no Slack credentials (npm run report). */
export function loadRegulatoryConfig(env: NodeJS.ProcessEnv = process.env): RegulatoryConfig {
  const value = (name: string) => env[name]?.trim() || undefined;
  const entity = value('NIS2_ENTITY') ?? 'none';
  if (!(NIS2_ENTITIES as readonly string[]).includes(entity)) throw new ConfigError(`NIS2_ENTITY must be one of ${NIS2_ENTITIES.join(', ')}`);
  return {
    nis2Entity: entity as Nis2Entity,
    regimes: [...BUILTIN_REGIMES, ...loadRegimesFile(value('REGULATORY_REGIMES_FILE'))],
    provider: { name: value('REGULATORY_PROVIDER_NAME') ?? '', contact: value('REGULATORY_PROVIDER_CONTACT') ?? '' },
  };
}

/** Only the database location (SQLite path or postgres:// URL), for tools that need no Slack credentials (CLI, demo). */
export function loadDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  const value = (name: string) => env[name]?.trim() || undefined;
  return databaseLocationFrom(value('DATABASE_URL'), value('DATABASE_PATH'));
}

/** Loads `.env` from the working directory into the environment when present (real env wins). */
export function loadDotEnv(file = resolve(process.cwd(), '.env')): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

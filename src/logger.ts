import type { LogLevel } from './config';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Tokens and secrets must never reach a log line, whatever library produced the message.
const TOKEN = /\bx(?:ox[abposre]|app)-[A-Za-z0-9-]+/g;

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Literal values (signing secret, tokens) to mask wherever they appear. */
  secrets?: string[];
  write?: (line: string) => void;
  now?: () => Date;
}

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === 'string') return /^[\w.:/@#-]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? 'undefined';
}

/** One line per event: `<time> <level> <event> key=value …`, secrets masked. */
export function createLogger(options: LoggerOptions, bound: Record<string, unknown> = {}): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const secrets = (options.secrets ?? []).filter((s) => s && s.length >= 6);
  const redact = (line: string) => {
    let out = line.replace(TOKEN, (m) => `${m.slice(0, 5)}…[redacted]`);
    for (const secret of secrets) out = out.split(secret).join('[redacted]');
    return out;
  };
  const log = (level: LogLevel, event: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[level] < ORDER[options.level]) return;
    const all = { ...bound, ...fields };
    const parts = Object.entries(all)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${formatValue(v)}`);
    write(redact([now().toISOString(), level, event.replace(/\s+/g, ' '), ...parts].join(' ')));
  };
  return {
    debug: (e, f) => log('debug', e, f),
    info: (e, f) => log('info', e, f),
    warn: (e, f) => log('warn', e, f),
    error: (e, f) => log('error', e, f),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

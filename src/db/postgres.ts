import { AsyncLocalStorage } from 'node:async_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Database, Db, ExclusiveLock } from './client';
import type { Schema } from './dialect';
import { createRepositories } from './repositories';
import type { Repositories } from './repositories/types';
import * as pgSchema from './schema-pg';

export const PG_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle-pg', import.meta.url));

/** Advisory lock held while migrations are applied: instances starting together take turns. */
export const MIGRATION_LOCK = 0x77617200;
/** Advisory lock keys of `Database.exclusively` (constants unique within warroom's locks). */
export const EXCLUSIVE_LOCKS: Record<ExclusiveLock, number> = { inbox: 0x77617201 };

/** What the Postgres backend reports about its connection (the app passes its logger). */
export interface DbEvents {
  warn(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  /** A transaction run again after losing a serialization conflict (`db.conflict_retried`). */
  debug?(event: string, fields?: Record<string, unknown>): void;
}

export interface PostgresOptions {
  /** Most connections this process opens (DATABASE_POOL_MAX). */
  poolMax?: number;
  log?: DbEvents;
  /** How long a lost connection is retried before the error reaches the caller. */
  reconnectForMs?: number;
}

export interface PostgresDatabase extends Database {
  readonly dialect: 'postgres';
  readonly pool: pg.Pool;
  readonly db: NodePgDatabase<typeof pgSchema>;
}

type Handle = NodePgDatabase<typeof pgSchema>;

/** SQLSTATE of an error, looking through drizzle's wrapper. */
function errorCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  let e = error as { message?: string; cause?: unknown } | undefined;
  while (e?.cause) e = e.cause as typeof e;
  return e?.message ?? String(error);
}

/** Another transaction got in the way: running the whole transaction again is the remedy. */
export function isConflict(error: unknown): boolean {
  const code = errorCode(error);
  return code === '40001' || code === '40P01';
}

/** The server went away or could not be reached (restart, failover, network). */
export function isConnectionLoss(error: unknown): boolean {
  const code = errorCode(error);
  if (code && (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03')) return true;
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(errorMessage(error));
}

/**
 * drizzle wraps driver errors in one whose message carries the statement and its parameters
 * (people's messages, names): the driver's own error (SQLSTATE, constraint) is what callers and
 * logs get, as with SQLite.
 */
function unwrap(error: unknown): unknown {
  return error instanceof DrizzleQueryError && error.cause ? error.cause : error;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const JOB_SIGNALS = new Set(['enqueue', 'retryNow', 'release']);
const MAX_CONFLICT_RETRIES = 20;

/**
 * Connects to PostgreSQL, applies pending migrations under an advisory lock, and returns the same
 * Database the SQLite backend gives: the same repositories (src/db/repositories, written once with
 * drizzle's query builder), transactions joined through AsyncLocalStorage.
 *
 * Transactions run SERIALIZABLE, so services written for SQLite's one-writer-at-a-time keep their
 * guarantees with several instances and a pool of connections; a transaction that loses a
 * serialization conflict is run again from the start (transaction work only touches the database,
 * never Slack, so running it again is safe). A lost connection is retried with backoff for
 * `reconnectForMs` and reported (`db.connection_lost`, `db.reconnected`).
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PostgresDatabase> {
  const log = options.log;
  const reconnectForMs = options.reconnectForMs ?? 30_000;
  const pool = new pg.Pool({ connectionString: url, max: options.poolMax ?? 10, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
  // An idle connection that dies (server restart) must not crash the process; the pool replaces it.
  pool.on('error', (error) => log?.warn('db.connection_lost', { error: error.message, idle: true }));
  // A connection lost while checked out but between statements (inside a transaction, awaiting
  // the caller) emits 'error' on its client: without a listener that would end the process. The
  // statement that follows fails and is retried (see `reconnecting`).
  pool.on('connect', (client) => client.on('error', (error) => log?.warn('db.connection_lost', { error: error.message, checkedOut: true })));
  const root = drizzle(pool, { schema: pgSchema });

  /** Runs `attempt` again while the connection is lost, up to `reconnectForMs`. */
  async function reconnecting<T>(what: string, attempt: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let n = 1; ; n++) {
      try {
        const result = await attempt();
        if (n > 1) log?.info('db.reconnected', { what, attempts: n, ms: Date.now() - started });
        return result;
      } catch (error) {
        if (!isConnectionLoss(error) || Date.now() - started > reconnectForMs) throw error;
        log?.warn('db.connection_lost', { what, attempt: n, error: errorMessage(error) });
        await sleep(Math.min(2000, 100 * 2 ** Math.min(n, 5)));
      }
    }
  }

  await reconnecting('migrate', () => migrateWithLock(pool));
  /** The newest migration this build ships (readiness compares the database with it). */
  const last = readMigrationFiles({ migrationsFolder: PG_MIGRATIONS_FOLDER }).at(-1);

  interface Scope {
    tx: Handle;
    jobsChanged: boolean;
  }
  const scope = new AsyncLocalStorage<Scope>();
  // The handle repositories use: inside a transaction (same async context) its connection, else the pool.
  const handle = new Proxy({} as Handle, {
    get(_target, prop) {
      const target = (scope.getStore()?.tx ?? root) as unknown as Record<PropertyKey, unknown>;
      const value = target[prop];
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const raw = createRepositories(handle as unknown as Db, pgSchema as unknown as Schema, 'postgres');

  /**
   * `exclusively`'s connection: it holds the session advisory lock and runs the transactions of
   * the work. Lost with its connection (the server ended the session, and the lock with it), it is
   * replaced, and the lock taken again, by the transaction retried after the loss.
   */
  interface Turn {
    lock: ExclusiveLock;
    client: pg.PoolClient | null;
    handle: Handle | null;
    ended: boolean;
  }
  async function turnHandle(turn: Turn): Promise<Handle> {
    if (turn.ended) throw new Error(`exclusively('${turn.lock}'): a transaction after the turn ended`);
    if (turn.handle) return turn.handle;
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [EXCLUSIVE_LOCKS[turn.lock]]);
    } catch (error) {
      client.release(true);
      throw error;
    }
    turn.client = client;
    turn.handle = drizzle(client, { schema: pgSchema });
    return turn.handle;
  }
  async function releaseTurn(turn: Turn, lost: boolean): Promise<void> {
    const client = turn.client;
    turn.client = turn.handle = null;
    if (!client) return;
    let broken = lost;
    if (!broken) await client.query('select pg_advisory_unlock($1)', [EXCLUSIVE_LOCKS[turn.lock]]).catch(() => (broken = true));
    // A connection that failed is closed rather than pooled: its session, and any lock, end with it.
    client.release(broken);
  }

  const listeners: (() => void)[] = [];
  const notify = () => {
    for (const listener of listeners) listener();
  };

  const repos = {} as Record<string, Record<string, unknown>>;
  for (const [name, repo] of Object.entries(raw) as [string, Record<string, unknown>][]) {
    const wrapped: Record<string, unknown> = {};
    for (const [method, fn] of Object.entries(repo)) {
      if (typeof fn !== 'function') continue;
      const signals = name === 'jobs' && JOB_SIGNALS.has(method);
      const call =
        () =>
        async (...args: unknown[]) => {
          try {
            return await (fn as (...a: unknown[]) => Promise<unknown>).apply(repo, args);
          } catch (error) {
            throw unwrap(error);
          }
        };
      wrapped[method] = async (...args: unknown[]) => {
        const current = scope.getStore();
        if (current) {
          const result = await call()(...args);
          if (signals) current.jobsChanged = true;
          return result;
        }
        // A statement of its own: retried while the connection is lost.
        const result = await reconnecting(`${name}.${method}`, () => call()(...args));
        if (signals) notify();
        return result;
      };
    }
    repos[name] = wrapped;
  }
  const repositories = repos as unknown as Repositories;

  /** A transaction on the pool, or on the connection of an `exclusively` turn. */
  async function runTransaction<T>(work: (tx: Repositories) => Promise<T>, turn: Turn | null): Promise<T> {
    if (scope.getStore()) return work(repositories);
    for (let conflicts = 0; ; ) {
      const state: Scope = { tx: root, jobsChanged: false };
      try {
        const result = await reconnecting('transaction', async () => {
          const on = turn ? await turnHandle(turn) : root;
          try {
            return await on.transaction(
              (tx) => {
                state.tx = tx;
                state.jobsChanged = false;
                return scope.run(state, () => work(repositories));
              },
              { isolationLevel: 'serializable' },
            );
          } catch (error) {
            if (turn && isConnectionLoss(error)) await releaseTurn(turn, true);
            throw error;
          }
        });
        if (state.jobsChanged) notify();
        return result;
      } catch (error) {
        if (!isConflict(error) || ++conflicts > MAX_CONFLICT_RETRIES) throw error;
        log?.debug?.('db.conflict_retried', { attempt: conflicts, code: errorCode(error), error: errorMessage(error) });
        // Another transaction committed first: run ours again on what it wrote.
        await sleep(Math.random() * Math.min(100, 5 * 2 ** conflicts));
      }
    }
  }

  let closed = false;
  const database: PostgresDatabase = {
    dialect: 'postgres',
    pool,
    db: root,
    repos: repositories,
    transaction: (work) => runTransaction(work, null),
    async exclusively(lock, work) {
      if (scope.getStore()) throw new Error(`exclusively('${lock}') inside a transaction`);
      const turn: Turn = { lock, client: null, handle: null, ended: false };
      // Waits here, before any transaction of `work` begins (and takes its snapshot).
      await reconnecting(`exclusively.${lock}`, () => turnHandle(turn));
      try {
        return await work((w) => runTransaction(w, turn));
      } finally {
        turn.ended = true;
        await releaseTurn(turn, false);
      }
    },
    onJobsEnqueued(listener) {
      listeners.push(listener);
    },
    async ping() {
      try {
        await root.execute(sql`select 1`);
        return true;
      } catch {
        return false;
      }
    },
    async migrated() {
      try {
        const result = await root.execute(sql`select count(*)::int as n, max(created_at) as last from drizzle.__drizzle_migrations`);
        const row = result.rows[0] as { n: number; last: string | null } | undefined;
        return !last || (row !== undefined && row.last !== null && Number(row.last) >= last.folderMillis);
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
  return database;
}

/**
 * drizzle's migrator on one connection that holds a session advisory lock meanwhile: a second
 * instance starting now waits, then finds every migration applied.
 */
async function migrateWithLock(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client), { migrationsFolder: PG_MIGRATIONS_FOLDER });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

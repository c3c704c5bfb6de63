import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { createRepositories } from './repositories';
import type { Repositories } from './repositories/types';
import type { Dialect } from './dialect';
import { openPostgres, type DbEvents, type PostgresDatabase } from './postgres';
import * as schema from './schema';
import type { CapturedFile } from '../domain/capture';
import { entryDigest, genesisDigest } from '../domain/timeline-chain';

/** The drizzle handle repositories are written against. */
export type Db = BetterSQLite3Database<typeof schema>;

/** What instances take turns at (`Database.exclusively`): applying inbound events, in order. */
export type ExclusiveLock = 'inbox';

/**
 * A database as the rest of the bot sees it. `repos` may be used anywhere: inside
 * `transaction()` a call joins the transaction, outside it runs as a statement of its own.
 */
export interface Database {
  /** For src/db, tests and tools only: services and listeners never look at it. */
  readonly dialect: Dialect;
  readonly repos: Repositories;
  /** Runs `work` in one transaction; nested calls join the outer one. Never call Slack inside. */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /**
   * Runs `work` while no other instance runs work under the same `lock`: instances take turns,
   * and each transaction `work` runs through the `transaction` it is handed starts after the turn
   * began, so it sees everything the previous holder committed. Postgres: a session advisory lock
   * on the connection that then runs those transactions (taken before BEGIN: a SERIALIZABLE
   * snapshot taken while waiting for a lock taken inside the transaction would predate the other
   * instance's commits). SQLite: `work` as is, its single writer already takes turns and BEGIN
   * IMMEDIATE waits before the snapshot. Not inside a transaction, and not nested.
   */
  exclusively<T>(lock: ExclusiveLock, work: (transaction: Database['transaction']) => Promise<T>): Promise<T>;
  /** Called once jobs enqueued (or made due again) are committed: the runner looks for work then. */
  onJobsEnqueued(listener: () => void): void;
  /** True when the database answers a trivial query (health check). */
  ping(): Promise<boolean>;
  /** True when every migration this build ships is applied (readiness). */
  migrated(): Promise<boolean>;
  close(): Promise<void>;
}

export interface SqliteDatabase extends Database {
  readonly dialect: 'sqlite';
  /** The drizzle handle and the driver, for tests, the CLI and the benchmark. */
  readonly db: Db;
  readonly sqlite: BetterSqlite3.Database;
  readonly path: string;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * Runs async work one piece at a time. better-sqlite3 has one connection, so while a transaction
 * is open (between its awaits) nothing else may use the connection or it would join — and be
 * rolled back with — someone else's transaction.
 */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/** Job repository calls that can make a job due: the runner is told once they are committed. */
const JOB_SIGNALS = new Set(['enqueue', 'retryNow', 'release']);

/**
 * Wraps every repository method so that outside a transaction it waits for any open one to end,
 * and inside one (same async context) it simply runs, joining it.
 */
function guarded(
  repos: Repositories,
  inTransaction: () => boolean,
  connectionBusy: () => boolean,
  mutex: Mutex,
  jobsChanged: () => void,
): Repositories {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, repo] of Object.entries(repos) as [string, Record<string, unknown>][]) {
    const wrapped: Record<string, unknown> = {};
    for (const [method, fn] of Object.entries(repo)) {
      if (typeof fn !== 'function') continue;
      const signals = name === 'jobs' && JOB_SIGNALS.has(method);
      const call = async (...args: unknown[]) => {
        const result = await (fn as (...a: unknown[]) => Promise<unknown>).apply(repo, args);
        if (signals) jobsChanged();
        return result;
      };
      wrapped[method] = (...args: unknown[]) => {
        // No transaction open anywhere: a single statement cannot interleave with anything.
        if (inTransaction() || !connectionBusy()) return call(...args);
        return mutex.run(() => call(...args));
      };
    }
    out[name] = wrapped;
  }
  return out as unknown as Repositories;
}

/** Opens (creating when needed) the SQLite file, sets the pragmas and applies every migration. */
export function openDatabase(path: string): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  // WAL: readers (health check, CLI, a second instance) never wait for the writer. NORMAL
  // synchronous keeps every committed transaction across a killed process (the WAL is in the OS
  // cache); only a power cut can lose the last commits. busy_timeout covers a second process
  // (another instance, the CLI) holding the write lock.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  migrateOnce(sqlite);
  reuseStatements(sqlite);
  const db = drizzle(sqlite, { schema });

  const raw = createRepositories(db, schema, 'sqlite');
  const mutex = new Mutex();
  const scope = new AsyncLocalStorage<true>();
  const inTransaction = () => scope.getStore() === true;
  let closed = false;
  const listeners: (() => void)[] = [];
  let enqueuedInTransaction = false;
  const notify = () => {
    for (const listener of listeners) listener();
  };
  const jobsChanged = () => {
    if (inTransaction()) enqueuedInTransaction = true;
    else notify();
  };

  const database: SqliteDatabase = {
    dialect: 'sqlite',
    db,
    sqlite,
    path,
    repos: guarded(raw, inTransaction, () => sqlite.inTransaction, mutex, jobsChanged),
    transaction(work) {
      if (inTransaction()) return work(database.repos);
      return mutex.run(async () => {
        // IMMEDIATE takes the write lock up front, so two processes never both read, then both
        // fail to write (SQLITE_BUSY mid-transaction cannot be waited out).
        sqlite.exec('BEGIN IMMEDIATE');
        enqueuedInTransaction = false;
        try {
          const result = await scope.run(true, () => work(database.repos));
          sqlite.exec('COMMIT');
          if (enqueuedInTransaction) notify();
          return result;
        } catch (error) {
          if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
          throw error;
        } finally {
          enqueuedInTransaction = false;
        }
      });
    },
    exclusively(lock, work) {
      if (inTransaction()) throw new Error(`exclusively('${lock}') inside a transaction`);
      return work(database.transaction);
    },
    onJobsEnqueued(listener) {
      listeners.push(listener);
    },
    async ping() {
      try {
        return sqlite.prepare('select 1 as ok').get() !== undefined;
      } catch {
        return false;
      }
    },
    async migrated() {
      try {
        const last = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).at(-1);
        const row = sqlite.prepare('SELECT max(created_at) AS last FROM "__drizzle_migrations"').get() as { last: number | string | null } | undefined;
        return !last || (row?.last != null && Number(row.last) >= last.folderMillis);
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      // Let a transaction that is running finish rather than cut it off.
      await mutex.run(async () => undefined);
      sqlite.close();
    },
  };
  return database;
}

/**
 * drizzle prepares every query it runs afresh, and SQLite's prepare costs as much as running a
 * small query: statements are kept by their SQL text and reused (the busiest paths, storing an
 * inbound event and recording a message, run the same few statements all day). A statement drizzle
 * switched to raw (array) rows is switched back before it is handed out again. Bounded: SQL built
 * with variable parts (IN lists of different lengths) cannot grow it without limit.
 */
const STATEMENT_CACHE = 500;

function reuseStatements(sqlite: BetterSqlite3.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, BetterSqlite3.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached) {
      if (cached.reader) cached.raw(false);
      return cached;
    }
    const statement = prepare(source);
    if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
    cache.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
}

/**
 * Applies pending migrations (drizzle-kit's files, recorded in drizzle's own table) inside one
 * IMMEDIATE transaction that also reads which ones are applied: two instances starting together
 * on one file take turns, and the second finds nothing left to do. (drizzle's own migrator reads
 * before it locks, so both would try.)
 */
function migrateOnce(sqlite: BetterSqlite3.Database): void {
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    sqlite.exec('CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)');
    const last = sqlite.prepare('SELECT created_at FROM "__drizzle_migrations" ORDER BY created_at DESC LIMIT 1').get() as
      | { created_at: number | string }
      | undefined;
    const record = sqlite.prepare('INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)');
    for (const migration of migrations) {
      if (last && Number(last.created_at) >= migration.folderMillis) continue;
      for (const statement of migration.sql) if (statement.trim()) sqlite.exec(statement);
      record.run(migration.hash, migration.folderMillis);
    }
    backfillTimelineChains(sqlite);
    sqlite.exec('COMMIT');
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
}

/** A `postgres://` or `postgresql://` URL selects PostgreSQL; anything else is a SQLite file path. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

export interface ConnectOptions {
  /** Postgres only: most connections of this process (DATABASE_POOL_MAX). */
  poolMax?: number;
  /** Postgres only: where lost connections are reported. */
  log?: DbEvents;
}

/**
 * Opens the database at `location` — a SQLite file path or a postgres:// URL (see config.ts) —
 * and applies pending migrations (under a lock in either case).
 */
export async function connectDatabase(location: string, options: ConnectOptions = {}): Promise<Database> {
  if (isPostgresUrl(location)) return openPostgres(location, options);
  return openDatabase(location);
}

export type { PostgresDatabase };

interface LegacyEntryRow {
  id: number;
  incident_id: number;
  kind: string;
  source: string;
  occurred_at: number;
  recorded_at: number;
  actor_id: string | null;
  text: string;
  data: string | null;
  thread_ts: string | null;
  files: string | null;
  corrects_id: number | null;
}

/**
 * The chain-start rule for timelines written before the hash chain existed: an incident that has
 * entries but no chain head yet has its entries chained now, in write (id) order, as they stand.
 * The chain vouches for them from this moment, not for what happened to them before. Runs in the
 * migration's transaction at every start and does nothing once every incident has a head; an
 * incident that has a head or any chained entry is never re-chained, so a row slipped in behind
 * the bot's back later, or a deleted head, is named by `verify` rather than blessed here.
 */
export function backfillTimelineChains(sqlite: BetterSqlite3.Database): number {
  const incidentsToChain = sqlite
    .prepare(
      `SELECT DISTINCT e.incident_id AS id FROM timeline_entries e
       WHERE NOT EXISTS (SELECT 1 FROM timeline_chain_heads h WHERE h.incident_id = e.incident_id)
         AND NOT EXISTS (SELECT 1 FROM timeline_entries c WHERE c.incident_id = e.incident_id AND c.digest IS NOT NULL)`,
    )
    .all() as { id: number }[];
  const rowsOf = sqlite.prepare(
    'SELECT id, incident_id, kind, source, occurred_at, recorded_at, actor_id, text, data, thread_ts, files, corrects_id FROM timeline_entries WHERE incident_id = ? ORDER BY id',
  );
  const setDigest = sqlite.prepare('UPDATE timeline_entries SET digest = ?, prev_digest = ? WHERE id = ?');
  const setHead = sqlite.prepare('INSERT INTO timeline_chain_heads (incident_id, digest, entry_id, entries) VALUES (?, ?, ?, ?)');
  let chained = 0;
  for (const { id: incidentId } of incidentsToChain) {
    const rows = rowsOf.all(incidentId) as LegacyEntryRow[];
    let prev = genesisDigest(incidentId);
    for (const row of rows) {
      const digest = entryDigest(
        {
          incidentId,
          kind: row.kind,
          source: row.source,
          occurredAt: new Date(row.occurred_at),
          recordedAt: new Date(row.recorded_at),
          actorId: row.actor_id,
          text: row.text,
          data: row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>),
          threadTs: row.thread_ts,
          files: row.files === null ? null : (JSON.parse(row.files) as CapturedFile[]),
          correctsId: row.corrects_id,
        },
        prev,
      );
      setDigest.run(digest, prev, row.id);
      prev = digest;
      chained += 1;
    }
    setHead.run(incidentId, prev, rows[rows.length - 1]!.id, rows.length);
  }
  return chained;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase, openDatabase, type ConnectOptions, type Database, type PostgresDatabase, type SqliteDatabase } from '../../src/db/client';

/**
 * Which backend the suites run on: `WARROOM_TEST_DB=postgres` (set by the `postgres` vitest
 * project) or SQLite. Postgres connects to TEST_DATABASE_URL.
 */
export const TEST_DIALECT: 'sqlite' | 'postgres' = process.env.WARROOM_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;

/** A temp SQLite file (always SQLite: for tests of SQLite itself). */
export function tempDatabase(): { database: SqliteDatabase; path: string; dir: string; cleanup: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-test-'));
  const path = join(dir, 'warroom.db');
  const database = openDatabase(path);
  return {
    database,
    path,
    dir,
    cleanup: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** URL of another database on the TEST_DATABASE_URL server. */
function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** This test file's own Postgres database (created on first use, dropped by dropFileDatabase). */
let fileDatabase: { name: string; url: string } | null = null;

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  // A server that does not answer (a wrong host) fails in seconds rather than at the TCP timeout.
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function ensureFileDatabase(): Promise<{ name: string; url: string }> {
  if (fileDatabase) return fileDatabase;
  const name = `warroom_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`create database "${name}"`));
  fileDatabase = { name, url: withDatabaseName(TEST_DATABASE_URL, name) };
  return fileDatabase;
}

/** Drops the file's Postgres database (the postgres project's setup file calls it after all tests). */
export async function dropFileDatabase(): Promise<void> {
  if (!fileDatabase) return;
  const { name } = fileDatabase;
  fileDatabase = null;
  await admin((c) => c.query(`drop database if exists "${name}" with (force)`));
}

/** Empties every table and restarts the ids (a fresh database as far as a test can tell). */
async function resetPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public'");
    if (rows.length) await client.query(`truncate ${rows.map((r) => `"${r.name}"`).join(', ')} restart identity cascade`);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  dialect: 'sqlite' | 'postgres';
  database: Database;
  /** What DATABASE_PATH / DATABASE_URL would be set to for the app to open this database. */
  location: string;
  env: Record<string, string>;
  /** Opens another connection to the same database (a restart, a second instance); Postgres: `options` (a logger) apply. */
  reopen(options?: ConnectOptions): Promise<Database>;
  /** Raw SQL for assertions and set-up: `?` placeholders on both backends; Dates are converted. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Makes inserts into `table` fail with "boom" when `condition` (over `new.`) holds. */
  failInserts(table: string, condition: string): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database on the backend under test: a temp SQLite file, or this test file's
 * own Postgres database emptied (files run in parallel, each on its own database). One at a time
 * per test file.
 */
export async function testDatabase(): Promise<TestDatabase> {
  if (TEST_DIALECT === 'sqlite') {
    const t = tempDatabase();
    return {
      dialect: 'sqlite',
      database: t.database,
      location: t.path,
      env: { DATABASE_PATH: t.path },
      reopen: async () => openDatabase(t.path),
      query: (text, params) => rawQuery(t.database, text, params),
      failInserts: async (table, condition) => {
        t.database.sqlite.exec(`create trigger fail_${table} before insert on ${table} when ${condition} begin select raise(abort, 'boom'); end`);
      },
      cleanup: t.cleanup,
    };
  }
  const { url } = await ensureFileDatabase();
  const first = await connectDatabase(url, { poolMax: 5 });
  await resetPostgres(url);
  const database = first as PostgresDatabase;
  return {
    dialect: 'postgres',
    database,
    location: url,
    env: { DATABASE_URL: url, DATABASE_POOL_MAX: '5' },
    reopen: (options) => connectDatabase(url, { poolMax: 5, ...options }),
    query: (text, params) => rawQuery(database, text, params),
    failInserts: async (table, condition) => {
      await database.pool.query(
        `create function fail_${table}() returns trigger language plpgsql as $$ begin if ${condition} then raise exception 'boom'; end if; return new; end $$;
         create trigger fail_${table} before insert on ${table} for each row execute function fail_${table}()`,
      );
    },
    cleanup: async () => {
      await database.close();
      // Triggers a test added would outlive the truncation.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ t: string; tbl: string }>(
          "select tgname as t, relname as tbl from pg_trigger join pg_class on pg_class.oid = tgrelid where not tgisinternal and tgname like 'fail\\_%'",
        );
        for (const r of rows) await client.query(`drop trigger "${r.t}" on "${r.tbl}"; drop function if exists "${r.t}"()`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * A new, empty Postgres database on the test server (for tests of migrating one, and the bench's
 * Postgres part, which passes its own `prefix`); drop() removes it, connections and all.
 */
export async function emptyPostgresDatabase(prefix = 'warroom_test'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`create database "${name}"`));
  return { url: withDatabaseName(TEST_DATABASE_URL, name), drop: () => admin((c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined) };
}

/**
 * Raw SQL for assertions and set-up against an open database of either backend: `?` placeholders;
 * Date parameters and results as SQLite has them (epoch milliseconds), counts as numbers.
 */
export async function rawQuery<T = Record<string, unknown>>(database: Database, text: string, params: unknown[] = []): Promise<T[]> {
  if (database.dialect === 'sqlite') {
    const args = params.map((p) => (p instanceof Date ? p.getTime() : typeof p === 'boolean' ? Number(p) : p));
    const statement = (database as SqliteDatabase).sqlite.prepare(text);
    if (statement.reader) return statement.all(...args) as T[];
    statement.run(...args);
    return [];
  }
  let n = 0;
  const converted = text.replace(/\?/g, () => `$${++n}`);
  const result = await (database as PostgresDatabase).pool.query(converted, params);
  const bigints = result.fields.filter((f) => f.dataTypeID === 20).map((f) => f.name);
  return result.rows.map((row: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(row)) {
      if (v instanceof Date) row[k] = v.getTime();
      else if (bigints.includes(k) && typeof v === 'string') row[k] = Number(v);
    }
    return row as T;
  });
}

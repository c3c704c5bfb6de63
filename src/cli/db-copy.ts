import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { count, sql } from 'drizzle-orm';
import { getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core';
import { connectDatabase, isPostgresUrl, type Database, type PostgresDatabase, type SqliteDatabase } from '../db/client';
import * as sqliteSchema from '../db/schema';
import { TABLES_IN_ORDER } from '../db/schema-pg';

const USAGE = 'usage: npm run db:copy -- --from file:./data/warroom.db --to postgres://user@host:5432/warroom';
const BATCH = 500;

type TableKey = keyof typeof TABLES_IN_ORDER;
const TABLE_KEYS = Object.keys(TABLES_IN_ORDER) as TableKey[];

/** `file:./x.db` → `./x.db`; a postgres:// URL stays. */
function location(value: string): string {
  if (isPostgresUrl(value)) return value;
  return value.startsWith('file:') ? value.slice('file:'.length).replace(/^\/\/(?=\/)/, '') : value;
}

/** A location for messages: never a password. */
function shown(value: string): string {
  if (!isPostgresUrl(value)) return value;
  const u = new URL(value);
  if (u.password) u.password = '***';
  return u.toString();
}

// The handle and the tables of either backend, typed loosely: both expose the same query builder.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = any;
function handleOf(database: Database): { db: AnyDb; table: (key: TableKey) => AnyDb } {
  if (database.dialect === 'postgres') return { db: (database as PostgresDatabase).db, table: (key) => TABLES_IN_ORDER[key] };
  return { db: (database as SqliteDatabase).db, table: (key) => sqliteSchema[key] };
}

async function counts(database: Database): Promise<Record<TableKey, number>> {
  const { db, table } = handleOf(database);
  const out = {} as Record<TableKey, number>;
  for (const key of TABLE_KEYS) {
    const [row] = await db.select({ n: count() }).from(table(key));
    out[key] = Number(row?.n ?? 0);
  }
  return out;
}

/**
 * Copies every row of every table from one warroom database to another (SQLite → Postgres to
 * move an installation; any direction works). Both are migrated first; the target must be empty;
 * the copy is one transaction on the target; the row counts are compared afterwards.
 */
export async function runDbCopy(argv: string[], io: { out: (s: string) => void; err: (s: string) => void }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const { from, to } = parsed.values;
  if (!from || !to) {
    io.err(`--from and --to are both required\n${USAGE}\n`);
    return 2;
  }
  if (location(from) === location(to)) {
    io.err('--from and --to are the same database\n');
    return 2;
  }
  if (!isPostgresUrl(from) && !existsSync(location(from))) {
    io.err(`--from: there is no SQLite file at ${location(from)}\n`);
    return 2;
  }
  const source = await connectDatabase(location(from));
  let target: Database | undefined;
  try {
    target = await connectDatabase(location(to), { poolMax: 2 });
    const before = await counts(target);
    const filled = TABLE_KEYS.filter((k) => before[k] > 0);
    if (filled.length) {
      io.err(`${shown(to)} is not empty (${filled.map((k) => `${getName(k)}: ${before[k]} rows`).join(', ')}); db:copy only writes into a new, empty database\n`);
      return 1;
    }
    const wanted = await counts(source);
    const src = handleOf(source);
    const dst = handleOf(target);
    const copy = async (db: AnyDb) => {
      for (const key of TABLE_KEYS) {
        const rows: Record<string, unknown>[] = await src.db.select().from(src.table(key));
        for (let i = 0; i < rows.length; i += BATCH) await db.insert(dst.table(key)).values(rows.slice(i, i + BATCH));
      }
    };
    if (target.dialect === 'postgres') {
      await dst.db.transaction(async (tx: AnyDb) => {
        await copy(tx);
        // serial ids continue after the copied rows.
        for (const key of TABLE_KEYS) {
          const config = pgTableConfig(TABLES_IN_ORDER[key]);
          const serial = config.columns.find((c) => c.columnType === 'PgSerial');
          if (!serial) continue;
          await tx.execute(
            sql`select setval(pg_get_serial_sequence(${`"${config.name}"`}, ${serial.name}), coalesce((select max(${sql.identifier(serial.name)}) from ${sql.identifier(config.name)}), 0) + 1, false)`,
          );
        }
      });
    } else {
      const sqlite = (target as SqliteDatabase).sqlite;
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        await copy(dst.db);
        sqlite.exec('COMMIT');
      } catch (error) {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
        throw error;
      }
    }
    const after = await counts(target);
    const wrong = TABLE_KEYS.filter((k) => after[k] !== wanted[k]);
    for (const key of TABLE_KEYS) io.out(`${getName(key).padEnd(20)} ${String(wanted[key]).padStart(8)} → ${String(after[key]).padStart(8)}${after[key] === wanted[key] ? '' : '  MISMATCH'}\n`);
    if (wrong.length) {
      io.err(`row counts differ for ${wrong.map(getName).join(', ')}\n`);
      return 1;
    }
    const total = TABLE_KEYS.reduce((n, k) => n + after[k], 0);
    io.out(`copied ${total} rows from ${shown(from)} to ${shown(to)}; every table's row count matches\n`);
    return 0;
  } finally {
    await source.close();
    await target?.close();
  }
}

function getName(key: TableKey): string {
  return pgTableConfig(TABLES_IN_ORDER[key]).name;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runDbCopy(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  });
}

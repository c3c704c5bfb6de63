import { getTableColumns, getTableName, sql, type Column, type SQL, type Table } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Db } from '../client';
import type { Dialect } from '../dialect';

/** Rows per statement through drizzle's builder (a placeholder per value, within both backends' limits). */
const BUILDER_CHUNK = 500;

/**
 * Inserts `rows`, skipping those that conflict with a unique index (`target`'s, or any), and
 * returns the `returning` columns of the rows it inserted. The inbox stores every burst of events
 * and records every run of messages through here.
 *
 * On Postgres the statement is the same text whatever the number of rows: each column's values
 * travel as one array parameter, unnested by the server. drizzle's builder spends time on every
 * value it places (for the two hot inserts, most of the CPU an instance spent per event in
 * `npm run bench`). Values are encoded by their own column, so each column type's rules (jsonb
 * without NUL, timestamps) apply as with the builder. Rows must all give the same columns; rows
 * that differ, and SQLite, go through the builder, a chunk of rows per statement.
 */
export async function insertManyIgnoringConflicts<R extends Record<string, unknown>>(
  db: Db,
  dialect: Dialect,
  table: Table,
  rows: readonly object[],
  returning: Record<keyof R, Column>,
  target?: Column,
): Promise<R[]> {
  if (rows.length === 0) return [];
  const records = rows as readonly Record<string, unknown>[];
  // A key left undefined means the column's default, as for drizzle's builder: such keys are left out.
  const given = (r: Record<string, unknown>) => Object.keys(r).filter((k) => r[k] !== undefined);
  const keys = given(records[0]!);
  const uniform = records.every((r) => {
    const own = given(r);
    return own.length === keys.length && own.every((k) => keys.includes(k));
  });
  if (dialect === 'postgres' && uniform) return unnestInsert<R>(db, table, keys, records, returning, target);
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += BUILDER_CHUNK) {
    const insert = db
      .insert(table as never)
      .values(rows.slice(i, i + BUILDER_CHUNK) as never)
      .onConflictDoNothing(target ? { target: target as never } : undefined)
      .returning(returning as never);
    out.push(...((await insert) as unknown as R[]));
  }
  return out;
}

async function unnestInsert<R>(db: Db, table: Table, keys: string[], rows: readonly Record<string, unknown>[], returning: Record<keyof R, Column>, target?: Column): Promise<R[]> {
  const columns = getTableColumns(table);
  const chosen = keys.map((key) => {
    const column = columns[key];
    if (!column) throw new Error(`insertMany: ${getTableName(table)} has no column ${key}`);
    return { key, column };
  });
  const arrays = chosen.map(({ key, column }) => {
    const values = rows.map((r) => (r[key] == null ? null : column.mapToDriverValue(r[key])));
    return sql`${sql.param(values)}::${sql.raw(column.getSQLType())}[]`;
  });
  const names = (list: Column[]) => sql.join(list.map((c) => sql.identifier(c.name)), sql`, `);
  const out = Object.entries(returning) as [keyof R, Column][];
  const statement: SQL = sql`insert into ${table} (${names(chosen.map((c) => c.column))}) select * from unnest(${sql.join(arrays, sql`, `)}) on conflict ${
    target ? sql`(${sql.identifier(target.name)}) ` : sql``
  }do nothing returning ${names(out.map(([, c]) => c))}`;
  const result = await (db as unknown as NodePgDatabase).execute(statement);
  return result.rows.map((row) => {
    const mapped = {} as R;
    for (const [key, column] of out) {
      const value = row[column.name];
      mapped[key] = (value == null ? null : column.mapFromDriverValue(value)) as R[keyof R];
    }
    return mapped;
  });
}

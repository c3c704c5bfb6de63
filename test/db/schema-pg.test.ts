import { getTableConfig as pgConfig } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as sqlite from '../../src/db/schema';
import { TABLES_IN_ORDER } from '../../src/db/schema-pg';

/** The Postgres tables are derived from schema.ts: same tables, columns, enums, defaults, keys and indexes. */
describe('the Postgres schema is the SQLite schema in Postgres types', () => {
  const keys = Object.keys(TABLES_IN_ORDER) as (keyof typeof TABLES_IN_ORDER)[];

  it('has every table', () => {
    const sqliteTables = Object.keys(sqlite).filter((k) => (sqlite as Record<string, unknown>)[k] && sqliteConfig((sqlite as never)[k]).name);
    expect(new Set(keys)).toEqual(new Set(sqliteTables));
  });

  it.each(Object.keys(TABLES_IN_ORDER))('%s: same columns, constraints and indexes', (key) => {
    const s = sqliteConfig(sqlite[key as keyof typeof TABLES_IN_ORDER]);
    const p = pgConfig(TABLES_IN_ORDER[key as keyof typeof TABLES_IN_ORDER]);
    expect(p.name).toBe(s.name);
    const shape = (c: { name: string; notNull: boolean; primary: boolean; hasDefault: boolean; default: unknown; enumValues?: string[] }) => ({
      name: c.name,
      notNull: c.notNull,
      primary: c.primary,
      default: c.default,
      enumValues: c.enumValues?.length ? c.enumValues : undefined,
    });
    expect(p.columns.map(shape)).toEqual(s.columns.map(shape));
    const idx = (i: { config: { name?: string; unique: boolean; columns: unknown[]; where?: unknown } }) => ({
      name: i.config.name,
      unique: i.config.unique,
      columns: i.config.columns.map((c) => (c as { name: string }).name),
      partial: i.config.where !== undefined,
    });
    expect(p.indexes.map(idx)).toEqual(s.indexes.map(idx));
    const fk = (f: { reference: () => { columns: { name: string }[]; foreignTable: unknown; foreignColumns: { name: string }[] } }) => {
      const r = f.reference();
      return { columns: r.columns.map((c) => c.name), to: r.foreignColumns.map((c) => c.name) };
    };
    expect(p.foreignKeys.map(fk)).toEqual(s.foreignKeys.map(fk));
  });

  it('maps types so rows read back alike: times as timestamptz, flags as boolean, JSON as jsonb, autoincrement ids as serial', () => {
    const types = Object.fromEntries(pgConfig(TABLES_IN_ORDER.incidents).columns.map((c) => [c.name, c.getSQLType()]));
    expect(types).toMatchObject({ id: 'serial', declared_at: 'timestamp (3) with time zone', is_private: 'boolean', title: 'text' });
    expect(pgConfig(TABLES_IN_ORDER.jobs).columns.find((c) => c.name === 'payload')!.getSQLType()).toBe('jsonb');
  });
});

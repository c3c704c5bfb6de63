import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { connectDatabase, MIGRATIONS_FOLDER, openDatabase, type PostgresDatabase, type SqliteDatabase } from '../../src/db/client';
import { PG_MIGRATIONS_FOLDER } from '../../src/db/postgres';
import { ValidationError } from '../../src/domain/errors';
import { SETUP_STEPS } from '../../src/engine/job-kinds';
import { changeSeverity } from '../../src/services/change-severity';
import { changeStatus } from '../../src/services/change-status';
import { createServiceContext, type ServiceContext } from '../../src/services/context';
import { declareIncident } from '../../src/services/declare-incident';
import { emptyPostgresDatabase, tempDatabase, TEST_DIALECT, testDatabase, type TestDatabase } from '../support/db';

let env: TestDatabase;
let ctx: ServiceContext;
const now = new Date('2026-11-23T03:00:00Z');

beforeEach(async () => {
  env = await testDatabase();
  ctx = createServiceContext(env.database, () => now);
});
afterEach(() => env.cleanup());

const count = async (table: string) => (await env.query<{ n: number }>(`select count(*) as n from ${table}`))[0]!.n;

describe('database', () => {
  it.runIf(TEST_DIALECT === 'sqlite')('SQLite runs in WAL mode with foreign keys on', async () => {
    const sqlite = (env.database as SqliteDatabase).sqlite;
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('has every table migrated', async () => {
    const tables = (
      env.dialect === 'sqlite'
        ? await env.query<{ name: string }>("select name from sqlite_master where type='table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name")
        : await env.query<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public' order by tablename")
    ).map((r) => r.name);
    expect(tables).toEqual(
      expect.arrayContaining(['incidents', 'inbound_events', 'jobs', 'request_log', 'role_assignments', 'timeline_entries', 'raw_messages', 'postmortem_drafts']),
    );
    expect(tables).not.toContain('slack_steps');
    expect(tables).not.toContain('processed_events');
    expect(await env.database.ping()).toBe(true);
    expect(await env.database.migrated()).toBe(true);
  });

  it('is not ready (readyz) while the latest migration of this build is not applied', async () => {
    expect(await env.database.migrated()).toBe(true);
    const log = env.dialect === 'sqlite' ? '"__drizzle_migrations"' : 'drizzle.__drizzle_migrations';
    const [last] = await env.query<{ hash: string; created_at: unknown }>(`select hash, created_at from ${log} order by created_at desc limit 1`);
    await env.query(`delete from ${log} where hash = ?`, [last!.hash]);
    expect(await env.database.migrated()).toBe(false);
    // Put back (Postgres: the file's database is reused by the next test).
    await env.query(`insert into ${log} (hash, created_at) values (?, ?)`, [last!.hash, last!.created_at]);
    expect(await env.database.migrated()).toBe(true);
  });

  it('re-opening an already migrated database is a no-op', async () => {
    await env.database.close();
    const again = await env.reopen();
    expect(await again.ping()).toBe(true);
    await again.close();
  });

  it.runIf(TEST_DIALECT === 'sqlite')('two instances opening one new SQLite file together apply each migration once', async () => {
    const fresh = tempDatabase();
    await fresh.database.close();
    const { rmSync } = await import('node:fs');
    rmSync(fresh.path, { force: true });
    const [a, b] = [openDatabase(fresh.path), openDatabase(fresh.path)];
    const applied = a.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    const files = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
    expect(applied.n).toBe(files.length);
    await a.close();
    await b.close();
    await fresh.cleanup();
  });

  it.runIf(TEST_DIALECT === 'postgres')('instances connecting to one new Postgres database together apply each migration once (advisory lock)', async () => {
    const fresh = await emptyPostgresDatabase();
    try {
      const opened = await Promise.all([connectDatabase(fresh.url), connectDatabase(fresh.url), connectDatabase(fresh.url)]);
      const [a] = opened as unknown as PostgresDatabase[];
      const applied = await a!.pool.query('select hash from drizzle.__drizzle_migrations');
      const files = readMigrationFiles({ migrationsFolder: PG_MIGRATIONS_FOLDER });
      expect(applied.rows.map((r: { hash: string }) => r.hash)).toEqual(files.map((f) => f.hash));
      for (const d of opened) expect(await d.migrated()).toBe(true);
      await Promise.all(opened.map((d) => d.close()));
    } finally {
      await fresh.drop();
    }
  });
});

describe('declareIncident', () => {
  it('stores the incident, commander, declared entry and its set-up jobs in one go', async () => {
    const incident = await declareIncident(ctx, { title: 'Hiring bias', severity: 'sev2', declaredBy: 'U1', commanderId: 'U2', originChannelId: 'C9' });
    expect(incident).toMatchObject({ id: 1, title: 'Hiring bias', severity: 'sev2', status: 'investigating', declaredBy: 'U1', originChannelId: 'C9' });
    expect(incident.declaredAt).toEqual(now);
    expect(await ctx.repos.incidents.commanderOf(1)).toBe('U2');
    const timeline = await ctx.repos.timeline.forIncident(1);
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ kind: 'declared', actorId: 'U1', text: 'Declared SEV2: Hiring bias' });
    const jobs = await ctx.repos.jobs.forIncident(1);
    // In the order they must run, in the incident's queue, due now.
    const setup = jobs.filter((j) => j.kind.startsWith('setup.'));
    expect(setup.map((j) => j.kind)).toEqual(SETUP_STEPS.map((s) => `setup.${s}`));
    expect(setup.every((j) => j.state === 'pending' && j.queue === 'incident:1' && j.dueAt.getTime() === now.getTime())).toBe(true);
    // And, in the same transaction, the status-update reminders (and, at SEV1/SEV2, the commander's acknowledgement deadline).
    expect(jobs.filter((j) => !j.kind.startsWith('setup.')).map((j) => j.kind)).toEqual(['updates.remind', 'updates.remind', 'commander.ack_timeout']);
  });

  it('numbers incidents 1, 2, 3', async () => {
    const ids = [];
    for (const title of ['a', 'b', 'c']) ids.push((await declareIncident(ctx, { title, severity: 'sev3', declaredBy: 'U1' })).id);
    expect(ids).toEqual([1, 2, 3]);
  });

  it('numbers concurrent declarations without a gap, even when a transaction is run again', async () => {
    const declared = await Promise.all(['a', 'b', 'c', 'd'].map((title) => declareIncident(ctx, { title: `Model ${title} drifts`, severity: 'sev3', declaredBy: 'U1' })));
    expect(declared.map((i) => i.id).sort()).toEqual([1, 2, 3, 4]);
  });

  it.runIf(TEST_DIALECT === 'sqlite')('SQLite never reuses a number, even after a row is deleted', async () => {
    const a = await declareIncident(ctx, { title: 'a', severity: 'sev3', declaredBy: 'U1' });
    const b = await declareIncident(ctx, { title: 'b', severity: 'sev3', declaredBy: 'U1' });
    expect([a.id, b.id]).toEqual([1, 2]);
    (env.database as SqliteDatabase).sqlite.pragma('foreign_keys = OFF');
    await env.query('delete from incidents where id = 2');
    const c = await declareIncident(ctx, { title: 'c', severity: 'sev3', declaredBy: 'U1' });
    expect(c.id).toBe(3);
  });

  it('stores nothing when the declaration is invalid', async () => {
    await expect(declareIncident(ctx, { title: '', severity: 'sev1', declaredBy: 'U1' })).rejects.toThrow(ValidationError);
    expect(await count('incidents')).toBe(0);
  });

  it('rolls back everything, its jobs included, when a write in the transaction fails', async () => {
    await env.failInserts('jobs', "new.kind = 'setup.announce'");
    await expect(declareIncident(ctx, { title: 'x', severity: 'sev1', declaredBy: 'U1' })).rejects.toThrow(/boom/);
    for (const table of ['incidents', 'role_assignments', 'timeline_entries', 'jobs']) expect(await count(table)).toBe(0);
  });

  it('two connections declaring in turn never share a number', async () => {
    // One thread cannot hold two connections' write locks at once (the second would wait on the
    // first inside the same event loop); two processes doing this truly at once is an e2e test.
    const other = await env.reopen();
    const otherCtx = createServiceContext(other, () => now);
    const ids: number[] = [];
    ids.push((await declareIncident(ctx, { title: 'a', severity: 'sev1', declaredBy: 'U1' })).id);
    ids.push((await declareIncident(otherCtx, { title: 'b', severity: 'sev1', declaredBy: 'U2' })).id);
    ids.push((await declareIncident(ctx, { title: 'c', severity: 'sev1', declaredBy: 'U1' })).id);
    expect(new Set(ids).size).toBe(3);
    await other.close();
  });

  it('keeps concurrent transactions on one connection apart: a failed one rolls back only its own writes', async () => {
    await env.failInserts('incidents', "new.title = 'b'");
    const results = await Promise.allSettled([
      declareIncident(ctx, { title: 'a', severity: 'sev1', declaredBy: 'U1' }),
      declareIncident(ctx, { title: 'b', severity: 'sev1', declaredBy: 'U1' }),
      declareIncident(ctx, { title: 'c', severity: 'sev1', declaredBy: 'U1' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await count('incidents')).toBe(2);
    expect(await count("jobs where kind like 'setup.%'")).toBe(2 * SETUP_STEPS.length);
    expect(await count("jobs where kind = 'updates.remind'")).toBe(2 * 2);
  });
});

describe('acknowledged_at', () => {
  it('is stamped by the commander’s first action only', async () => {
    await declareIncident(ctx, { title: 'a', severity: 'sev3', declaredBy: 'U1', commanderId: 'U2' });
    await changeSeverity(ctx, { incidentId: 1, to: 'sev2', actorId: 'U1', reason: null });
    expect((await ctx.repos.incidents.byId(1))!.acknowledgedAt).toBeNull();
    let t = now;
    ctx = createServiceContext(env.database, () => t);
    t = new Date(now.getTime() + 120_000);
    await changeStatus(ctx, { incidentId: 1, to: 'contained', actorId: 'U2' });
    expect((await ctx.repos.incidents.byId(1))!.acknowledgedAt).toEqual(t);
    const first = t;
    t = new Date(now.getTime() + 600_000);
    await changeStatus(ctx, { incidentId: 1, to: 'mitigated', actorId: 'U2' });
    expect((await ctx.repos.incidents.byId(1))!.acknowledgedAt).toEqual(first);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { ValidationError } from '../../src/domain/errors';
import { SETUP_STEPS } from '../../src/engine/job-kinds';
import { changeSeverity } from '../../src/services/change-severity';
import { changeStatus } from '../../src/services/change-status';
import { createServiceContext, type ServiceContext } from '../../src/services/context';
import { declareIncident } from '../../src/services/declare-incident';
import { tempDatabase } from '../support/db';

let env: ReturnType<typeof tempDatabase>;
let ctx: ServiceContext;
const now = new Date('2026-11-23T03:00:00Z');

beforeEach(() => {
  env = tempDatabase();
  ctx = createServiceContext(env.database, () => now);
});
afterEach(() => env.cleanup());

const count = (table: string) => (env.database.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

describe('database', () => {
  it('runs in WAL mode with foreign keys on, all tables migrated', async () => {
    expect(env.database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(env.database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = env.database.sqlite
      .prepare("select name from sqlite_master where type='table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(
      expect.arrayContaining(['incidents', 'inbound_events', 'jobs', 'request_log', 'role_assignments', 'timeline_entries', 'raw_messages', 'postmortem_drafts']),
    );
    expect(tables).not.toContain('slack_steps');
    expect(tables).not.toContain('processed_events');
    expect(await env.database.ping()).toBe(true);
  });

  it('re-opening an already migrated file is a no-op', async () => {
    await env.database.close();
    const again = openDatabase(env.path);
    expect(await again.ping()).toBe(true);
    await again.close();
  });

  it('two instances opening one new file together apply each migration once', async () => {
    const fresh = tempDatabase();
    await fresh.database.close();
    const { rmSync } = await import('node:fs');
    rmSync(fresh.path, { force: true });
    const [a, b] = [openDatabase(fresh.path), openDatabase(fresh.path)];
    const applied = a.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    const files = (await import('drizzle-orm/migrator')).readMigrationFiles({ migrationsFolder: (await import('../../src/db/client')).MIGRATIONS_FOLDER });
    expect(applied.n).toBe(files.length);
    await a.close();
    await b.close();
    await fresh.cleanup();
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

  it('numbers incidents 1, 2, 3 and never reuses a number, even after a row is deleted', async () => {
    const a = await declareIncident(ctx, { title: 'a', severity: 'sev3', declaredBy: 'U1' });
    const b = await declareIncident(ctx, { title: 'b', severity: 'sev3', declaredBy: 'U1' });
    expect([a.id, b.id]).toEqual([1, 2]);
    env.database.sqlite.pragma('foreign_keys = OFF');
    env.database.sqlite.prepare('delete from incidents where id = 2').run();
    const c = await declareIncident(ctx, { title: 'c', severity: 'sev3', declaredBy: 'U1' });
    expect(c.id).toBe(3);
  });

  it('stores nothing when the declaration is invalid', async () => {
    await expect(declareIncident(ctx, { title: '', severity: 'sev1', declaredBy: 'U1' })).rejects.toThrow(ValidationError);
    expect(count('incidents')).toBe(0);
  });

  it('rolls back everything, its jobs included, when a write in the transaction fails', async () => {
    env.database.sqlite.exec("create trigger fail_jobs before insert on jobs when new.kind = 'setup.announce' begin select raise(abort, 'boom'); end");
    await expect(declareIncident(ctx, { title: 'x', severity: 'sev1', declaredBy: 'U1' })).rejects.toThrow(/boom/);
    for (const table of ['incidents', 'role_assignments', 'timeline_entries', 'jobs']) expect(count(table)).toBe(0);
  });

  it('two connections declaring in turn never share a number', async () => {
    // One thread cannot hold two connections' write locks at once (the second would wait on the
    // first inside the same event loop); two processes doing this truly at once is an e2e test.
    const other = openDatabase(env.path);
    const otherCtx = createServiceContext(other, () => now);
    const ids: number[] = [];
    ids.push((await declareIncident(ctx, { title: 'a', severity: 'sev1', declaredBy: 'U1' })).id);
    ids.push((await declareIncident(otherCtx, { title: 'b', severity: 'sev1', declaredBy: 'U2' })).id);
    ids.push((await declareIncident(ctx, { title: 'c', severity: 'sev1', declaredBy: 'U1' })).id);
    expect(new Set(ids).size).toBe(3);
    await other.close();
  });

  it('keeps concurrent transactions on one connection apart: a failed one rolls back only its own writes', async () => {
    env.database.sqlite.exec("create trigger fail_b before insert on incidents when new.title = 'b' begin select raise(abort, 'boom'); end");
    const results = await Promise.allSettled([
      declareIncident(ctx, { title: 'a', severity: 'sev1', declaredBy: 'U1' }),
      declareIncident(ctx, { title: 'b', severity: 'sev1', declaredBy: 'U1' }),
      declareIncident(ctx, { title: 'c', severity: 'sev1', declaredBy: 'U1' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(count('incidents')).toBe(2);
    expect(count("jobs where kind like 'setup.%'")).toBe(2 * SETUP_STEPS.length);
    expect(count("jobs where kind = 'updates.remind'")).toBe(2 * 2);
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

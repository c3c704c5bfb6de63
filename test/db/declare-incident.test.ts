import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { ValidationError } from '../../src/domain/errors';
import { createServiceContext, type ServiceContext } from '../../src/services/context';
import { DECLARATION_STEPS, declareIncident } from '../../src/services/declare-incident';
import { tempDatabase } from '../support/db';

let env: ReturnType<typeof tempDatabase>;
let ctx: ServiceContext;
const now = new Date('2026-11-23T03:00:00Z');

beforeEach(() => {
  env = tempDatabase();
  ctx = createServiceContext(env.database.db, () => now);
});
afterEach(() => env.cleanup());

describe('database', () => {
  it('runs in WAL mode with foreign keys on, all tables migrated', () => {
    expect(env.database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(env.database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = env.database.sqlite
      .prepare("select name from sqlite_master where type='table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual([
      'corrective_actions',
      'incidents',
      'postmortem_drafts',
      'processed_events',
      'raw_messages',
      'resolutions',
      'role_assignments',
      'slack_steps',
      'timeline_entries',
      'timeline_marks',
      'timeline_revisions',
    ]);
    expect(env.database.ping()).toBe(true);
  });

  it('re-opening an already migrated file is a no-op', () => {
    env.database.close();
    const again = openDatabase(env.path);
    expect(again.ping()).toBe(true);
    again.close();
  });
});

describe('declareIncident', () => {
  it('stores the incident, commander, declared entry and pending Slack steps in one go', () => {
    const incident = declareIncident(ctx, { title: 'Hiring bias', severity: 'sev2', declaredBy: 'U1', commanderId: 'U2', originChannelId: 'C9' });
    expect(incident).toMatchObject({ id: 1, title: 'Hiring bias', severity: 'sev2', status: 'investigating', declaredBy: 'U1', originChannelId: 'C9' });
    expect(incident.declaredAt).toEqual(now);
    expect(ctx.repos.incidents.commanderOf(1)).toBe('U2');
    const timeline = ctx.repos.timeline.forIncident(1);
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ kind: 'declared', actorId: 'U1', text: 'Declared SEV2: Hiring bias' });
    const steps = ctx.repos.slackSteps.forIncident(1);
    expect(steps.map((s) => s.step).sort()).toEqual([...DECLARATION_STEPS].sort());
    expect(steps.every((s) => s.state === 'pending')).toBe(true);
  });

  it('numbers incidents 1, 2, 3 and never reuses a number, even after a row is deleted', () => {
    const a = declareIncident(ctx, { title: 'a', severity: 'sev3', declaredBy: 'U1' });
    const b = declareIncident(ctx, { title: 'b', severity: 'sev3', declaredBy: 'U1' });
    expect([a.id, b.id]).toEqual([1, 2]);
    env.database.sqlite.pragma('foreign_keys = OFF');
    env.database.sqlite.prepare('delete from incidents where id = 2').run();
    const c = declareIncident(ctx, { title: 'c', severity: 'sev3', declaredBy: 'U1' });
    expect(c.id).toBe(3);
  });

  it('stores nothing when the declaration is invalid', () => {
    expect(() => declareIncident(ctx, { title: '', severity: 'sev1', declaredBy: 'U1' })).toThrow(ValidationError);
    expect(env.database.sqlite.prepare('select count(*) as n from incidents').get()).toEqual({ n: 0 });
  });

  it('rolls back everything when a write in the transaction fails', () => {
    env.database.sqlite.exec(
      "create trigger fail_steps before insert on slack_steps when new.step = 'announce' begin select raise(abort, 'boom'); end",
    );
    expect(() => declareIncident(ctx, { title: 'x', severity: 'sev1', declaredBy: 'U1' })).toThrow(/boom/);
    for (const table of ['incidents', 'role_assignments', 'timeline_entries', 'slack_steps']) {
      expect(env.database.sqlite.prepare(`select count(*) as n from ${table}`).get()).toEqual({ n: 0 });
    }
  });

  it('two connections declaring at the same time never share a number', () => {
    const other = new Database(env.path);
    other.pragma('busy_timeout = 5000');
    const otherCtx = createServiceContext(openDatabase(env.path).db, () => now);
    const ids = [
      declareIncident(ctx, { title: 'a', severity: 'sev1', declaredBy: 'U1' }).id,
      declareIncident(otherCtx, { title: 'b', severity: 'sev1', declaredBy: 'U2' }).id,
      declareIncident(ctx, { title: 'c', severity: 'sev1', declaredBy: 'U1' }).id,
    ];
    expect(new Set(ids).size).toBe(3);
    other.close();
  });
});

describe('acknowledged_at', () => {
  it('is stamped by the commander’s first action only', async () => {
    const { changeSeverity } = await import('../../src/services/change-severity');
    const { changeStatus } = await import('../../src/services/change-status');
    declareIncident(ctx, { title: 'a', severity: 'sev3', declaredBy: 'U1', commanderId: 'U2' });
    changeSeverity(ctx, { incidentId: 1, to: 'sev2', actorId: 'U1', reason: null });
    expect(ctx.repos.incidents.byId(1)!.acknowledgedAt).toBeNull();
    let t = now;
    ctx = createServiceContext(env.database.db, () => t);
    t = new Date(now.getTime() + 120_000);
    changeStatus(ctx, { incidentId: 1, to: 'contained', actorId: 'U2' });
    expect(ctx.repos.incidents.byId(1)!.acknowledgedAt).toEqual(t);
    const first = t;
    t = new Date(now.getTime() + 600_000);
    changeStatus(ctx, { incidentId: 1, to: 'mitigated', actorId: 'U2' });
    expect(ctx.repos.incidents.byId(1)!.acknowledgedAt).toEqual(first);
  });
});

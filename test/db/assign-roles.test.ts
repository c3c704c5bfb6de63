import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/domain/errors';
import { assignRoles, ConflictError, type AssignRolesInput } from '../../src/services/assign-roles';
import { createServiceContext, type ServiceContext } from '../../src/services/context';
import { declareIncident } from '../../src/services/declare-incident';
import { testDatabase, type TestDatabase } from '../support/db';

let env: TestDatabase;
let ctx: ServiceContext;
let clock: Date;
const t0 = new Date('2026-11-23T03:00:00Z');
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

beforeEach(async () => {
  env = await testDatabase();
  clock = t0;
  ctx = createServiceContext(env.database, () => clock);
  await declareIncident(ctx, { title: 'Hiring bias', severity: 'sev2', declaredBy: 'U_DECL', commanderId: 'U_IC' });
});
afterEach(() => env.cleanup());

const count = async (table: string) => (await env.query<{ n: number }>(`select count(*) as n from ${table}`))[0]!.n;

describe('assignRoles', () => {
  it('ends and starts assignments, adds timeline entries, and acknowledges on the commander’s first action', async () => {
    clock = later(5);
    const result = await assignRoles(ctx, {
      incidentId: 1,
      actorId: 'U_IC',
      change: { kind: 'replace', roles: { commander: ['U_NEW'], tech_lead: ['U_T'] } },
    });
    expect(result.acknowledged).toBe(true);
    expect(result.incident.acknowledgedAt).toEqual(later(5));
    expect(result.plan.gained).toEqual([
      { userId: 'U_NEW', roles: ['commander'] },
      { userId: 'U_T', roles: ['tech_lead'] },
    ]);
    expect((await ctx.repos.roles.history(1)).map((r) => [r.role, r.userId, r.assignedBy, r.startedAt, r.endedAt, r.endedBy])).toEqual([
      ['commander', 'U_IC', 'U_DECL', t0, later(5), 'U_IC'],
      ['commander', 'U_NEW', 'U_IC', later(5), null, null],
      ['tech_lead', 'U_T', 'U_IC', later(5), null, null],
    ]);
    expect((await ctx.repos.timeline.forIncident(1)).map((e) => e.kind)).toEqual(['declared', 'role_handed_over', 'role_assigned']);

    clock = later(9);
    const second = await assignRoles(ctx, { incidentId: 1, actorId: 'U_NEW', change: { kind: 'assign', role: 'sme', users: ['U_X'] } });
    expect(second.acknowledged).toBe(false);
    expect((await ctx.repos.incidents.byId(1))!.acknowledgedAt).toEqual(later(5));
    expect((await ctx.repos.incidents.byId(1))!.updatedAt).toEqual(later(9));
  });

  it('does not acknowledge when the declarer, not the commander, acts', async () => {
    await assignRoles(ctx, { incidentId: 1, actorId: 'U_DECL', change: { kind: 'assign', role: 'scribe', users: ['U_S'] } });
    expect((await ctx.repos.incidents.byId(1))!.acknowledgedAt).toBeNull();
  });

  it('writes nothing when nothing changes', async () => {
    const before = await count('timeline_entries');
    const result = await assignRoles(ctx, { incidentId: 1, actorId: 'U_IC', change: { kind: 'assign', role: 'commander', users: ['U_IC'] } });
    expect(result.plan.changes).toEqual([]);
    expect(await count('timeline_entries')).toBe(before);
    expect((await ctx.repos.incidents.byId(1))!.acknowledgedAt).toBeNull();
  });

  it.each<[string, AssignRolesInput, new (...args: never[]) => Error]>([
    ['an unknown incident', { incidentId: 9, actorId: 'U_IC', change: { kind: 'assign', role: 'sme', users: ['U_X'] } }, NotFoundError],
    ['a user without permission', { incidentId: 1, actorId: 'U_OTHER', change: { kind: 'assign', role: 'sme', users: ['U_X'] } }, ForbiddenError],
    ['someone who is not an admin (U_ADMIN is one only in the admins test)', { incidentId: 1, actorId: 'U_SOMEONE', change: { kind: 'assign', role: 'sme', users: ['U_X'] } }, ForbiddenError],
    ['the bot', { incidentId: 1, actorId: 'U_IC', botUserId: 'UBOT', change: { kind: 'assign', role: 'sme', users: ['UBOT'] } }, ValidationError],
    ['an empty commander', { incidentId: 1, actorId: 'U_IC', change: { kind: 'replace', roles: { commander: [] } } }, ValidationError],
    ['a stale form', { incidentId: 1, actorId: 'U_IC', expectedRevision: 0, change: { kind: 'replace', roles: { sme: ['U_X'] } } }, ConflictError],
  ])('refuses %s and stores nothing', async (_name, input, type) => {
    await expect(assignRoles(ctx, input)).rejects.toThrow(type);
    expect(await count('role_assignments')).toBe(1);
    expect(await count('timeline_entries')).toBe(1);
  });

  it('lets an admin change roles', async () => {
    ctx = createServiceContext(env.database, () => clock, { admins: ['U_ADMIN'] });
    const result = await assignRoles(ctx, { incidentId: 1, actorId: 'U_ADMIN', change: { kind: 'assign', role: 'sme', users: ['U_X'] } });
    expect(result.plan.changes).toHaveLength(1);
  });

  it('accepts a form opened at the current revision', async () => {
    const revision = await ctx.repos.roles.revision(1);
    expect(revision).toBe(1);
    await assignRoles(ctx, { incidentId: 1, actorId: 'U_IC', expectedRevision: revision, change: { kind: 'replace', roles: { commander: ['U_B'] } } });
    // One row started and one ended.
    expect((await ctx.repos.roles.revision(1))).toBe(3);
  });

  it('refuses changes on a closed incident', async () => {
    await ctx.repos.incidents.update(1, { status: 'closed' });
    await expect(assignRoles(ctx, { incidentId: 1, actorId: 'U_IC', change: { kind: 'assign', role: 'sme', users: ['U_X'] } })).rejects.toThrow("closed, so you can't change its roles");
  });

  it('rolls back every write when one fails', async () => {
    await env.failInserts('timeline_entries', "new.kind = 'role_assigned'");
    await expect(
      assignRoles(ctx, { incidentId: 1, actorId: 'U_IC', change: { kind: 'replace', roles: { commander: ['U_B'], scribe: ['U_S'] } } }),
    ).rejects.toThrow(/boom/);
    expect((await ctx.repos.roles.history(1))).toMatchObject([{ userId: 'U_IC', endedAt: null }]);
    expect(await count('timeline_entries')).toBe(1);
    expect((await ctx.repos.incidents.byId(1))!.acknowledgedAt).toBeNull();
  });

  it('rejects malformed input before touching the database', async () => {
    await expect(assignRoles(ctx, { incidentId: 1, actorId: '', change: { kind: 'assign', role: 'sme', users: ['U_X'] } })).rejects.toThrow();
    await expect(
      assignRoles(ctx, { incidentId: 1, actorId: 'U_IC', change: { kind: 'assign', role: 'janitor' as 'sme', users: ['U_X'] } }),
    ).rejects.toThrow();
    expect(await count('role_assignments')).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDbCopy } from '../../src/cli/db-copy';
import { createServiceContext } from '../../src/services/context';
import { declareIncident } from '../../src/services/declare-incident';
import { recordMessages } from '../../src/services/record-message';
import { tempDatabase, testDatabase, type TestDatabase } from '../support/db';

/**
 * Moving an installation: a real SQLite file with incidents, messages and jobs is copied into the
 * backend under test (Postgres in the postgres project, another SQLite file otherwise).
 */
let source: ReturnType<typeof tempDatabase>;
let target: TestDatabase;
const now = new Date('2026-11-23T03:00:00Z');

beforeAll(async () => {
  source = tempDatabase();
  const ctx = createServiceContext(source.database, () => now);
  await declareIncident(ctx, { title: 'Chatbot gives dosing advice', severity: 'sev1', declaredBy: 'U1', commanderId: 'U2' });
  await declareIncident(ctx, { title: 'Search model drifts', severity: 'sev3', declaredBy: 'U3', isPrivate: true });
  await source.database.repos.incidents.update(1, { channelId: 'C1', channelName: 'inc-1-chatbot' });
  await recordMessages(ctx, [{ channelId: 'C1', ts: '1763866800.000100', threadTs: null, userId: 'U1', text: 'rolling back to v6 🙏', files: [] }]);
  await source.database.close();
  target = await testDatabase();
  await target.database.close();
});
afterAll(async () => {
  await target.cleanup();
  await source.cleanup();
});

describe('npm run db:copy', () => {
  it('copies every table, reports matching row counts, and the copy works as a database', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runDbCopy(['--from', `file:${source.path}`, '--to', target.location], { out: (s) => out.push(s), err: (s) => err.push(s) });
    expect(err.join('')).toBe('');
    expect(code).toBe(0);
    expect(out.join('')).toMatch(/^incidents\s+2 →\s+2$/m);
    expect(out.join('')).toMatch(/every table's row count matches/);
    expect(out.join('')).not.toMatch(/MISMATCH/);

    const copied = await target.reopen();
    try {
      const incident = (await copied.repos.incidents.byId(1))!;
      expect(incident).toMatchObject({ title: 'Chatbot gives dosing advice', severity: 'sev1', channelId: 'C1', declaredAt: now, isPrivate: false });
      expect((await copied.repos.incidents.byId(2))!.isPrivate).toBe(true);
      expect(await copied.repos.incidents.commanderOf(1)).toBe('U2');
      expect((await copied.repos.capture.rawForIncident(1)).map((r) => r.text)).toEqual(['rolling back to v6 🙏']);
      expect((await copied.repos.jobs.forIncident(1)).length).toBeGreaterThan(0);
      // New rows continue after the copied ones.
      const ctx = createServiceContext(copied, () => now);
      const third = await declareIncident(ctx, { title: 'Third', severity: 'sev4', declaredBy: 'U1' });
      expect(third.id).toBe(3);
      expect((await copied.repos.timeline.forIncident(3)).map((e) => e.kind)).toEqual(['declared']);
    } finally {
      await copied.close();
    }
  });

  it('refuses to write into a database that is not empty', async () => {
    const err: string[] = [];
    const code = await runDbCopy(['--from', `file:${source.path}`, '--to', target.location], { out: () => undefined, err: (s) => err.push(s) });
    expect(code).toBe(1);
    expect(err.join('')).toMatch(/is not empty \(incidents: 3 rows/);
  });

  it('refuses a missing source file and missing arguments', async () => {
    const err: string[] = [];
    expect(await runDbCopy(['--from', 'file:/nonexistent/warroom.db', '--to', target.location], { out: () => undefined, err: (s) => err.push(s) })).toBe(2);
    expect(await runDbCopy(['--from', `file:${source.path}`], { out: () => undefined, err: (s) => err.push(s) })).toBe(2);
    expect(err.join('')).toMatch(/no SQLite file at \/nonexistent\/warroom.db[\s\S]*--from and --to are both required/);
  });
});

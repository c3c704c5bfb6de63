import { afterAll, beforeAll, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../support/db';

/**
 * A job's result is recorded with its completion, several jobs in one statement: whatever a result
 * holds (a NUL from a person's text, which Postgres's jsonb refuses), the jobs are marked done once.
 */
let env: TestDatabase;
beforeAll(async () => {
  env = await testDatabase();
});
afterAll(async () => env.cleanup());

it('records each result with its job, a NUL included, and marks every job done', async () => {
  const { jobs } = env.database.repos;
  const now = new Date();
  for (const key of ['r1', 'r2', 'r3']) await jobs.enqueue({ kind: 'test.result', key, payload: {}, dueAt: new Date(now.getTime() - 1) }, now);
  const claimed = await jobs.claim('A', now, 60_000, 3);
  expect(claimed).toHaveLength(3);
  const byKey = new Map(claimed.map((j) => [j.key, j.id]));
  const results = {
    r1: { ts: '1764756000.000100', text: 'ends in a NUL\u0000 and "quotes"' },
    r2: null,
    r3: ['a', 1, { nested: true }],
  };
  const done = await jobs.complete('A', Object.entries(results).map(([key, result]) => ({ id: byKey.get(key)!, result })), now);
  expect(done.sort()).toEqual([...byKey.values()].sort());
  const r1 = await jobs.byKey('r1');
  expect(r1?.state).toBe('done');
  expect(r1?.result).toEqual({ ts: '1764756000.000100', text: env.dialect === 'postgres' ? 'ends in a NUL and "quotes"' : 'ends in a NUL\u0000 and "quotes"' });
  expect((await jobs.byKey('r2'))?.result).toBeNull();
  expect((await jobs.byKey('r3'))?.result).toEqual(['a', 1, { nested: true }]);
  // Completed by another owner than the one holding the lease: nothing changes.
  expect(await jobs.complete('B', [{ id: byKey.get('r1')!, result: 'late' }], now)).toEqual([]);
});

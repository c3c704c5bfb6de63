import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client';
import { JobRunner, type JobHandlers } from '../../src/engine/runner';
import { createLogger } from '../../src/logger';
import { testDatabase, type TestDatabase } from '../support/db';
import { sleep, waitFor } from '../support/harness';

/**
 * What a job runner asks the database while there is nothing to do: one light query per poll,
 * not a round of claims; work another instance enqueued is still found by the poll.
 */
let env: TestDatabase;
let runner: JobRunner | null = null;

beforeEach(async () => {
  env = await testDatabase();
});
afterEach(async () => {
  await runner?.stop(2000);
  runner = null;
  await env.cleanup();
});

const POLL_MS = 100;

/** The real database, with its claims and wake-up lookups counted. */
function counted(db: Database): { db: Database; calls: { claim: number; nextWakeAt: number } } {
  const calls = { claim: 0, nextWakeAt: 0 };
  const jobs = db.repos.jobs;
  const repos = {
    ...db.repos,
    jobs: {
      ...jobs,
      claim: (...args: Parameters<typeof jobs.claim>) => ((calls.claim += 1), jobs.claim(...args)),
      nextWakeAt: (...args: Parameters<typeof jobs.nextWakeAt>) => ((calls.nextWakeAt += 1), jobs.nextWakeAt(...args)),
    },
  };
  return { db: { ...db, repos }, calls };
}

function start(db: Database, ran: string[]): JobRunner {
  const handlers = {
    'test.record': async (job: { key: string }) => {
      ran.push(job.key);
    },
  } as unknown as JobHandlers;
  runner = new JobRunner({
    db,
    owner: 'A',
    logger: createLogger({ level: 'error', write: () => undefined }),
    handlers,
    classify: () => ({ retry: true, code: 'test' }),
    leaseMs: 60_000,
    pollMs: POLL_MS,
    backoffMs: 10,
    concurrency: 4,
  });
  runner.start();
  return runner;
}

describe('a job runner with nothing to do', () => {
  it('asks when the next job is due once per poll and claims nothing, then finds a job another instance enqueued', async () => {
    const { db, calls } = counted(env.database);
    const ran: string[] = [];
    start(db, ran);
    await waitFor(() => calls.nextWakeAt >= 1, 'the first look');
    const before = { ...calls };
    await sleep(10 * POLL_MS);
    const polls = calls.nextWakeAt - before.nextWakeAt;
    expect(polls).toBeGreaterThanOrEqual(4);
    expect(polls).toBeLessThanOrEqual(12);
    expect(calls.claim - before.claim).toBe(0);
    // Enqueued through another connection, as another instance would: no nudge reaches this runner.
    const other = await env.reopen();
    try {
      const now = new Date();
      await other.repos.jobs.enqueue({ kind: 'test.record', key: 'from-elsewhere', payload: {}, dueAt: now }, now);
    } finally {
      await other.close();
    }
    await waitFor(() => ran.includes('from-elsewhere'), 'the job enqueued elsewhere ran', 5 * POLL_MS + 2000);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client';
import { JobRunner, type JobHandlers, type RunnerOptions } from '../../src/engine/runner';
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

/** A runner of `test.*` jobs on `db`, with this file's timings unless `options` says otherwise. */
function start(db: Database, handlers: Record<string, (job: { key: string }) => Promise<void>>, options: Partial<RunnerOptions> = {}): JobRunner {
  runner = new JobRunner({
    db,
    owner: 'A',
    logger: createLogger({ level: 'error', write: () => undefined }),
    handlers: handlers as unknown as JobHandlers,
    classify: () => ({ retry: true, code: 'test' }),
    leaseMs: 60_000,
    pollMs: POLL_MS,
    backoffMs: 10,
    concurrency: 4,
    ...options,
  });
  runner.start();
  return runner;
}

describe('a job runner with nothing to do', () => {
  it('asks when the next job is due once per poll and claims nothing, then finds a job another instance enqueued', async () => {
    const { db, calls } = counted(env.database);
    const ran: string[] = [];
    start(db, { 'test.record': async (job) => void ran.push(job.key) });
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

/**
 * A runner whose due jobs wait for one job it is running (held open until `release`): counts what
 * it asks the database meanwhile, and records the order the jobs ran in.
 */
function blockedRunner(db: Database, kindLimits?: Record<string, number>) {
  const ran: string[] = [];
  let open = false;
  const gate: (() => void)[] = [];
  const lane = async (job: { key: string }) => {
    ran.push(job.key);
    if (!open) await new Promise<void>((resolve) => gate.push(resolve));
  };
  // A poll this slow cannot explain the next job being claimed at once.
  start(db, { 'test.lane': lane }, { pollMs: 2000, kindLimits: kindLimits as RunnerOptions['kindLimits'] });
  return {
    ran,
    releaseOne: () => gate.shift()!(),
    releaseAll: () => {
      open = true;
      for (const go of gate.splice(0)) go();
    },
  };
}

describe('a job runner whose due jobs wait for a job it is running', () => {
  const enqueue = async (n: number, queue?: (i: number) => string) => {
    const now = new Date(Date.now() - 1000);
    for (let i = 0; i < n; i++) await env.database.repos.jobs.enqueue({ kind: 'test.lane', key: `lane:${i}`, queue: queue?.(i), payload: {}, dueAt: now }, now);
  };

  /** Over a second with the blocking job running: at most one poll, no claim (the old runner: ~40 of each). */
  const staysQuiet = async (calls: { claim: number; nextWakeAt: number }) => {
    const before = { ...calls };
    await sleep(1000);
    expect(calls.nextWakeAt - before.nextWakeAt).toBeLessThanOrEqual(2);
    expect(calls.claim - before.claim).toBe(0);
  };

  it('its one-at-a-time lane full: no asking every few milliseconds, and each job runs as the lane frees', async () => {
    const { db, calls } = counted(env.database);
    await enqueue(20);
    const r = blockedRunner(db, { 'test.lane': 1 });
    await waitFor(() => r.ran.length === 1, 'the first job in the lane');
    await staysQuiet(calls);
    expect(r.ran).toHaveLength(1);
    // The lane frees: the next job is claimed at once, not at the next poll.
    r.releaseOne();
    await waitFor(() => r.ran.length === 2, 'the second job', 1000);
    r.releaseAll();
    await waitFor(() => r.ran.length === 20, 'every job through the lane', 10_000);
    expect(new Set(r.ran).size).toBe(20);
  });

  it('behind an earlier job of their queue: the same, and the queue keeps its order', async () => {
    const { db, calls } = counted(env.database);
    await enqueue(5, () => 'incident:1');
    const r = blockedRunner(db);
    await waitFor(() => r.ran.length === 1, 'the head of the queue');
    await staysQuiet(calls);
    r.releaseOne();
    await waitFor(() => r.ran.length === 2, 'the next of the queue', 1000);
    r.releaseAll();
    await waitFor(() => r.ran.length === 5, 'the whole queue', 10_000);
    expect(r.ran).toEqual(['lane:0', 'lane:1', 'lane:2', 'lane:3', 'lane:4']);
  });
});

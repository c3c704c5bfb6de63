import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client';
import { JobRunner, type JobHandlers } from '../../src/engine/runner';
import { createLogger } from '../../src/logger';
import { createServiceContext } from '../../src/services/context';
import { declareIncident } from '../../src/services/declare-incident';
import { Inbox } from '../../src/slack/inbox';
import { testDatabase, type TestDatabase } from '../support/db';
import { waitFor } from '../support/harness';

/**
 * Two instances on one database (two connections or pools, two runners), as two processes behind
 * a load balancer would be: every job runs once, queues keep their order across instances, a dead
 * instance's lease is taken over, and an event received by both is stored once.
 */
let env: TestDatabase;
let second: Database;
const runners: JobRunner[] = [];

beforeEach(async () => {
  env = await testDatabase();
  second = await env.reopen();
});
afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop(2000);
  await second.close();
  await env.cleanup();
});

function startRunner(db: Database, owner: string, ran: { key: string; owner: string }[]): JobRunner {
  const handlers = {
    'test.record': async (job: { key: string }) => {
      ran.push({ key: job.key, owner });
      // Long enough for the other instance to try the same job meanwhile.
      await new Promise((r) => setTimeout(r, 5));
    },
  } as unknown as JobHandlers;
  const runner = new JobRunner({
    db,
    owner,
    logger: createLogger({ level: 'error', write: () => undefined }),
    handlers,
    classify: () => ({ retry: true, code: 'test' }),
    leaseMs: 1000,
    pollMs: 20,
    backoffMs: 10,
    concurrency: 4,
  });
  runner.start();
  runners.push(runner);
  return runner;
}

describe('two instances on one database', () => {
  it('run every job exactly once, both take part, and a queue runs in order across them', async () => {
    const now = new Date(Date.now() - 1000);
    await env.database.transaction(async (tx) => {
      for (let i = 0; i < 60; i++) await tx.jobs.enqueue({ kind: 'test.record', key: `free:${i}`, payload: {}, dueAt: now }, now);
      for (let i = 0; i < 10; i++) await tx.jobs.enqueue({ kind: 'test.record', key: `q:${i}`, queue: 'incident:1', payload: {}, dueAt: now }, now);
    });
    const ran: { key: string; owner: string }[] = [];
    startRunner(env.database, 'A', ran);
    startRunner(second, 'B', ran);
    await waitFor(async () => (await env.database.repos.jobs.countByState()).done === 70, 'all 70 jobs done', 15_000);
    const keys = ran.map((r) => r.key);
    expect(keys).toHaveLength(70);
    expect(new Set(keys).size).toBe(70);
    expect(new Set(ran.map((r) => r.owner))).toEqual(new Set(['A', 'B']));
    expect(keys.filter((k) => k.startsWith('q:'))).toEqual(Array.from({ length: 10 }, (_, i) => `q:${i}`));
  });

  it('takes over the job of an instance that died holding its lease, once', async () => {
    const now = new Date();
    await env.database.repos.jobs.enqueue({ kind: 'test.record', key: 'orphan', payload: {}, dueAt: new Date(now.getTime() - 1) }, now);
    // The dead instance claimed it and never came back.
    const [claimed] = await env.database.repos.jobs.claim('dead', now, 300, 1);
    expect(claimed?.key).toBe('orphan');
    const ran: { key: string; owner: string }[] = [];
    startRunner(env.database, 'A', ran);
    startRunner(second, 'B', ran);
    await waitFor(async () => (await env.database.repos.jobs.byKey('orphan'))?.state === 'done', 'the orphan job done', 10_000);
    expect(ran.map((r) => r.key)).toEqual(['orphan']);
    const orphan = (await env.database.repos.jobs.byKey('orphan'))!;
    expect(orphan.attempts).toBe(2);
    // The run its dead process was on did not fail: it did not use up one of the job's attempts.
    expect(orphan.maxAttempts).toBe(9);
  });

  it('store an event both received once', async () => {
    const row = { dedupeKey: 'Ev123', type: 'message', channelId: 'C1', payload: { event: { type: 'message' } }, receivedAt: new Date() };
    const results = await Promise.all([env.database.repos.inbound.store([row]), second.repos.inbound.store([row]), env.database.repos.inbound.store([row, row]), second.repos.inbound.store([row])]);
    expect(results.reduce((a, b) => a + b)).toBe(1);
    expect(await env.query('select count(*) as n from inbound_events')).toEqual([{ n: 1 }]);
  });

  it('never hand one event to both instances', async () => {
    const now = new Date();
    await env.database.repos.inbound.store(Array.from({ length: 20 }, (_, i) => ({ dedupeKey: `E${i}`, type: 'message', channelId: 'C1', payload: {}, receivedAt: now })));
    const applied: string[] = [];
    const drain = (db: Database) =>
      db.exclusively('inbox', (transaction) =>
        transaction(async (tx) => {
          const rows = await tx.inbound.take(5);
          const keys = rows.map((r) => r.dedupeKey);
          await tx.inbound.finish(rows.map((r) => r.id), 'done', now);
          return keys;
        }),
      );
    for (let round = 0; round < 3; round++) {
      const takers = [env.database, second, env.database, second];
      // SQLite: two connections in one thread cannot both hold a transaction open (the second would
      // wait for the first inside the same event loop), so there they take turns.
      const batches = env.dialect === 'postgres' ? await Promise.all(takers.map(drain)) : await takers.reduce(async (acc, db) => [...(await acc), await drain(db)], Promise.resolve([] as string[][]));
      applied.push(...batches.flat());
    }
    expect(applied).toHaveLength(20);
    expect(new Set(applied).size).toBe(20);
  });

  it('apply every event once, each instance\'s share in order, while both store and drain, and neither loses a serialization conflict', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', format: 'json', write: (line) => lines.push(line) });
    const a = await env.reopen({ log: logger.child({ component: 'db', instance: 'A' }) });
    const b = await env.reopen({ log: logger.child({ component: 'db', instance: 'B' }) });
    const inboxes = [a, b].map(
      (db, i) => new Inbox({ ctx: createServiceContext(db), logger: logger.child({ instance: 'AB'[i] }), botUserId: 'UBOT', timelineEmoji: 'pushpin', pollMs: 50 }),
    );
    try {
      const ctx = createServiceContext(a);
      await declareIncident(ctx, { title: 'Two instances', severity: 'sev3', declaredBy: 'U1' });
      await ctx.repos.incidents.update(1, { channelId: 'C_WAR' });
      for (const inbox of inboxes) inbox.start();
      // Bursts that land on both instances at once, as Slack's deliveries behind a load balancer do:
      // each stores its share and both try to apply what is pending meanwhile.
      const base = Math.floor(Date.now() / 1000) - 3600;
      const ROUNDS = 15;
      const PER_ROUND = 16;
      for (let round = 0; round < ROUNDS; round++) {
        await Promise.all(
          Array.from({ length: PER_ROUND }, (_, j) => {
            const n = round * PER_ROUND + j;
            const event = { type: 'message', channel: 'C_WAR', channel_type: 'channel', user: 'U2', text: `update ${n}`, ts: `${base + n}.000100` };
            return inboxes[j % 2]!.receive({ event_id: `Ev${n}`, event_time: base + n, event });
          }),
        );
        await new Promise((r) => setTimeout(r, 3));
      }
      const total = ROUNDS * PER_ROUND;
      await waitFor(async () => (await a.repos.inbound.pendingCount()) === 0, 'every event applied', 20_000);
      for (const inbox of inboxes) await inbox.stop();

      expect(await env.query('select state, count(*) as n from inbound_events group by state')).toEqual([{ state: 'done', n: total }]);
      const raw = await ctx.repos.capture.rawForIncident(1);
      expect(raw).toHaveLength(total);
      // Each instance's share in the order it stored it (between the two there is no order: an
      // event one stored can become visible after a later one the other stored).
      const appliedTs = [...raw].sort((x, y) => x.id - y.id).map((r) => r.ts);
      for (const share of [0, 1]) {
        const mine = appliedTs.filter((ts) => (Number(ts.split('.')[0]) - base) % 2 === share);
        expect(mine).toEqual([...mine].sort());
      }
      const conflicts = lines.filter((l) => /"(inbox\.batch_failed|inbox\.event_failed|inbox\.drain_failed|db\.conflict_retried)"/.test(l));
      expect(conflicts).toEqual([]);
    } finally {
      for (const inbox of inboxes) await inbox.stop();
      await a.close();
      await b.close();
    }
  });
});

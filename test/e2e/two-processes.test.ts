import { afterAll, beforeAll, expect, it } from 'vitest';
import { SlackSim } from '../../src/slack-sim';
import { killAll, RoundRobinProxy, spawnBot, type BotProcess } from '../support/bot-process';
import { duplicatePosts, jobKeyOf, waitQuiet } from '../support/crash-checks';
import { TEST_DIALECT, testDatabase, type TestDatabase } from '../support/db';
import { BOT_TOKEN, SIGNING_SECRET, waitFor } from '../support/harness';

/**
 * Two real bot processes on one database — a SQLite file (WAL) or a Postgres database, whichever
 * the suite runs on — behind a round-robin load balancer behave as one: Slack's deliveries and retries land on either, events are stored once, each job is done by
 * one of them, start-up work is claimed once, and when one is SIGKILLed in the middle of a
 * declaration the other finishes it — with the channel Slack had already created, not a second.
 */

const ALICE = 'U_ALICE';
let sim: SlackSim;
let db: TestDatabase;
let proxy: RoundRobinProxy;
let incidentsChannel: string;
let general: string;

beforeAll(async () => {
  sim = new SlackSim({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, eventRetries: [200, 1000, 3000] });
  await sim.start();
  db = await testDatabase();
  incidentsChannel = sim.createChannel('incidents', { members: [ALICE] }).id;
  general = sim.createChannel('general', { members: [ALICE] }).id;
  proxy = new RoundRobinProxy();
  await proxy.start();
});
afterAll(async () => {
  await killAll();
  await proxy.stop();
  await sim.stop();
  await db.cleanup();
});

const all = <T>(sql: string, ...args: unknown[]) => db.query<T>(sql, args);
const one = async <T>(sql: string, ...args: unknown[]) => (await db.query<T>(sql, args))[0] as T;
const shared = TEST_DIALECT === 'sqlite' ? 'one SQLite file (WAL)' : 'one Postgres database';

/** Job keys a process logged as done (or finished after losing its lease: it ran them all the same). */
function jobsRunBy(bot: BotProcess): string[] {
  return bot
    .output()
    .split('\n')
    .filter((l) => l.includes('"event":"jobs.done"') || l.includes('"event":"jobs.lease_lost"'))
    .map((l) => (JSON.parse(l) as { job: string }).job);
}

it(`two processes on ${shared} behind a load balancer act as one, and one dies mid-declaration`, { timeout: 90_000 }, async () => {
  const env = { INCIDENTS_CHANNEL: incidentsChannel, LOG_LEVEL: 'debug' };
  // An earlier run left open incidents: the start-up catch-up has real work to share.
  const earlier = await spawnBot({ sim, dbEnv: db.env, env });
  for (const title of ['Earlier run one', 'Earlier run two']) {
    expect((await sim.sendCommand({ user: ALICE, channel: general, text: `declare sev3 ${title}` })).status).toBe(200);
  }
  await waitQuiet(db, sim);
  expect(await earlier.stop()).toBe(0);
  const catchUpsBefore = (await one<{ n: number }>(`select count(*) as n from jobs where kind = 'catchup.incident'`)).n;
  // The earlier run's own start-up round is done too: the two new ones come on top of it.
  const roundsDone = async () => Number((await one<{ n: number }>(`select count(*) as n from jobs where kind = 'catchup.all' and state = 'done'`)).n);
  const roundsBefore = await roundsDone();

  // Both start together on the same database. Catch-up reads are slow (Slack's Tier 3): they are held
  // until both processes have started their start-up round, so the rounds overlap.
  let releaseReads!: () => void;
  const reads = new Promise<void>((r) => (releaseReads = r));
  sim.failNext('conversations.history', { hold: reads, times: 2 });
  const [a, b] = await Promise.all([spawnBot({ sim, dbEnv: db.env, env, route: false }), spawnBot({ sim, dbEnv: db.env, env, route: false })]);
  // A loaded CI machine runs other bot processes beside these two: generous, and it says why on failure.
  await waitFor(async () => (await roundsDone()) === roundsBefore + 2, 'both start-up rounds', 30_000).catch(
    async (error: Error) => {
      const jobs = await all(`select id, kind, state, lease_owner, attempts, last_error from jobs where kind like 'catchup.%' order by id`);
      throw new Error(`${error.message}\njobs: ${JSON.stringify(jobs)}\n-- first process:\n${a.output().slice(-4000)}\n-- second process:\n${b.output().slice(-4000)}`);
    },
  );
  releaseReads();
  proxy.backends = [a.url, b.url];
  sim.setAppUrl(proxy.url);

  // ---- load through the balancer ----
  const declared: string[] = [];
  for (let i = 0; i < 4; i += 1) {
    const title = `Shared load ${i}`;
    expect((await sim.sendCommand({ user: ALICE, channel: general, text: `declare sev2 ${title}` })).status).toBe(200);
    declared.push(title);
  }
  await waitQuiet(db, sim);
  const incidents = await all<{ id: number; title: string; channel_id: string }>('select id, title, channel_id from incidents where title like ? order by id', 'Shared load %');
  expect(incidents).toHaveLength(4);
  const eventIds: string[] = [];
  for (const inc of incidents) {
    for (let m = 0; m < 3; m += 1) {
      const { ts, answer } = await sim.userPosts({ user: ALICE, channel: inc.channel_id, text: `update ${m} on ${inc.title}` });
      expect(answer.status).toBe(200);
      eventIds.push(answer.eventId!);
      // The same delivery again, as Slack retries it: the balancer sends it to the other process.
      const again = await sim.sendEvent({}, { eventId: answer.eventId!, retryNum: 1, retryReason: 'http_timeout' });
      expect(again.status).toBe(200);
      if (m === 1) expect((await sim.userReacts({ user: ALICE, channel: inc.channel_id, ts, name: 'pushpin' })).status).toBe(200);
    }
    expect((await sim.sendCommand({ user: ALICE, channel: inc.channel_id, text: 'status contained' })).status).toBe(200);
  }
  await waitQuiet(db, sim);

  // ---- one process dies in the middle of a declaration ----
  let release!: () => void;
  let creating = false;
  sim.failNext('conversations.create', { hold: new Promise<void>((r) => (release = r)), when: (args) => String(args.name).includes('dies-mid-declaration') && (creating = true) });
  expect((await sim.sendCommand({ user: ALICE, channel: general, text: 'declare sev1 Dies mid declaration' })).status).toBe(200);
  await waitFor(() => creating, 'channel creation under way', 10_000);
  const owner = (await one<{ lease_owner: string }>(`select lease_owner from jobs where kind = 'setup.create_channel' and state = 'running'`)).lease_owner;
  const [victim, survivor] = owner.startsWith(`${a.child.pid}-`) ? [a, b] : [b, a];
  expect(owner.startsWith(`${victim.child.pid}-`)).toBe(true);
  await victim.kill();
  // Slack still creates the channel it was asked for; the process that asked never hears of it.
  release();
  await waitFor(() => sim.channels.size > 0 && [...sim.channels.values()].some((c) => c.name.includes('dies-mid-declaration')), 'Slack created it');
  // The survivor takes the job over once the dead process's lease runs out, and finishes the declaration.
  const dying = await waitFor(() => one<{ id: number; channel_id: string | null } | undefined>('select id, channel_id from incidents where title = ?', 'Dies mid declaration'), 'stored');
  await waitFor(
    async () => (await one<{ n: number }>(`select count(*) as n from jobs where incident_id = ? and kind like 'setup.%' and state != 'done'`, dying.id)).n === 0,
    'the survivor finished the declaration',
    20_000,
  );
  // Events keep flowing through the balancer with one backend dead.
  const afterDeath = await sim.userPosts({ user: ALICE, channel: incidents[0]!.channel_id, text: 'still here after the crash' });
  expect(afterDeath.answer.status).toBe(200);
  eventIds.push(afterDeath.answer.eventId!);
  await waitQuiet(db, sim);

  // ---------------- one bot, as far as anyone can tell ----------------
  expect(new Set(proxy.routed)).toEqual(new Set([new URL(a.url).origin, new URL(b.url).origin]));
  for (const id of eventIds) {
    expect(await all('select state from inbound_events where dedupe_key = ?', id)).toEqual([{ state: 'done' }]);
  }
  expect((await one<{ n: number }>(`select count(*) as n from inbound_events where state != 'done' and state != 'ignored'`)).n).toBe(0);
  // Each message in the record once, each mark one entry with one ✅.
  for (const inc of incidents) {
    const said = sim.messages(inc.channel_id).filter((m) => m.user === ALICE && !m.subtype);
    for (const m of said) expect((await one<{ n: number }>('select count(*) as n from raw_messages where channel_id = ? and ts = ?', inc.channel_id, m.ts)).n).toBe(1);
    const marked = said.filter((m) => m.reactions.get('pushpin')?.has(ALICE));
    expect(marked).toHaveLength(1);
    expect([...marked[0]!.reactions.get('white_check_mark')!]).toEqual([sim.botUserId]);
    expect(sim.messages(inc.channel_id).filter((m) => m.text.includes('moved the incident to Contained'))).toHaveLength(1);
  }

  // Every incident: one channel, one card, one announcement — including the one whose declarer died.
  const everyIncident = await all<{ id: number; channel_id: string }>('select id, channel_id from incidents');
  expect(everyIncident).toHaveLength(7);
  for (const inc of everyIncident) {
    expect([...sim.channels.values()].filter((c) => c.name.startsWith(`inc-${inc.id}-`)).map((c) => c.id)).toEqual([inc.channel_id]);
    expect(sim.messages(inc.channel_id).filter((m) => jobKeyOf(m) === `setup:${inc.id}:post_card` && m.pinned)).toHaveLength(1);
    expect(sim.messages(incidentsChannel).filter((m) => jobKeyOf(m) === `setup:${inc.id}:announce`)).toHaveLength(1);
  }
  expect(sim.channelByName(`inc-${dying.id}-dies-mid-declaration`)!.members.has(ALICE)).toBe(true);
  expect(sim.callsTo('conversations.create').filter((c) => c.ok)).toHaveLength(7);
  expect(duplicatePosts(sim)).toEqual([]);

  // Each job done by exactly one process; both did some.
  const ranByA = jobsRunBy(a);
  const ranByB = jobsRunBy(b);
  expect(ranByA.length).toBeGreaterThan(0);
  expect(ranByB.length).toBeGreaterThan(0);
  const twice = ranByA.filter((k) => ranByB.includes(k));
  expect(twice).toEqual([]);
  expect([...ranByA, ...ranByB].length).toBe(new Set([...ranByA, ...ranByB]).size);
  expect(survivor === a ? ranByA : ranByB).toContain(`setup:${dying.id}:create_channel`);

  // Start-up work claimed once: one catch-up per open incident for the two starts, one daily prune.
  const catchUps = (await all<{ incident_id: number; state: string }>(`select incident_id, state from jobs where kind = 'catchup.incident' order by id`)).slice(catchUpsBefore);
  expect(catchUps.map((c) => c.incident_id).sort()).toEqual(
    (await all<{ id: number }>(`select id from incidents where title like 'Earlier run %'`))
      .map((r) => r.id)
      .sort(),
  );
  expect((await one<{ n: number }>(`select count(*) as n from jobs where kind = 'maintenance.prune' and state = 'pending'`)).n).toBe(1);
  expect(await all(`select kind, key, last_error from jobs where state = 'failed'`)).toEqual([]);
  expect(sim.problems).toEqual([]);
});

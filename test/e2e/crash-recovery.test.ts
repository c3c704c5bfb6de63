import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Repositories } from '../../src/db/repositories';
import { SlackSim } from '../../src/slack-sim';
import { TEST_DIALECT, testDatabase, type TestDatabase } from '../support/db';
import { BOT_TOKEN, SIGNING_SECRET, waitFor } from '../support/harness';

let sim: SlackSim;
let db: TestDatabase;
const children: ChildProcess[] = [];

beforeEach(async () => {
  sim = new SlackSim({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
  await sim.start();
  db = await testDatabase();
  await db.database.close();
});
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode !== null || c.signalCode !== null) continue;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  }
  await sim.stop();
  await db.cleanup();
});

/** Reads the bot's database from the test (SQLite WAL: a second reader never blocks the bot). */
async function inDatabase<T>(read: (repos: Repositories) => Promise<T>): Promise<T> {
  const database = await db.reopen();
  try {
    return await read(database.repos);
  } finally {
    await database.close();
  }
}

const setupDone = (incidentId: number) =>
  inDatabase(async (repos) => (await repos.jobs.forIncident(incidentId)).filter((j) => j.kind.startsWith('setup.')).every((j) => j.state === 'done'));

/** The real bot as its own process (`node --import tsx src/main.ts`), so it can really crash. */
async function startBot(options: { route?: boolean } = {}): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: sim.apiUrl,
      PORT: '0',
      ...db.env,
      LOG_LEVEL: 'info',
      // A killed process's claimed jobs are taken over once its lease runs out.
      JOB_LEASE: '2s',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  // stdout is a pipe, so the bot logs JSON lines (LOG_FORMAT defaults to json off a terminal).
  const port = await waitFor(() => Number(/"port":(\d+)[^\n]*"event":"app\.started"/.exec(out)?.[1]), 'bot start', 45_000);
  if (options.route !== false) sim.setAppUrl(`http://127.0.0.1:${port}/slack/events`);
  return { child, port, output: () => out };
}

it('a crash after the channel is created and before invites is finished by the next start', async () => {
  const general = sim.createChannel('general', { members: ['U_ALICE'] });
  // Invites fail (5xx) so the bot is still retrying them when it is killed.
  sim.failNext('conversations.invite', { status: 500, times: 2 });
  const first = await startBot();
  const answer = await sim.sendCommand({ user: 'U_ALICE', channel: general.id, text: 'declare sev1 Medical model misses a cancer subtype' });
  expect(answer.status).toBe(200);
  await waitFor(() => sim.callsTo('conversations.invite').length > 0, 'first invite attempt');
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));

  const channel = sim.channelByName('inc-1-medical-model-misses-a-cancer-subtype')!;
  expect(channel).toBeDefined();
  expect(channel.members.has('U_ALICE')).toBe(false);

  const second = await startBot();
  await waitFor(() => sim.messages(channel.id).some((m) => m.pinned), 'card pinned after restart', 10_000);
  await waitFor(() => setupDone(1), 'setup complete', 10_000);

  expect(channel.members.has('U_ALICE')).toBe(true);
  expect(channel.topic).toContain('SEV1');
  // One channel, one card: the restart finished the job without doing any of it twice.
  expect(sim.callsTo('conversations.create').filter((c) => c.ok)).toHaveLength(1);
  expect(sim.messages(channel.id).filter((m) => m.botId || m.user === sim.botUserId).length).toBe(1);

  second.child.kill('SIGTERM');
  const code = await new Promise((r) => second.child.once('exit', r));
  expect(code).toBe(0);
  expect(second.output()).toContain('app.stopped');
  expect(await inDatabase(async (repos) => (await repos.incidents.byId(1))!.channelId)).toBe(channel.id);
  expect(await setupDone(1)).toBe(true);
});

it('a crash between Slack creating the channel and the bot recording it adopts that channel', async () => {
  const general = sim.createChannel('general', { members: ['U_ALICE'] });
  const first = await startBot();
  // Slack creates the channel but the bot dies before it hears the answer.
  sim.failNext('conversations.create', { networkError: true, times: 1 });
  const answer = await sim.sendCommand({ user: 'U_ALICE', channel: general.id, text: 'declare sev2 Jailbreak bypasses filter' });
  expect(answer.status).toBe(200);
  await waitFor(() => sim.callsTo('conversations.create').length > 0, 'create attempt');
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));
  // Simulate the half: Slack did create it under the bot's name.
  const orphan = sim.createChannel('inc-1-jailbreak-bypasses-filter', { creator: sim.botUserId, members: [sim.botUserId] });

  await startBot();
  await waitFor(() => setupDone(1), 'setup complete', 10_000);
  expect(await inDatabase(async (repos) => (await repos.incidents.byId(1))!.channelId)).toBe(orphan.id);
  expect([...sim.channels.values()].filter((c) => c.name.startsWith('inc-1-'))).toHaveLength(1);
  expect(orphan.members.has('U_ALICE')).toBe(true);
});

it.runIf(TEST_DIALECT === 'postgres')('two bot processes on one Postgres database: requests spread across both, one killed mid-declaration, the other finishes its work once', async () => {
  const general = sim.createChannel('general', { members: ['U_ALICE', 'U_BOB'] });
  const a = await startBot({ route: false });
  const b = await startBot({ route: false });
  const to = (bot: { port: number }) => sim.setAppUrl(`http://127.0.0.1:${bot.port}/slack/events`);
  // B declares one incident all the way.
  to(b);
  expect((await sim.sendCommand({ user: 'U_BOB', channel: general.id, text: 'declare sev2 Ranking model drifts' })).status).toBe(200);
  await waitFor(() => setupDone(1), 'INC-1 set up', 15_000);
  // A takes the next one, and dies while its invites are failing.
  sim.failNext('conversations.invite', { status: 500, times: 2 });
  to(a);
  expect((await sim.sendCommand({ user: 'U_ALICE', channel: general.id, text: 'declare sev1 Medical model misses a cancer subtype' })).status).toBe(200);
  await waitFor(() => sim.callsTo('conversations.invite').length > 1, 'invite attempts for INC-2');
  a.child.kill('SIGKILL');
  await new Promise((r) => a.child.once('exit', r));
  // Everything now goes to B, which takes over A's leased jobs once the lease runs out.
  to(b);
  const second = await waitFor(() => sim.channelByName('inc-2-medical-model-misses-a-cancer-subtype'), 'INC-2 channel');
  await waitFor(() => setupDone(2), 'INC-2 set up by the surviving process', 20_000);
  const first = sim.channelByName('inc-1-ranking-model-drifts')!;
  // A message and a mark in each war room, through the survivor.
  for (const [channel, user] of [[first, 'U_BOB'], [second, 'U_ALICE']] as const) {
    await waitFor(() => channel.members.has(user), `${user} in ${channel.name}`, 10_000);
    const { ts } = await sim.userPosts({ user, channel: channel.id, text: `status from ${channel.name}` });
    await sim.userReacts({ user, channel: channel.id, ts, name: 'pushpin' });
  }
  await waitFor(
    () => inDatabase(async (repos) => (await repos.timeline.forIncident(1)).some((e) => e.kind === 'message') && (await repos.timeline.forIncident(2)).some((e) => e.kind === 'message')),
    'both marks captured',
    15_000,
  );
  // One channel and one card per incident; each event stored once.
  expect(sim.callsTo('conversations.create').filter((c) => c.ok)).toHaveLength(2);
  for (const channel of [first, second]) {
    expect([...sim.channels.values()].filter((c) => c.name === channel.name)).toHaveLength(1);
    expect(sim.messages(channel.id).filter((m) => m.pinned)).toHaveLength(1);
  }
  // Each message stored once, its mark once (Slack delivered every event to one process or the other).
  for (const [id, channel] of [[1, first], [2, second]] as const) {
    const { raw, entries } = await inDatabase(async (repos) => ({ raw: await repos.capture.rawForIncident(id), entries: (await repos.timeline.forIncident(id)).filter((e) => e.kind === 'message') }));
    expect(raw.map((r) => r.text)).toEqual([`status from ${channel.name}`]);
    expect(entries).toHaveLength(1);
    expect(await inDatabase((repos) => repos.capture.marks(entries[0]!.id))).toHaveLength(1);
  }
  expect(await inDatabase(async (repos) => [(await repos.incidents.byId(1))!.channelId, (await repos.incidents.byId(2))!.channelId])).toEqual([first.id, second.id]);
});

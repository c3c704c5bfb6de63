import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Repositories } from '../../src/db/repositories';
import { SlackSim } from '../../src/slack-sim';
import { killAll, spawnBot } from '../support/bot-process';
import { TEST_DIALECT, testDatabase, type TestDatabase } from '../support/db';
import { BOT_TOKEN, SIGNING_SECRET, waitFor } from '../support/harness';

let sim: SlackSim;
let db: TestDatabase;

beforeEach(async () => {
  sim = new SlackSim({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
  await sim.start();
  db = await testDatabase();
  await db.database.close();
});
afterEach(async () => {
  await killAll();
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

/** The real bot as its own process on the database under test, so it can really crash. */
const startBot = (options: { route?: boolean } = {}) => spawnBot({ sim, dbEnv: db.env, route: options.route });

it('a crash after the channel is created and before invites is finished by the next start', async () => {
  const general = sim.createChannel('general', { members: ['U_ALICE'] });
  // Invites fail (5xx) so the bot is still retrying them when it is killed.
  sim.failNext('conversations.invite', { status: 500, times: 2 });
  const first = await startBot();
  const answer = await sim.sendCommand({ user: 'U_ALICE', channel: general.id, text: 'declare sev1 Medical model misses a cancer subtype' });
  expect(answer.status).toBe(200);
  await waitFor(() => sim.callsTo('conversations.invite').length > 0, 'first invite attempt');
  await first.kill();

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

  expect(await second.stop()).toBe(0);
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
  await first.kill();
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
  const to = (bot: { url: string }) => sim.setAppUrl(bot.url);
  // B declares one incident all the way.
  to(b);
  expect((await sim.sendCommand({ user: 'U_BOB', channel: general.id, text: 'declare sev2 Ranking model drifts' })).status).toBe(200);
  await waitFor(() => setupDone(1), 'INC-1 set up', 15_000);
  // A takes the next one, and dies while its invites are failing.
  sim.failNext('conversations.invite', { status: 500, times: 2 });
  to(a);
  expect((await sim.sendCommand({ user: 'U_ALICE', channel: general.id, text: 'declare sev1 Medical model misses a cancer subtype' })).status).toBe(200);
  await waitFor(() => sim.callsTo('conversations.invite').length > 1, 'invite attempts for INC-2');
  await a.kill();
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

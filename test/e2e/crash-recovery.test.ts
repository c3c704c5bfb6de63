import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import type { Repositories } from '../../src/db/repositories';
import { SlackSim } from '../../src/slack-sim';
import { killAll, spawnBot } from '../support/bot-process';
import { tempDatabase } from '../support/db';
import { BOT_TOKEN, SIGNING_SECRET, waitFor } from '../support/harness';

let sim: SlackSim;
let db: ReturnType<typeof tempDatabase>;

beforeEach(async () => {
  sim = new SlackSim({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
  await sim.start();
  db = tempDatabase();
  await db.database.close();
});
afterEach(async () => {
  await killAll();
  await sim.stop();
  await db.cleanup();
});

/** Reads the bot's database from the test (WAL: a second reader never blocks the bot). */
async function inDatabase<T>(read: (repos: Repositories) => Promise<T>): Promise<T> {
  const database = openDatabase(db.path);
  try {
    return await read(database.repos);
  } finally {
    await database.close();
  }
}

const setupDone = (incidentId: number) =>
  inDatabase(async (repos) => (await repos.jobs.forIncident(incidentId)).filter((j) => j.kind.startsWith('setup.')).every((j) => j.state === 'done'));

/** The real bot as its own process, so it can really crash. */
const startBot = () => spawnBot({ sim, dbPath: db.path });

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

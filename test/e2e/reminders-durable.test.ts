import { afterEach, describe, expect, it } from 'vitest';
import { SlackSim } from '../../src/slack-sim';
import type { SimMessage } from '../../src/slack-sim/types';
import { killAll, spawnBot } from '../support/bot-process';
import { testDatabase, type TestDatabase } from '../support/db';
import { BOT_TOKEN, SIGNING_SECRET, sleep, startHarness, waitFor, type Harness } from '../support/harness';

/*
 * Reminders are scheduled jobs with keys that name their firing time: they survive a restart, a
 * killed process, and a second process on the same database, and each is posted exactly once.
 * SEV1 cadence 2–3 s: the first reminder at +cadence, then "overdue" every cadence after that.
 */

const ALICE = 'U_ALICE';

const reminderKeys = (messages: SimMessage[]) =>
  messages
    .filter((m) => /status update for INC-\d+ is (due|overdue)/.test(m.text))
    .map((m) => (m.metadata as { event_payload?: { job?: string } } | undefined)?.event_payload?.job ?? '?');

/** The firing times (ms after the first reminder's plan) of the reminders posted, by level. */
function firings(keys: string[]) {
  const due = keys.filter((k) => k.startsWith('update-due:'));
  const overdue = keys.filter((k) => k.startsWith('update-overdue:')).map((k) => Number(k.split(':')[2]));
  return { due, overdue };
}

/** Each firing time once, one cadence apart: nothing lost in between, nothing repeated. */
function expectEveryFiringOnce(keys: string[], cadenceMs: number, atLeast: number) {
  expect(new Set(keys).size).toBe(keys.length);
  const { due, overdue } = firings(keys);
  expect(due).toHaveLength(1);
  expect(overdue.length).toBeGreaterThanOrEqual(atLeast);
  overdue.forEach((at, i) => {
    if (i > 0) expect(at - overdue[i - 1]!).toBe(cadenceMs);
  });
}

describe('a restart between two due times', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  it('neither loses nor repeats a reminder', async () => {
    h = await startHarness({ env: { UPDATE_CADENCE: 'sev1=3s', ACK_TIMEOUT: '1h' } });
    const general = h.sim.createChannel('general', { members: [ALICE] });
    await h.sim.sendCommand({ user: ALICE, channel: general.id, text: 'declare sev1 Triage model under-prioritises chest pain' });
    await h.settle();
    const channel = (await h.repos.incidents.byId(1))!.channelId!;
    const plan = (await h.repos.comms.get(1))!;

    await waitFor(() => reminderKeys(h.sim.messages(channel)).length === 1, 'the due reminder', 6000);
    // Between the due reminder (+3 s) and the overdue one (+6 s).
    await h.restart();
    await waitFor(() => reminderKeys(h.sim.messages(channel)).length === 2, 'the overdue reminder after the restart', 6000);
    await h.restart();
    await waitFor(() => reminderKeys(h.sim.messages(channel)).length === 3, 'the next overdue reminder', 6000);
    await sleep(500);

    const keys = reminderKeys(h.sim.messages(channel));
    expect(keys).toEqual([
      `update-due:1:${plan.nextUpdateDueAt!.getTime()}`,
      `update-overdue:1:${plan.escalateAt!.getTime()}`,
      `update-overdue:1:${plan.escalateAt!.getTime() + 3000}`,
    ]);
    expect(h.sim.problems).toEqual([]);
  });
});

describe('processes on one database', () => {
  let sim: SlackSim;
  let db: TestDatabase;

  afterEach(async () => {
    await killAll();
    await sim.stop();
    await db.cleanup();
  });

  /** The real bot as its own process on the database under test; the test routes Slack itself. */
  const startBot = (env: Record<string, string>) => spawnBot({ sim, dbEnv: db.env, env, route: false });

  it('two processes send each reminder once, and one of them dying loses none', async () => {
    sim = new SlackSim({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
    await sim.start();
    // SQLite file or Postgres database, whichever the suite runs on.
    db = await testDatabase();
    await db.database.close();
    const general = sim.createChannel('general', { members: [ALICE] });
    // A job the killed process held is taken over once its lease runs out: keep that short.
    const env = { UPDATE_CADENCE: 'sev1=2s', ACK_TIMEOUT: '1h', JOB_LEASE: '3s' };
    const [a, b] = await Promise.all([startBot(env), startBot(env)]);
    sim.setAppUrl(a.url);
    const answer = await sim.sendCommand({ user: ALICE, channel: general.id, text: 'declare sev1 Insulin dosing assistant rounds the wrong way' });
    expect(answer.status).toBe(200);
    const channel = await waitFor(() => sim.channelByName('inc-1-insulin-dosing-assistant-rounds-the-wrong-way'), 'war room', 10_000);

    // Both processes poll the same jobs table: the due reminder (+2 s) and two overdue ones (+4 s, +6 s).
    await waitFor(() => reminderKeys(sim.messages(channel.id)).length >= 3, 'three reminders from two processes', 15_000);
    expectEveryFiringOnce(reminderKeys(sim.messages(channel.id)), 2000, 2);

    // The process that took the declaration dies without a word; the other carries on alone.
    await a.kill();
    sim.setAppUrl(b.url);
    const before = reminderKeys(sim.messages(channel.id)).length;
    await waitFor(() => reminderKeys(sim.messages(channel.id)).length >= before + 2, 'reminders after the kill', 15_000);
    expectEveryFiringOnce(reminderKeys(sim.messages(channel.id)), 2000, before + 1);
    expect(b.output()).toContain('updates.reminded');
  }, 120_000);
});

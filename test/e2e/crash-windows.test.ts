import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { SlackSim } from '../../src/slack-sim';
import { RESOLVE_BLOCK } from '../../src/slack/ids';
import { killAll, spawnBot, type BotProcess } from '../support/bot-process';
import { duplicatePosts, jobKeyOf, waitQuiet } from '../support/crash-checks';
import { testDatabase, type TestDatabase } from '../support/db';
import { BOT_TOKEN, SIGNING_SECRET, waitFor } from '../support/harness';

/**
 * Deterministic crash windows: the real bot process is SIGKILLed at one precise moment — held
 * there by a Slack call that does not answer — and a restart must finish the work exactly once.
 */

const ALICE = 'U_ALICE';
let sim: SlackSim;
let db: TestDatabase;
let incidentsChannel: string;
let general: string;
let bot: BotProcess;

beforeAll(async () => {
  sim = new SlackSim({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, eventRetries: [200, 1000, 3000] });
  await sim.start();
  // A SQLite file or a Postgres database, whichever the suite runs on; the bots open it themselves.
  db = await testDatabase();
  incidentsChannel = sim.createChannel('incidents', { members: [ALICE] }).id;
  general = sim.createChannel('general', { members: [ALICE] }).id;
});
afterEach(async () => {
  await killAll();
});
afterAll(async () => {
  await sim.stop();
  await db.cleanup();
});

const start = async () => (bot = await spawnBot({ sim, dbEnv: db.env, env: { INCIDENTS_CHANNEL: incidentsChannel } }));
const one = async <T>(sql: string, ...args: unknown[]) => (await db.query<T>(sql, args))[0] as T;
const incidentRow = (title: string) => one<{ id: number; status: string; channel_id: string | null; caught_up_ts: string | null } | undefined>('select * from incidents where title = ?', title);

/** A gate a held Slack call waits on: `open()` lets it through. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

async function declare(title: string, severity = 'sev2') {
  const answer = await sim.sendCommand({ user: ALICE, channel: general, text: `declare ${severity} ${title}` });
  expect(answer.status).toBe(200);
  await waitQuiet(db, sim);
  const row = (await incidentRow(title))!;
  expect(row.channel_id).not.toBeNull();
  return { id: row.id, channel: row.channel_id! };
}

async function submitForm(channel: string, command: string, values: Record<string, unknown>) {
  const answer = await sim.sendCommand({ user: ALICE, channel, text: command });
  expect(answer.status).toBe(200);
  const opened = await waitFor(() => sim.callsTo('views.open').find((c) => (c.args as { trigger_id?: string }).trigger_id === answer.triggerId && c.ok), `${command} form`);
  return (opened.response as { view: { id: string } }).view.id;
}

const botPosts = (channel: string) => sim.messages(channel).filter((m) => m.user === sim.botUserId && !m.subtype);

it('(a) a close acknowledged just before the crash is announced once after the restart', async () => {
  await start();
  const { id, channel } = await declare('Close then crash');
  const resolveForm = await submitForm(channel, 'resolve', {});
  expect((await sim.submitView({ user: ALICE, viewId: resolveForm, values: { [RESOLVE_BLOCK.summary]: 'Feature flag off.' } })).status).toBe(200);
  await waitQuiet(db, sim);
  const closeForm = await submitForm(channel, 'close', {});

  // From the close on, every Slack call the bot makes hangs: the close is committed and
  // acknowledged, and none of its effects (notice, feed reply, card) can have happened.
  const held = gate();
  let holding = true;
  let arrived = 0;
  const hold = () => holding && ++arrived > 0;
  for (const method of ['chat.postMessage', 'chat.update', 'conversations.setTopic', 'conversations.setPurpose', 'conversations.archive', 'conversations.history', 'conversations.replies', 'pins.add', 'views.publish']) {
    sim.failNext(method, { hold: held.promise, networkError: true, when: hold, times: 1000 });
  }
  const closed = await sim.submitView({ user: ALICE, viewId: closeForm, values: {} });
  expect(closed.status).toBe(200);
  expect(closed.body).toBeNull();
  expect((await incidentRow('Close then crash'))!.status).toBe('closed');
  await waitFor(() => arrived > 0, 'the close effects under way');
  await bot.kill();
  holding = false;
  // The held calls fail (connection dropped): nothing of the close reached Slack.
  held.open();
  expect(botPosts(channel).filter((m) => m.text.includes(`INC-${id} is closed by`))).toHaveLength(0);

  await start();
  await waitQuiet(db, sim);
  expect(botPosts(channel).filter((m) => m.text.includes(`INC-${id} is closed by`))).toHaveLength(1);
  expect(sim.messages(incidentsChannel).filter((m) => m.threadTs && m.text.includes(`INC-${id} was closed by`))).toHaveLength(1);
  const card = sim.messages(channel).find((m) => jobKeyOf(m) === `setup:${id}:post_card`)!;
  expect(JSON.stringify(card.blocks)).toContain('Closed');
  expect(duplicatePosts(sim)).toEqual([]);
  expect((await one<{ n: number }>(`select count(*) as n from jobs where state = 'failed'`)).n).toBe(0);
});

it('(b) a crash while waiting out a 429 before an escalation announcement announces it once, after Retry-After', async () => {
  await start();
  const { id, channel } = await declare('Escalate into a rate limit', 'sev3');
  const isAnnouncement = (args: Record<string, unknown>) => args.channel === incidentsChannel && !args.thread_ts && String(args.text).includes(`INC-${id} escalated`);
  sim.failNext('chat.postMessage', { status: 429, retryAfter: 3, when: isAnnouncement });
  const answer = await sim.sendCommand({ user: ALICE, channel, text: 'severity sev1 every customer affected' });
  expect(answer.status).toBe(200);
  const limited = await waitFor(() => sim.callsTo('chat.postMessage').find((c) => isAnnouncement(c.args) && c.status === 429), 'the 429');
  const job = () => one<{ state: string; due_at: number }>(`select state, due_at from jobs where kind = 'incidents.escalation' and incident_id = ?`, id);
  await waitFor(async () => (await job()).state === 'pending', 'the wait recorded');
  // Killed during the wait; the job's retry time is in the database, not in the dead process.
  await bot.kill();
  expect((await job()).due_at).toBeGreaterThanOrEqual(limited.at + 2900);

  await start();
  await waitFor(() => sim.callsTo('chat.postMessage').some((c) => isAnnouncement(c.args) && c.ok), 'announcement after the wait', 10_000);
  await waitQuiet(db, sim);
  const posted = sim.callsTo('chat.postMessage').filter((c) => isAnnouncement(c.args) && c.ok);
  expect(posted).toHaveLength(1);
  expect(posted[0]!.at - limited.at).toBeGreaterThanOrEqual(2900);
  const shown = sim.messages(incidentsChannel).filter((m) => !m.threadTs && m.text.includes(`INC-${id} escalated`));
  expect(shown).toHaveLength(1);
  expect(duplicatePosts(sim)).toEqual([]);
});

it('(c) a crash during the permalink look-up after a 📌 was acknowledged still gives one entry and one ✅', async () => {
  await start();
  const { id, channel } = await declare('Pin then crash');
  const { ts } = await sim.userPosts({ user: ALICE, channel, text: 'The classifier threshold was lowered at 09:12' });
  await waitQuiet(db, sim);
  const held = gate();
  let asked = false;
  sim.failNext('chat.getPermalink', { hold: held.promise, networkError: true, when: () => (asked = true) });
  const reacted = await sim.userReacts({ user: ALICE, channel, ts, name: 'pushpin' });
  expect(reacted.status).toBe(200);
  await waitFor(() => asked, 'the permalink look-up', 10_000);
  await bot.kill();
  held.open();
  const message = () => sim.messages(channel).find((m) => m.ts === ts)!;
  expect(message().reactions.get('white_check_mark')?.has(sim.botUserId) ?? false).toBe(false);

  await start();
  await waitQuiet(db, sim);
  const entries = await db.query<{ permalink: string | null }>('select permalink from timeline_entries where incident_id = ? and message_ts = ?', [id, ts]);
  expect(entries).toHaveLength(1);
  expect(entries[0]!.permalink).toMatch(/^https?:\/\//);
  expect([...message().reactions.get('white_check_mark')!]).toEqual([sim.botUserId]);
  expect(sim.callsTo('reactions.add').filter((c) => c.ok && (c.args as { timestamp?: string }).timestamp === ts)).toHaveLength(1);
});

it('(d) a live message arriving while start-up catch-up reads history hides none of the outage; a crash mid-catch-up resumes', async () => {
  await start();
  const { id, channel } = await declare('Outage then live message');
  await sim.userPosts({ user: ALICE, channel, text: 'before the outage' });
  // A sync gives the channel a watermark, as an earlier catch-up would have.
  expect((await sim.sendCommand({ user: ALICE, channel, text: 'sync' })).status).toBe(200);
  await waitQuiet(db, sim);
  await bot.kill();
  const watermark = (await incidentRow('Outage then live message'))!.caught_up_ts;
  expect(watermark).not.toBeNull();

  // While the bot is down, Slack gives up on these events: only history has them.
  sim.pauseEvents();
  const missed = [];
  for (let i = 0; i < 3; i += 1) missed.push((await sim.userPosts({ user: ALICE, channel, text: `said during the outage ${i}` })).ts);
  sim.resumeEvents();

  // Start-up catch-up hangs on its history read…
  let reading = 0;
  const held = gate();
  sim.failNext('conversations.history', { hold: held.promise, networkError: true, when: (a) => a.channel === channel && ++reading > 0 });
  await start();
  await waitFor(() => reading === 1, 'catch-up reading', 10_000);
  // …when a live message arrives and is stored.
  const live = await sim.userPosts({ user: ALICE, channel, text: 'live during start-up' });
  expect(live.answer.status).toBe(200);
  await waitFor(async () => (await one<{ n: number }>('select count(*) as n from raw_messages where ts = ?', live.ts)).n === 1, 'live message stored');
  // The live message does not move the watermark: only a finished catch-up does.
  expect((await incidentRow('Outage then live message'))!.caught_up_ts).toBe(watermark);
  // The process dies mid-catch-up. The next one starts from the watermark, not from the newest
  // stored message (the live one), which would skip the whole outage.
  await bot.kill();
  held.open();
  await start();
  await waitQuiet(db, sim);

  for (const ts of [...missed, live.ts]) {
    expect((await one<{ n: number }>('select count(*) as n from raw_messages where incident_id = ? and ts = ?', id, ts)).n, ts).toBe(1);
  }
  // The watermark moved to where the finished catch-up started reading: past the outage.
  const after = (await incidentRow('Outage then live message'))!.caught_up_ts!;
  expect(Number(after)).toBeGreaterThanOrEqual(Number(missed.at(-1)));
  expect(Number(after)).toBeLessThanOrEqual(Date.now() / 1000);
});

it('a forged event stamped far in the future moves no watermark and records nothing', async () => {
  await start();
  const { id, channel } = await declare('Forged future event');
  await waitQuiet(db, sim);
  const future = `${Math.floor(Date.now() / 1000) + 10 * 365 * 86400}.000100`;
  const forged = await sim.sendEvent({ type: 'message', channel, channel_type: 'channel', user: ALICE, text: 'from the future', ts: future, event_ts: future });
  expect(forged.status).toBe(200);
  const forgedPin = await sim.sendEvent({
    type: 'pin_added',
    user: ALICE,
    channel_id: channel,
    item: { type: 'message', channel, message: { type: 'message', user: ALICE, text: 'future pin', ts: future } },
  });
  expect(forgedPin.status).toBe(200);
  // A sync reads history and moves the watermark to "now" at most.
  expect((await sim.sendCommand({ user: ALICE, channel, text: 'sync' })).status).toBe(200);
  await waitQuiet(db, sim);
  expect((await one<{ n: number }>('select count(*) as n from raw_messages where ts = ?', future)).n).toBe(0);
  expect((await one<{ n: number }>('select count(*) as n from timeline_entries where message_ts = ?', future)).n).toBe(0);
  const watermark = (await incidentRow('Forged future event'))!.caught_up_ts!;
  expect(Number(watermark)).toBeLessThanOrEqual(Date.now() / 1000 + 1);
  // And messages after it are still read back by catch-up.
  sim.pauseEvents();
  const { ts } = await sim.userPosts({ user: ALICE, channel, text: 'after the forgery' });
  sim.resumeEvents();
  expect((await sim.sendCommand({ user: ALICE, channel, text: 'sync' })).status).toBe(200);
  await waitQuiet(db, sim);
  expect((await one<{ n: number }>('select count(*) as n from raw_messages where incident_id = ? and ts = ?', id, ts)).n).toBe(1);
});

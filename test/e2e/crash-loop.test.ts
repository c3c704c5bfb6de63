import { afterAll, beforeAll, expect, it } from 'vitest';
import { SlackSim } from '../../src/slack-sim';
import { RESOLVE_BLOCK } from '../../src/slack/ids';
import { killAll, spawnBot, type BotProcess } from '../support/bot-process';
import { duplicatePosts, jobKeyOf, seededRandom, waitQuiet } from '../support/crash-checks';
import { testDatabase, type TestDatabase } from '../support/db';
import { BOT_TOKEN, SIGNING_SECRET, sleep, waitFor } from '../support/harness';

/**
 * kill -9 under load: a real bot process is SIGKILLed at random moments (at least 20 times, and
 * restarted each time) while people declare incidents, talk, pin and 📌-react, change status,
 * resolve and close, and Slack retries every event that got no 200 (three retries, as Slack
 * does, with the minutes shortened). Afterwards, with one process left running:
 * - every event that got a 200 is stored exactly once and applied (a message is in the raw record
 *   once, a mark made one timeline entry and shows its ✅);
 * - every effect Slack shows happened exactly once: one channel, one card (pinned), one
 *   announcement per incident, one notice per status change, one close notice, one "closed" reply
 *   in the feed, no job's post twice anywhere;
 * - no incident is half-declared, no job failed, nothing is left pending.
 * Randomness is seeded (CRASH_SEED=… replays the same choices and kill delays; the OS decides the
 * exact interleaving); the seed is in every failure message.
 */

const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
/** At least 20 (the bar); CRASH_KILLS=… for a longer soak. */
const KILLS = Math.max(20, Number(process.env.CRASH_KILLS ?? 20));
const WORKERS = 4;
const BOB = 'U_BOB';
/** One person per worker: Slack shows each person one modal at a time. */
const RESPONDERS = ['U_RESP0', 'U_RESP1', 'U_RESP2', 'U_RESP3', 'U_RESP4', 'U_RESP5'];

let sim: SlackSim;
let db: TestDatabase;
let incidentsChannel: string;
let general: string;

beforeAll(async () => {
  // Slack retries an event three times (at once, after 1 and after 5 minutes); here after 0.2, 1 and 3 s.
  sim = new SlackSim({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, eventRetries: [200, 1000, 3000] });
  await sim.start();
  // A SQLite file or a Postgres database, whichever the suite runs on; the bots open it themselves.
  db = await testDatabase();
  for (const [n, id] of RESPONDERS.entries()) sim.addUser({ id, name: `responder${n}` });
  incidentsChannel = sim.createChannel('incidents', { members: [BOB] }).id;
  general = sim.createChannel('general', { members: [BOB, ...RESPONDERS] }).id;
});
afterAll(async () => {
  await killAll();
  await sim.stop();
  await db.cleanup();
});

interface SentEvent {
  what: 'message' | 'pin' | 'reaction' | 'join';
  channel: string;
  ts?: string;
  eventId?: string;
  acked: boolean;
}

interface Tracked {
  title: string;
  user: string;
  declaredAck: boolean;
  id?: number;
  channel?: string;
  containedAck: boolean;
  resolvedAck: boolean;
  closedAck: boolean;
}

const q = <T>(sql: string, ...args: unknown[]) => db.query<T>(sql, args);
const one = async <T>(sql: string, ...args: unknown[]) => (await db.query<T>(sql, args))[0];
const ok = (a: { status: number }) => a.status === 200;
const debug = (line: string) => {
  if (process.env.CRASH_DEBUG) console.info(`[crash-loop ${new Date().toISOString().slice(11, 23)}] ${line}`);
};

it(`survives ${KILLS} kill -9s under load with every acknowledged event stored once and every effect shown once`, { timeout: 220_000 }, async () => {
  const rnd = seededRandom(SEED);
  const env = { INCIDENTS_CHANNEL: incidentsChannel };
  let bot: BotProcess = await spawnBot({ sim, dbEnv: db.env, env });
  const events: SentEvent[] = [];
  const incidents: Tracked[] = [];
  let killing = true;
  let kills = 0;
  const started = Date.now();

  try {
    // ---- the killer: SIGKILL at a random moment, restart at once ----
    const killer = (async () => {
      while (kills < KILLS) {
        // Sometimes right after start-up (start-up work in flight), mostly under load.
        await sleep(rnd.next() < 0.2 ? rnd.between(0, 150) : rnd.between(300, 1500));
        await bot.kill();
        kills += 1;
        const t0 = Date.now();
        bot = await spawnBot({ sim, dbEnv: db.env, env });
        debug(`kill ${kills}: restarted in ${Date.now() - t0} ms; ${incidents.length} incidents, ${events.length} events`);
      }
      killing = false;
    })();

    /** The incident's row once the bot has stored it (the person would see it in Slack). */
    const row = (title: string) => one<{ id: number; status: string; channel_id: string | null }>('select id, status, channel_id from incidents where title = ?', title);

    /**
     * A command or form step a person repeats until it went through (they look at Slack to tell);
     * true when a 200 said so, false when an unanswered earlier try had gone through after all.
     */
    async function untilDone(step: () => Promise<unknown>, done: () => Promise<boolean>, what: string): Promise<boolean> {
      let last: unknown;
      // Bounded by time once the kills are over (while the bot keeps dying, it may be down more
      // than up: refused connections come back at once).
      for (let deadline = Date.now() + 45_000; killing || Date.now() < deadline; ) {
        if (killing) deadline = Date.now() + 45_000;
        if (await done()) return false;
        last = await step();
        // Listeners commit before they answer: a 200 that went through shows at once.
        if (ok(last as { status: number }) && (await done())) return true;
        await sleep(250);
      }
      throw new Error(`${what} never went through; last answer ${JSON.stringify(last)}`);
    }

    /** Opens a form by command and submits it; 200 only when both went through. */
    async function form(user: string, channel: string, command: string, values: Record<string, unknown>) {
      const answer = await sim.sendCommand({ user, channel, text: command });
      if (!ok(answer)) return answer;
      const opened = await waitFor(
        () => sim.callsTo('views.open').find((c) => (c.args as { trigger_id?: string }).trigger_id === answer.triggerId && c.ok),
        `${command} form`,
        3000,
      ).catch(() => undefined);
      if (!opened) return { status: 0 };
      const viewId = (opened.response as { view: { id: string } }).view.id;
      return sim.submitView({ user, viewId, values });
    }

    async function talk(t: Tracked, n: number) {
      const channel = t.channel!;
      const person = t.user;
      for (let i = 0; i < n; i += 1) {
        const human = sim.messages(channel).filter((m) => m.user === person && !m.subtype);
        const roll = rnd.next();
        if (roll < 0.55 || human.length === 0) {
          const parent = human.length && rnd.next() < 0.25 ? rnd.pick(human).ts : undefined;
          const { ts, answer } = await sim.userPosts({ user: person, channel, text: `Finding ${i} on ${t.title}`, threadTs: parent });
          events.push({ what: 'message', channel, ts, eventId: answer.eventId, acked: ok(answer) });
        } else if (roll < 0.75) {
          const target = human.find((m) => !m.pinned && !m.threadTs);
          if (!target) continue;
          const answer = await sim.userPins({ user: person, channel, ts: target.ts });
          events.push({ what: 'pin', channel, ts: target.ts, eventId: answer.eventId, acked: ok(answer) });
        } else if (roll < 0.95) {
          const target = human.find((m) => !m.reactions.get('pushpin')?.has(person));
          if (!target) continue;
          const answer = await sim.userReacts({ user: person, channel, ts: target.ts, name: 'pushpin' });
          events.push({ what: 'reaction', channel, ts: target.ts, eventId: answer.eventId, acked: ok(answer) });
        } else if (!sim.channels.get(channel)!.members.has(BOB)) {
          const answer = await sim.userJoins({ user: BOB, channel });
          events.push({ what: 'join', channel, eventId: answer.eventId, acked: ok(answer) });
        }
      }
    }

    async function lifecycle(worker: number, n: number) {
      const t: Tracked = { title: `Crash loop w${worker} n${n} seed ${SEED}`, user: RESPONDERS[worker]!, declaredAck: false, containedAck: false, resolvedAck: false, closedAck: false };
      incidents.push(t);
      // Unanswered: the bot died. Whether it had stored the declaration shows once it is back; the
      // person declares again only if it had not (else it would be held back as a duplicate).
      for (let attempt = 0; attempt < 5 && !(await row(t.title)); attempt += 1) {
        const declared = await sim.sendCommand({ user: t.user, channel: general, text: `declare sev2 ${t.title}` });
        t.declaredAck = ok(declared);
        if (t.declaredAck) expect(await row(t.title), `seed ${SEED}: acknowledged declaration "${t.title}" not stored`).toBeDefined();
        else await sleep(2000);
      }
      if (!(await row(t.title))) return;
      const stored = await waitFor(async () => {
        const r = await row(t.title);
        return r?.channel_id ? r : undefined;
      }, `${t.title} set up`, 20_000);
      t.id = stored.id;
      t.channel = stored.channel_id!;
      await waitFor(() => sim.channels.get(t.channel!)?.members.has(t.user), 'declarer invited', 20_000);
      await talk(t, rnd.between(3, 6));
      t.containedAck = await untilDone(
        () => sim.sendCommand({ user: t.user, channel: t.channel!, text: 'status contained' }),
        async () => (await row(t.title))!.status !== 'investigating',
        'status contained',
      );
      await talk(t, rnd.between(1, 4));
      if (rnd.next() < 0.3) return; // stays open: catch-up territory
      t.resolvedAck = await untilDone(
        () => form(t.user, t.channel!, 'resolve', { [RESOLVE_BLOCK.summary]: 'Rolled back the classifier.' }),
        async () => ['resolved', 'closed'].includes((await row(t.title))!.status),
        'resolve',
      );
      // The close form needs the resolution's effects settled first (post-mortem draft); a refusal is retried.
      t.closedAck = await untilDone(() => form(t.user, t.channel!, 'close', {}), async () => (await row(t.title))!.status === 'closed', 'close');
    }

    const workers = Array.from({ length: WORKERS }, async (_, w) => {
      for (let n = 0; killing; n += 1) await lifecycle(w, n);
    });
    await Promise.all([killer, ...workers]);
    const loadDone = Date.now();
    // Every start catches up every open incident, paced to Slack's tiers (pins.list: 20 a minute),
    // so a last start with more than 20 open incidents waits out a minute before it is done.
    await waitQuiet(db, sim, 100_000);

    // ---------------- what the record and Slack show ----------------
    const all = await q<{ id: number; title: string; status: string; channel_id: string | null }>('select id, title, status, channel_id from incidents');
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    expect(all.length, `seed ${SEED}`).toBeGreaterThanOrEqual(WORKERS);

    // Every acknowledged event: stored once, applied (not pending, not failed).
    const acked = events.filter((e) => e.acked);
    // The load was real: events went through between the kills (how many depends on the machine).
    expect(acked.length, `seed ${SEED}`).toBeGreaterThanOrEqual(10);
    for (const e of acked) {
      const stored = await q<{ state: string }>('select state from inbound_events where dedupe_key = ?', e.eventId);
      expect(stored.map((s) => s.state), `seed ${SEED}: ${e.what} ${e.eventId}`).toEqual([expect.stringMatching(/^(done|ignored)$/)]);
    }
    expect(await q('select id, type, error from inbound_events where state in (?, ?)', 'pending', 'failed'), `seed ${SEED}`).toEqual([]);

    // Acknowledged messages in the raw record once; every message of a channel still open too (catch-up).
    const open = new Set(all.filter((i) => i.status !== 'closed').map((i) => i.channel_id));
    for (const e of events.filter((x) => x.what === 'message' && (x.acked || open.has(x.channel)))) {
      const n = (await one<{ n: number }>('select count(*) as n from raw_messages where channel_id = ? and ts = ?', e.channel, e.ts))!.n;
      expect(n, `seed ${SEED}: message ${e.ts} in ${e.channel} (acked ${e.acked})`).toBe(1);
    }
    // Acknowledged marks: one timeline entry for the message, and its ✅ in Slack.
    for (const e of events.filter((x) => (x.what === 'pin' || x.what === 'reaction') && x.acked)) {
      const n = (await one<{ n: number }>('select count(*) as n from timeline_entries where message_ts = ?', e.ts))!.n;
      expect(n, `seed ${SEED}: entry for ${e.what} on ${e.ts}`).toBe(1);
      const message = sim.messages(e.channel).find((m) => m.ts === e.ts)!;
      expect(message.reactions.get('white_check_mark')?.has(sim.botUserId), `seed ${SEED}: ✅ on ${e.ts}`).toBe(true);
    }

    // Every incident fully declared, each Slack effect once.
    const incidentsMessages = sim.messages(incidentsChannel);
    for (const i of all) {
      const label = `seed ${SEED}: INC-${i.id}`;
      expect(i.channel_id, label).not.toBeNull();
      const setup = await q<{ kind: string; state: string }>(`select kind, state from jobs where incident_id = ? and kind like 'setup.%' and kind != 'setup.delayed'`, i.id);
      expect(setup.filter((j) => j.state !== 'done'), label).toEqual([]);
      expect([...sim.channels.values()].filter((c) => c.name.startsWith(`inc-${i.id}-`)).map((c) => c.id), label).toEqual([i.channel_id]);
      const channelMessages = sim.messages(i.channel_id!);
      const cards = channelMessages.filter((m) => jobKeyOf(m) === `setup:${i.id}:post_card`);
      expect(cards.map((m) => m.pinned), label).toEqual([true]);
      expect(incidentsMessages.filter((m) => jobKeyOf(m) === `setup:${i.id}:announce`), label).toHaveLength(1);
      // Every incident that left Investigating went through Contained first: one notice of it.
      const contained = channelMessages.filter((m) => m.text.includes('moved the incident to Contained'));
      expect(contained.length, label).toBe(i.status === 'investigating' ? 0 : 1);
      const resolvedNotices = channelMessages.filter((m) => m.text.includes(`INC-${i.id} is resolved by`));
      const resolvedReplies = incidentsMessages.filter((m) => m.threadTs && m.text.includes(`INC-${i.id} was resolved by`));
      const resolved = i.status === 'resolved' || i.status === 'closed';
      expect([resolvedNotices.length, resolvedReplies.length], label).toEqual(resolved ? [1, 1] : [0, 0]);
      const closeNotices = channelMessages.filter((m) => m.text.includes(`INC-${i.id} is closed by`));
      const closedReplies = incidentsMessages.filter((m) => m.threadTs && m.text.includes(`INC-${i.id} was closed by`));
      expect([closeNotices.length, closedReplies.length], label).toEqual(i.status === 'closed' ? [1, 1] : [0, 0]);
    }
    for (const t of incidents) {
      const i = all.find((x) => x.title === t.title);
      if (t.declaredAck) expect(i, `seed ${SEED}: ${t.title}`).toBeDefined();
      if (t.containedAck) expect(i?.status, `seed ${SEED}: ${t.title}`).not.toBe('investigating');
      if (t.closedAck) expect(i?.status, `seed ${SEED}: ${t.title}`).toBe('closed');
      else if (t.resolvedAck) expect(['resolved', 'closed'], `seed ${SEED}: ${t.title}`).toContain(i?.status);
    }
    expect(duplicatePosts(sim), `seed ${SEED}`).toEqual([]);
    expect(await q('select kind, key, last_error from jobs where state = ?', 'failed'), `seed ${SEED}`).toEqual([]);
    expect(sim.problems, `seed ${SEED}`).toEqual([]);
    console.info(
      `crash loop seed ${SEED}: ${kills} kills, ${all.length} incidents, ${acked.length}/${events.length} events acked, ` +
        `${sim.eventDeliveries.filter((d) => d.attempt > 0).length} Slack retries, load ${Math.round((loadDone - started) / 1000)} s, settle ${Math.round((Date.now() - loadDone) / 1000)} s`,
    );
  } catch (error) {
    if (error instanceof Error) error.message = `[CRASH_SEED=${SEED}] ${error.message}\n--- last bot output ---\n${bot.output().slice(-3000)}`;
    throw error;
  }
});

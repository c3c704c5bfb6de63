import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateMessageBlocks } from '../../src/slack-sim';
import { CALLBACK, CAPTURED_REACTION } from '../../src/slack/ids';
import { startHarness, waitFor, type Harness } from '../support/harness';

let h: Harness;
const ALICE = 'U_ALICE';
const BOB = 'U_BOB';
const CAROL = 'U_CAROL';

beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

function general() {
  // The bot is in #general too, so it does receive (and must ignore) events from a non-incident channel.
  return h.sim.channelByName('general') ?? h.sim.createChannel('general', { members: [ALICE, BOB, CAROL, 'U_DAVE', 'UBOT'] });
}

/** A declared incident whose war room Alice (commander) and Bob are in. */
async function warRoom(title = 'sev3 Moderation model flags benign posts') {
  await h.sim.sendCommand({ user: ALICE, channel: general().id, text: `declare ${title}` });
  await h.settle();
  const incident = (await h.repos.incidents.byId(1))!;
  const channel = incident.channelId!;
  await h.sim.userJoins({ user: BOB, channel, inviter: ALICE });
  await h.settle();
  return { incident, channel };
}

const entries = async () => (await h.repos.timeline.forIncident(1));
const captured = async () => (await entries()).filter((e) => e.kind === 'message');
const marksOf = async (entryId: number) => (await h.repos.capture.marks(entryId));

async function post(channel: string, text: string, extra: { user?: string; threadTs?: string; files?: { name: string }[] } = {}) {
  const { ts, answer } = await h.sim.userPosts({ user: extra.user ?? BOB, channel, text, threadTs: extra.threadTs, files: extra.files });
  expect(answer.status).toBe(200);
  await h.settle();
  return ts;
}

async function timeline(channel: string, page = '') {
  const answer = await h.sim.sendCommand({ user: ALICE, channel, text: `timeline ${page}`.trim() });
  expect(answer.status).toBe(200);
  return answer.body as { response_type: string; text: string; blocks: { type: string; text?: { text: string }; elements?: { text: string }[] }[] };
}
const blockText = (body: Awaited<ReturnType<typeof timeline>>) =>
  body.blocks.map((b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' ') ?? '').join('\n');

describe('raw record', () => {
  it('keeps every human message of the incident channel, and nothing of the bot or other channels', async () => {
    const { channel } = await warRoom();
    const ts = await post(channel, 'rollback started on moderation-v7');
    await post(general().id, 'unrelated chatter', { user: CAROL });
    const raw = await h.repos.capture.rawForIncident(1);
    expect(raw).toHaveLength(1);
    expect(raw[0]).toMatchObject({ channelId: channel, ts, userId: BOB, text: 'rollback started on moderation-v7', deletedAt: null });
    // The card, the topic and the bot's own posts are not part of the raw record.
    expect(h.sim.messages(channel).some((m) => m.user === 'UBOT')).toBe(true);
    // A plain message is not a timeline entry, and capture costs no permalink look-up.
    expect((await captured())).toHaveLength(0);
    expect(h.sim.callsTo('chat.getPermalink')).toHaveLength(0);
  });

  it('stores a retried message event once', async () => {
    const { channel } = await warRoom();
    const msg = { type: 'message', channel, channel_type: 'channel', user: BOB, text: 'retry me', ts: '1790000000.000100', event_ts: '1790000000.000100' };
    const first = await h.sim.sendEvent(msg);
    await h.sim.sendEvent(msg, { eventId: first.eventId, retryNum: 1, retryReason: 'http_timeout' });
    await h.sim.sendEvent(msg, { eventId: first.eventId, retryNum: 2, retryReason: 'http_timeout' });
    await h.settle();
    expect((await h.repos.capture.rawForIncident(1)).filter((r) => r.ts === '1790000000.000100')).toHaveLength(1);
  });
});

describe('capture paths', () => {
  it('a pinned message becomes an entry with its own time, author, text and permalink, acknowledged in Slack', async () => {
    const { channel } = await warRoom();
    const ts = await post(channel, 'fallback model is live for 100% of traffic');
    const answer = await h.sim.userPins({ user: ALICE, channel, ts });
    expect(answer.status).toBe(200);
    await h.settle();
    const [entry] = await captured();
    expect(entry).toMatchObject({
      kind: 'message',
      source: 'pin',
      actorId: BOB,
      text: 'fallback model is live for 100% of traffic',
      messageTs: ts,
      permalink: `https://acme.slack.com/archives/${channel}/p${ts.replace('.', '')}`,
      retractedAt: null,
    });
    expect(entry.occurredAt.getTime()).toBe(Math.floor(Number(ts) * 1000));
    expect((await marksOf(entry.id))).toMatchObject([{ source: 'pin', userId: ALICE, unmarkedAt: null }]);
    const message = h.sim.messages(channel).find((m) => m.ts === ts)!;
    expect(message.reactions.get(CAPTURED_REACTION)?.has('UBOT')).toBe(true);
  });

  it('the timeline emoji marks a message; other reactions do nothing', async () => {
    const { channel } = await warRoom();
    const ts = await post(channel, 'precision dropped to 0.61 on the benign set');
    await h.sim.userReacts({ user: ALICE, channel, ts, name: 'eyes' });
    await h.settle();
    expect((await captured())).toHaveLength(0);
    await h.sim.userReacts({ user: ALICE, channel, ts, name: 'pushpin' });
    await h.settle();
    expect((await captured())).toMatchObject([{ source: 'reaction', actorId: BOB, text: 'precision dropped to 0.61 on the benign set' }]);
    expect((await marksOf((await captured())[0].id))).toMatchObject([{ source: 'reaction', userId: ALICE }]);
  });

  it('"Add to incident timeline" captures the message and answers the user privately', async () => {
    const { channel } = await warRoom();
    const ts = await post(channel, 'root cause: threshold copied from staging config');
    const answer = await h.sim.messageShortcut({ user: ALICE, channel, messageTs: ts, callbackId: CALLBACK.addToTimelineShortcut });
    expect(answer.status).toBe(200);
    await h.settle();
    expect((await captured())).toMatchObject([{ source: 'shortcut', actorId: BOB, text: 'root cause: threshold copied from staging config' }]);
    const reply = h.sim.responses.map((r) => r.body as { text: string; response_type: string }).at(-1)!;
    expect(reply).toMatchObject({ response_type: 'ephemeral' });
    expect(reply.text).toContain('Added to the INC-1 timeline');
  });

  it('the shortcut outside an incident channel gives a clear answer and stores nothing', async () => {
    await warRoom();
    const ts = await post(general().id, 'not an incident channel', { user: CAROL });
    await h.sim.messageShortcut({ user: CAROL, channel: general().id, messageTs: ts, callbackId: CALLBACK.addToTimelineShortcut });
    await h.settle();
    const reply = h.sim.responses.map((r) => r.body as { text: string }).at(-1)!;
    expect(reply.text).toContain('works on messages in an incident channel');
    expect((await captured())).toHaveLength(0);
  });

  it('/incident note records a note and echoes it in the channel, linked to the entry', async () => {
    const { channel } = await warRoom();
    const answer = await h.sim.sendCommand({ user: ALICE, channel, text: 'note Legal informed; no regulator notice needed yet' });
    expect(answer.status).toBe(200);
    await h.settle();
    const note = (await entries()).find((e) => e.kind === 'note')!;
    expect(note).toMatchObject({ source: 'note', actorId: ALICE, text: 'Legal informed; no regulator notice needed yet' });
    const echo = h.sim.messages(channel).find((m) => m.ts === note.messageTs)!;
    expect(echo.user).toBe('UBOT');
    expect(echo.text).toContain('Legal informed');
    expect(note.permalink).toContain(note.messageTs!.replace('.', ''));
    // Pinning the echo marks the note instead of creating a second entry.
    await h.sim.userPins({ user: BOB, channel, ts: note.messageTs! });
    await h.settle();
    expect((await entries()).filter((e) => e.kind === 'note' || e.kind === 'message')).toHaveLength(1);
    expect((await marksOf(note.id)).map((m) => m.source)).toEqual(['note', 'pin']);
  });

  it('/incident note without text is refused with usage', async () => {
    const { channel } = await warRoom();
    const answer = await h.sim.sendCommand({ user: ALICE, channel, text: 'note' });
    expect(answer.body.text).toContain('/incident note');
    expect((await entries()).filter((e) => e.kind === 'note')).toHaveLength(0);
  });

  it('people joining become entries; the bot joining does not', async () => {
    const { channel } = await warRoom();
    await h.sim.userJoins({ user: CAROL, channel });
    await h.sim.userJoins({ user: 'UBOT', channel });
    await h.settle();
    const joins = (await entries()).filter((e) => e.kind === 'member_joined');
    // Alice was invited by the bot when the war room opened; Slack reports that join too.
    expect(joins.map((e) => e.actorId)).toEqual([ALICE, BOB, CAROL]);
    expect(joins[0].data).toEqual({ inviter: 'UBOT' });
    expect(joins[1].data).toEqual({ inviter: ALICE });
  });
});

describe('fidelity', () => {
  it('a retried pin_added (same event_id) adds nothing', async () => {
    const { channel } = await warRoom();
    const ts = await post(channel, 'kill switch engaged');
    const first = await h.sim.userPins({ user: ALICE, channel, ts });
    await h.settle();
    const retry = await h.sim.sendEvent({}, { eventId: (first as unknown as { eventId: string }).eventId, retryNum: 1, retryReason: 'http_timeout' });
    expect(retry.status).toBe(200);
    await h.settle();
    expect((await captured())).toHaveLength(1);
    expect((await marksOf((await captured())[0].id))).toHaveLength(1);
    // The retry did no Slack work either: one acknowledgement, no second look-up.
    expect(h.sim.callsTo('reactions.add')).toHaveLength(1);
    // Stored once in the inbox: the retry was recognised by its event_id before anything ran.
    const stored = await h.query('select count(*) as n from inbound_events where dedupe_key = ?', [(first as unknown as { eventId: string }).eventId]);
    expect(stored).toEqual([{ n: 1 }]);
  });

  it('a message pinned and reacted to is one entry with two marks, acknowledged once', async () => {
    const { channel } = await warRoom();
    const ts = await post(channel, 'we are rolling back to v6');
    await h.sim.userPins({ user: ALICE, channel, ts });
    await h.sim.userReacts({ user: BOB, channel, ts, name: 'pushpin' });
    await h.sim.messageShortcut({ user: CAROL, channel, messageTs: ts, callbackId: CALLBACK.addToTimelineShortcut });
    await h.settle();
    expect((await captured())).toHaveLength(1);
    // The shortcut is applied as its request arrives, the pin and the reaction from the inbox: which
    // lands first is timing (it differs between SQLite and Postgres), so the marks are compared as a set.
    expect((await marksOf((await captured())[0].id)).map((m) => [m.source, m.userId]).sort()).toEqual([
      ['pin', ALICE],
      ['reaction', BOB],
      ['shortcut', CAROL],
    ]);
    expect(h.sim.callsTo('reactions.add')).toHaveLength(1);
  });

  it('an edit updates the entry and keeps the earlier text as a revision', async () => {
    const { channel } = await warRoom();
    const ts = await post(channel, 'impact: 3% of posts');
    await h.sim.userPins({ user: ALICE, channel, ts });
    await h.settle();
    await h.sim.userEdits({ user: BOB, channel, ts, text: 'impact: 12% of posts (recount)' });
    await h.settle();
    const [entry] = await captured();
    expect(entry.text).toBe('impact: 12% of posts (recount)');
    expect((await h.repos.capture.revisions(entry.id)).map((r) => r.text)).toEqual(['impact: 3% of posts']);
    const raw = (await h.repos.capture.raw(channel, ts))!;
    expect(raw.text).toBe('impact: 12% of posts (recount)');
    expect(raw.editedAt).not.toBeNull();
  });

  it('a deletion retracts the entry: kept in the database, hidden from the timeline', async () => {
    const { channel } = await warRoom();
    const ts = await post(channel, 'wrong channel, sorry');
    await h.sim.userPins({ user: ALICE, channel, ts });
    await h.settle();
    await h.sim.userDeletes({ channel, ts });
    await h.settle();
    expect((await captured())[0].retractedAt).not.toBeNull();
    expect((await h.repos.capture.raw(channel, ts))!.deletedAt).not.toBeNull();
    const text = blockText(await timeline(channel));
    expect(text).not.toContain('wrong channel');
    expect(text).toContain('1 retracted entry is hidden');
  });

  it('un-marking ends the mark; the last mark taken back retracts the entry; marking again restores it', async () => {
    const { channel } = await warRoom();
    const ts = await post(channel, 'second model also drifts');
    await h.sim.userPins({ user: ALICE, channel, ts });
    await h.sim.userReacts({ user: BOB, channel, ts, name: 'pushpin' });
    await h.settle();
    await h.sim.userUnpins({ user: ALICE, channel, ts });
    await h.settle();
    let [entry] = await captured();
    expect(entry.retractedAt).toBeNull();
    expect((await marksOf(entry.id)).map((m) => [m.source, m.unmarkedAt !== null])).toEqual([
      ['pin', true],
      ['reaction', false],
    ]);
    await h.sim.userUnreacts({ user: BOB, channel, ts, name: 'pushpin' });
    await h.settle();
    [entry] = await captured();
    expect(entry.retractedAt).not.toBeNull();
    expect(h.sim.messages(channel).find((m) => m.ts === ts)!.reactions.has(CAPTURED_REACTION)).toBe(false);
    await h.sim.userReacts({ user: ALICE, channel, ts, name: 'pushpin' });
    await h.settle();
    [entry] = await captured();
    expect(entry.retractedAt).toBeNull();
    expect((await marksOf(entry.id)).map((m) => [m.source, m.userId, m.unmarkedAt === null])).toEqual([
      ['pin', ALICE, false],
      ['reaction', BOB, false],
      ['reaction', ALICE, true],
    ]);
    expect((await captured())).toHaveLength(1);
  });

  it('files keep their names and links; thread replies keep their thread', async () => {
    const { channel } = await warRoom();
    const parent = await post(channel, 'confusion matrix attached', { files: [{ name: 'confusion-matrix.png' }, { name: 'eval.csv' }] });
    const reply = await post(channel, 'the benign class is the one that moved', { threadTs: parent, user: ALICE });
    await h.sim.userPins({ user: ALICE, channel, ts: parent });
    await h.sim.userReacts({ user: BOB, channel, ts: reply, name: 'pushpin' });
    await h.settle();
    const withFiles = (await captured()).find((e) => e.messageTs === parent)!;
    const files = withFiles.files!;
    expect(files.map((f) => f.name)).toEqual(['confusion-matrix.png', 'eval.csv']);
    for (const f of files) expect(f.url).toMatch(/^https?:\/\//);
    const threaded = (await captured()).find((e) => e.messageTs === reply)!;
    expect(threaded.threadTs).toBe(parent);
    expect(threaded.permalink).toContain(`thread_ts=${parent}`);
    expect((await h.repos.capture.raw(channel, reply))!.threadTs).toBe(parent);
    const text = blockText(await timeline(channel));
    expect(text).toContain('confusion-matrix.png');
    expect(text).toContain('in a thread');
  });
});

describe('catch-up after downtime', () => {
  it('reads history and pins on start-up: missed messages, pins and timeline reactions are filled in, once', async () => {
    const { channel } = await warRoom();
    await post(channel, 'before the outage');
    h.sim.pauseEvents();
    const a = (await h.sim.userPosts({ user: BOB, channel, text: 'missed one: retraining job started' })).ts;
    const b = (await h.sim.userPosts({ user: ALICE, channel, text: 'missed two: canary at 5%' })).ts;
    const c = (await h.sim.userPosts({ user: BOB, channel, text: 'missed reply in thread', threadTs: a })).ts;
    await h.sim.userPins({ user: ALICE, channel, ts: a });
    await h.sim.userReacts({ user: BOB, channel, ts: b, name: 'pushpin' });
    await h.restart();
    h.sim.resumeEvents();
    await h.settle();

    const raw = (await h.repos.capture.rawForIncident(1)).map((r) => r.text);
    expect(raw).toEqual(['before the outage', 'missed one: retraining job started', 'missed two: canary at 5%', 'missed reply in thread']);
    expect((await h.repos.capture.raw(channel, c))!.threadTs).toBe(a);
    // The sim's timestamps of a burst differ by microseconds; order by ts, not by millisecond.
    const byTs = [...(await captured())].sort((x, y) => x.messageTs!.localeCompare(y.messageTs!));
    expect(byTs.map((e) => [e.messageTs, e.source])).toEqual([
      [a, 'pin'],
      [b, 'reaction'],
    ]);
    expect((await marksOf(byTs[0].id))).toMatchObject([{ source: 'pin', userId: ALICE }]);
    expect((await marksOf(byTs[1].id))).toMatchObject([{ source: 'reaction', userId: BOB }]);
    // The bot's own card (pinned by the bot) is not captured.
    expect((await captured()).some((e) => e.actorId === 'UBOT')).toBe(false);

    // /incident sync runs the same catch-up: nothing new, nothing twice.
    const answer = await h.sim.sendCommand({ user: ALICE, channel, text: 'sync' });
    expect(answer.body.text).toContain('Syncing');
    await h.settle();
    expect((await h.repos.capture.rawForIncident(1))).toHaveLength(4);
    expect((await captured())).toHaveLength(2);
    const reply = h.sim.responses.map((r) => (r.body as { text: string }).text).find((t) => t.includes('in sync'))!;
    expect(reply).toContain('0 missed messages recorded, 0 timeline entries added');
  });

  it('/incident sync un-marks a message un-pinned while the bot was down and finishes unfinished set-up', async () => {
    const { channel } = await warRoom();
    const ts = await post(channel, 'pinned, then unpinned in the dark');
    await h.sim.userPins({ user: ALICE, channel, ts });
    await h.settle();
    h.sim.pauseEvents();
    await h.sim.userUnpins({ user: ALICE, channel, ts });
    h.sim.resumeEvents();
    await h.query("update jobs set state = 'failed', last_error = 'simulated' where key = 'setup:1:set_purpose'");
    await h.sim.sendCommand({ user: ALICE, channel, text: 'sync' });
    await h.settle();
    expect((await captured())[0].retractedAt).not.toBeNull();
    expect((await h.repos.jobs.byKey('setup:1:set_purpose'))!.state).toBe('done');
    const reply = h.sim.responses.map((r) => (r.body as { text: string }).text).find((t) => t.includes('in sync'))!;
    expect(reply).toContain('1 mark taken back');
  });
});

describe('/incident timeline', () => {
  it('shows the timeline to the user only, newest page first, paged within Block Kit limits, with dates across days', async () => {
    const { channel } = await warRoom();
    const start = Date.now() - 2 * 86_400_000;
    for (let i = 0; i < 88; i++) {
      await h.repos.timeline.addAutomatic(
        { incidentId: 1, kind: 'details_edited', text: `Correction ${i}: ${'x'.repeat(i === 5 ? 5000 : 10)}`, actorId: ALICE, occurredAt: new Date(start + i * 3_600_000) },
        new Date(),
      );
    }
    const total = (await entries()).filter((e) => !e.retractedAt).length;
    const pages = Math.ceil(total / 40);
    expect(pages).toBe(3);

    const last = await timeline(channel);
    expect(last.response_type).toBe('ephemeral');
    expect(last.blocks.length).toBeLessThanOrEqual(50);
    expect(validateMessageBlocks(last.blocks).errors).toEqual([]);
    expect(blockText(last)).toContain(`page 3 of 3`);
    expect(blockText(last)).toContain('/incident timeline 2');
    // The incident spans days: every time carries its date.
    expect(blockText(last)).toMatch(/\*\d{4}-\d{2}-\d{2} \d{2}:\d{2}\*/);

    const first = await timeline(channel, '1');
    const text = blockText(first);
    expect(text).toContain('page 1 of 3');
    expect(text).toContain('Correction 0');
    for (const b of first.blocks) if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    expect(validateMessageBlocks(first.blocks).errors).toEqual([]);

    const tooFar = await timeline(channel, '9');
    expect(tooFar.text).toContain('has 3 pages');
  });

  it('shows bare times for a single-day incident, and is refused outside an incident channel', async () => {
    const { channel } = await warRoom();
    const ts = await post(channel, 'pinned within the day');
    await h.sim.userPins({ user: ALICE, channel, ts });
    await h.settle();
    const body = await timeline(channel);
    const text = blockText(body);
    expect(text).toContain('pinned within the day');
    expect(text).toContain(':round_pushpin:');
    expect(text).toMatch(/\*\d{2}:\d{2}\*/);
    expect(text).not.toMatch(/\*\d{4}-\d{2}-\d{2} \d{2}:\d{2}\*/);
    const outside = await h.sim.sendCommand({ user: CAROL, channel: general().id, text: 'timeline' });
    expect(outside.body.text).toContain('works inside an incident channel');
  });

  it('uses the configured timeline emoji', async () => {
    await h.stop();
    h = await startHarness({ env: { TIMELINE_EMOJI: ':bookmark:' } });
    const { channel } = await warRoom();
    const ts = await post(channel, 'marked with a bookmark');
    await h.sim.userReacts({ user: ALICE, channel, ts, name: 'pushpin' });
    await h.settle();
    expect((await captured())).toHaveLength(0);
    await h.sim.userReacts({ user: ALICE, channel, ts, name: 'bookmark' });
    await waitFor(async () => (await captured()).length === 1, 'bookmark capture');
  });
});

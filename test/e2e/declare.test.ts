import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DECLARE_BLOCK } from '../../src/slack/ids';
import { SETUP_STEPS } from '../../src/engine/job-kinds';
import { startHarness, waitFor, type Harness } from '../support/harness';

let h: Harness;
const ALICE = 'U_ALICE';
const BOB = 'U_BOB';

beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

/** Each declaration step's job state, by step. */
async function setupStates(incidentId: number): Promise<Record<string, string>> {
  const jobs = await h.repos.jobs.forIncident(incidentId);
  return Object.fromEntries(jobs.filter((j) => j.kind.startsWith('setup.') && j.kind !== 'setup.delayed').map((j) => [j.kind.slice(6), j.state]));
}

function general() {
  return h.sim.channelByName('general') ?? h.sim.createChannel('general', { members: [ALICE, BOB, 'U_CAROL', 'U_DAVE'] });
}

/** Sends the command and waits for the form: views.open follows the ack. */
async function openForm(text: string, user = ALICE) {
  const answer = await h.sim.sendCommand({ user, channel: general().id, text });
  await waitFor(() => h.sim.lastView(), 'views.open');
  return answer;
}

async function declareFast(text: string, user = ALICE) {
  const answer = await h.sim.sendCommand({ user, channel: general().id, text: `declare ${text}` });
  await h.settle();
  return answer;
}

describe('/incident declare through the modal', () => {
  it('opens the form at once, prefilled, and opens a fully prepared war room on submit', async () => {
    const answer = await openForm('declare Résumé screener downgrades one university');
    expect(answer.status).toBe(200);
    const open = h.sim.callsTo('views.open');
    expect(open).toHaveLength(1);
    expect(open[0].ok).toBe(true);
    // views.open is the first Web API call the handler makes.
    expect(h.sim.calls.filter((c) => c.method !== 'auth.test')[0].method).toBe('views.open');
    const view = h.sim.lastView()!.view as { blocks: { block_id: string; element: Record<string, unknown> }[] };
    const titleBlock = view.blocks.find((b) => b.block_id === DECLARE_BLOCK.title)!;
    expect(titleBlock.element.initial_value).toBe('Résumé screener downgrades one university');
    const commanderBlock = view.blocks.find((b) => b.block_id === DECLARE_BLOCK.commander)!;
    expect(commanderBlock.element.initial_user).toBe(ALICE);

    const submit = await h.sim.submitView({
      user: ALICE,
      values: {
        [DECLARE_BLOCK.severity]: 'sev2',
        [DECLARE_BLOCK.category]: 'bias',
        [DECLARE_BLOCK.harmLevel]: 'event',
        [DECLARE_BLOCK.affectedSystem]: 'resume-ranker',
        [DECLARE_BLOCK.affectedVersion]: 'v3.2',
        [DECLARE_BLOCK.summary]: 'Graduates of one university are ranked lower since the October model release.',
        [DECLARE_BLOCK.commander]: BOB,
        [DECLARE_BLOCK.impactStarted]: Math.floor(Date.parse('2026-10-24T09:00:00Z') / 1000),
      },
    });
    expect(submit.status).toBe(200);
    expect(submit.body).toBeNull();
    await h.settle();

    const incident = (await h.repos.incidents.byId(1))!;
    expect(incident).toMatchObject({
      title: 'Résumé screener downgrades one university',
      severity: 'sev2',
      category: 'bias',
      affectedSystem: 'resume-ranker',
      affectedVersion: 'v3.2',
      declaredBy: ALICE,
      isPrivate: false,
      channelName: 'inc-1-resume-screener-downgrades-one-university',
    });
    expect(incident.impactStartedAt).toEqual(new Date('2026-10-24T09:00:00Z'));
    expect((await h.repos.incidents.commanderOf(1))).toBe(BOB);

    const channel = h.sim.channelByName('inc-1-resume-screener-downgrades-one-university')!;
    expect(channel.id).toBe(incident.channelId);
    expect(channel.isPrivate).toBe(false);
    expect([...channel.members].sort()).toEqual([ALICE, BOB, 'UBOT'].sort());
    expect(channel.topic).toBe(`SEV2 · Investigating · IC: <@${BOB}>`);
    expect(channel.purpose).toBe('Graduates of one university are ranked lower since the October model release.');

    const card = h.sim.messages(channel.id).find((m) => m.ts === incident.cardTs)!;
    expect(card.pinned).toBe(true);
    const cardJson = JSON.stringify(card.blocks);
    for (const expected of ['INC-1: Résumé screener', 'SEV2', 'Investigating', 'Bias / fairness violation', 'resume-ranker @ v3.2', `<@${BOB}>`, 'Graduates of one university']) {
      expect(cardJson).toContain(expected);
    }

    const announcement = h.sim.messages(h.incidentsChannel!.id).at(-1)!;
    expect(announcement.text).toContain('INC-1');
    expect(JSON.stringify(announcement.blocks)).toContain(`<#${channel.id}>`);

    // The form carried the command's response_url, so the declarer is answered where they typed.
    const reply = h.sim.responses.find((r) => JSON.stringify(r.body).includes(`<#${channel.id}>`));
    expect(reply).toBeDefined();

    // Slack tells the bot about the people it invited, as in a real workspace.
    expect((await h.repos.timeline.forIncident(1)).map((e) => [e.kind, e.actorId])).toEqual([
      ['declared', ALICE],
      ['member_joined', ALICE],
      ['member_joined', BOB],
    ]);
    expect(await setupStates(1)).toEqual(Object.fromEntries(SETUP_STEPS.map((step) => [step, 'done'])));
  });

  it('answers invalid input inside the modal and stores nothing', async () => {
    await openForm('declare');
    const answer = await h.sim.submitView({
      user: ALICE,
      values: {
        [DECLARE_BLOCK.title]: 'Drift in fraud model',
        [DECLARE_BLOCK.severity]: 'sev3',
        [DECLARE_BLOCK.category]: 'drift',
        [DECLARE_BLOCK.impactStarted]: Math.floor(Date.now() / 1000) + 86_400,
      },
    });
    expect(answer.body).toEqual({ response_action: 'errors', errors: { [DECLARE_BLOCK.impactStarted]: 'Impact cannot start in the future.' } });
    expect((await h.repos.incidents.listOpen())).toHaveLength(0);
    expect(h.sim.callsTo('conversations.create')).toHaveLength(0);
  });

  it('prefills the severity when only a severity is given', async () => {
    await openForm('declare SEV1');
    const view = h.sim.lastView()!.view as { blocks: { block_id: string; element: { initial_option?: { value: string } } }[] };
    expect(view.blocks.find((b) => b.block_id === DECLARE_BLOCK.severity)!.element.initial_option?.value).toBe('sev1');
  });

  it('creates a private channel for a private incident and announces no details', async () => {
    await openForm('declare Customer PII in chatbot answers');
    await h.sim.submitView({
      user: ALICE,
      values: { [DECLARE_BLOCK.severity]: 'sev1', [DECLARE_BLOCK.category]: 'privacy_leak', [DECLARE_BLOCK.options]: ['private'] },
    });
    await h.settle();
    const incident = (await h.repos.incidents.byId(1))!;
    expect(incident.isPrivate).toBe(true);
    expect(h.sim.channels.get(incident.channelId!)!.isPrivate).toBe(true);
    const announcement = h.sim.messages(h.incidentsChannel!.id).at(-1)!;
    const shown = `${announcement.text} ${JSON.stringify(announcement.blocks)}`;
    expect(shown).toContain('private');
    // Number, severity, "private": not even who declared it.
    expect(shown).not.toContain(ALICE);
    expect(shown).not.toContain('PII');
    expect(shown).not.toContain(incident.channelId!);
  });
});

describe('/incident declare fast path', () => {
  it('declares at once without a modal, declarer as commander, category other', async () => {
    const answer = await declareFast('sev1 Chatbot gives dosing advice');
    expect(answer.status).toBe(200);
    expect(answer.body.text).toContain('INC-1');
    expect(h.sim.callsTo('views.open')).toHaveLength(0);
    const incident = (await h.repos.incidents.byId(1))!;
    expect(incident).toMatchObject({ severity: 'sev1', category: 'other', channelName: 'inc-1-chatbot-gives-dosing-advice' });
    expect((await h.repos.incidents.commanderOf(1))).toBe(ALICE);
    // The declarer gets the link through the command's response_url.
    const reply = h.sim.responses.find((r) => JSON.stringify(r.body).includes(`<#${incident.channelId}>`));
    expect(reply).toBeDefined();
    expect([...h.sim.channels.get(incident.channelId!)!.members].sort()).toEqual([ALICE, 'UBOT'].sort());
  });

  it('gives two concurrent declarations distinct numbers and channels', async () => {
    const [a, b] = await Promise.all([
      // Different titles: the same title twice would be held back as a duplicate (status-updates.test.ts).
      h.sim.sendCommand({ user: ALICE, channel: general().id, text: 'declare sev2 Checkout model slows down' }),
      h.sim.sendCommand({ user: BOB, channel: general().id, text: 'declare sev2 Search model slows down' }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await h.settle();
    const rows = [(await h.repos.incidents.byId(1))!, (await h.repos.incidents.byId(2))!];
    expect(new Set(rows.map((r) => r.channelId)).size).toBe(2);
    expect(rows.map((r) => r.channelName?.replace(/^inc-\d-/, '')).sort()).toEqual(['checkout-model-slows-down', 'search-model-slows-down']);
  });

  it('picks another name when Slack answers name_taken', async () => {
    h.sim.createChannel('inc-1-hiring-bias');
    await declareFast('sev2 Hiring bias');
    expect((await h.repos.incidents.byId(1))!.channelName).toBe('inc-1-hiring-bias-2');
    expect(h.sim.callsTo('conversations.create').map((c) => c.error ?? 'ok')).toEqual(['name_taken', 'ok']);
  });

  it('skips an invitee Slack rejects, invites the rest and reports it', async () => {
    h.sim.addUser({ id: 'U_GONE', name: 'gone', deleted: true });
    await openForm('declare Toxic output');
    await h.sim.submitView({
      user: ALICE,
      values: { [DECLARE_BLOCK.severity]: 'sev3', [DECLARE_BLOCK.category]: 'toxic_content', [DECLARE_BLOCK.commander]: 'U_GONE' },
    });
    await h.settle();
    const incident = (await h.repos.incidents.byId(1))!;
    expect(h.sim.channels.get(incident.channelId!)!.members.has(ALICE)).toBe(true);
    expect(h.sim.channels.get(incident.channelId!)!.members.has('U_GONE')).toBe(false);
    const reply = h.sim.responses.map((r) => JSON.stringify(r.body)).find((t) => t.includes('INC-1'))!;
    expect(reply).toContain('Could not invite <@U_GONE>');
    expect(reply).toContain('user_not_found');
    expect((await setupStates(1)).invite_responders).toBe('done');
  });

  it('waits out a 429 with Retry-After and then succeeds', async () => {
    h.sim.failNext('conversations.create', { status: 429, retryAfter: 1 });
    const started = Date.now();
    await declareFast('sev3 Rate limited');
    const creates = h.sim.callsTo('conversations.create');
    expect(creates.map((c) => c.status)).toEqual([429, 200]);
    expect(creates[1].at - creates[0].at).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect((await h.repos.incidents.byId(1))!.channelId).toBeTruthy();
  });

  it('keeps retrying through a Slack outage, tells the declarer once, and finishes when Slack recovers', async () => {
    // Three attempts of three calls each (the client's own two quick retries) fail; the fourth works.
    h.sim.failNext('conversations.setTopic', { status: 503, times: 9 });
    await declareFast('sev2 Drift in fraud model');
    expect(h.sim.callsTo('conversations.setTopic').map((c) => c.status)).toEqual([503, 503, 503, 503, 503, 503, 503, 503, 503, 200]);
    const delayed = h.sim.responses.map((r) => JSON.stringify(r.body)).filter((t) => t.includes('delayed'));
    expect(delayed).toHaveLength(1);
    expect(delayed[0]).toContain('set_topic');
    expect(delayed[0]).toContain('/incident sync INC-1');
    // The steps queued behind it waited, then ran in order; the declarer's final answer has no failures.
    expect(await setupStates(1)).toEqual(Object.fromEntries(SETUP_STEPS.map((step) => [step, 'done'])));
    const final = h.sim.responses.map((r) => JSON.stringify(r.body)).find((t) => t.includes('The war room is ready'))!;
    expect(final).not.toContain('failed');
    const channel = h.sim.channels.get((await h.repos.incidents.byId(1))!.channelId!)!;
    expect(channel.topic).toContain('SEV2');
    expect(h.sim.callsTo('conversations.create').filter((c) => c.ok)).toHaveLength(1);
  });

  it('a step Slack refuses for good is reported, the rest still run, and /incident sync retries it', async () => {
    h.sim.failNext('conversations.setPurpose', { error: 'restricted_action' });
    await declareFast('sev2 Drift in fraud model');
    expect((await setupStates(1)).set_purpose).toBe('failed');
    expect((await setupStates(1)).post_card).toBe('done');
    const incident = (await h.repos.incidents.byId(1))!;
    const reply = h.sim.responses.map((r) => JSON.stringify(r.body)).find((t) => t.includes('The war room is ready'))!;
    expect(reply).toContain('set_purpose');
    expect(reply).toContain('/incident sync INC-1');
    // The responders see it too, in the war room.
    const report = h.sim.messages(incident.channelId!).find((m) => m.text.includes('could not set the channel description'));
    expect(report?.text).toContain('restricted_action');

    const sync = await h.sim.sendCommand({ user: ALICE, channel: general().id, text: 'sync INC-1' });
    expect(sync.body.text).toContain('Retrying 1 unfinished task');
    await h.settle();
    expect((await setupStates(1)).set_purpose).toBe('done');
    expect(h.sim.channels.get(incident.channelId!)!.purpose).toBeTruthy();
  });
});

describe('other subcommands and bad input', () => {
  it('lists open incidents ephemerally', async () => {
    await declareFast('sev3 First');
    await declareFast('sev1 Second');
    const answer = await h.sim.sendCommand({ user: BOB, channel: general().id, text: 'list' });
    expect(answer.body.response_type).toBe('ephemeral');
    const text = JSON.stringify(answer.body.blocks);
    expect(text).toContain('2 open incidents');
    expect(text.indexOf('INC-2')).toBeLessThan(text.indexOf('INC-1'));
    expect(text).toContain('SEV1');
    expect(text).toContain(`IC <@${ALICE}>`);
  });

  it('answers help for an unknown subcommand', async () => {
    const answer = await h.sim.sendCommand({ user: ALICE, channel: general().id, text: 'frobnicate' });
    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.body.text).toContain("I don't know `frobnicate`");
    expect(answer.body.text).toContain('/incident declare');
    const help = await h.sim.sendCommand({ user: ALICE, channel: general().id, text: 'help' });
    expect(help.body.text).toContain('/incident list');
  });

  it('refuses forged and stale signatures with 401 and stores nothing', async () => {
    const body = new URLSearchParams({ command: '/incident', text: 'declare sev1 forged', user_id: ALICE, channel_id: 'C1', trigger_id: 't', response_url: 'http://127.0.0.1:1/x', team_id: 'T1' }).toString();
    const contentType = 'application/x-www-form-urlencoded';
    const forged = await h.sim.sendRaw({ body, contentType, sign: false, headers: { 'x-slack-signature': 'v0=deadbeef', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)) } });
    expect(forged.status).toBe(401);
    const stale = await h.sim.sendRaw({ body, contentType, timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(401);
    const unsigned = await h.sim.sendRaw({ body, contentType, sign: false });
    expect(unsigned.status).toBe(401);
    await h.settle();
    expect((await h.repos.incidents.listOpen())).toHaveLength(0);
  });

  it('answers a malformed body with 4xx and keeps running', async () => {
    const broken = await h.sim.sendRaw({ body: '{"type": "event_callback", ', contentType: 'application/json' });
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
    const badPayload = await h.sim.sendRaw({ body: 'payload=%7Bnot-json', contentType: 'application/x-www-form-urlencoded' });
    expect(badPayload.status).toBeGreaterThanOrEqual(400);
    expect(badPayload.status).toBeLessThan(500);
    const health = await fetch(`http://127.0.0.1:${h.port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, database: { dialect: h.dialect, ok: true } });
    const ready = await fetch(`http://127.0.0.1:${h.port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, database: { dialect: h.dialect, ok: true, migrated: true } });
    const answer = await declareFast('sev4 Still alive');
    expect(answer.status).toBe(200);
  });

  it('never writes a token or the signing secret to the log', async () => {
    await declareFast('sev2 Logging check');
    const all = h.logs.join('\n');
    expect(all).toContain('incident.declared');
    expect(all).toContain('inc=INC-1');
    expect(all).not.toContain('xoxb-test-bot-token');
    expect(all).not.toContain('test-signing-secret');
  });
});

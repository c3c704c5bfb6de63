import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebClient } from '@slack/web-api';
import { signRequest, type SlackSim } from '../../src/slack-sim';
import { SIGNING_SECRET, clientFor, startSim } from './helpers';

interface Seen {
  headers: IncomingHttpHeaders;
  raw: string;
  json: any;
}
type Reply = { status?: number; body?: unknown; delayMs?: number };

/** A stand-in bot: records what Slack sent and answers what the test tells it to. */
class FakeBot {
  seen: Seen[] = [];
  reply: (s: Seen) => Reply = () => ({});
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const ct = req.headers['content-type'];
        let json: any = null;
        if (ct === 'application/json') json = JSON.parse(raw);
        else {
          const form = new URLSearchParams(raw);
          json = form.has('payload') ? JSON.parse(form.get('payload')!) : Object.fromEntries(form);
        }
        const s = { headers: req.headers, raw, json };
        this.seen.push(s);
        const r = this.reply(s);
        if (r.delayMs) await new Promise((ok) => setTimeout(ok, r.delayMs));
        if (r.body === undefined) {
          res.writeHead(r.status ?? 200);
          res.end();
        } else {
          res.writeHead(r.status ?? 200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(r.body));
        }
      });
    });
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/slack/events`;
  }

  get last(): Seen {
    return this.seen[this.seen.length - 1]!;
  }

  stop(): Promise<void> {
    return new Promise((ok) => {
      this.server.close(() => ok());
      this.server.closeAllConnections();
    });
  }
}

let sim: SlackSim;
let bot: FakeBot;
let client: WebClient;

beforeEach(async () => {
  sim = await startSim({ ackTimeoutMs: 300 });
  bot = new FakeBot();
  await bot.start();
  sim.setAppUrl(bot.url);
  client = clientFor(sim);
});
afterEach(async () => {
  await sim.stop();
  await bot.stop();
});

function expectSigned(s: Seen): void {
  const ts = Number(s.headers['x-slack-request-timestamp']);
  expect(Math.abs(Date.now() / 1000 - ts)).toBeLessThan(5);
  expect(s.headers['x-slack-signature']).toBe(signRequest(SIGNING_SECRET, s.raw, ts)['x-slack-signature']);
}

describe('slash commands', () => {
  it('sends a signed form with a fresh trigger and a response_url on the sim', async () => {
    const ch = sim.createChannel('incidents', { members: ['U_ALICE'] });
    bot.reply = () => ({ body: { text: 'Declaring…' } });
    const a = await sim.sendCommand({ user: 'U_ALICE', channel: ch.id, text: 'sev1 db down' });
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ text: 'Declaring…' });
    const s = bot.last;
    expect(s.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expectSigned(s);
    expect(s.json).toMatchObject({
      command: '/incident',
      text: 'sev1 db down',
      user_id: 'U_ALICE',
      user_name: 'alice',
      channel_id: ch.id,
      channel_name: 'incidents',
      team_id: 'T1',
      team_domain: 'acme',
      api_app_id: 'A1',
      trigger_id: a.triggerId,
      response_url: a.responseUrl,
    });
    expect(a.responseUrl.startsWith(`${sim.baseUrl}/response/`)).toBe(true);
    // Slack shows a JSON ack to the invoking user only.
    expect(sim.ephemerals).toMatchObject([{ user: 'U_ALICE', channel: ch.id, text: 'Declaring…', via: 'ack' }]);
  });

  it('escapes typed text as Slack does for a command with should_escape, and for messages', async () => {
    const ch = sim.createChannel('incidents', { members: ['U_ALICE', 'UBOT'] });
    const typed = 'ask @bob & @nobody in #incidents: p95 <300ms> https://a.example/x?y=1&z=2. [docs](https://d.example/r) @channel @here';
    await sim.sendCommand({ user: 'U_ALICE', channel: ch.id, text: typed });
    expect(bot.last.json.text).toBe(
      'ask <@U_BOB|bob> &amp; @nobody in <#' + ch.id + '|incidents>: p95 &lt;300ms&gt; <https://a.example/x?y=1&amp;z=2>. <https://d.example/r|docs> <!channel> <!here>',
    );
    await sim.userPosts({ user: 'U_ALICE', channel: ch.id, text: typed });
    expect(bot.last.json.event.text).toContain('ask <@U_BOB> &amp; @nobody');
    expect(sim.messages(ch.id).at(-1)!.text).toBe(bot.last.json.event.text);
  });

  it('sends member_joined_channel (after a channel_join message) for each person the bot invites', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-join' });
    await client.conversations.invite({ channel: channel!.id!, users: 'U_ALICE,U_BOB' });
    await sim.idle();
    const joins = bot.seen.map((r) => r.json?.event).filter((e) => e?.type === 'member_joined_channel');
    expect(joins).toEqual([
      expect.objectContaining({ user: 'U_ALICE', channel: channel!.id, inviter: 'UBOT' }),
      expect.objectContaining({ user: 'U_BOB', channel: channel!.id, inviter: 'UBOT' }),
    ]);
    expect(sim.messages(channel!.id!).map((m) => m.subtype)).toEqual(['channel_join', 'channel_join']);
  });

  it('records response_url posts and applies in_channel / ephemeral', async () => {
    const ch = sim.createChannel('incidents', { members: ['U_ALICE'] });
    const a = await sim.sendCommand({ user: 'U_ALICE', channel: ch.id, text: '' });
    let r = await fetch(a.responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'just you' }) });
    expect(r.status).toBe(200);
    r = await fetch(a.responseUrl, { method: 'POST', body: JSON.stringify({ response_type: 'in_channel', text: 'everyone' }) });
    expect(r.status).toBe(200);
    expect(sim.responses.map((x) => x.body)).toEqual([{ text: 'just you' }, { response_type: 'in_channel', text: 'everyone' }]);
    expect(sim.ephemerals.at(-1)).toMatchObject({ text: 'just you', via: 'response_url' });
    expect(sim.messages(ch.id).map((m) => m.text)).toEqual(['everyone']);
    const bad = await fetch(a.responseUrl, { method: 'POST', body: JSON.stringify({ blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] }) });
    expect(bad.status).toBe(400);
    expect(sim.problems[0]).toMatch(/invalid_blocks/);
  });

  it('reports a bot that does not answer in time as status 0', async () => {
    const ch = sim.createChannel('incidents', { members: ['U_ALICE'] });
    bot.reply = () => ({ delayMs: 500 });
    const a = await sim.sendCommand({ user: 'U_ALICE', channel: ch.id, text: '' });
    expect(a.status).toBe(0);
    expect(a.error).toBe('timeout');
  });
});

describe('events', () => {
  it('sends the event_callback envelope as JSON with unique ids, and retries with the same body', async () => {
    const first = await sim.sendEvent({ type: 'app_mention', user: 'U_ALICE', text: 'hi', channel: 'C1' });
    const second = await sim.sendEvent({ type: 'app_mention', user: 'U_ALICE', text: 'hi', channel: 'C1' });
    expect(first.eventId).not.toBe(second.eventId);
    expect(first.eventId).toMatch(/^Ev/);
    const s = bot.seen[0]!;
    expect(s.headers['content-type']).toBe('application/json');
    expectSigned(s);
    expect(s.json).toMatchObject({
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: first.eventId,
      authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
      event: { type: 'app_mention', text: 'hi' },
    });
    expect(s.headers['x-slack-retry-num']).toBeUndefined();
    await sim.sendEvent({}, { eventId: first.eventId, retryNum: 1, retryReason: 'http_timeout' });
    expect(bot.last.raw).toBe(s.raw);
    expect(bot.last.headers['x-slack-retry-num']).toBe('1');
    expect(bot.last.headers['x-slack-retry-reason']).toBe('http_timeout');
  });

  it('mirrors user actions into world state and events', async () => {
    const priv = sim.createChannel('inc-1', { isPrivate: true, members: ['UBOT', 'U_ALICE', 'U_BOB'] });
    const { ts } = await sim.userPosts({ user: 'U_ALICE', channel: priv.id, text: 'rolled back' });
    expect(bot.last.json.event).toMatchObject({ type: 'message', user: 'U_ALICE', text: 'rolled back', ts, channel: priv.id, channel_type: 'group' });

    const reply = await sim.userPosts({ user: 'U_BOB', channel: priv.id, text: 'confirmed', threadTs: ts });
    expect(bot.last.json.event).toMatchObject({ thread_ts: ts, parent_user_id: 'U_ALICE' });

    await sim.userEdits({ user: 'U_ALICE', channel: priv.id, ts, text: 'rolled back v42' });
    expect(bot.last.json.event).toMatchObject({
      subtype: 'message_changed',
      message: { ts, text: 'rolled back v42', edited: { user: 'U_ALICE' } },
      previous_message: { ts, text: 'rolled back' },
    });

    await sim.userPins({ user: 'U_BOB', channel: priv.id, ts });
    expect(bot.last.json.event).toMatchObject({ type: 'pin_added', user: 'U_BOB', channel_id: priv.id, item: { type: 'message', message: { ts, text: 'rolled back v42' } } });
    expect(sim.messages(priv.id)[0]!.pinned).toBe(true);
    await sim.userUnpins({ user: 'U_BOB', channel: priv.id, ts });
    expect(bot.last.json.event.type).toBe('pin_removed');

    await sim.userReacts({ user: 'U_BOB', channel: priv.id, ts, name: 'pushpin' });
    expect(bot.last.json.event).toMatchObject({ type: 'reaction_added', user: 'U_BOB', reaction: 'pushpin', item: { type: 'message', channel: priv.id, ts }, item_user: 'U_ALICE' });
    await sim.userUnreacts({ user: 'U_BOB', channel: priv.id, ts, name: 'pushpin' });
    expect(bot.last.json.event.type).toBe('reaction_removed');

    await sim.userDeletes({ channel: priv.id, ts: reply.ts });
    expect(bot.last.json.event).toMatchObject({ subtype: 'message_deleted', deleted_ts: reply.ts, previous_message: { text: 'confirmed' } });
    expect(sim.messages(priv.id)).toHaveLength(1);

    await sim.userJoins({ user: 'U_CAROL', channel: priv.id, inviter: 'U_ALICE' });
    expect(bot.last.json.event).toEqual(expect.objectContaining({ type: 'member_joined_channel', user: 'U_CAROL', channel: priv.id, channel_type: 'G', inviter: 'U_ALICE' }));

    await sim.userPosts({ user: 'U_CAROL', channel: priv.id, text: 'graph', files: [{ name: 'latency.png' }] });
    expect(bot.last.json.event).toMatchObject({ subtype: 'file_share', files: [{ name: 'latency.png', mimetype: 'image/png' }] });

    await expect(sim.userPosts({ user: 'U_DAVE', channel: priv.id, text: 'x' })).rejects.toThrow(/not a member/);
  });

  it('does not deliver channel events from channels the bot is not in', async () => {
    const general = sim.createChannel('general', { members: ['U_ALICE'] });
    const { ts, answer } = await sim.userPosts({ user: 'U_ALICE', channel: general.id, text: 'lunch?' });
    expect(answer).toMatchObject({ status: 0, error: 'not_delivered' });
    expect(bot.seen).toHaveLength(0);
    expect(sim.messages(general.id)[0]!.ts).toBe(ts);
    await sim.userJoins({ user: 'UBOT', channel: general.id });
    expect(bot.last.json.event).toMatchObject({ type: 'member_joined_channel', user: 'UBOT', channel_type: 'C' });
    await sim.userReacts({ user: 'U_ALICE', channel: general.id, ts, name: 'eyes' });
    expect(bot.last.json.event.type).toBe('reaction_added');
  });
});

describe('interactivity', () => {
  async function postButtons(channel: string): Promise<string> {
    const r = await client.chat.postMessage({
      channel,
      text: 'Incident declared',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '*SEV1* db down' } },
        {
          type: 'actions',
          block_id: 'incident_actions',
          elements: [
            { type: 'button', action_id: 'ack', text: { type: 'plain_text', text: 'Acknowledge' }, value: 'inc-1', style: 'primary' },
            {
              type: 'static_select',
              action_id: 'severity',
              placeholder: { type: 'plain_text', text: 'Severity' },
              options: ['sev1', 'sev2'].map((v) => ({ text: { type: 'plain_text', text: v }, value: v })),
            },
          ],
        },
      ],
    });
    return r.ts!;
  }

  it('clicks a button of a stored message', async () => {
    const ch = sim.createChannel('inc-2', { members: ['UBOT', 'U_ALICE'] });
    const ts = await postButtons(ch.id);
    const a = await sim.clickButton({ user: 'U_ALICE', channel: ch.id, messageTs: ts, actionId: 'ack' });
    const s = bot.last;
    expect(s.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expectSigned(s);
    expect(s.json).toMatchObject({
      type: 'block_actions',
      user: { id: 'U_ALICE', username: 'alice' },
      trigger_id: a.triggerId,
      container: { type: 'message', channel_id: ch.id, message_ts: ts },
      channel: { id: ch.id },
      message: { ts, text: 'Incident declared' },
      actions: [{ type: 'button', action_id: 'ack', block_id: 'incident_actions', value: 'inc-1' }],
    });
    expect(s.json.state.values.incident_actions.severity).toEqual({ type: 'static_select', selected_option: null });
    // replace_original through the interaction's response_url edits the message in place
    await fetch(s.json.response_url, { method: 'POST', body: JSON.stringify({ replace_original: true, text: 'Acknowledged by alice' }) });
    expect(sim.messages(ch.id)[0]!.text).toBe('Acknowledged by alice');
    await expect(sim.clickButton({ user: 'U_ALICE', channel: ch.id, messageTs: ts, actionId: 'missing' })).rejects.toThrow(/no element/);
  });

  it('selects an option', async () => {
    const ch = sim.createChannel('inc-3', { members: ['UBOT', 'U_ALICE'] });
    const ts = await postButtons(ch.id);
    await sim.selectOption({ user: 'U_ALICE', channel: ch.id, messageTs: ts, actionId: 'severity', value: 'sev2' });
    expect(bot.last.json.actions[0]).toMatchObject({ type: 'static_select', action_id: 'severity', block_id: 'incident_actions', selected_option: { value: 'sev2' } });
    expect(bot.last.json.state.values.incident_actions.severity.selected_option.value).toBe('sev2');
    await expect(sim.selectOption({ user: 'U_ALICE', channel: ch.id, messageTs: ts, actionId: 'severity', value: 'sev9' })).rejects.toThrow(/no option/);
  });

  it('sends message shortcuts', async () => {
    const ch = sim.createChannel('inc-4', { members: ['UBOT', 'U_ALICE'] });
    const m = sim.seedMessage({ channel: ch.id, user: 'U_ALICE', text: 'this is bad' });
    const a = await sim.messageShortcut({ user: 'U_ALICE', channel: ch.id, messageTs: m.ts, callbackId: 'declare_from_message' });
    expect(bot.last.json).toMatchObject({ type: 'message_action', callback_id: 'declare_from_message', trigger_id: a.triggerId, message_ts: m.ts, message: { text: 'this is bad' } });
  });
});

describe('submitView', () => {
  const opt = (v: string) => ({ text: { type: 'plain_text', text: v.toUpperCase() }, value: v });
  const input = (block_id: string, element: Record<string, unknown>, optional = false) => ({
    type: 'input',
    block_id,
    optional,
    label: { type: 'plain_text', text: block_id },
    element: { action_id: 'v', ...element },
  });
  const declareModal = {
    type: 'modal',
    callback_id: 'declare',
    private_metadata: '{"channel":"C1"}',
    title: { type: 'plain_text', text: 'Declare incident' },
    submit: { type: 'plain_text', text: 'Declare' },
    blocks: [
      input('title', { type: 'plain_text_input', max_length: 20 }),
      input('severity', { type: 'static_select', options: [opt('sev1'), opt('sev2')], initial_option: opt('sev2') }),
      input('impact', { type: 'radio_buttons', options: [opt('low'), opt('high')] }, true),
      input('commander', { type: 'users_select' }, true),
      input('responders', { type: 'multi_users_select' }, true),
      input('flags', { type: 'checkboxes', options: [opt('customer'), opt('security')] }, true),
      input('date', { type: 'datepicker' }, true),
      input('time', { type: 'timepicker' }, true),
      input('started', { type: 'datetimepicker' }, true),
      input('notes', { type: 'plain_text_input', multiline: true, initial_value: 'n/a' }, true),
    ],
  };

  async function openModal(): Promise<string> {
    const ch = sim.createChannel(`c${Math.random().toString(36).slice(2, 8)}`, { members: ['U_ALICE'] });
    const cmd = await sim.sendCommand({ user: 'U_ALICE', channel: ch.id, text: '' });
    const r = await client.views.open({ trigger_id: cmd.triggerId, view: declareModal as never });
    return r.view!.id!;
  }

  it('builds state.values from the opened view, with initial values and Slack empties', async () => {
    const viewId = await openModal();
    bot.reply = () => ({});
    await sim.submitView({
      user: 'U_ALICE',
      values: {
        title: 'DB down',
        impact: 'high',
        commander: 'U_BOB',
        responders: ['U_CAROL', 'U_DAVE'],
        flags: ['security'],
        date: '2026-05-01',
        time: '14:05',
        started: 1700000000,
      },
    });
    const p = bot.last.json;
    expect(p).toMatchObject({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U_ALICE', username: 'alice' },
      api_app_id: 'A1',
      view: { id: viewId, type: 'modal', callback_id: 'declare', private_metadata: '{"channel":"C1"}' },
    });
    expect(p.trigger_id).toBeTruthy();
    expect(p.view.hash).toBe(sim.views.get(viewId)!.hash);
    expect(p.view.state.values).toEqual({
      title: { v: { type: 'plain_text_input', value: 'DB down' } },
      severity: { v: { type: 'static_select', selected_option: opt('sev2') } },
      impact: { v: { type: 'radio_buttons', selected_option: opt('high') } },
      commander: { v: { type: 'users_select', selected_user: 'U_BOB' } },
      responders: { v: { type: 'multi_users_select', selected_users: ['U_CAROL', 'U_DAVE'] } },
      flags: { v: { type: 'checkboxes', selected_options: [opt('security')] } },
      date: { v: { type: 'datepicker', selected_date: '2026-05-01' } },
      time: { v: { type: 'timepicker', selected_time: '14:05' } },
      started: { v: { type: 'datetimepicker', selected_date_time: 1700000000 } },
      notes: { v: { type: 'plain_text_input', value: 'n/a' } },
    });
    // an empty answer closes the modal
    expect(sim.views.get(viewId)!.open).toBe(false);
  });

  it('uses Slack empties for untouched optional inputs', async () => {
    await openModal();
    await sim.submitView({ user: 'U_ALICE', values: { title: 'x', notes: '' } });
    const v = bot.last.json.view.state.values;
    expect(v.impact.v.selected_option).toBeNull();
    expect(v.commander.v.selected_user).toBeNull();
    expect(v.responders.v.selected_users).toEqual([]);
    expect(v.flags.v.selected_options).toEqual([]);
    expect(v.date.v.selected_date).toBeNull();
    expect(v.notes.v.value).toBeNull();
  });

  it('throws on test mistakes and on what Slack would not submit', async () => {
    await openModal();
    await expect(sim.submitView({ user: 'U_ALICE', values: { title: 'x', nope: 'y' } })).rejects.toThrow(/no stateful block 'nope'/);
    await expect(sim.submitView({ user: 'U_ALICE', values: { title: 'x', severity: 'sev9' } })).rejects.toThrow(/no option/);
    await expect(sim.submitView({ user: 'U_ALICE', values: {} })).rejects.toThrow(/required input/);
    await expect(sim.submitView({ user: 'U_ALICE', values: { title: 'x'.repeat(21) } })).rejects.toThrow(/max_length/);
    expect(bot.seen.filter((s) => s.json.type === 'view_submission')).toHaveLength(0);
  });

  it('keeps the view on errors, replaces it on update, pushes, and clears', async () => {
    const viewId = await openModal();
    bot.reply = () => ({ body: { response_action: 'errors', errors: { title: 'Too vague' } } });
    await sim.submitView({ user: 'U_ALICE', values: { title: 'x' } });
    expect(sim.views.get(viewId)!.open).toBe(true);
    expect(sim.problems).toEqual([]);

    bot.reply = () => ({ body: { response_action: 'errors', errors: { bogus: 'x' } } });
    await sim.submitView({ user: 'U_ALICE', values: { title: 'x' } });
    expect(sim.problems[0]).toMatch(/'bogus'/);

    const next = { ...declareModal, title: { type: 'plain_text', text: 'Confirm' } };
    bot.reply = () => ({ body: { response_action: 'update', view: next } });
    await sim.submitView({ user: 'U_ALICE', values: { title: 'x' } });
    expect((sim.views.get(viewId)!.view.title as { text: string }).text).toBe('Confirm');

    bot.reply = () => ({ body: { response_action: 'push', view: next } });
    await sim.submitView({ user: 'U_ALICE', values: { title: 'x' } });
    const pushed = sim.lastView()!;
    expect(pushed.id).not.toBe(viewId);
    expect(pushed.stackPosition).toBe(1);

    bot.reply = () => ({ body: { response_action: 'clear' } });
    await sim.submitView({ user: 'U_ALICE', values: { title: 'x' } });
    expect(sim.views.get(viewId)!.open).toBe(false);
    expect(pushed.open).toBe(false);
  });
});

describe('sendRaw', () => {
  it('sends forged, stale and unsigned requests as given', async () => {
    await sim.sendRaw({ body: '{"type":"event_callback"}', sign: false });
    expect(bot.last.headers['x-slack-signature']).toBeUndefined();
    await sim.sendRaw({ body: 'a=b', contentType: 'application/x-www-form-urlencoded; charset=utf-8', timestamp: 1000 });
    expect(bot.last.headers['x-slack-request-timestamp']).toBe('1000');
    expect(bot.last.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
    await sim.sendRaw({ body: '{}', headers: { 'x-slack-signature': 'v0=forged' } });
    expect(bot.last.headers['x-slack-signature']).toBe('v0=forged');
  });
});

describe('threads', () => {
  it('shows broadcast replies in history', async () => {
    const { channel } = await client.conversations.create({ name: 'broadcast' });
    const id = channel!.id!;
    const root = await client.chat.postMessage({ channel: id, text: 'root' });
    await client.chat.postMessage({ channel: id, text: 'quiet', thread_ts: root.ts! });
    await client.chat.postMessage({ channel: id, text: 'loud', thread_ts: root.ts!, reply_broadcast: true });
    const h = await client.conversations.history({ channel: id });
    expect(h.messages?.map((m) => m.text)).toEqual(['loud', 'root']);
    expect(h.messages?.[1]?.reply_count).toBe(2);
  });
});

describe('Slack’s retries and slow calls', () => {
  it('with eventRetries, resends an unacknowledged event with the retry headers until a 2xx, then stops', async () => {
    const retrying = await startSim({ eventRetries: [10, 10, 10] });
    try {
      retrying.setAppUrl(bot.url);
      retrying.createChannel('retry', { members: ['U_ALICE', 'UBOT'] });
      let n = 0;
      bot.reply = () => (++n <= 2 ? { status: 500 } : {});
      const { answer } = await retrying.userPosts({ user: 'U_ALICE', channel: 'retry', text: 'hello' });
      expect(answer.status).toBe(200);
      expect(bot.seen.map((s) => s.headers['x-slack-retry-num'])).toEqual([undefined, '1', '2']);
      expect(bot.seen[1]!.headers['x-slack-retry-reason']).toBe('http_error');
      expect(new Set(bot.seen.map((s) => s.raw)).size).toBe(1);
      expect(retrying.eventDeliveries.map((d) => [d.attempt, d.status])).toEqual([
        [0, 500],
        [1, 500],
        [2, 200],
      ]);
      // Three retries at most, then Slack gives up on the event.
      bot.seen = [];
      bot.reply = () => ({ status: 503 });
      const gaveUp = await retrying.userPosts({ user: 'U_ALICE', channel: 'retry', text: 'lost' });
      expect(gaveUp.answer.status).toBe(503);
      expect(bot.seen).toHaveLength(4);
    } finally {
      await retrying.stop();
    }
  });

  it('without eventRetries sends once, as before', async () => {
    sim.createChannel('once', { members: ['U_ALICE', 'UBOT'] });
    bot.reply = () => ({ status: 500 });
    const { answer } = await sim.userPosts({ user: 'U_ALICE', channel: 'once', text: 'hello' });
    expect(answer.status).toBe(500);
    expect(bot.seen).toHaveLength(1);
  });

  it('a held call hangs until released, then is answered as usual', async () => {
    let release!: () => void;
    sim.failNext('auth.test', { hold: new Promise<void>((r) => (release = r)) });
    let done = false;
    const call = client.auth.test().then((r) => ((done = true), r));
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    release();
    expect((await call).ok).toBe(true);
  });
});

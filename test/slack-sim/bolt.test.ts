import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SlackSim } from '../../src/slack-sim';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, silentLogger, startSim } from './helpers';

const modal = {
  type: 'modal' as const,
  callback_id: 'declare',
  title: { type: 'plain_text' as const, text: 'Declare incident' },
  submit: { type: 'plain_text' as const, text: 'Declare' },
  blocks: [
    { type: 'input', block_id: 'title', label: { type: 'plain_text' as const, text: 'Title' }, element: { type: 'plain_text_input' as const, action_id: 'v' } },
  ],
};

let sim: SlackSim | undefined;
let app: App | undefined;

afterEach(async () => {
  // The app first: a Socket Mode client whose server vanishes tries to reconnect.
  await app?.stop();
  await sim?.stop();
  app = undefined;
  sim = undefined;
});

function registerHandlers(a: App, seen: string[]): void {
  a.command('/incident', async ({ ack, body, client }) => {
    await ack();
    seen.push(`command:${body.text}`);
    await client.views.open({ trigger_id: body.trigger_id, view: modal });
  });
  a.view('declare', async ({ ack, view }) => {
    const title = view.state.values.title!.v!.value ?? '';
    if (title.length < 3) {
      await ack({ response_action: 'errors', errors: { title: 'Say a bit more' } });
      return;
    }
    seen.push(`declared:${title}`);
    await ack();
  });
  a.message(async ({ message }) => {
    if (message.subtype === undefined) seen.push(`message:${message.text}`);
  });
  a.event('reaction_added', async ({ event }) => {
    seen.push(`reaction:${event.reaction}`);
  });
}

describe('Bolt HTTPReceiver against the sim', () => {
  it('receives a signed command, opens a modal, and takes the submission', async () => {
    sim = await startSim();
    const s = sim;
    const seen: string[] = [];
    app = new App({
      token: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger },
    });
    registerHandlers(app, seen);
    const server = (await app.start(0)) as Server;
    s.setAppUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
    const ch = s.createChannel('incidents', { members: ['U_ALICE', 'UBOT'] });

    const answer = await s.sendCommand({ user: 'U_ALICE', channel: ch.id, text: 'db down' });
    expect(answer.status).toBe(200);
    expect(answer.body).toBeNull();
    await vi.waitFor(() => expect(s.callsTo('views.open')[0]?.ok).toBe(true));
    expect(seen).toEqual(['command:db down']);
    expect(s.lastView()?.view.callback_id).toBe('declare');

    const rejected = await s.submitView({ user: 'U_ALICE', values: { title: 'db' } });
    expect(rejected.body).toEqual({ response_action: 'errors', errors: { title: 'Say a bit more' } });
    expect(s.lastView()?.open).toBe(true);

    const accepted = await s.submitView({ user: 'U_ALICE', values: { title: 'db down' } });
    expect(accepted.status).toBe(200);
    expect(seen).toContain('declared:db down');
    expect(s.lastView()?.open).toBe(false);
    expect(s.problems).toEqual([]);

    const { ts } = await s.userPosts({ user: 'U_ALICE', channel: ch.id, text: 'rollback started' });
    await s.userReacts({ user: 'U_ALICE', channel: ch.id, ts, name: 'eyes' });
    await vi.waitFor(() => expect(seen).toEqual(expect.arrayContaining(['message:rollback started', 'reaction:eyes'])));

    // Bolt refuses what Slack would never send.
    expect((await s.sendRaw({ body: '{"type":"event_callback"}', sign: false })).status).toBe(401);
    expect((await s.sendRaw({ body: '{"type":"event_callback"}', timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
  });
});

describe('Bolt SocketModeReceiver against the sim', () => {
  it('connects through apps.connections.open and receives a command over the socket', async () => {
    sim = await startSim();
    const s = sim;
    const seen: string[] = [];
    app = new App({
      token: BOT_TOKEN,
      appToken: APP_TOKEN,
      socketMode: true,
      logLevel: LogLevel.ERROR,
      // App hands clientOptions to the SocketModeClient too, so apps.connections.open also reaches the sim.
      clientOptions: { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger },
    });
    registerHandlers(app, seen);
    await app.start();
    expect(s.socketConnected).toBe(true);
    expect(s.callsTo('apps.connections.open')).toHaveLength(1);

    const ch = s.createChannel('incidents', { members: ['U_ALICE', 'UBOT'] });
    const answer = await s.sendCommand({ user: 'U_ALICE', channel: ch.id, text: 'over the socket' });
    expect(answer.status).toBe(200);
    await vi.waitFor(() => expect(s.callsTo('views.open')[0]?.ok).toBe(true));
    expect(seen).toEqual(['command:over the socket']);

    const rejected = await s.submitView({ user: 'U_ALICE', values: { title: 'no' } });
    expect(rejected.body).toEqual({ response_action: 'errors', errors: { title: 'Say a bit more' } });
    await s.submitView({ user: 'U_ALICE', values: { title: 'all good' } });
    expect(seen).toContain('declared:all good');

    const { ts } = await s.userPosts({ user: 'U_ALICE', channel: ch.id, text: 'root cause found' });
    await s.userReacts({ user: 'U_ALICE', channel: ch.id, ts, name: 'pushpin' });
    await vi.waitFor(() => expect(seen).toContain('reaction:pushpin'));
    expect(seen).toContain('message:root cause found');

    await app.stop();
    app = undefined;
    await vi.waitFor(() => expect(s.socketConnected).toBe(false));
  });
});

describe('Socket Mode reconnects', () => {
  it('reconnects when the sim sends Slack\'s disconnect message', async () => {
    sim = await startSim();
    const s = sim;
    const seen: string[] = [];
    const receiver = new SocketModeReceiver({
      appToken: APP_TOKEN,
      logLevel: LogLevel.ERROR,
      // A short ping timeout also shortens the client's reconnect delay (it waits one timeout).
      clientPingTimeout: 300,
      installerOptions: { clientOptions: { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 } } },
    });
    app = new App({
      token: BOT_TOKEN,
      receiver,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger },
    });
    registerHandlers(app, seen);
    await app.start();
    s.requestSocketReconnect();
    await vi.waitFor(() => expect(s.callsTo('apps.connections.open')).toHaveLength(2), { timeout: 3000 });
    await vi.waitFor(() => expect(s.socketConnected).toBe(true));
    const ch = s.createChannel('incidents', { members: ['U_ALICE', 'UBOT'] });
    await s.sendCommand({ user: 'U_ALICE', channel: ch.id, text: 'after reconnect' });
    await vi.waitFor(() => expect(s.callsTo('views.open')).toHaveLength(1));
    expect(seen).toContain('command:after reconnect');
  });
});

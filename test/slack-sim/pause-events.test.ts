import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackSim } from '../../src/slack-sim';
import { clientFor, startSim } from './helpers';

let sim: SlackSim;
let bot: Server;
let received: { type: string }[];

beforeEach(async () => {
  sim = await startSim();
  received = [];
  bot = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')).event);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => bot.listen(0, '127.0.0.1', () => r()));
  sim.setAppUrl(`http://127.0.0.1:${(bot.address() as AddressInfo).port}/slack/events`);
});
afterEach(async () => {
  await sim.stop();
  await new Promise((r) => bot.close(r));
});

describe('pauseEvents / resumeEvents', () => {
  it('changes the world without telling the bot, then delivers again', async () => {
    const ch = sim.createChannel('war-room', { members: ['U_ALICE', 'UBOT'] });
    sim.pauseEvents();
    const { ts, answer } = await sim.userPosts({ user: 'U_ALICE', channel: ch.id, text: 'while you were out' });
    expect(answer).toMatchObject({ status: 0, error: 'events_paused' });
    await sim.userPins({ user: 'U_ALICE', channel: ch.id, ts });
    await sim.userReacts({ user: 'U_ALICE', channel: ch.id, ts, name: 'pushpin' });
    expect(received).toHaveLength(0);
    expect(sim.droppedEvents.map((e) => (e.event as { type: string }).type)).toEqual(['message', 'pin_added', 'reaction_added']);

    // The world kept every change: history, pins and reactions show it.
    const client = clientFor(sim);
    const history = await client.conversations.history({ channel: ch.id });
    expect(history.messages?.[0]).toMatchObject({ ts, text: 'while you were out', reactions: [{ name: 'pushpin', users: ['U_ALICE'] }] });
    const pins = await client.pins.list({ channel: ch.id });
    expect((pins.items as { message: { ts: string } }[]).map((i) => i.message.ts)).toEqual([ts]);

    sim.resumeEvents();
    const later = await sim.userPosts({ user: 'U_ALICE', channel: ch.id, text: 'back' });
    expect(later.answer.status).toBe(200);
    expect(received.map((e) => e.type)).toEqual(['message']);
  });
});

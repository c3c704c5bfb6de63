import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type WebClient, WebClientEvent } from '@slack/web-api';
import type { SlackSim } from '../../src/slack-sim';
import { BOT_TOKEN, clientFor, slackError, startSim } from './helpers';

let sim: SlackSim;
let client: WebClient;

beforeEach(async () => {
  sim = await startSim();
  client = clientFor(sim);
});
afterEach(async () => {
  await sim.stop();
});

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('auth', () => {
  it('answers auth.test for the bot token', async () => {
    const r = await client.auth.test();
    expect(r).toMatchObject({ ok: true, team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT', team: 'Acme', user: 'incident-bot', url: 'https://acme.slack.com/' });
  });

  it('rejects other tokens with invalid_auth and unknown methods with unknown_method', async () => {
    expect((await slackError(client.apiCall('auth.test', { token: 'xoxb-wrong' }))).error).toBe('invalid_auth');
    expect((await slackError(client.apiCall('chat.postMessage', { token: 'xapp-1-test-app-token', channel: 'C1', text: 'x' }))).error).toBe(
      'not_allowed_token_type',
    );
    expect((await slackError(client.apiCall('chat.frobnicate'))).error).toBe('unknown_method');
  });

  it('records every call with decoded JSON arguments', async () => {
    const ch = sim.createChannel('general', { members: ['UBOT', 'U_ALICE'] });
    await client.chat.postMessage({ channel: ch.id, text: 'hi', blocks: [section('hello')] });
    const [call] = sim.callsTo('chat.postMessage');
    expect(call!.ok).toBe(true);
    expect(call!.args.blocks).toEqual([section('hello')]);
    expect(call!.args.token).toBeUndefined();
    sim.reset();
    expect(sim.calls).toHaveLength(0);
  });
});

describe('conversations.create', () => {
  it('enforces channel-name rules', async () => {
    expect((await slackError(client.conversations.create({ name: '' }))).error).toBe('invalid_name_required');
    expect((await slackError(client.conversations.create({ name: 'a'.repeat(81) }))).error).toBe('invalid_name_maxlength');
    expect((await slackError(client.conversations.create({ name: 'Inc-Upper' }))).error).toBe('invalid_name_specials');
    expect((await slackError(client.conversations.create({ name: 'inc 42' }))).error).toBe('invalid_name_specials');
    expect((await slackError(client.conversations.create({ name: 'inc.42' }))).error).toBe('invalid_name_specials');
    expect((await slackError(client.conversations.create({ name: '---' }))).error).toBe('invalid_name_punctuation');
    const ok = await client.conversations.create({ name: 'a'.repeat(80) });
    expect(ok.channel?.name).toHaveLength(80);
  });

  it('creates a channel with the bot as creator and member', async () => {
    const r = await client.conversations.create({ name: 'inc-42-db-down', is_private: true });
    expect(r.channel).toMatchObject({ name: 'inc-42-db-down', is_private: true, creator: 'UBOT' });
    expect(r.channel!.id).toMatch(/^C/);
    const ch = sim.channels.get(r.channel!.id!)!;
    expect([...ch.members]).toEqual(['UBOT']);
    expect(sim.channelByName('inc-42-db-down')).toBe(ch);
  });

  it('answers name_taken, including for archived channels', async () => {
    sim.createChannel('incidents', { members: ['U_ALICE'] });
    expect((await slackError(client.conversations.create({ name: 'incidents' }))).error).toBe('name_taken');
    const r = await client.conversations.create({ name: 'inc-1' });
    await client.conversations.archive({ channel: r.channel!.id! });
    expect((await slackError(client.conversations.create({ name: 'inc-1' }))).error).toBe('name_taken');
    expect((await slackError(client.conversations.archive({ channel: r.channel!.id! }))).error).toBe('already_archived');
  });
});

describe('conversations.invite', () => {
  it('fails the whole call on an unknown or deactivated user and invites nobody', async () => {
    sim.addUser({ id: 'U_GONE', name: 'gone', deleted: true });
    const { channel } = await client.conversations.create({ name: 'inc-2' });
    const id = channel!.id!;
    const unknown = await slackError(client.conversations.invite({ channel: id, users: 'U_ALICE,U_NOPE' }));
    expect(unknown.error).toBe('user_not_found');
    expect(unknown.data.errors).toEqual([{ user: 'U_NOPE', ok: false, error: 'user_not_found' }]);
    const gone = await slackError(client.conversations.invite({ channel: id, users: 'U_GONE' }));
    expect(gone.error).toBe('user_not_found');
    expect([...sim.channels.get(id)!.members]).toEqual(['UBOT']);
  });

  it('invites the valid users when force is set', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-3' });
    const r = await client.conversations.invite({ channel: channel!.id!, users: 'U_ALICE,U_NOPE', force: true });
    expect(r.ok).toBe(true);
    expect(sim.channels.get(channel!.id!)!.members.has('U_ALICE')).toBe(true);
  });

  it('answers already_in_channel only when every user is already a member', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-4' });
    const id = channel!.id!;
    await client.conversations.invite({ channel: id, users: 'U_ALICE' });
    await client.conversations.invite({ channel: id, users: 'U_ALICE,U_BOB' });
    expect(sim.channels.get(id)!.members).toEqual(new Set(['UBOT', 'U_ALICE', 'U_BOB']));
    expect((await slackError(client.conversations.invite({ channel: id, users: 'U_ALICE,U_BOB' }))).error).toBe('already_in_channel');
  });

  it('answers not_in_channel, cant_invite_self, too_many_users and is_archived', async () => {
    const foreign = sim.createChannel('ops', { members: ['U_ALICE'] });
    expect((await slackError(client.conversations.invite({ channel: foreign.id, users: 'U_BOB' }))).error).toBe('not_in_channel');
    const { channel } = await client.conversations.create({ name: 'inc-5' });
    const id = channel!.id!;
    expect((await slackError(client.conversations.invite({ channel: id, users: 'UBOT' }))).error).toBe('cant_invite_self');
    const many = Array.from({ length: 101 }, (_, i) => `U${i}`).join(',');
    expect((await slackError(client.conversations.invite({ channel: id, users: many }))).error).toBe('too_many_users');
    await client.conversations.archive({ channel: id });
    expect((await slackError(client.conversations.invite({ channel: id, users: 'U_BOB' }))).error).toBe('is_archived');
  });

  it('hides private channels the bot is not in', async () => {
    const secret = sim.createChannel('secret', { isPrivate: true, members: ['U_ALICE'] });
    expect((await slackError(client.conversations.history({ channel: secret.id }))).error).toBe('channel_not_found');
  });
});

describe('topic and purpose', () => {
  it('limits topic and purpose to 250 characters', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-6' });
    const id = channel!.id!;
    expect((await slackError(client.conversations.setTopic({ channel: id, topic: 'x'.repeat(251) }))).error).toBe('too_long');
    await client.conversations.setTopic({ channel: id, topic: 'SEV1 | IC: alice' });
    await client.conversations.setPurpose({ channel: id, purpose: 'Database down' });
    expect(sim.channels.get(id)).toMatchObject({ topic: 'SEV1 | IC: alice', purpose: 'Database down' });
    const foreign = sim.createChannel('ops', { members: ['U_ALICE'] });
    expect((await slackError(client.conversations.setTopic({ channel: foreign.id, topic: 't' }))).error).toBe('not_in_channel');
  });
});

describe('chat', () => {
  it('posts, threads, updates and links messages', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-8' });
    const id = channel!.id!;
    const first = await client.chat.postMessage({ channel: id, text: 'declared' });
    const second = await client.chat.postMessage({ channel: id, text: 'update', thread_ts: first.ts! });
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(first.message).toMatchObject({ user: 'UBOT', bot_id: 'BBOT', text: 'declared' });
    const msgs = sim.messages(id);
    expect(msgs.map((m) => m.text)).toEqual(['declared', 'update']);
    expect(msgs[1]!.threadTs).toBe(first.ts);
    await client.chat.update({ channel: id, ts: first.ts!, text: 'declared (edited)' });
    expect(sim.messages(id)[0]!.text).toBe('declared (edited)');
    expect((await slackError(client.chat.update({ channel: id, ts: '1.000001', text: 'x' }))).error).toBe('message_not_found');
    const link = await client.chat.getPermalink({ channel: id, message_ts: first.ts! });
    expect(link.permalink).toBe(`https://acme.slack.com/archives/${id}/p${first.ts!.replace('.', '')}`);
    const replies = await client.conversations.replies({ channel: id, ts: first.ts! });
    expect(replies.messages?.map((m) => m.text)).toEqual(['declared (edited)', 'update']);
  });

  it('refuses to post where the bot is not a member, archived or unknown channels, and empty messages', async () => {
    const foreign = sim.createChannel('ops', { members: ['U_ALICE'] });
    expect((await slackError(client.chat.postMessage({ channel: foreign.id, text: 'x' }))).error).toBe('not_in_channel');
    expect((await slackError(client.chat.postMessage({ channel: 'C999', text: 'x' }))).error).toBe('channel_not_found');
    const { channel } = await client.conversations.create({ name: 'inc-9' });
    expect((await slackError(client.chat.postMessage({ channel: channel!.id!, text: '' }))).error).toBe('no_text');
    await client.conversations.archive({ channel: channel!.id! });
    expect((await slackError(client.chat.postMessage({ channel: channel!.id!, text: 'x' }))).error).toBe('is_archived');
  });

  it('does not let the bot edit a user message', async () => {
    const ch = sim.createChannel('ops', { members: ['U_ALICE', 'UBOT'] });
    const m = sim.seedMessage({ channel: ch.id, user: 'U_ALICE', text: 'hello' });
    expect((await slackError(client.chat.update({ channel: ch.id, ts: m.ts, text: 'x' }))).error).toBe('cant_update_message');
  });

  it('posts ephemerals only to channel members', async () => {
    const ch = sim.createChannel('ops', { members: ['U_ALICE', 'UBOT'] });
    await client.chat.postEphemeral({ channel: ch.id, user: 'U_ALICE', text: 'only you' });
    expect(sim.ephemerals).toMatchObject([{ channel: ch.id, user: 'U_ALICE', text: 'only you' }]);
    expect((await slackError(client.chat.postEphemeral({ channel: ch.id, user: 'U_BOB', text: 'x' }))).error).toBe('user_not_in_channel');
  });

  it('pins and reacts with Slack errors for repeats', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-10' });
    const id = channel!.id!;
    const { ts } = await client.chat.postMessage({ channel: id, text: 'summary' });
    await client.pins.add({ channel: id, timestamp: ts! });
    expect((await slackError(client.pins.add({ channel: id, timestamp: ts! }))).error).toBe('already_pinned');
    expect((await client.pins.list({ channel: id })).items).toHaveLength(1);
    expect((await slackError(client.pins.add({ channel: id, timestamp: '1.000001' }))).error).toBe('message_not_found');
    await client.reactions.add({ channel: id, timestamp: ts!, name: 'eyes' });
    expect((await slackError(client.reactions.add({ channel: id, timestamp: ts!, name: 'eyes' }))).error).toBe('already_reacted');
    expect(sim.messages(id)[0]!.reactions.get('eyes')).toEqual(new Set(['UBOT']));
    await client.reactions.remove({ channel: id, timestamp: ts!, name: 'eyes' });
    expect((await slackError(client.reactions.remove({ channel: id, timestamp: ts!, name: 'eyes' }))).error).toBe('no_reaction');
  });

  it('DMs a user id through the app’s Messages tab, which the manifest enables', async () => {
    expect(sim.manifest.messagesTabEnabled).toBe(true);
    const r = await client.chat.postMessage({ channel: 'U_ALICE', text: 'you are IC' });
    expect(r.channel).toMatch(/^D/);
    expect(sim.messages(r.channel!)[0]!.text).toBe('you are IC');
  });

  it('answers messages_tab_disabled to a DM when the manifest does not enable the Messages tab', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-manifest-'));
    const path = join(dir, 'manifest.yml');
    writeFileSync(path, readFileSync('manifest.yml', 'utf8').replace(/messages_tab_enabled: true/, 'messages_tab_enabled: false'));
    const strict = await startSim({ manifestPath: path });
    try {
      const c = clientFor(strict);
      expect((await slackError(c.chat.postMessage({ channel: 'U_ALICE', text: 'you are IC' }))).error).toBe('messages_tab_disabled');
      const ch = await c.conversations.create({ name: 'inc-dm' });
      expect((await c.chat.postMessage({ channel: ch.channel!.id!, text: 'channels still work' })).ok).toBe(true);
    } finally {
      await strict.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the Home tab', () => {
  const home = (n: number) => ({ type: 'home', blocks: Array.from({ length: n }, (_, i) => section(`line ${i}`)) });

  it('views.publish replaces a person’s tab; a stale hash is refused; over 100 blocks is invalid', async () => {
    const first = await client.views.publish({ user_id: 'U_ALICE', view: home(2) as never });
    expect(first.view).toMatchObject({ type: 'home' });
    const again = await client.views.publish({ user_id: 'U_ALICE', view: home(3) as never });
    expect(again.view!.id).toBe(first.view!.id);
    expect((sim.homeView('U_ALICE')!.view.blocks as unknown[]).length).toBe(3);
    expect((await slackError(client.views.publish({ user_id: 'U_ALICE', hash: first.view!.hash, view: home(1) as never }))).error).toBe('hash_conflict');
    expect((await slackError(client.views.publish({ user_id: 'U_ALICE', view: home(101) as never }))).error).toBe('invalid_arguments');
    expect((await slackError(client.views.publish({ user_id: 'U_NOBODY', view: home(1) as never }))).error).toBe('user_not_found');
    expect((await slackError(client.views.publish({ user_id: 'U_ALICE', view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } as never }))).error).toBe('invalid_arguments');
  });

  it('answers not_enabled when the manifest does not enable the Home tab', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-manifest-'));
    const path = join(dir, 'manifest.yml');
    writeFileSync(path, readFileSync('manifest.yml', 'utf8').replace(/home_tab_enabled: true/, 'home_tab_enabled: false'));
    const strict = await startSim({ manifestPath: path });
    try {
      expect((await slackError(clientFor(strict).views.publish({ user_id: 'U_ALICE', view: home(1) as never }))).error).toBe('not_enabled');
    } finally {
      await strict.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Block Kit validation', () => {
  let channel: string;
  beforeEach(async () => {
    channel = (await client.conversations.create({ name: 'blocks' })).channel!.id!;
  });

  it('rejects section text over 3000 characters with the json pointer', async () => {
    const e = await slackError(client.chat.postMessage({ channel, text: 'x', blocks: [section('a'.repeat(3001))] }));
    expect(e.error).toBe('invalid_blocks');
    expect(e.data.errors).toEqual(['must be less than 3001 characters [json-pointer:/blocks/0/text/text]']);
    await client.chat.postMessage({ channel, text: 'x', blocks: [section('a'.repeat(3000))] });
  });

  it('rejects more than 50 blocks, 10 fields, long headers, long buttons and duplicate block ids', async () => {
    const cases: unknown[][] = [
      Array.from({ length: 51 }, () => ({ type: 'divider' })),
      [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }],
      [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
      [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'b'.repeat(76) }, action_id: 'a' }] }],
      [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => ({ type: 'button', text: { type: 'plain_text', text: 'b' }, action_id: `a${i}` })) }],
      [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }],
      [{ ...section('a'), block_id: 'x' }, { ...section('b'), block_id: 'x' }],
      [{ type: 'section', text: { type: 'mrkdwn', text: 'x' }, accessory: { type: 'static_select', action_id: 's', options: [{ text: { type: 'plain_text', text: 'o' }, value: 'v'.repeat(76) }] } }],
      [{ type: 'header', text: { type: 'mrkdwn', text: 'not plain' } }],
      [{ type: 'bogus' }],
    ];
    for (const blocks of cases) {
      const e = await slackError(client.chat.postMessage({ channel, text: 'x', blocks: blocks as never }));
      expect(e.error, JSON.stringify(blocks).slice(0, 80)).toBe('invalid_blocks');
      expect(e.data.errors[0]).toMatch(/\[json-pointer:\/blocks/);
    }
  });

  it('answers msg_blocks_too_long when markdown blocks together exceed 12000 characters', async () => {
    const md = (n: number) => ({ type: 'markdown', text: 'm'.repeat(n) });
    expect((await slackError(client.chat.postMessage({ channel, text: 'x', blocks: [md(7000), md(7000)] as never }))).error).toBe('msg_blocks_too_long');
  });

  it('validates chat.update blocks too', async () => {
    const { ts } = await client.chat.postMessage({ channel, text: 'x' });
    expect((await slackError(client.chat.update({ channel, ts: ts!, blocks: [section('')] }))).error).toBe('invalid_blocks');
  });
});

describe('history pagination', () => {
  it('pages newest first with cursors and honours oldest/latest/inclusive', async () => {
    const { channel } = await client.conversations.create({ name: 'busy' });
    const id = channel!.id!;
    const ts: string[] = [];
    for (let i = 0; i < 25; i++) ts.push((await client.chat.postMessage({ channel: id, text: `m${i}` })).ts!);
    await client.chat.postMessage({ channel: id, text: 'reply', thread_ts: ts[0]! });

    const page1 = await client.conversations.history({ channel: id, limit: 10 });
    expect(page1.messages?.map((m) => m.text)).toEqual(Array.from({ length: 10 }, (_, i) => `m${24 - i}`));
    expect(page1.has_more).toBe(true);
    const page2 = await client.conversations.history({ channel: id, limit: 10, cursor: page1.response_metadata!.next_cursor! });
    expect(page2.messages?.[0]?.text).toBe('m14');
    const page3 = await client.conversations.history({ channel: id, limit: 10, cursor: page2.response_metadata!.next_cursor! });
    expect(page3.messages).toHaveLength(5);
    expect(page3.has_more).toBe(false);
    expect(page3.response_metadata?.next_cursor).toBe('');
    expect(page3.messages?.at(-1)).toMatchObject({ text: 'm0', reply_count: 1 });

    const all: string[] = [];
    for await (const page of client.paginate('conversations.history', { channel: id, limit: 7 })) {
      all.push(...((page as unknown as { messages: { text: string }[] }).messages.map((m) => m.text)));
    }
    expect(all).toHaveLength(25);

    const window = await client.conversations.history({ channel: id, oldest: ts[3]!, latest: ts[6]! });
    expect(window.messages?.map((m) => m.text)).toEqual(['m5', 'm4']);
    const inclusive = await client.conversations.history({ channel: id, oldest: ts[3]!, latest: ts[6]!, inclusive: true });
    expect(inclusive.messages?.map((m) => m.text)).toEqual(['m6', 'm5', 'm4', 'm3']);
    const foreign = sim.createChannel('ops', { members: ['U_ALICE'] });
    expect((await slackError(client.conversations.history({ channel: foreign.id }))).error).toBe('not_in_channel');
  });

  it('paginates conversations.list; channel objects name their creator', async () => {
    for (let i = 0; i < 5; i++) sim.createChannel(`c${i}`, { members: ['U_ALICE'] });
    const first = await client.conversations.list({ limit: 2 });
    expect(first.channels).toHaveLength(2);
    expect(first.response_metadata?.next_cursor).not.toBe('');
    let n = 0;
    for await (const page of client.paginate('conversations.list', { limit: 2 })) n += (page as unknown as { channels: unknown[] }).channels.length;
    expect(n).toBe(5);
    const own = await client.conversations.create({ name: 'inc-own' });
    expect(own.channel?.creator).toBe('UBOT');
    const listed = (await client.conversations.list({ limit: 999 })).channels ?? [];
    expect(listed.find((c) => c.name === 'c0')?.creator).toBe('U_ALICE');
    expect(listed.find((c) => c.name === 'inc-own')?.creator).toBe('UBOT');
  });
});

describe('users', () => {
  it('looks users up by id, telling people from bot users', async () => {
    expect((await client.users.info({ user: 'U_ALICE' })).user).toMatchObject({ id: 'U_ALICE', name: 'alice', deleted: false, is_bot: false });
    expect((await client.users.info({ user: 'UBOT' })).user).toMatchObject({ id: 'UBOT', is_bot: true, profile: { bot_id: 'BBOT' } });
    expect((await client.users.info({ user: 'U_DEPLOYBOT' })).user).toMatchObject({ is_bot: true, profile: { bot_id: 'B_DEPLOY' } });
    expect((await slackError(client.users.info({ user: 'U_NOPE' }))).error).toBe('user_not_found');
  });
});

describe('modals', () => {
  const modal = (title = 'Declare incident') => ({
    type: 'modal' as const,
    callback_id: 'declare',
    title: { type: 'plain_text' as const, text: title },
    submit: { type: 'plain_text' as const, text: 'Declare' },
    blocks: [{ type: 'input', block_id: 'title', label: { type: 'plain_text', text: 'Title' }, element: { type: 'plain_text_input', action_id: 'v' } }],
  });

  it('only accepts trigger ids it issued, once', async () => {
    const trigger = sim.issueTriggerId('U_ALICE');
    expect((await slackError(client.views.open({ trigger_id: 'made.up', view: modal() }))).error).toBe('invalid_trigger_id');
    const r = await client.views.open({ trigger_id: trigger, view: modal() });
    expect(r.view?.id).toMatch(/^V/);
    expect(sim.lastView()?.user).toBe('U_ALICE');
    expect((await slackError(client.views.open({ trigger_id: trigger, view: modal() }))).error).toBe('exchanged_trigger_id');
  });

  it('expires trigger ids after triggerTtlMs', async () => {
    const fast = await startSim({ triggerTtlMs: 30 });
    try {
      const trigger = fast.issueTriggerId('U_ALICE');
      await new Promise((r) => setTimeout(r, 60));
      expect((await slackError(clientFor(fast).views.open({ trigger_id: trigger, view: modal() }))).error).toBe('expired_trigger_id');
    } finally {
      await fast.stop();
    }
  });

  it('rejects a modal title over 24 characters and a modal with inputs but no submit', async () => {
    const e = await slackError(client.views.open({ trigger_id: sim.issueTriggerId('U_ALICE'), view: modal('x'.repeat(25)) }));
    expect(e.error).toBe('invalid_arguments');
    expect(e.data.response_metadata.messages).toEqual(['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]']);
    const noSubmit = { ...modal(), submit: undefined };
    expect((await slackError(client.views.open({ trigger_id: sim.issueTriggerId('U_ALICE'), view: noSubmit }))).error).toBe('invalid_arguments');
    const huge = { ...modal(), private_metadata: 'p'.repeat(3001) };
    expect((await slackError(client.views.open({ trigger_id: sim.issueTriggerId('U_ALICE'), view: huge }))).error).toBe('invalid_arguments');
  });

  it('answers view_too_large over 250 kB', async () => {
    const big = { ...modal(), blocks: Array.from({ length: 90 }, () => section('z'.repeat(2900))) };
    expect((await slackError(client.views.open({ trigger_id: sim.issueTriggerId('U_ALICE'), view: big as never }))).error).toBe('view_too_large');
  });

  it('serves only the methods the bot calls', async () => {
    for (const method of ['views.update', 'views.push', 'bookmarks.add', 'users.lookupByEmail']) {
      expect((await slackError(client.apiCall(method, {}))).error).toBe('unknown_method');
    }
  });
});

describe('failure injection', () => {
  it('answers 429 with Retry-After and the client retries after it', async () => {
    const retrying = clientFor(sim, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    sim.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const { channel } = await retrying.conversations.create({ name: 'rl' });
    const seen: number[] = [];
    retrying.on(WebClientEvent.RATE_LIMITED, (secs: number) => seen.push(secs));
    const t0 = Date.now();
    const r = await retrying.chat.postMessage({ channel: channel!.id!, text: 'after the storm' });
    expect(r.ok).toBe(true);
    expect(seen).toEqual([1]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(sim.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
  });

  it('surfaces 429 at once with rejectRateLimitedCalls', async () => {
    const strict = clientFor(sim, { rejectRateLimitedCalls: true });
    sim.failNext('auth.test', { status: 429, retryAfter: 7 });
    await expect(strict.auth.test()).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 });
  });

  it('enforces rate-limit tiers when asked: calls over a method\'s share of the minute answer 429 with Retry-After', async () => {
    const limited = await startSim({ rateLimits: { perMinute: { 'conversations.history': 2 }, minuteMs: 300 } });
    try {
      const strict = clientFor(limited, { rejectRateLimitedCalls: true });
      const { channel } = await strict.conversations.create({ name: 'tiers' });
      await strict.conversations.history({ channel: channel!.id! });
      await strict.conversations.history({ channel: channel!.id! });
      await expect(strict.conversations.history({ channel: channel!.id! })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 1 });
      // Other methods have their own share (none here), and the minute slides.
      await strict.chat.postMessage({ channel: channel!.id!, text: 'not limited' });
      await new Promise((r) => setTimeout(r, 320));
      expect((await strict.conversations.history({ channel: channel!.id! })).ok).toBe(true);
      expect(limited.callsTo('conversations.history').map((c) => c.status)).toEqual([200, 200, 429, 200]);
    } finally {
      await limited.stop();
    }
  });

  it('injects 5xx, platform errors, network errors, counts and predicates', async () => {
    sim.failNext('auth.test', { status: 503 });
    await expect(client.auth.test()).rejects.toMatchObject({ code: 'slack_webapi_http_error', statusCode: 503 });
    sim.failNext('auth.test', { error: 'fatal_error', times: 2 });
    expect((await slackError(client.auth.test())).error).toBe('fatal_error');
    expect((await slackError(client.auth.test())).error).toBe('fatal_error');
    expect((await client.auth.test()).ok).toBe(true);
    sim.failNext('users.info', { error: 'user_not_found', when: (a) => a.user === 'U_BOB' });
    expect((await client.users.info({ user: 'U_ALICE' })).ok).toBe(true);
    expect((await slackError(client.users.info({ user: 'U_BOB' }))).error).toBe('user_not_found');
    sim.failNext('auth.test', { networkError: true });
    await expect(client.auth.test()).rejects.toMatchObject({ code: 'slack_webapi_request_error' });
    expect((await client.auth.test()).ok).toBe(true);
  });
});

describe('files.uploadV2', () => {
  it('stores the uploaded content and posts it with the initial comment', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-files' });
    const id = channel!.id!;
    const r = await client.files.uploadV2({
      channel_id: id,
      filename: 'postmortem.md',
      title: 'Post-mortem',
      content: '# Post-mortem\n\nRoot cause: 🔥',
      initial_comment: 'Draft post-mortem',
    });
    expect(r.ok).toBe(true);
    expect(sim.files).toHaveLength(1);
    expect(sim.files[0]).toMatchObject({ name: 'postmortem.md', title: 'Post-mortem', content: '# Post-mortem\n\nRoot cause: 🔥', channels: [id], initialComment: 'Draft post-mortem' });
    const [msg] = sim.messages(id);
    expect(msg).toMatchObject({ text: 'Draft post-mortem', user: 'UBOT' });
    expect(msg!.files?.[0]?.id).toBe(sim.files[0]!.id);
    const download = await fetch(sim.files[0]!.url, { headers: { authorization: `Bearer ${BOT_TOKEN}` } });
    expect(await download.text()).toBe('# Post-mortem\n\nRoot cause: 🔥');
  });

  it('refuses to share into a channel the bot is not in', async () => {
    const foreign = sim.createChannel('ops', { members: ['U_ALICE'] });
    await expect(client.files.uploadV2({ channel_id: foreign.id, filename: 'a.txt', content: 'x' })).rejects.toMatchObject({
      data: { error: 'not_in_channel' },
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewInbound, NewRawMessage } from '../../src/db/repositories';
import { testDatabase, type TestDatabase } from '../support/db';

/**
 * The inbox's two bulk inserts (a burst of events, a run of messages), which on Postgres send each
 * column as one array: every value comes back as it went in, conflicts are skipped and counted
 * out, whatever the batch's size or shape.
 */
let env: TestDatabase;
let incidentId: number;
const at = new Date('2026-12-03T10:00:00.123Z');

beforeAll(async () => {
  env = await testDatabase();
  incidentId = await env.database.transaction(async (tx) => {
    const { id } = await tx.incidents.insert({ title: 'Bulk', severity: 'sev3', declaredBy: 'U_ALICE', channelId: 'C_BULK', channelName: 'inc-bulk', cardTs: null, declaredAt: at, updatedAt: at });
    return id;
  });
});
afterAll(async () => env.cleanup());

const event = (key: string, payload: Record<string, unknown>, channelId: string | null = 'C_BULK'): NewInbound => ({ dedupeKey: key, type: 'message', channelId, payload, receivedAt: at });

describe('storing a burst of events', () => {
  it('stores each new key once, skips keys seen before or twice in the burst, and reads every value back', async () => {
    const { inbound } = env.database.repos;
    expect(await inbound.store([event('Ev-seen', { n: 0 })])).toBe(1);
    const payload = { event: { type: 'message', text: 'quotes " and \\ backslashes, {braces}, commas, ünïcødé 🚨', nested: [1, null, { deep: true }] }, event_time: 1_764_756_000 };
    const stored = await inbound.store([
      event('Ev-a', payload),
      event('Ev-seen', { n: 1 }),
      event('Ev-b', { n: 2 }, null),
      event('Ev-a', { n: 3 }),
    ]);
    expect(stored).toBe(2);
    const rows = await inbound.take(10);
    expect(rows.map((r) => [r.dedupeKey, r.state, r.channelId])).toEqual([
      ['Ev-seen', 'pending', 'C_BULK'],
      ['Ev-a', 'pending', 'C_BULK'],
      ['Ev-b', 'pending', null],
    ]);
    // The first of the burst's two Ev-a, exactly as sent; the time to the millisecond.
    expect(rows[1]!.payload).toEqual(payload);
    expect(rows[0]!.payload).toEqual({ n: 0 });
    expect(rows.every((r) => r.receivedAt.getTime() === at.getTime() && r.processedAt === null)).toBe(true);
  });

  it('stores a burst of thousands in one call', async () => {
    const burst = Array.from({ length: 2500 }, (_, i) => event(`Ev-burst-${i}`, { i }));
    expect(await env.database.repos.inbound.store(burst)).toBe(2500);
    expect(await env.database.repos.inbound.store(burst.slice(0, 10))).toBe(0);
    const [row] = await env.query<{ n: number }>(`select count(*) as n from inbound_events where dedupe_key like 'Ev-burst-%'`);
    expect(Number(row!.n)).toBe(2500);
  });

  it("keeps a NUL out of Postgres's jsonb (which refuses it) and the rest of the text in", async () => {
    expect(await env.database.repos.inbound.store([event('Ev-nul', { text: 'before\u0000after' })])).toBe(1);
    const [row] = await env.database.repos.inbound.take(1, (await env.query<{ id: number }>(`select id from inbound_events where dedupe_key = 'Ev-nul'`)).map((r) => r.id));
    expect((row!.payload as { text: string }).text).toBe(env.dialect === 'postgres' ? 'beforeafter' : 'before\u0000after');
  });
});

describe('recording a run of messages', () => {
  const message = (ts: string, extra: Partial<NewRawMessage> = {}): NewRawMessage => ({
    incidentId,
    channelId: 'C_BULK',
    ts,
    threadTs: null,
    userId: 'U_ALICE',
    text: `message ${ts}`,
    files: null,
    postedAt: at,
    ...extra,
  });

  it('says which were new: not one recorded before, nor the second of a message twice in the run', async () => {
    const { capture } = env.database.repos;
    expect(await capture.insertRaws([message('100.000001')])).toEqual([true]);
    const files = [{ name: 'trace, "quoted" {1}.log', url: 'https://x.slack.com/files/F1' }, { name: 'no link', url: null }];
    const outcome = await capture.insertRaws([
      message('100.000002', { threadTs: '100.000001', files }),
      message('100.000001'),
      message('100.000003', { userId: null, text: '' }),
      message('100.000002'),
    ]);
    expect(outcome).toEqual([true, false, true, false]);
    const rows = await capture.rawForIncident(incidentId);
    const byTs = new Map(rows.map((r) => [r.ts, r]));
    expect([...byTs.keys()].sort()).toEqual(['100.000001', '100.000002', '100.000003']);
    expect(byTs.get('100.000002')).toMatchObject({ threadTs: '100.000001', files, userId: 'U_ALICE', editedAt: null, deletedAt: null });
    expect(byTs.get('100.000003')).toMatchObject({ userId: null, text: '', files: null });
    expect(rows.every((r) => r.postedAt.getTime() === at.getTime())).toBe(true);
  });

  it('takes rows that give different columns (an edit time on some only) the same way', async () => {
    const edited = new Date('2026-12-03T11:00:00.456Z');
    const outcome = await env.database.repos.capture.insertRaws([message('200.000001', { editedAt: edited }), message('200.000002'), message('100.000001', { editedAt: edited })]);
    expect(outcome).toEqual([true, true, false]);
    expect((await env.database.repos.capture.raw('C_BULK', '200.000001'))!.editedAt?.getTime()).toBe(edited.getTime());
    expect((await env.database.repos.capture.raw('C_BULK', '200.000002'))!.editedAt).toBeNull();
  });
});

describe('claiming commands and interactions (the replay record)', () => {
  it('claims a batch of keys in one call: new keys once, keys seen before or twice in the batch not again', async () => {
    const { requests } = env.database.repos;
    expect([...(await requests.claim(['command:t-seen'], at))]).toEqual(['command:t-seen']);
    const claimed = await requests.claim(['command:t-1', 'command:t-seen', 'view:V1:h:abc', 'command:t-1'], at);
    expect([...claimed].sort()).toEqual(['command:t-1', 'view:V1:h:abc']);
    expect((await requests.claim(['command:t-1', 'view:V1:h:abc'], at)).size).toBe(0);
    // An answer is kept for the replay; a forgotten key can be claimed again.
    await requests.saveAnswer('command:t-1', { text: 'Declaring INC-1' });
    expect(await requests.answer('command:t-1')).toEqual({ text: 'Declaring INC-1' });
    expect(await requests.answer('view:V1:h:abc')).toBeNull();
    await requests.forget('view:V1:h:abc');
    expect([...(await requests.claim(['view:V1:h:abc'], at))]).toEqual(['view:V1:h:abc']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStatsCli } from '../../src/cli/stats';
import type { NewIncident } from '../../src/db/repositories/types';
import { startHarness, waitFor, type Harness } from '../support/harness';

const ALICE = 'U_ALICE';
const BOB = 'U_BOB';
const DAVE = 'U_DAVE';
const H = 3_600_000;
const M = 60_000;
const D = 24 * H;
let h: Harness;
const now = Date.now();
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** One incident with its timestamps relative to its declaration. */
function incident(p: { title: string; severity: 'sev1' | 'sev2' | 'sev3' | 'sev4'; category: NewIncident['category']; ago: number; impact?: number; detect?: number; ack?: number; contain?: number; resolve?: number; isPrivate?: boolean; by?: string }): NewIncident {
  const declared = now - p.ago;
  const at = (offset?: number) => (offset === undefined ? null : new Date(declared + offset));
  return {
    title: p.title,
    severity: p.severity,
    category: p.category,
    status: p.resolve === undefined ? 'investigating' : 'resolved',
    declaredBy: p.by ?? ALICE,
    declaredAt: new Date(declared),
    updatedAt: new Date(declared),
    impactStartedAt: at(p.impact),
    detectedAt: at(p.detect),
    acknowledgedAt: at(p.ack),
    containedAt: at(p.contain),
    resolvedAt: at(p.resolve),
    isPrivate: p.isPrivate ?? false,
  };
}

beforeAll(async () => {
  h = await startHarness();
  const r = h.repos;
  await r.incidents.insert(incident({ title: 'Ranker bias A', severity: 'sev1', category: 'bias', ago: 10 * D, impact: -4 * H, detect: -1 * H, ack: 10 * M, contain: 60 * M, resolve: 4 * H }));
  await r.incidents.insert(incident({ title: 'Ranker bias B', severity: 'sev1', category: 'bias', ago: 5 * D, impact: -2 * H, detect: -30 * M, ack: 20 * M, contain: 30 * M, resolve: 2 * H }));
  await r.incidents.insert(incident({ title: 'Churn drift', severity: 'sev3', category: 'drift', ago: 3 * D, detect: -10 * M, ack: 5 * M, resolve: 1 * H }));
  // Private, declared by Bob: Dave is not in it, so it is not in Dave's numbers.
  await r.incidents.insert(incident({ title: 'Salary leak', severity: 'sev2', category: 'privacy_leak', ago: 2 * D, resolve: 30 * M, isPrivate: true, by: BOB }));
  // Outside a 30-day window.
  await r.incidents.insert(incident({ title: 'Old near miss', severity: 'sev4', category: 'other', ago: 60 * D, resolve: 1 * H }));
  const action = (p: { due: number; done?: number; status?: 'open' | 'done' }) =>
    r.postmortem.addAction({ incidentId: 1, description: 'x', ownerId: BOB, dueDate: dayOf(now + p.due), measure: 'm', status: p.status ?? 'open', doneAt: p.done === undefined ? null : new Date(now + p.done), createdAt: new Date(now - 9 * D) });
  await action({ due: -2 * D, done: -3 * D, status: 'done' }); // on time
  await action({ due: -6 * D, done: -4 * D, status: 'done' }); // late
  await action({ due: -1 * D }); // open, overdue
  await action({ due: 5 * D }); // open
});
afterAll(async () => {
  await h?.stop();
});

describe('/incident stats', () => {
  it('counts, percentiles by severity and actions on time, over the incidents the person may see; the chart goes to their DM', async () => {
    const general = h.sim.createChannel('general', { members: [DAVE] });
    const answer = await h.sim.sendCommand({ user: DAVE, channel: general.id, text: 'stats 30d' });
    const body = answer.body as { response_type: string; text: string; blocks: unknown[] };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toBe('Incidents in the last 30 days: 3');
    const text = JSON.stringify(body.blocks);
    expect(text).toContain('SEV1: *2* · SEV2: *0* · SEV3: *1* · SEV4: *0*');
    expect(text).toContain('Bias / fairness violation: *2*');
    expect(text).not.toContain('Privacy');
    // Resolve, SEV1: 4 h and 2 h → p50 3 h, p90 2 h + 0.9 × 2 h = 3 h 48 min.
    expect(text).toContain('SEV1: p50 3 h · p90 3 h 48 min (n=2)');
    // Detect, SEV1: 3 h and 1 h 30 min → p50 2 h 15 min, p90 2 h 51 min; Churn drift has no impact start.
    expect(text).toContain('*Time to detect* — all: p50 2 h 15 min · p90 2 h 51 min (n=2)');
    // Contain: only the two SEV1 incidents were contained.
    expect(text).toContain('*Time to contain* — all: p50 45 min · p90 57 min (n=2)');
    expect(text).toContain('Done on time: *1* · done late: *1* · done (no due date): 0 · open and overdue: *1* · open: 1');

    await h.settle();
    const dm = await waitFor(() => [...h.sim.channels.values()].find((c) => c.isIm && c.members.has(DAVE)), 'Dave’s DM');
    const file = await waitFor(() => h.sim.files.find((f) => f.channels.includes(dm.id)), 'the chart in the DM');
    expect(file.name).toMatch(/^incidents-per-week-30d-\d{4}-\d{2}-\d{2}\.png$/);
    expect(file.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('the private incident counts for its members', async () => {
    const general = h.sim.channels.get([...h.sim.channels.values()].find((c) => c.name === 'general')!.id)!;
    general.members.add(BOB);
    const answer = await h.sim.sendCommand({ user: BOB, channel: general.id, text: 'stats 30d' });
    expect((answer.body as { text: string }).text).toBe('Incidents in the last 30 days: 4');
  });

  it('`npm run stats -- --since 90d --format json` gives the same figures over the whole database', async () => {
    let out = '';
    const code = await runStatsCli(['--since', '90d', '--format', 'json'], h.dbEnv, { out: (s) => (out += s), err: () => undefined }, new Date(now));
    expect(code).toBe(0);
    const stats = JSON.parse(out);
    expect(stats.total).toBe(5);
    expect(stats.bySeverity).toEqual({ sev1: 2, sev2: 1, sev3: 1, sev4: 1 });
    expect(stats.times.resolve.sev1).toEqual({ n: 2, p50: 3 * H, p90: 3 * H + 48 * M });
    expect(stats.actions).toMatchObject({ doneOnTime: 1, doneLate: 1, openOverdue: 1, open: 1 });
    let text = '';
    await runStatsCli(['--since', '365d'], h.dbEnv, { out: (s) => (text += s), err: () => undefined }, new Date(now));
    expect(text).toContain('Incidents declared in the last 365 days: 5');
    expect(text).toContain('time to resolve: all');
  });
});

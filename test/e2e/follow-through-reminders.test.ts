import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_BLOCK, RESOLVE_BLOCK } from '../../src/slack/ids';
import { sleep, startHarness, waitFor, type Harness } from '../support/harness';

const ALICE = 'U_ALICE';
const BOB = 'U_BOB';
let h: Harness;

beforeAll(async () => {
  // Every two seconds, so several runs of the schedule fall on one (local) day during the test.
  h = await startHarness({ env: { FOLLOWUP_SCHEDULE: '*/2 * * * * *', TZ: 'UTC' } });
});
afterAll(async () => {
  await h?.stop();
});

const dm = (user: string) => [...h.sim.channels.values()].find((c) => c.isIm && c.members.has(user))?.id;
const overdueDms = (user: string) => {
  const id = dm(user);
  return id ? h.sim.messages(id).filter((m) => m.text.startsWith('Overdue corrective action')) : [];
};

describe('reminders follow FOLLOWUP_SCHEDULE', () => {
  it('an overdue action is nagged once per day, however many runs, across a restart', async () => {
    const general = h.sim.createChannel('general', { members: [ALICE, BOB] });
    await h.sim.sendCommand({ user: ALICE, channel: general.id, text: 'declare sev3 Drift in the churn model' });
    await h.settle();
    const incident = (await h.repos.incidents.byId(1))!;
    await h.sim.sendCommand({ user: ALICE, channel: incident.channelId!, text: 'resolve' });
    await waitFor(() => h.sim.lastView()?.view.callback_id === 'incident_resolve', 'resolve form');
    await h.sim.submitView({ user: ALICE, values: { [RESOLVE_BLOCK.summary]: 'Retrained on last month’s data.' } });
    await h.settle();
    await h.sim.sendCommand({ user: ALICE, channel: incident.channelId!, text: 'analysis actions' });
    await waitFor(() => h.sim.lastView()?.view.callback_id === 'incident_analysis', 'analysis form');
    // Due yesterday: overdue from the first run on.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await h.sim.submitView({ user: ALICE, values: { [ACTION_BLOCK.title]: 'Alert on feature drift', [ACTION_BLOCK.owner]: BOB, [ACTION_BLOCK.due]: yesterday } });
    await h.settle();

    await waitFor(() => overdueDms(BOB).length === 1, 'the first overdue reminder', 6000);
    const ticksBefore = (await h.repos.jobs.forIncident(1)).length;
    await sleep(4500);
    expect(overdueDms(BOB)).toHaveLength(1);

    await h.restart();
    await sleep(4500);
    await h.settle();
    expect(overdueDms(BOB)).toHaveLength(1);
    const reminder = overdueDms(BOB)[0]!;
    expect(reminder.text).toBe('Overdue corrective action from INC-1');
    expect(JSON.stringify(reminder.blocks)).toContain(`it was due ${yesterday}`);
    // The schedule did run again after the restart (the reminder was not simply never planned).
    const [runs] = await h.query<{ n: number }>("select count(*) as n from jobs where kind = 'followup.tick' and state = 'done'");
    expect(runs!.n).toBeGreaterThanOrEqual(4);
    expect(ticksBefore).toBeGreaterThan(0);
    // The commander's weekly digest went out once too, across the same runs and the restart.
    const digests = h.sim.messages(dm(ALICE)!).filter((m) => m.text === 'Weekly corrective-action digest');
    expect(digests).toHaveLength(1);
    expect(JSON.stringify(digests[0]!.blocks)).toContain('*INC-1*');
    expect(JSON.stringify(digests[0]!.blocks)).toContain('*1 overdue*');
    const keys = await h.query<{ key: string }>("select key from jobs where kind = 'followup.remind'");
    expect(keys.map((k) => k.key)).toEqual([expect.stringMatching(/^followup:overdue:1:\d{4}-\d{2}-\d{2}$/)]);
  }, 30_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_BLOCK, RESOLVE_BLOCK } from '../../src/slack/ids';
import { startHarness, waitFor, type Harness } from '../support/harness';

const ALICE = 'U_ALICE';
const BOB = 'U_BOB';
let h: Harness;

const HOUR = 3_600_000;

beforeAll(async () => {
  // Every hour, so several runs of the schedule fall on one (local) day; the test moves the app's
  // clock from run to run instead of waiting for them.
  h = await startHarness({ env: { FOLLOWUP_SCHEDULE: '0 * * * *', TZ: 'UTC' } });
});

/** The app's clock to the next Tuesday, 00:30 UTC: a day and a week with room for the runs below. */
async function toNextTuesday() {
  const now = h.now();
  const target = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 0, 30));
  do target.setUTCDate(target.getUTCDate() + 1);
  while (target.getUTCDay() !== 2);
  await h.advance(target.getTime() - h.now().getTime());
}
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

    // The first run of the schedule nags; the day's later runs don't, nor do those after a restart.
    await toNextTuesday();
    const tuesday = h.now().toISOString().slice(0, 10);
    expect(overdueDms(BOB)).toHaveLength(1);
    await h.advance(HOUR);
    await h.advance(HOUR);
    expect(overdueDms(BOB)).toHaveLength(1);
    await h.restart();
    await h.advance(HOUR);
    expect(overdueDms(BOB)).toHaveLength(1);
    const reminder = overdueDms(BOB)[0]!;
    expect(reminder.text).toBe('Overdue corrective action from INC-1');
    expect(JSON.stringify(reminder.blocks)).toContain(`it was due ${yesterday}`);
    // The schedule did run again after the restart (the reminder was not simply never planned).
    const [runs] = await h.query<{ n: number }>("select count(*) as n from jobs where kind = 'followup.tick' and state = 'done'");
    expect(runs!.n).toBe(4);

    // The next day, the action is nagged again: once.
    await h.advance(23 * HOUR);
    expect(overdueDms(BOB)).toHaveLength(2);
    await h.advance(HOUR);
    expect(overdueDms(BOB)).toHaveLength(2);
    // The commander's weekly digest went out once too, across the same runs, days and the restart.
    const digests = h.sim.messages(dm(ALICE)!).filter((m) => m.text === 'Weekly corrective-action digest');
    expect(digests).toHaveLength(1);
    expect(JSON.stringify(digests[0]!.blocks)).toContain('*INC-1*');
    expect(JSON.stringify(digests[0]!.blocks)).toContain('*1 overdue*');
    const keys = await h.query<{ key: string }>("select key from jobs where kind = 'followup.remind'");
    const wednesday = new Date(Date.parse(tuesday) + 24 * HOUR).toISOString().slice(0, 10);
    expect(keys.map((k) => k.key).sort()).toEqual([`followup:overdue:1:${tuesday}`, `followup:overdue:1:${wednesday}`]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, ACTION_BLOCK, RESOLVE_BLOCK } from '../../src/slack/ids';
import { startHarness, waitFor, type Harness } from '../support/harness';

const ALICE = 'U_ALICE';
const BOB = 'U_BOB';
const CAROL = 'U_CAROL';
const DAVE = 'U_DAVE';
const SECRET = 'Payroll model exposes salaries';
let h: Harness;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function command(user: string, channel: string, text: string) {
  await h.sim.sendCommand({ user, channel, text });
  await h.settle();
}

async function openHome(user: string) {
  const before = h.sim.callsTo('views.publish').length;
  await h.sim.openHome(user);
  await h.settle();
  await waitFor(() => h.sim.callsTo('views.publish').length > before, `Home tab of ${user}`);
  const view = h.sim.homeView(user)!;
  expect(view.view.type).toBe('home');
  return JSON.stringify(view.view.blocks);
}

beforeAll(async () => {
  h = await startHarness();
  const general = h.sim.createChannel('general', { members: [ALICE, BOB, CAROL, DAVE] }).id;
  // INC-1: public, Alice commands; Carol owns two of its actions, one overdue.
  await command(ALICE, general, 'declare sev2 Chatbot invents refund policies');
  const one = (await h.repos.incidents.byId(1))!.channelId!;
  await h.sim.sendCommand({ user: ALICE, channel: one, text: 'resolve' });
  await waitFor(() => h.sim.lastView()?.view.callback_id === 'incident_resolve', 'resolve form');
  await h.sim.submitView({ user: ALICE, values: { [RESOLVE_BLOCK.summary]: 'Pinned the policy document into the prompt.' } });
  await h.settle();
  for (const [title, due] of [
    ['Ground refund answers in the policy store', day(20)],
    ['Add a refund-policy eval to CI', day(-3)],
  ] as const) {
    await h.sim.sendCommand({ user: ALICE, channel: one, text: 'analysis actions' });
    await waitFor(() => h.sim.lastView()?.view.callback_id === 'incident_analysis' && h.sim.lastView()!.open, 'actions form');
    await h.sim.submitView({ user: ALICE, values: { [ACTION_BLOCK.title]: title, [ACTION_BLOCK.owner]: CAROL, [ACTION_BLOCK.due]: due } });
    await h.settle();
  }
  // INC-2: private, Bob commands, Dave is the technical lead; Alice and Carol are not in it.
  await command(BOB, general, `declare sev1 ${SECRET}`);
  await h.repos.incidents.update(2, { isPrivate: true });
  await command(BOB, (await h.repos.incidents.byId(2))!.channelId!, 'assign tech @dave');
});
afterAll(async () => {
  await h?.stop();
});

describe('the App Home tab', () => {
  it('the commander sees her incident and role; a private incident she is not in shows only number, severity and “private”', async () => {
    const home = await openHome(ALICE);
    expect(home).toContain('Your open incidents');
    expect(home).toContain('*INC-1*');
    expect(home).toContain('Your role: *Incident Commander*');
    expect(home).toContain(ACTION.cardAnalysis);
    expect(home).toContain('*INC-2* · SEV1 · :lock: private');
    expect(home).not.toContain(SECRET);
  });

  it('the private incident’s technical lead sees it in full, with his role', async () => {
    const home = await openHome(DAVE);
    expect(home).toContain('Your role: *Technical Lead*');
    expect(home).toContain(SECRET);
    expect(home).not.toContain(':lock: private');
    expect(home).toContain('_No open corrective actions._');
  });

  it('an action owner sees her actions, overdue first, with their controls — and the tab refreshes when one is done', async () => {
    const home = await openHome(CAROL);
    expect(home).toContain('_You hold no role in an open incident._');
    const overdue = home.indexOf('Add a refund-policy eval to CI');
    const later = home.indexOf('Ground refund answers in the policy store');
    expect(overdue).toBeGreaterThan(0);
    expect(overdue).toBeLessThan(later);
    expect(home).toContain('*overdue* since');
    expect(home).toContain(ACTION.actionDone);
    expect(home).not.toContain(SECRET);

    const [, evalAction] = await h.repos.postmortem.actions(1);
    const publishes = h.sim.callsTo('views.publish').length;
    await h.sim.clickViewButton({ user: CAROL, actionId: ACTION.actionDone, blockId: `corrective_action:${evalAction!.id}:controls` });
    await h.settle();
    expect((await h.repos.followup.actionById(evalAction!.id))!.status).toBe('done');
    expect(h.sim.callsTo('views.publish').length).toBeGreaterThan(publishes);
    const after = JSON.stringify(h.sim.homeView(CAROL)!.view.blocks);
    expect(after).not.toContain('Add a refund-policy eval to CI');
    expect(after).toContain('Ground refund answers in the policy store');
  });

  it('is refreshed for people who opened it when their incident changes', async () => {
    const publishes = h.sim.callsTo('views.publish').filter((c) => (c.args as { user_id?: string }).user_id === DAVE).length;
    await command(BOB, (await h.repos.incidents.byId(2))!.channelId!, 'severity sev2 contained to one tenant');
    const now = h.sim.callsTo('views.publish').filter((c) => (c.args as { user_id?: string }).user_id === DAVE);
    expect(now.length).toBeGreaterThan(publishes);
    expect(JSON.stringify(h.sim.homeView(DAVE)!.view.blocks)).toContain('SEV2');
    for (const call of h.sim.callsTo('views.publish')) expect(call.ok).toBe(true);
    expect(h.sim.problems).toEqual([]);
  });
});

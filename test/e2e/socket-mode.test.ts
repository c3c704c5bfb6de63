import { afterEach, beforeEach, expect, it } from 'vitest';
import { DECLARE_BLOCK } from '../../src/slack/ids';
import { startHarness, waitFor, type Harness } from '../support/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ socketMode: true });
});
afterEach(async () => {
  await h.stop();
});

it('declares an incident in Socket Mode, over the WebSocket from apps.connections.open', async () => {
  expect(h.sim.callsTo('apps.connections.open').length).toBeGreaterThan(0);
  const general = h.sim.createChannel('general', { members: ['U_ALICE'] });

  const fast = await h.sim.sendCommand({ user: 'U_ALICE', channel: general.id, text: 'declare sev2 Recommender promotes self-harm content' });
  expect(fast.status).toBe(200);
  expect(fast.body.text).toContain('INC-1');
  await h.settle();
  expect(h.sim.channelByName('inc-1-recommender-promotes-self-harm-content')?.members.has('U_ALICE')).toBe(true);

  await h.sim.sendCommand({ user: 'U_ALICE', channel: general.id, text: 'declare Hallucinated legal citations' });
  await waitFor(() => h.sim.lastView(), 'views.open');
  const submit = await h.sim.submitView({
    user: 'U_ALICE',
    values: { [DECLARE_BLOCK.severity]: 'sev3', [DECLARE_BLOCK.category]: 'hallucination' },
  });
  expect(submit.status).toBe(200);
  await h.settle();
  const incident = (await h.repos.incidents.byId(2))!;
  expect(incident).toMatchObject({ category: 'hallucination', channelName: 'inc-2-hallucinated-legal-citations' });
  expect(h.sim.messages(incident.channelId!).find((m) => m.ts === incident.cardTs)?.pinned).toBe(true);
});

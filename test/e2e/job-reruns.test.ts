import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, waitFor, type Harness } from '../support/harness';

/**
 * A job that posted and then had to wait out a 429 on a later call is run again, and that run
 * must look for what the first one already posted. Waiting out Slack's rate limit is not counted
 * as a failed attempt — but it is still a second run.
 */

const ALICE = 'U_ALICE';
const DAVE = 'U_DAVE';
let h: Harness;
let general: string;

beforeAll(async () => {
  h = await startHarness({ env: { ACK_TIMEOUT: '2s', WARROOM_ADMINS: DAVE } });
  general = h.sim.createChannel('general', { members: [ALICE, DAVE] }).id;
});
afterAll(async () => {
  expect(h.sim.problems).toEqual([]);
  await h.stop();
});

it('a job rate-limited after its first post does not post it again when it runs after Retry-After', async () => {
  // The commander never acknowledges: the notice goes to the channel, then a DM to the admin — which Slack rate-limits once.
  const toDave = (args: Record<string, unknown>) => args.channel === DAVE && String(args.text).includes('has not acknowledged');
  h.sim.failNext('chat.postMessage', { status: 429, retryAfter: 1, when: toDave });
  expect((await h.sim.sendCommand({ user: ALICE, channel: general, text: 'declare sev1 Scoring model returns NaN for new customers' })).status).toBe(200);
  await h.settle();
  const incident = (await h.repos.incidents.listOpen()).at(-1)!;
  await waitFor(() => h.sim.callsTo('chat.postMessage').some((c) => toDave(c.args) && c.ok), 'the DM after the wait', 10_000);
  await h.settle();
  expect(h.sim.callsTo('chat.postMessage').filter((c) => toDave(c.args) && c.status === 429)).toHaveLength(1);
  const notices = h.sim.messages(incident.channelId!).filter((m) => m.user === h.sim.botUserId && m.text.includes('has not acknowledged'));
  expect(notices).toHaveLength(1);
  const im = [...h.sim.channels.values()].find((c) => c.isIm && c.imUser === DAVE)!;
  expect(h.sim.messages(im.id).filter((m) => m.text.includes('has not acknowledged'))).toHaveLength(1);
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DECLARE_BLOCK, ROLES_BLOCK } from '../../src/slack/ids';
import { startHarness, waitFor, type Harness } from '../support/harness';

/** What a real workspace refuses, played by the simulator, and how the bot copes. */
let h: Harness;
const ALICE = 'U_ALICE';
const BOB = 'U_BOB';
const DEPLOYBOT = 'U_DEPLOYBOT';
const tmp: string[] = [];

afterEach(async () => {
  await h?.stop();
  for (const d of tmp.splice(0)) rmSync(d, { recursive: true, force: true });
});

const general = () => h.sim.channelByName('general') ?? h.sim.createChannel('general', { members: [ALICE, BOB, 'U_CAROL', 'U_DAVE'] });

function dmsTo(user: string) {
  const im = [...h.sim.channels.values()].find((c) => c.isIm && c.imUser === user);
  return im ? h.sim.messages(im.id) : [];
}
const shown = (m: { text: string; blocks?: unknown[] }) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`;

async function openDeclareForm() {
  await h.sim.sendCommand({ user: ALICE, channel: general().id, text: 'declare' });
  await waitFor(() => h.sim.lastView(), 'declaration form');
}

const form = (commander: string) => ({
  [DECLARE_BLOCK.title]: 'Support bot promises refunds',
  [DECLARE_BLOCK.severity]: 'sev2',
  [DECLARE_BLOCK.category]: 'hallucination',
  [DECLARE_BLOCK.harmLevel]: 'event',
  [DECLARE_BLOCK.commander]: commander,
});

describe('a bot can’t hold a role', () => {
  it.each([
    ['this app’s own bot user', 'UBOT'],
    ['another app’s bot user', DEPLOYBOT],
  ])('the declaration form refuses %s as commander, inside the form, and stores nothing', async (_what, bot) => {
    h = await startHarness();
    await openDeclareForm();
    const answer = await h.sim.submitView({ user: ALICE, values: form(bot) });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ response_action: 'errors', errors: { [DECLARE_BLOCK.commander]: expect.stringContaining("can't hold a role") } });
    expect(h.sim.lastView()!.open).toBe(true);
    expect((await h.repos.incidents.byId(1))).toBeFalsy();
    expect(h.sim.problems).toEqual([]);
  });

  it('the RACI form and /incident assign refuse another app’s bot user', async () => {
    h = await startHarness();
    await h.sim.sendCommand({ user: ALICE, channel: general().id, text: 'declare sev2 Support bot promises refunds' });
    await h.settle();
    const channel = (await h.repos.incidents.byId(1))!.channelId!;
    await h.sim.sendCommand({ user: ALICE, channel, text: 'roles' });
    await waitFor(() => h.sim.lastView(), 'roles form');
    const answer = await h.sim.submitView({ user: ALICE, values: { [ROLES_BLOCK.commander]: ALICE, [ROLES_BLOCK.sme]: [BOB, DEPLOYBOT] } });
    expect(answer.body).toEqual({ response_action: 'errors', errors: { [ROLES_BLOCK.sme]: expect.stringContaining("can't hold a role") } });
    const assign = await h.sim.sendCommand({ user: ALICE, channel, text: 'assign commander @deploybot' });
    expect((assign.body as { text: string }).text).toContain("can't hold a role");
    expect((await h.repos.incidents.commanderOf(1))).toBe(ALICE);
    expect((await h.repos.roles.holders(1)).sme).toEqual([]);
  });
});

describe('the first commander is told, like every later one', () => {
  it('the commander picked in the declaration form gets the Incident Commander DM', async () => {
    h = await startHarness();
    await openDeclareForm();
    await h.sim.submitView({ user: ALICE, values: form(BOB) });
    await h.settle();
    const dm = dmsTo(BOB);
    expect(dm).toHaveLength(1);
    expect(shown(dm[0]!)).toContain(`<@${ALICE}> gave you a role in *INC-1: Support bot promises refunds*`);
    expect(shown(dm[0]!)).toContain('Incident Commander');
    expect(shown(dm[0]!)).toContain(`<#${(await h.repos.incidents.byId(1))!.channelId}>`);
  });

  it('a declarer who commands (the fast path) gets it too', async () => {
    h = await startHarness();
    await h.sim.sendCommand({ user: ALICE, channel: general().id, text: 'declare sev1 Support bot promises refunds' });
    await h.settle();
    const dm = dmsTo(ALICE);
    expect(dm).toHaveLength(1);
    expect(shown(dm[0]!)).toContain('You hold a role in *INC-1');
    expect(shown(dm[0]!)).toContain('Incident Commander');
  });
});

describe('the Messages tab', () => {
  it('role DMs work with the shipped manifest; without the tab the workspace refuses them and the declarer is told', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-manifest-'));
    tmp.push(dir);
    const manifestPath = join(dir, 'manifest.yml');
    writeFileSync(manifestPath, readFileSync('manifest.yml', 'utf8').replace(/^\s+messages_tab_enabled: true\n/m, ''));
    h = await startHarness({ manifestPath });
    expect(h.sim.manifest.messagesTabEnabled).toBe(false);
    await openDeclareForm();
    await h.sim.submitView({ user: ALICE, values: form(BOB) });
    await h.settle();
    expect(h.sim.callsTo('chat.postMessage').filter((c) => c.args.channel === BOB).map((c) => c.error)).toEqual(['messages_tab_disabled']);
    const reply = h.sim.responses.map((r) => JSON.stringify(r.body)).find((b) => b.includes('dm_commander'));
    expect(reply).toContain('messages_tab_disabled');
    // Everything else about the war room is in place.
    expect((await h.repos.incidents.byId(1))!.cardTs).toBeTruthy();
  });
});

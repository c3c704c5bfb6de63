import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, CALLBACK, DECLARE_BLOCK, EDIT_BLOCK, PRIVATE_OPTION, ROLES_BLOCK } from '../../src/slack/ids';
import { startHarness, waitFor, type Harness } from '../support/harness';

/**
 * Issue 9, end to end over signed HTTP: who may steer an incident, what a private incident shows
 * to someone outside it, ids from the client, and replays.
 */

let h: Harness;
const ALICE = 'U_ALICE'; // declares
const BOB = 'U_BOB'; // commander
const CAROL = 'U_CAROL'; // bystander
const DAVE = 'U_DAVE'; // admin

beforeAll(async () => {
  h = await startHarness({ env: { WARROOM_ADMINS: DAVE } });
  h.sim.createChannel('general', { members: [ALICE, BOB, CAROL, DAVE] });
});
afterAll(async () => {
  await h.stop();
});

const general = () => h.sim.channelByName('general')!.id;

/** Sends a command that opens a form and waits for it (views.open follows the ack). */
async function openForm(user: string, channel: string, text: string) {
  const opened = h.sim.callsTo('views.open').length;
  const answer = await h.sim.sendCommand({ user, channel, text });
  await waitFor(() => h.sim.callsTo('views.open').length > opened, `form for ${text}`);
  return { answer, form: h.sim.lastView()! };
}

/** A public incident: ALICE declared it, BOB commands it, CAROL and DAVE joined the channel. */
async function publicIncident(title: string) {
  await openForm(ALICE, general(), `declare ${title}`);
  await h.sim.submitView({ user: ALICE, values: { [DECLARE_BLOCK.title]: title, [DECLARE_BLOCK.severity]: 'sev3', [DECLARE_BLOCK.category]: 'other', [DECLARE_BLOCK.commander]: BOB } });
  await h.settle();
  const incident = (await h.repos.incidents.listOpen()).at(-1)!;
  for (const user of [CAROL, DAVE]) await h.sim.userJoins({ user, channel: incident.channelId! });
  await h.settle();
  return incident;
}

const responseTexts = () => h.sim.responses.map((r) => JSON.stringify(r.body));

describe('who may steer an incident', () => {
  it('refuses a bystander every steering command, says who may and whom to ask, and stores nothing', async () => {
    const incident = await publicIncident('Bystander cannot escalate');
    const entriesBefore = (await h.repos.timeline.forIncident(incident.id)).length;
    const incidentsPostsBefore = h.sim.messages(h.incidentsChannel!.id).length;
    for (const text of ['severity sev1 it is bad', 'status contained', 'close', 'edit', 'resolve', 'assign scribe @carol']) {
      const answer = await h.sim.sendCommand({ user: CAROL, channel: incident.channelId!, text });
      expect(answer.body.response_type, text).toBe('ephemeral');
      expect(answer.body.text, text).toMatch(/^(:warning: )?Only the commander/);
      expect(answer.body.text, text).toContain(`ask <@${BOB}>`);
      expect(answer.body.text, text).toContain('Nothing was changed');
    }
    await h.settle();
    expect(h.sim.callsTo('views.open').filter((c) => c.args.trigger_id && c.ok).length).toBe(1); // the declaration form only
    const after = await h.repos.incidents.byId(incident.id);
    expect(after).toMatchObject({ severity: 'sev3', status: 'investigating' });
    expect((await h.repos.timeline.forIncident(incident.id)).length).toBe(entriesBefore);
    // The SEV1 escalation that was refused did not ping #incidents.
    expect(h.sim.messages(h.incidentsChannel!.id).length).toBe(incidentsPostsBefore);
  });

  it('lets everyone in the channel add notes, and lets responsible roles and admins steer', async () => {
    const incident = await publicIncident('Responsible roles steer');
    const note = await h.sim.sendCommand({ user: CAROL, channel: incident.channelId!, text: 'note I saw it at 09:12 too' });
    expect(note.status).toBe(200);
    expect(note.body).toBeFalsy();
    await h.sim.sendCommand({ user: BOB, channel: incident.channelId!, text: 'assign tech @carol' });
    await h.settle();
    const byTech = await h.sim.sendCommand({ user: CAROL, channel: incident.channelId!, text: 'severity sev2 more users' });
    expect(byTech.body.text).toContain('SEV2');
    const byAdmin = await h.sim.sendCommand({ user: DAVE, channel: incident.channelId!, text: 'status contained' });
    expect(byAdmin.body.text).toContain('Contained');
    await h.settle();
    expect(await h.repos.incidents.byId(incident.id)).toMatchObject({ severity: 'sev2', status: 'contained' });
    expect((await h.repos.timeline.forIncident(incident.id)).some((e) => e.kind === 'note' && e.actorId === CAROL)).toBe(true);
  });

  it('refuses the card controls too, and puts the card back to what is stored', async () => {
    const incident = await publicIncident('Card controls checked');
    await h.sim.selectOption({ user: CAROL, channel: incident.channelId!, messageTs: incident.cardTs!, actionId: ACTION.cardSeverity, value: 'sev1' });
    await h.settle();
    expect(responseTexts().at(-1)).toContain('Only the commander');
    expect((await h.repos.incidents.byId(incident.id))!.severity).toBe('sev3');
    const card = h.sim.messages(incident.channelId!).find((m) => m.ts === incident.cardTs)!;
    expect(JSON.stringify(card.blocks)).toContain('SEV3');
    await h.sim.clickButton({ user: CAROL, channel: incident.channelId!, messageTs: incident.cardTs!, actionId: ACTION.cardEdit, value: String(incident.id) });
    await h.settle();
    expect(responseTexts().at(-1)).toContain('Only the commander');
  });

  it('re-checks permission when a form is submitted: a commander handed over while the form was open is refused inside it', async () => {
    const incident = await publicIncident('Form permission at submit');
    const { form } = await openForm(BOB, incident.channelId!, 'edit');
    expect((form.view as { callback_id: string }).callback_id).toBe(CALLBACK.editModal);
    // ALICE (the declarer) hands command to DAVE and takes BOB's powers away: BOB is no one now.
    await h.sim.sendCommand({ user: ALICE, channel: incident.channelId!, text: 'assign commander @dave' });
    await h.settle();
    const answer = await h.sim.submitView({ user: BOB, viewId: form.id, values: { [EDIT_BLOCK.title]: 'Renamed by BOB' } });
    expect(answer.body.response_action).toBe('errors');
    expect(JSON.stringify(answer.body.errors)).toContain('Only the commander');
    expect((await h.repos.incidents.byId(incident.id))!.title).toBe('Form permission at submit');
  });

  it('closed incidents refuse severity changes and edits until re-opened', async () => {
    const incident = await publicIncident('Closed stays closed');
    await h.resolve(incident.channelId!, BOB);
    await h.close(incident.channelId!, BOB);
    const severity = await h.sim.sendCommand({ user: BOB, channel: incident.channelId!, text: 'severity sev1' });
    expect(severity.body.text).toContain("closed, so you can't change its severity");
    const edit = await h.sim.sendCommand({ user: BOB, channel: incident.channelId!, text: 'edit' });
    expect(edit.body.text).toContain("closed, so you can't edit its details");
    const reopen = await h.sim.sendCommand({ user: BOB, channel: incident.channelId!, text: 'status investigating the fix did not hold' });
    expect(reopen.body.text).toContain('Investigating');
    const again = await h.sim.sendCommand({ user: BOB, channel: incident.channelId!, text: 'severity sev2 wider than thought' });
    expect(again.body.text).toContain('SEV2');
  });
});

describe('private incidents', () => {
  it('lists a private incident in full to its members and as number, severity and "private" to anyone else', async () => {
    await openForm(ALICE, general(), 'declare');
    await h.sim.submitView({
      user: ALICE,
      values: {
        [DECLARE_BLOCK.title]: 'Salary data leaked by the HR assistant',
        [DECLARE_BLOCK.severity]: 'sev1',
        [DECLARE_BLOCK.category]: 'privacy_leak',
        [DECLARE_BLOCK.commander]: BOB,
        [DECLARE_BLOCK.summary]: 'Model memorised payroll rows',
        [DECLARE_BLOCK.options]: [PRIVATE_OPTION],
      },
    });
    await h.settle();
    const incident = (await h.repos.incidents.listOpen()).find((i) => i.isPrivate)!;
    const rowOf = (body: { blocks?: unknown[] }) => JSON.stringify((body.blocks ?? []).find((b) => JSON.stringify(b).includes(`INC-${incident.id}*`)));
    const outsider = rowOf((await h.sim.sendCommand({ user: CAROL, channel: general(), text: 'list' })).body);
    expect(outsider).toContain(`INC-${incident.id}`);
    expect(outsider).toContain('private');
    for (const secret of ['Salary', 'payroll', incident.channelId!, BOB, ALICE]) expect(outsider).not.toContain(secret);
    const member = rowOf((await h.sim.sendCommand({ user: BOB, channel: general(), text: 'list' })).body);
    expect(member).toContain('Salary data leaked');
    expect(member).toContain(incident.channelId!);

    // The announcement and a SEV1 escalation in #incidents say no more than that.
    const announcements = h.sim.messages(h.incidentsChannel!.id).filter((m) => m.text.includes(`INC-${incident.id}`));
    expect(announcements.length).toBeGreaterThan(0);
    for (const m of announcements) {
      const shown = `${m.text} ${JSON.stringify(m.blocks ?? [])}`;
      for (const secret of ['Salary', 'payroll', incident.channelId!, BOB, ALICE]) expect(shown).not.toContain(secret);
    }
    // Someone who joins sees it in full; once they leave, they are an outsider again, everywhere.
    await h.sim.userJoins({ user: CAROL, channel: incident.channelId!, inviter: BOB });
    await h.settle();
    expect(rowOf((await h.sim.sendCommand({ user: CAROL, channel: general(), text: 'list' })).body)).toContain('Salary data leaked');
    expect((await h.repos.followup.members([incident.id])).get(incident.id)?.has(CAROL)).toBe(true);
    await h.sim.userLeaves({ user: CAROL, channel: incident.channelId! });
    await h.settle();
    expect(rowOf((await h.sim.sendCommand({ user: CAROL, channel: general(), text: 'list' })).body)).not.toContain('Salary');
    expect((await h.repos.followup.members([incident.id])).get(incident.id)?.has(CAROL)).toBe(false);

    // Sync from outside names only the number, the severity and that it is private.
    const sync = await h.sim.sendCommand({ user: CAROL, channel: general(), text: `sync INC-${incident.id}` });
    expect(sync.body.text).toContain('is private');
    expect(sync.body.text).not.toContain('Salary');
  });
});

describe('ids from the client are not trusted', () => {
  it('a card button acts on the incident of the channel it is clicked in, whatever its value says', async () => {
    const first = await publicIncident('First incident');
    const second = await publicIncident('Second incident');
    // A forged value naming the first incident, clicked on the second's card by its commander.
    await h.sim.clickButton({ user: BOB, channel: second.channelId!, messageTs: second.cardTs!, actionId: ACTION.cardAssignRoles, value: String(first.id) });
    await h.settle();
    const form = h.sim.lastView()!;
    expect((form.view as { callback_id: string }).callback_id).toBe(CALLBACK.rolesModal);
    expect(JSON.parse((form.view as { private_metadata: string }).private_metadata).incidentId).toBe(second.id);
  });

  it('a refusal outside an incident channel names nobody', async () => {
    const incident = await publicIncident('Someone else’s incident');
    // A copy of the card's buttons outside the incident channel, clicked with the incident's id.
    const card = h.sim.messages(incident.channelId!).find((m) => m.ts === incident.cardTs)!;
    const copy = h.sim.seedMessage({ channel: general(), user: 'UBOT', text: 'card', blocks: card.blocks });
    await h.sim.clickButton({ user: CAROL, channel: general(), messageTs: copy.ts, actionId: ACTION.cardAssignRoles, value: String(incident.id) });
    await h.settle();
    const text = responseTexts().at(-1)!;
    expect(text).toContain('works inside an incident channel');
    for (const who of [ALICE, BOB]) expect(text).not.toContain(who);
  });

  it('answers a form with damaged private_metadata inside the form, at once', async () => {
    const incident = await publicIncident('Damaged metadata');
    const { form } = await openForm(BOB, incident.channelId!, 'roles');
    (form.view as { private_metadata: string }).private_metadata = '{"incidentId":"1; drop table"}';
    const started = Date.now();
    const answer = await h.sim.submitView({ user: BOB, viewId: form.id, values: { [ROLES_BLOCK.scribe]: CAROL } });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(answer.status).toBe(200);
    expect(answer.body.response_action).toBe('errors');
    expect(JSON.stringify(answer.body.errors)).toContain('out of date or damaged');
    expect((await h.repos.roles.holders(incident.id)).scribe).toEqual([]);
  });
});

describe('replays', () => {
  it('a captured slash command sent again gets the same answer and declares nothing twice', async () => {
    const before = (await h.repos.incidents.listOpen()).length;
    const first = await h.sim.sendCommand({ user: ALICE, channel: general(), text: 'declare sev2 Replayed declaration' });
    const captured = h.sim.lastHttpRequest!;
    const replay = await h.sim.replay(captured);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    await h.settle();
    expect((await h.repos.incidents.listOpen()).length).toBe(before + 1);
  });

  it('a captured form submission sent again changes nothing', async () => {
    const before = (await h.repos.incidents.listOpen()).length;
    await openForm(ALICE, general(), 'declare');
    await h.sim.submitView({ user: ALICE, values: { [DECLARE_BLOCK.title]: 'Replayed form', [DECLARE_BLOCK.severity]: 'sev3', [DECLARE_BLOCK.category]: 'other' } });
    const captured = h.sim.lastHttpRequest!;
    const replay = await h.sim.replay(captured);
    expect(replay.status).toBe(200);
    await h.settle();
    expect((await h.repos.incidents.listOpen()).filter((i) => i.title === 'Replayed form')).toHaveLength(1);
    expect((await h.repos.incidents.listOpen()).length).toBe(before + 1);
  });

  /** A signed `/incident` command as Slack sends it, with a trigger the simulator issued. */
  const commandBody = (user: string, text: string) =>
    new URLSearchParams({ command: '/incident', text, user_id: user, channel_id: general(), channel_name: 'general', team_id: 'T1', trigger_id: h.sim.issueTriggerId(user), response_url: `${h.sim.apiUrl}/response/${text.length}` }).toString();
  const form = 'application/x-www-form-urlencoded';

  it('a command and its replay arriving together: one declares, the other changes nothing', async () => {
    const before = (await h.repos.incidents.listOpen()).length;
    const body = commandBody(ALICE, 'declare sev2 Replayed at the same instant');
    const timestamp = Math.floor(Date.now() / 1000);
    const answers = await Promise.all([h.sim.sendRaw({ body, contentType: form, timestamp }), h.sim.sendRaw({ body, contentType: form, timestamp })]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await h.settle();
    const open = await h.repos.incidents.listOpen();
    expect(open.filter((i) => i.title === 'Replayed at the same instant')).toHaveLength(1);
    expect(open.length).toBe(before + 1);
    // The one that declared says so; the replay gets the same words, or (answered before the first
    // one's answer was kept) an empty ack: never a second declaration's.
    const texts = answers.map((a) => (a.body as { text?: string } | null)?.text ?? '').filter(Boolean);
    expect(texts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(texts).size).toBe(1);
    expect(texts[0]).toContain('Declaring');
  });

  it('many people at once: each command is claimed and answered, and each replay of them changes nothing', async () => {
    const opened = h.sim.callsTo('views.open').length;
    const bodies = Array.from({ length: 12 }, (_, i) => commandBody(i % 2 ? ALICE : BOB, `declare Burst form ${i}`));
    const timestamp = Math.floor(Date.now() / 1000);
    const answers = await Promise.all(bodies.map((body) => h.sim.sendRaw({ body, contentType: form, timestamp })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await waitFor(() => h.sim.callsTo('views.open').length >= opened + 12, 'twelve forms');
    const replays = await Promise.all(bodies.map((body) => h.sim.sendRaw({ body, contentType: form, timestamp })));
    expect(replays.every((a) => a.status === 200)).toBe(true);
    await h.settle();
    const calls = h.sim.callsTo('views.open').slice(opened);
    expect(calls).toHaveLength(12);
    expect(new Set(calls.map((c) => c.args.trigger_id)).size).toBe(12);
  });

  it('refuses a request stamped more than five minutes in the future, as one five minutes old', async () => {
    const body = new URLSearchParams({ command: '/incident', text: 'list', user_id: ALICE, channel_id: general(), trigger_id: 'tfuture', response_url: h.sim.apiUrl, team_id: 'T1' }).toString();
    const contentType = 'application/x-www-form-urlencoded';
    const future = await h.sim.sendRaw({ body, contentType, timestamp: Math.floor(Date.now() / 1000) + 600 });
    expect(future.status).toBe(401);
    const fine = await h.sim.sendRaw({ body, contentType, timestamp: Math.floor(Date.now() / 1000) + 30 });
    expect(fine.status).toBe(200);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { ACTION, CALLBACK, ROLES_BLOCK } from '../../src/slack/ids';
import { startHarness, waitFor, type Harness, type HarnessOptions } from '../support/harness';

let h: Harness;
const ALICE = 'U_ALICE';
const BOB = 'U_BOB';
const CAROL = 'U_CAROL';
const DAVE = 'U_DAVE';
const ERIN = 'U_ERIN';

afterEach(async () => {
  await h.stop();
});

interface ViewBlock {
  type: string;
  block_id: string;
  optional?: boolean;
  label?: { text: string };
  hint?: { text: string };
  element?: Record<string, unknown>;
}

function general() {
  return h.sim.channelByName('general') ?? h.sim.createChannel('general', { members: [ALICE, BOB, CAROL, DAVE] });
}

/** Alice declares a SEV2 (she is declarer and commander); returns the war-room channel id. */
async function start(options: HarnessOptions = {}): Promise<string> {
  h = await startHarness(options);
  h.sim.addUser({ id: ERIN, name: 'erin', realName: 'Erin Evans' });
  await h.sim.sendCommand({ user: ALICE, channel: general().id, text: 'declare sev2 Hiring model downgrades one university' });
  await h.settle();
  return (await h.repos.incidents.byId(1))!.channelId!;
}

async function command(user: string, channel: string, text: string) {
  const answer = await h.sim.sendCommand({ user, channel, text });
  await h.settle();
  return answer;
}

/** `/incident roles` and wait for the modal. */
async function openRoles(user: string, channel: string) {
  const before = h.sim.callsTo('views.open').length;
  const answer = await h.sim.sendCommand({ user, channel, text: 'roles' });
  await waitFor(() => h.sim.callsTo('views.open').length > before, 'views.open');
  return answer;
}

function viewBlocks(): ViewBlock[] {
  return h.sim.lastView()!.view.blocks as ViewBlock[];
}

function block(id: string): ViewBlock {
  return viewBlocks().find((b) => b.block_id === id)!;
}

function dmsTo(user: string) {
  const im = [...h.sim.channels.values()].find((c) => c.isIm && c.imUser === user);
  return im ? h.sim.messages(im.id) : [];
}

function summaries(channel: string) {
  return h.sim.messages(channel).filter((m) => m.text.startsWith('Roles for INC-1'));
}

const shown = (m: { text: string; blocks?: unknown[] }) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`;

async function commanderHistory() {
  return (await h.repos.roles.history(1)).filter((r) => r.role === 'commander');
}

describe('the RACI modal', () => {
  it('opens prefilled from /incident roles and staffs the war room in one step', async () => {
    const channel = await start();
    h.sim.reset();
    const answer = await openRoles(ALICE, channel);
    expect(answer.status).toBe(200);
    expect(answer.body).toBeNull();
    // views.open is the first Web API call after the ack, inside the trigger window.
    expect(h.sim.calls[0]!.method).toBe('views.open');
    expect(h.sim.calls[0]!.ok).toBe(true);

    const view = h.sim.lastView()!.view;
    expect(view.callback_id).toBe(CALLBACK.rolesModal);
    expect(JSON.parse(view.private_metadata as string)).toMatchObject({ incidentId: 1 });
    const commander = block(ROLES_BLOCK.commander);
    expect(commander.element).toMatchObject({ type: 'users_select', initial_user: ALICE });
    expect(commander.optional).toBe(false);
    expect(commander.label!.text).toBe('Incident Commander — Accountable');
    expect(commander.hint!.text).toContain('single decision maker');
    for (const [id, label, type] of [
      [ROLES_BLOCK.tech_lead, 'Technical Lead — Responsible', 'users_select'],
      [ROLES_BLOCK.comms_lead, 'Communications Lead — Responsible', 'users_select'],
      [ROLES_BLOCK.scribe, 'Scribe — Responsible', 'users_select'],
      [ROLES_BLOCK.sme, 'Subject-matter experts — Consulted', 'multi_users_select'],
      [ROLES_BLOCK.legal, 'Legal / Compliance / Policy — Consulted', 'multi_users_select'],
      [ROLES_BLOCK.stakeholder, 'Stakeholders — Informed', 'multi_users_select'],
    ] as const) {
      const b = block(id);
      expect(b.label!.text).toBe(label);
      expect(b.element!.type).toBe(type);
      expect(b.optional).toBe(true);
      expect(b.hint!.text.length).toBeGreaterThan(10);
      expect(b.element!.initial_user ?? b.element!.initial_users).toBeUndefined();
    }

    const submit = await h.sim.submitView({
      user: ALICE,
      values: {
        [ROLES_BLOCK.commander]: BOB,
        [ROLES_BLOCK.tech_lead]: CAROL,
        [ROLES_BLOCK.scribe]: DAVE,
        [ROLES_BLOCK.sme]: [CAROL],
        [ROLES_BLOCK.stakeholder]: [ERIN],
      },
    });
    expect(submit.status).toBe(200);
    expect(submit.body).toBeNull();
    await h.settle();

    expect((await h.repos.roles.holders(1))).toMatchObject({
      commander: [BOB],
      tech_lead: [CAROL],
      comms_lead: [],
      scribe: [DAVE],
      sme: [CAROL],
      legal: [],
      stakeholder: [ERIN],
    });
    expect((await h.repos.timeline.forIncident(1)).filter((e) => e.kind.startsWith('role_')).map((e) => [e.kind, e.text])).toEqual([
      ['role_handed_over', `<@${ALICE}> handed Incident Commander to <@${BOB}>`],
      ['role_assigned', `<@${ALICE}> assigned Technical Lead to <@${CAROL}>`],
      ['role_assigned', `<@${ALICE}> assigned Scribe to <@${DAVE}>`],
      ['role_assigned', `<@${ALICE}> added <@${CAROL}> to Subject-matter experts`],
      ['role_assigned', `<@${ALICE}> added <@${ERIN}> to Stakeholders`],
    ]);
    // Alice was the commander, so this was the commander's first action.
    expect((await h.repos.incidents.byId(1))!.acknowledgedAt).toBeInstanceOf(Date);

    const room = h.sim.channels.get(channel)!;
    expect([...room.members].sort()).toEqual([ALICE, BOB, CAROL, DAVE, ERIN, 'UBOT'].sort());
    expect(room.topic).toBe(`SEV2 · Investigating · IC: <@${BOB}>`);
    const { cardTs } = (await h.repos.incidents.byId(1))!;
    const card = h.sim.messages(channel).find((m) => m.ts === cardTs)!;
    expect(JSON.stringify(card.blocks)).toContain(`*Commander*\\n<@${BOB}>`);

    const [summary, ...more] = summaries(channel);
    expect(more).toHaveLength(0);
    const text = shown(summary!);
    for (const expected of [
      `updated by <@${ALICE}>`,
      '*Accountable (A)*',
      `Incident Commander: <@${BOB}>`,
      '*Responsible (R)*',
      `Technical Lead: <@${CAROL}>`,
      'Communications Lead: _nobody_',
      `Scribe: <@${DAVE}>`,
      '*Consulted (C)*',
      `Subject-matter experts: <@${CAROL}>`,
      '*Informed (I)*',
      `Stakeholders: <@${ERIN}>`,
      `<@${ALICE}> handed Incident Commander to <@${BOB}>`,
    ]) {
      expect(text).toContain(expected);
    }

    const bobDm = dmsTo(BOB);
    expect(bobDm).toHaveLength(1);
    const bobText = shown(bobDm[0]!);
    expect(bobText).toContain('Incident Commander');
    expect(bobText).toContain('Accountable');
    expect(bobText).toContain('single decision maker');
    expect(bobText).toContain('every 1 h');
    expect(bobText).toContain(`<#${channel}>`);
    expect(bobText).toContain('INC-1');
    // One DM per person, naming every role they gained.
    const carolDm = dmsTo(CAROL);
    expect(carolDm).toHaveLength(1);
    expect(shown(carolDm[0]!)).toContain('Technical Lead');
    expect(shown(carolDm[0]!)).toContain('Subject-matter experts');
    expect(shown(dmsTo(ERIN)[0]!)).toContain('No action is needed');
    // The actor made the change and is not messaged about it; her one DM is from declaring (she was the first commander).
    expect(dmsTo(ALICE).map(shown)).toEqual([expect.stringContaining('You hold a role in *INC-1')]);
    expect(h.sim.problems).toEqual([]);
    expect(h.logs.filter((l) => / (warn|error) /.test(l))).toEqual([]);

    // Reopened, the form shows the new holders.
    await openRoles(ALICE, channel);
    expect(block(ROLES_BLOCK.commander).element!.initial_user).toBe(BOB);
    expect(block(ROLES_BLOCK.tech_lead).element!.initial_user).toBe(CAROL);
    expect(block(ROLES_BLOCK.sme).element!.initial_users).toEqual([CAROL]);
    expect(block(ROLES_BLOCK.stakeholder).element!.initial_users).toEqual([ERIN]);
  });

  it('opens from the card button, and removing a holder ends their assignment', async () => {
    const channel = await start();
    await command(ALICE, channel, `assign tech @bob`);
    const cardTs = (await h.repos.incidents.byId(1))!.cardTs!;
    h.sim.reset();
    const click = await h.sim.clickButton({ user: ALICE, channel, messageTs: cardTs, actionId: ACTION.cardAssignRoles });
    expect(click.status).toBe(200);
    await waitFor(() => h.sim.callsTo('views.open').length === 1, 'views.open');
    expect(h.sim.calls[0]!.method).toBe('views.open');
    expect(block(ROLES_BLOCK.tech_lead).element!.initial_user).toBe(BOB);

    await h.sim.submitView({ user: ALICE, values: { [ROLES_BLOCK.tech_lead]: null } });
    await h.settle();
    expect((await h.repos.roles.holders(1)).tech_lead).toEqual([]);
    const tech = (await h.repos.roles.history(1)).filter((r) => r.role === 'tech_lead');
    expect(tech).toHaveLength(1);
    expect(tech[0]).toMatchObject({ userId: BOB, assignedBy: ALICE, endedBy: ALICE });
    expect(tech[0]!.endedAt).toBeInstanceOf(Date);
    expect((await h.repos.timeline.forIncident(1)).at(-1)!.text).toBe(`<@${ALICE}> removed <@${BOB}> as Technical Lead`);
    // The commander did not change: card and topic are left alone.
    expect(h.sim.callsTo('conversations.setTopic')).toHaveLength(0);
  });

  it('refuses the bot as a role holder inside the form and stores nothing', async () => {
    const channel = await start();
    await openRoles(ALICE, channel);
    const answer = await h.sim.submitView({ user: ALICE, values: { [ROLES_BLOCK.commander]: 'UBOT' } });
    expect(answer.body).toEqual({ response_action: 'errors', errors: { [ROLES_BLOCK.commander]: expect.stringContaining("can't hold a role myself") } });
    expect((await h.repos.roles.history(1))).toHaveLength(1);
    const multi = await h.sim.submitView({ user: ALICE, values: { [ROLES_BLOCK.stakeholder]: [ERIN, 'UBOT'] } });
    expect(multi.body.errors).toHaveProperty(ROLES_BLOCK.stakeholder);
    expect((await h.repos.roles.history(1))).toHaveLength(1);
  });
});

describe('hand-overs and history', () => {
  it('hands the commander over twice and keeps every holder with from, to and by', async () => {
    const channel = await start();
    await openRoles(ALICE, channel);
    await h.sim.submitView({ user: ALICE, values: { [ROLES_BLOCK.commander]: BOB } });
    await h.settle();
    const acknowledgedAt = (await h.repos.incidents.byId(1))!.acknowledgedAt;
    expect(acknowledgedAt).toBeInstanceOf(Date);

    // Bob, now commander, hands over with the quick form.
    const answer = await command(BOB, channel, `assign commander @carol`);
    expect(answer.body.text).toContain(`<@${BOB}> handed Incident Commander to <@${CAROL}>`);

    const rows = (await commanderHistory());
    expect(rows.map((r) => ({ user: r.userId, by: r.assignedBy, endedBy: r.endedBy }))).toEqual([
      { user: ALICE, by: ALICE, endedBy: ALICE },
      { user: BOB, by: ALICE, endedBy: BOB },
      { user: CAROL, by: BOB, endedBy: null },
    ]);
    expect(rows[0]!.endedAt).toEqual(rows[1]!.startedAt);
    expect(rows[1]!.endedAt).toEqual(rows[2]!.startedAt);
    expect(rows[2]!.endedAt).toBeNull();
    expect((await h.repos.incidents.commanderOf(1))).toBe(CAROL);
    expect((await h.repos.timeline.forIncident(1)).filter((e) => e.kind === 'role_handed_over').map((e) => [e.text, e.data])).toEqual([
      [`<@${ALICE}> handed Incident Commander to <@${BOB}>`, { role: 'commander', raci: 'A', change: 'handed_over', from: ALICE, to: BOB }],
      [`<@${BOB}> handed Incident Commander to <@${CAROL}>`, { role: 'commander', raci: 'A', change: 'handed_over', from: BOB, to: CAROL }],
    ]);
    // Acknowledged once, by the first commander action; later actions do not move it.
    expect((await h.repos.incidents.byId(1))!.acknowledgedAt).toEqual(acknowledgedAt);

    expect(h.sim.channels.get(channel)!.topic).toBe(`SEV2 · Investigating · IC: <@${CAROL}>`);
    const { cardTs } = (await h.repos.incidents.byId(1))!;
    const card = h.sim.messages(channel).find((m) => m.ts === cardTs)!;
    expect(JSON.stringify(card.blocks)).toContain(`<@${CAROL}>`);
    const list = await command(DAVE, general().id, 'list');
    expect(JSON.stringify(list.body.blocks)).toContain(`IC <@${CAROL}>`);
    expect(summaries(channel)).toHaveLength(2);
    expect(shown(dmsTo(CAROL)[0]!)).toContain(`<@${BOB}> gave you a role`);
  });
});

describe('who may change roles', () => {
  it('refuses /incident roles and assign from anyone but the commander, declarer or an admin', async () => {
    const channel = await start();
    const roles = await command(DAVE, channel, 'roles');
    expect(roles.body.response_type).toBe('ephemeral');
    expect(roles.body.text).toContain('Only the commander, the declarer or a war-room admin can change roles');
    expect(roles.body.text).toContain(`<@${ALICE}>`);
    expect(h.sim.callsTo('views.open')).toHaveLength(0);

    const assign = await command(DAVE, channel, `assign tech @dave`);
    expect(assign.body.text).toContain('Only the commander, the declarer or a war-room admin can change roles');
    expect((await h.repos.roles.history(1))).toHaveLength(1);
    // The declaration invited Alice, and Slack said so; the refusal added nothing.
    expect((await h.repos.timeline.forIncident(1)).map((e) => e.kind)).toEqual(['declared', 'member_joined']);

    const click = await h.sim.clickButton({ user: DAVE, channel, messageTs: (await h.repos.incidents.byId(1))!.cardTs!, actionId: ACTION.cardAssignRoles });
    expect(click.status).toBe(200);
    await waitFor(() => h.sim.ephemerals.find((e) => e.user === DAVE && e.via === 'response_url'), 'refusal');
    expect(h.sim.ephemerals.find((e) => e.user === DAVE && e.via === 'response_url')!.text).toContain('Only the commander, the declarer or a war-room admin can change roles');
    expect(h.sim.callsTo('views.open')).toHaveLength(0);
  });

  it('re-checks permission on submit: a commander who lost the role meanwhile is refused', async () => {
    const channel = await start();
    await command(ALICE, channel, `assign commander @bob`);
    await openRoles(BOB, channel);
    const bobsForm = h.sim.lastView()!.id;
    // Alice, the declarer, moves the commander role on while Bob's form is open.
    await command(ALICE, channel, `assign commander @carol`);
    const answer = await h.sim.submitView({ user: BOB, viewId: bobsForm, values: { [ROLES_BLOCK.tech_lead]: DAVE } });
    expect(answer.body.response_action).toBe('errors');
    expect(answer.body.errors[ROLES_BLOCK.commander]).toContain('Only the commander, the declarer or a war-room admin can change roles');
    expect((await h.repos.roles.holders(1)).tech_lead).toEqual([]);
    expect((await h.repos.incidents.commanderOf(1))).toBe(CAROL);
  });

  it('refuses a stale form instead of undoing a change made meanwhile', async () => {
    const channel = await start();
    await openRoles(ALICE, channel);
    const form = h.sim.lastView()!.id;
    await command(ALICE, channel, `assign scribe @dave`);
    const answer = await h.sim.submitView({ user: ALICE, viewId: form, values: { [ROLES_BLOCK.tech_lead]: BOB } });
    expect(answer.body.errors[ROLES_BLOCK.commander]).toContain('changed the roles of INC-1 while this form was open');
    expect((await h.repos.roles.holders(1))).toMatchObject({ scribe: [DAVE], tech_lead: [] });
  });

  it('lets a WARROOM_ADMINS user change roles on any incident', async () => {
    const channel = await start({ env: { WARROOM_ADMINS: DAVE } });
    const answer = await command(DAVE, channel, `assign commander @erin`);
    expect(answer.body.text).toContain(`<@${DAVE}> handed Incident Commander from <@${ALICE}> to <@${ERIN}>`);
    expect((await h.repos.incidents.commanderOf(1))).toBe(ERIN);
    // An admin acting is not the commander acting.
    expect((await h.repos.incidents.byId(1))!.acknowledgedAt).toBeNull();
  });
});

describe('/incident assign', () => {
  it('assigns, adds to multi-holder roles, and explains bad input', async () => {
    const channel = await start();
    const tech = await command(ALICE, channel, `assign tech @bob`);
    expect(tech.body.response_type).toBe('ephemeral');
    expect(tech.body.text).toContain(`<@${ALICE}> assigned Technical Lead to <@${BOB}>`);
    expect(h.sim.channels.get(channel)!.members.has(BOB)).toBe(true);
    expect(shown(dmsTo(BOB)[0]!)).toContain('Technical Lead');
    expect(shown(summaries(channel).at(-1)!)).toContain(`Technical Lead: <@${BOB}>`);

    await command(ALICE, channel, `assign sme @carol`);
    await command(ALICE, channel, `assign sme @dave @carol`);
    expect((await h.repos.roles.holders(1)).sme).toEqual([CAROL, DAVE]);

    const again = await command(ALICE, channel, `assign sme @carol`);
    expect(again.body.text).toContain('Nothing to change');
    expect(summaries(channel)).toHaveLength(3);

    for (const [text, message] of [
      ['assign commander @incident-bot', "can't hold a role myself"],
      ['assign commander @deploybot', "can't hold a role"],
      // Slack turns a typed @name into a mention only for someone it knows.
      ['assign tech @nobody', 'Mention the person with @'],
      ['assign janitor @bob', "I don't know the role `janitor`"],
      ['assign', 'Usage: `/incident assign'],
      ['assign tech @bob @carol', 'held by one person at a time'],
    ]) {
      const answer = await command(ALICE, channel, text);
      expect(answer.body.text).toContain(message);
    }
    expect((await h.repos.incidents.commanderOf(1))).toBe(ALICE);
  });

  it('records a role for a user Slack rejects, invites the others and reports who is missing', async () => {
    const channel = await start();
    h.sim.addUser({ id: 'U_GONE', name: 'gone', deleted: true });
    await openRoles(ALICE, channel);
    await h.sim.submitView({ user: ALICE, values: { [ROLES_BLOCK.sme]: ['U_GONE', CAROL], [ROLES_BLOCK.legal]: [DAVE] } });
    await h.settle();

    const room = h.sim.channels.get(channel)!;
    expect(room.members.has(CAROL)).toBe(true);
    expect(room.members.has(DAVE)).toBe(true);
    expect(room.members.has('U_GONE')).toBe(false);
    expect((await h.repos.roles.holders(1)).sme).toEqual(['U_GONE', CAROL]);

    const summary = shown(summaries(channel).at(-1)!);
    expect(summary).toContain('Could not invite <@U_GONE>');
    expect(summary).toContain('user_not_found');
    expect(dmsTo('U_GONE')).toHaveLength(0);
    expect(dmsTo(CAROL)).toHaveLength(1);

    // The quick form reports it the same way, in the summary everyone in the war room sees.
    // A deactivated user is not offered by Slack's autocomplete; typed out as a mention it still arrives as one.
    await command(ALICE, channel, 'assign stakeholder <@U_GONE>');
    expect(shown(summaries(channel).at(-1)!)).toContain('Could not invite <@U_GONE>');
  });
});

describe('outside an incident channel', () => {
  it('says roles and assign work only in an incident channel, and lists them in help', async () => {
    await start();
    const roles = await command(ALICE, general().id, 'roles');
    expect(roles.body.response_type).toBe('ephemeral');
    expect(roles.body.text).toContain('`/incident roles` works inside an incident channel');
    const assign = await command(ALICE, general().id, `assign tech @bob`);
    expect(assign.body.text).toContain('`/incident assign` works inside an incident channel');
    expect(h.sim.callsTo('views.open')).toHaveLength(0);
    expect((await h.repos.roles.history(1))).toHaveLength(1);

    const help = await command(ALICE, general().id, 'help');
    expect(help.body.text).toContain('/incident roles');
    expect(help.body.text).toContain('/incident assign');
  });
});

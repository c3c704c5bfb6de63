import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, RESOLVE_BLOCK, UPDATE_BLOCK } from '../../src/slack/ids';
import type { SimMessage } from '../../src/slack-sim/types';
import { startHarness, waitFor, type Harness } from '../support/harness';

/*
 * Status updates, reminders on a cadence, the commander's acknowledgement and the live feed in
 * #incidents, over signed HTTP against the simulator. The cadences are real ones (SEV1 every
 * 30 minutes, five minutes to acknowledge); the test moves the app's clock on (`h.advance`) instead
 * of waiting, so it also sees that nothing happens a minute early.
 */

const MINUTE = 60_000;

const ALICE = 'U_ALICE';
const BOB = 'U_BOB';
const CAROL = 'U_CAROL';
const DAVE = 'U_DAVE';

let h: Harness;
let general: string;

beforeAll(async () => {
  h = await startHarness({ env: { UPDATE_CADENCE: 'sev1=30m,sev2=1h,sev3=1h,sev4=1d', ACK_TIMEOUT: '5m', WARROOM_ADMINS: DAVE } });
  general = h.sim.createChannel('general', { members: [ALICE, BOB, CAROL, DAVE] }).id;
});
afterAll(async () => {
  expect(h.sim.problems).toEqual([]);
  await h.stop();
});

/** Declares through the fast path and returns the new incident. */
async function declare(text: string, user = ALICE) {
  const before = (await h.repos.incidents.listOpen()).map((i) => i.id);
  const answer = await h.sim.sendCommand({ user, channel: general, text: `declare ${text}` });
  expect(answer.status).toBe(200);
  await h.settle();
  const created = (await h.repos.incidents.listOpen()).find((i) => !before.includes(i.id));
  expect(created, JSON.stringify(answer.body)).toBeDefined();
  for (const u of [BOB, CAROL, DAVE]) h.sim.channels.get(created!.channelId!)!.members.add(u);
  return created!;
}

async function command(channel: string, text: string, user = ALICE) {
  const answer = await h.sim.sendCommand({ user, channel, text });
  await h.settle();
  return answer;
}

async function postUpdate(channel: string, user: string, values: Record<string, unknown>) {
  const opened = h.sim.callsTo('views.open').length;
  const answer = await h.sim.sendCommand({ user, channel, text: 'update' });
  expect(answer.status).toBe(200);
  await waitFor(() => h.sim.callsTo('views.open').length > opened, 'status update form');
  const submitted = await h.sim.submitView({ user, values });
  await h.settle();
  return submitted;
}

const botMessages = (channel: string) => h.sim.messages(channel).filter((m) => m.user === 'UBOT');
const shown = (m: SimMessage | undefined) => (m ? `${m.text}\n${JSON.stringify(m.blocks ?? [])}` : '');
const dmsTo = (user: string) => {
  const im = [...h.sim.channels.values()].find((c) => c.isIm && c.imUser === user);
  return im ? h.sim.messages(im.id) : [];
};
const reminders = (channel: string) => botMessages(channel).filter((m) => /status update for INC-\d+ is (due|overdue)/.test(m.text));
const announcementOf = async (incidentId: number) => {
  const feed = (await h.repos.comms.get(incidentId))!;
  const all = h.sim.messages(h.incidentsChannel!.id);
  return { feed, message: all.find((m) => m.ts === feed.announcementTs)!, thread: all.filter((m) => m.threadTs === feed.announcementTs && m.ts !== feed.announcementTs) };
};

describe('/incident update', () => {
  it('posts and pins the update, replaces the previous pin, threads it in #incidents, DMs the Informed, records it; Communications in the post-mortem', async () => {
    const incident = await declare('sev3 Ranking model drifts for new users');
    const channel = incident.channelId!;
    await command(channel, `assign comms <@${BOB}>`);
    await command(channel, `assign stakeholder <@${CAROL}>`);

    // Someone without a Responsible role is told who can, and nothing opens.
    const refused = await h.sim.sendCommand({ user: CAROL, channel, text: 'update' });
    expect(refused.body.text).toContain('Only the commander, a responsible role (technical lead, communications lead, scribe) or a war-room admin can post a status update');
    expect(refused.body.text).toContain(`<@${ALICE}>`);

    const first = await postUpdate(channel, ALICE, {
      [UPDATE_BLOCK.currentStatus]: 'Drift confirmed in the new-user cohort; <!channel> & friends unaffected.',
      [UPDATE_BLOCK.doingNow]: 'Rolling back to ranker-v7.',
      [UPDATE_BLOCK.needs]: 'A data engineer for the feature store.',
      [UPDATE_BLOCK.executiveSummary]: 'New users saw worse rankings for two hours; a rollback is under way.',
    });
    expect(first.body).toBeNull();
    const posted1 = botMessages(channel).find((m) => m.text.includes('Status update #1'))!;
    expect(shown(posted1)).toContain('Rolling back to ranker-v7.');
    expect(shown(posted1)).toContain('A data engineer for the feature store.');
    // Typed text is shown, never broadcast.
    expect(shown(posted1)).toContain('&lt;!channel&gt; &amp; friends');
    expect(posted1.pinned).toBe(true);

    const { thread } = await announcementOf(incident.id);
    expect(thread.some((m) => shown(m).includes('Status update #1') && shown(m).includes('Ranking model drifts for new users'))).toBe(true);
    const dm1 = dmsTo(CAROL).find((m) => m.text.includes('Status update #1'))!;
    expect(shown(dm1)).toContain('New users saw worse rankings');
    expect(shown(dm1)).toContain(ACTION.muteUpdates);
    const entries = (await h.repos.timeline.forIncident(incident.id)).filter((e) => e.kind === 'status_update');
    expect(entries.map((e) => [e.text, e.actorId, e.messageTs])).toEqual([[expect.stringContaining('Drift confirmed'), ALICE, posted1.ts]]);

    // The card's Post update button opens the same form for the communications lead.
    const opened = h.sim.callsTo('views.open').length;
    await h.sim.clickButton({ user: BOB, channel, messageTs: incident.cardTs!, actionId: ACTION.postUpdate });
    await waitFor(() => h.sim.callsTo('views.open').length > opened, 'form from the card');
    await h.sim.submitView({ user: BOB, values: { [UPDATE_BLOCK.currentStatus]: 'Rolled back; rankings back to normal.', [UPDATE_BLOCK.nextUpdate]: String(30 * 60_000) } });
    await h.settle();
    const posted2 = botMessages(channel).find((m) => m.text.includes('Status update #2'))!;
    expect(posted2.pinned).toBe(true);
    expect(h.sim.messages(channel).find((m) => m.ts === posted1.ts)!.pinned).toBe(false);
    const card = h.sim.messages(channel).find((m) => m.ts === incident.cardTs)!;
    expect(card.pinned).toBe(true);
    expect((await h.repos.comms.get(incident.id))!.nextUpdateDueAt!.getTime() - (await h.repos.comms.lastUpdate(incident.id))!.postedAt.getTime()).toBe(30 * 60_000);

    // Carol mutes: the next update reaches the channel and the thread, not her DMs.
    await h.sim.clickButton({ user: CAROL, channel: dm1 && [...h.sim.channels.values()].find((c) => c.isIm && c.imUser === CAROL)!.id, messageTs: dm1.ts, actionId: ACTION.muteUpdates });
    await h.settle();
    expect(await h.repos.comms.mutedUsers(incident.id)).toEqual([CAROL]);
    await postUpdate(channel, BOB, { [UPDATE_BLOCK.currentStatus]: 'Monitoring for an hour.' });
    expect(botMessages(channel).some((m) => m.text.includes('Status update #3'))).toBe(true);
    expect(dmsTo(CAROL).filter((m) => m.text.includes('Status update'))).toHaveLength(2);

    // The post-mortem's Communications section lists what was posted, with authors and gaps.
    await h.resolve(channel, ALICE);
    await command(channel, 'postmortem');
    const draft = (await h.repos.postmortem.latestDraft(incident.id))!.markdown;
    const section = draft.slice(draft.indexOf('## Communications'), draft.indexOf('## Roles and RACI'));
    const updates = await h.repos.comms.updates(incident.id);
    expect(updates.map((u) => u.postedBy)).toEqual([ALICE, BOB, BOB]);
    const rows = section.split('\n').filter((l) => /^\| \d /.test(l));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^\| 1 \| \d\d:\d\d \| Alice Archer \| Drift confirmed in the new-user cohort; &lt;!channel&gt; & friends unaffected\. \|$/);
    expect(rows[1]).toMatch(/^\| 2 \| \d\d:\d\d \| Bob \w+ \| Rolled back; rankings back to normal\. \|$/);
    expect(rows[2]).toMatch(/^\| 3 \| \d\d:\d\d \| Bob \w+ \| Monitoring for an hour\. \|$/);
    expect(section).toContain('**Time to first update:** ');
    expect(section).toMatch(/\*\*Longest gap:\*\* .* \(within the SEV3 cadence of 1 h\)/);
  });
});

describe('reminders on the severity cadence', () => {
  it('remind the communications lead when due, the commander too when twice overdue; snooze works; they stop at resolution', async () => {
    const incident = await declare('sev1 Chatbot gives unsafe dosing advice');
    const channel = incident.channelId!;
    await command(channel, `assign comms <@${BOB}>`);

    // SEV1: an update every 30 minutes from the declaration; not a minute early.
    await h.advance(29 * MINUTE);
    expect(reminders(channel)).toEqual([]);
    await h.advance(MINUTE);
    expect(reminders(channel)).toHaveLength(1);
    const due = reminders(channel)[0]!;
    expect(due.text).toContain(`<@${BOB}> a status update for INC-${incident.id} is due`);
    expect(due.text).not.toContain(`<@${ALICE}>`);
    expect(shown(due)).toContain(ACTION.snoozeUpdate);

    // Twice the cadence without an update: the commander is named too.
    await h.advance(29 * MINUTE);
    expect(reminders(channel)).toHaveLength(1);
    await h.advance(MINUTE);
    const overdue = reminders(channel).find((m) => m.text.includes('overdue'))!;
    expect(overdue.text).toContain(`<@${BOB}> <@${ALICE}> the status update for INC-${incident.id} is overdue`);

    // Snooze: one reminder 15 minutes after the click, however often it is clicked.
    const click = async () => {
      await h.sim.clickButton({ user: BOB, channel, messageTs: due.ts, actionId: ACTION.snoozeUpdate });
      await h.settle();
    };
    await click();
    await click();
    const snoozes = (await h.repos.jobs.forIncident(incident.id)).filter((j) => j.key.startsWith(`update-snooze:${incident.id}:`));
    expect(snoozes).toHaveLength(1);
    expect(snoozes[0]!.dueAt.getTime() - h.now().getTime()).toBeGreaterThan(14 * MINUTE);
    expect(h.sim.ephemerals.filter((e) => e.user === BOB && /Snoozed|already snoozed/.test(e.text)).map((e) => e.text.split(':')[1])).toHaveLength(2);
    // When the snoozed reminder comes due it is posted, saying who snoozed it.
    await h.advance(14 * MINUTE);
    expect(reminders(channel).filter((m) => shown(m).includes(`snoozed by <@${BOB}>`))).toEqual([]);
    await h.advance(MINUTE);
    expect(reminders(channel).filter((m) => shown(m).includes(`snoozed by <@${BOB}>`))).toHaveLength(1);

    // An update re-plans; resolution stops every reminder.
    await postUpdate(channel, BOB, { [UPDATE_BLOCK.currentStatus]: 'Guardrail deployed.' });
    await h.resolve(channel, ALICE);
    const count = reminders(channel).length;
    await h.advance(3 * 60 * MINUTE);
    expect(reminders(channel)).toHaveLength(count);
    expect((await h.repos.jobs.forIncident(incident.id, ['pending'])).filter((j) => j.kind === 'updates.remind')).toEqual([]);
    expect((await h.repos.comms.get(incident.id))!.nextUpdateDueAt).toBeNull();
  });

  it('a severity change re-plans the next due time', async () => {
    const incident = await declare('sev3 Moderation model flags benign posts');
    const channel = incident.channelId!;
    expect((await h.repos.comms.get(incident.id))!.nextUpdateDueAt!.getTime() - incident.declaredAt.getTime()).toBe(60 * 60_000);
    const changedAt = h.now().getTime();
    await command(channel, 'severity sev1 flags hit a crisis helpline');
    const planned = (await h.repos.comms.get(incident.id))!.nextUpdateDueAt!.getTime();
    // From the declaration with the SEV1 cadence (30 min), not from the change.
    expect(planned - incident.declaredAt.getTime()).toBe(30 * MINUTE);
    expect(planned).toBeLessThan(changedAt + 30 * MINUTE);
    await h.advance(planned - h.now().getTime() - MINUTE);
    expect(reminders(channel)).toEqual([]);
    await h.advance(MINUTE);
    expect(reminders(channel)).toHaveLength(1);
    expect(reminders(channel)[0]!.text).toContain(`<@${ALICE}> a status update`);
    await h.resolve(channel, ALICE);
  });
});

describe('the commander acknowledges', () => {
  it('the first commander gets an Acknowledge button; acknowledging stamps acknowledged_at and nobody is chased', async () => {
    const incident = await declare('sev2 Voice assistant reads out account numbers');
    const dm = await waitFor(() => dmsTo(ALICE).find((m) => shown(m).includes(ACTION.acknowledgeCommand) && shown(m).includes(`INC-${incident.id}`)), 'commander DM');
    expect(shown(dm)).toContain('Incident Commander');
    const im = [...h.sim.channels.values()].find((c) => c.isIm && c.imUser === ALICE)!;
    await h.sim.clickButton({ user: ALICE, channel: im.id, messageTs: dm.ts, actionId: ACTION.acknowledgeCommand });
    await h.settle();
    const after = (await h.repos.incidents.byId(incident.id))!;
    expect(after.acknowledgedAt).toBeInstanceOf(Date);
    // The DM now says so instead of showing the button.
    expect(shown(h.sim.messages(im.id).find((m) => m.ts === dm.ts))).not.toContain(ACTION.acknowledgeCommand);
    await h.advance(10 * MINUTE);
    expect(botMessages(incident.channelId!).filter((m) => m.text.includes('has not acknowledged'))).toEqual([]);
    await h.resolve(incident.channelId!, ALICE);
  });

  it('a SEV1 commander who does not acknowledge: the declarer and admins are told in the channel and by DM, and can take command', async () => {
    const opened = h.sim.callsTo('views.open').length;
    await h.sim.sendCommand({ user: ALICE, channel: general, text: 'declare' });
    await waitFor(() => h.sim.callsTo('views.open').length > opened, 'declaration form');
    await h.sim.submitView({ user: ALICE, values: { title: 'Fraud model blocks all cards in Portugal', severity: 'sev1', category: 'drift', commander: BOB } });
    await h.settle();
    const incident = (await h.repos.incidents.listOpen()).at(-1)!;
    const channel = incident.channelId!;
    expect(dmsTo(BOB).some((m) => shown(m).includes(ACTION.acknowledgeCommand))).toBe(true);

    // Five minutes to acknowledge; nobody is told before.
    await h.advance(4 * MINUTE);
    expect(botMessages(channel).filter((m) => m.text.includes('has not acknowledged'))).toEqual([]);
    await h.advance(MINUTE);
    const notice = botMessages(channel).find((m) => m.text.includes('has not acknowledged'))!;
    expect(notice.text).toContain(`<@${ALICE}> <@${DAVE}> <@${BOB}> has not acknowledged command of INC-${incident.id} (SEV1)`);
    expect(shown(notice)).toContain(ACTION.takeCommand);
    const daveDm = await waitFor(() => dmsTo(DAVE).find((m) => m.text.includes(`command of INC-${incident.id}`)), 'admin DM');
    expect(dmsTo(ALICE).some((m) => m.text.includes(`command of INC-${incident.id}`))).toBe(true);
    expect(dmsTo(BOB).some((m) => m.text.includes('has not acknowledged'))).toBe(false);

    const daveIm = [...h.sim.channels.values()].find((c) => c.isIm && c.imUser === DAVE)!;
    await h.sim.clickButton({ user: DAVE, channel: daveIm.id, messageTs: daveDm.ts, actionId: ACTION.takeCommand });
    await h.settle();
    expect(await h.repos.incidents.commanderOf(incident.id)).toBe(DAVE);
    // Taking command is acting: nobody is chased about Dave.
    await h.advance(10 * MINUTE);
    expect(botMessages(channel).filter((m) => m.text.includes('has not acknowledged'))).toHaveLength(1);
    // Only once for Bob, too.
    await h.resolve(channel, DAVE);
  });

  it('a hand-over DMs the new commander with the button; their acknowledgement is their own', async () => {
    const incident = await declare('sev2 Summariser invents court rulings');
    const channel = incident.channelId!;
    await command(channel, 'status contained');
    await command(channel, `assign commander <@${CAROL}>`);
    const dm = await waitFor(() => dmsTo(CAROL).find((m) => shown(m).includes(ACTION.acknowledgeCommand) && shown(m).includes(`INC-${incident.id}`)), 'hand-over DM');
    const im = [...h.sim.channels.values()].find((c) => c.isIm && c.imUser === CAROL)!;
    // Alice's acknowledgement (by acting) stays the incident's time to acknowledge.
    const acknowledgedAt = (await h.repos.incidents.byId(incident.id))!.acknowledgedAt;
    expect(acknowledgedAt).toBeInstanceOf(Date);
    await h.sim.clickButton({ user: CAROL, channel: im.id, messageTs: dm.ts, actionId: ACTION.acknowledgeCommand });
    await h.settle();
    expect((await h.repos.comms.commanderAcks(incident.id, CAROL)).map((a) => a.via)).toEqual(['button']);
    expect((await h.repos.incidents.byId(incident.id))!.acknowledgedAt).toEqual(acknowledgedAt);
    // Alice clicking an old button is told she no longer commands.
    const aliceDm = dmsTo(ALICE).find((m) => shown(m).includes(ACTION.acknowledgeCommand) && shown(m).includes(`INC-${incident.id}`))!;
    const aliceIm = [...h.sim.channels.values()].find((c) => c.isIm && c.imUser === ALICE)!;
    await h.sim.clickButton({ user: ALICE, channel: aliceIm.id, messageTs: aliceDm.ts, actionId: ACTION.acknowledgeCommand });
    await h.settle();
    expect(h.sim.responses.some((r) => JSON.stringify(r.body).includes(`no longer the commander of INC-${incident.id}`))).toBe(true);
    await h.resolve(channel, CAROL);
  });
});

describe('the live feed in #incidents', () => {
  it('the announcement is edited after each change; downgrades, re-opens, resolution and closure are threaded under it', async () => {
    const incident = await declare('sev2 Recommender pushes gambling ads to minors');
    const channel = incident.channelId!;
    const { feed, message } = await announcementOf(incident.id);
    expect(feed.announcementChannelId).toBe(h.incidentsChannel!.id);
    expect(shown(message)).toContain('*Severity*\\nSEV2');
    expect(shown(message)).toContain('_none yet_');

    const edits = () => h.sim.callsTo('chat.update').filter((c) => (c.args as { ts?: string }).ts === feed.announcementTs).length;
    let n = edits();
    const now = async () => shown((await announcementOf(incident.id)).message);

    await command(channel, 'severity sev1 minors confirmed');
    expect(edits()).toBeGreaterThan(n);
    n = edits();
    expect(await now()).toContain('*Severity*\\nSEV1');

    await command(channel, 'status contained');
    expect(edits()).toBeGreaterThan(n);
    n = edits();
    expect(await now()).toContain('*Status*\\nContained');

    await command(channel, `assign commander <@${BOB}>`);
    expect(edits()).toBeGreaterThan(n);
    n = edits();
    expect(await now()).toContain(`*Commander*\\n<@${BOB}>`);

    await postUpdate(channel, BOB, { [UPDATE_BLOCK.currentStatus]: 'Ads paused for under-18 accounts.' });
    expect(edits()).toBeGreaterThan(n);
    n = edits();
    expect(await now()).not.toContain('_none yet_');

    await command(channel, 'severity sev2 only one campaign was involved', BOB);
    await h.resolve(channel, BOB);
    await command(channel, 'status investigating another campaign found', BOB);
    expect(await now()).toContain('*Status*\\nInvestigating');

    const opened = h.sim.callsTo('views.open').length;
    await h.sim.sendCommand({ user: BOB, channel, text: 'resolve' });
    await waitFor(() => h.sim.callsTo('views.open').length > opened, 'resolve form');
    await h.sim.submitView({ user: BOB, values: { [RESOLVE_BLOCK.summary]: 'Campaign targeting rules fixed.' } });
    await h.settle();
    await waitFor(async () => (await announcementOf(incident.id)).thread.filter((m) => m.text.includes('was resolved')).length === 2, 'second resolution reply', 10_000);
    await h.close(channel, BOB);
    expect(await now()).toContain('*Status*\\nClosed after');

    const { thread } = await announcementOf(incident.id);
    expect(thread.map((m) => m.text)).toEqual([
      expect.stringContaining(`INC-${incident.id} escalated SEV2 → SEV1 by <@${ALICE}>`),
      expect.stringContaining('Status update #1'),
      expect.stringContaining(`INC-${incident.id} downgraded SEV1 → SEV2 by <@${BOB}>`),
      expect.stringContaining(`INC-${incident.id} was resolved by <@${BOB}> after`),
      expect.stringContaining(`INC-${incident.id} was re-opened by <@${BOB}>: Resolved → Investigating`),
      expect.stringContaining(`INC-${incident.id} was resolved by <@${BOB}> after`),
      expect.stringContaining(`INC-${incident.id} was closed by <@${BOB}>`),
    ]);
    // The resolution from the form links its post-mortem draft.
    const linked = thread.filter((m) => m.text.includes('was resolved')).at(-1)!;
    expect(shown(linked)).toMatch(/Post-mortem draft v2/);
    expect(shown(linked)).toContain('https://');
    // The SEV1 escalation is also in the channel itself, as before.
    expect(h.sim.messages(h.incidentsChannel!.id).filter((m) => !m.threadTs && m.text.includes(`INC-${incident.id} escalated SEV2 → SEV1`))).toHaveLength(1);
  });

  it('a private incident leaks nothing: a vague announcement that is never edited, “update posted” in the thread and the DMs', async () => {
    const opened = h.sim.callsTo('views.open').length;
    await h.sim.sendCommand({ user: ALICE, channel: general, text: 'declare' });
    await waitFor(() => h.sim.callsTo('views.open').length > opened, 'declaration form');
    await h.sim.submitView({ user: ALICE, values: { title: 'Zebra payroll model exposes salaries', severity: 'sev2', category: 'privacy_leak', options: ['private'] } });
    await h.settle();
    const incident = (await h.repos.incidents.listOpen()).at(-1)!;
    expect(incident.isPrivate).toBe(true);
    const channel = incident.channelId!;
    for (const u of [BOB, CAROL]) h.sim.channels.get(channel)!.members.add(u);
    await command(channel, `assign stakeholder <@${DAVE}>`);
    const { feed } = await announcementOf(incident.id);
    const editsBefore = h.sim.callsTo('chat.update').filter((c) => (c.args as { ts?: string }).ts === feed.announcementTs).length;

    await postUpdate(channel, ALICE, { [UPDATE_BLOCK.currentStatus]: 'Salaries of the Quokka team visible to managers.', [UPDATE_BLOCK.executiveSummary]: 'Quokka exposure' });
    await command(channel, 'severity sev1 more teams affected');
    await command(channel, 'severity sev2 contained to one team');
    await h.resolve(channel, ALICE);
    await h.close(channel, ALICE);

    const { message, thread } = await announcementOf(incident.id);
    expect(shown(message)).toContain(`A private SEV2 incident (INC-${incident.id})`);
    expect(h.sim.callsTo('chat.update').filter((c) => (c.args as { ts?: string }).ts === feed.announcementTs)).toHaveLength(editsBefore);
    expect(thread.map((m) => m.text)).toEqual([
      `private incident INC-${incident.id}: update posted`,
      `A private incident (INC-${incident.id}) was escalated to SEV1.`,
      `A private incident (INC-${incident.id}) was downgraded to SEV2.`,
    ]);
    // Dave is a stakeholder, so a member: his role DM names the incident. The update DMs may not.
    const updateDms = dmsTo(DAVE).filter((m) => JSON.stringify(m.metadata ?? {}).includes('update-dm:'));
    expect(updateDms).toHaveLength(1);
    const outside = [...h.sim.messages(h.incidentsChannel!.id), ...updateDms].map(shown);
    for (const secret of ['Zebra', 'payroll', 'salaries', 'Salaries', 'Quokka', incident.channelName!]) {
      expect(outside.filter((m) => m.includes(secret))).toEqual([]);
    }
    expect(dmsTo(DAVE).some((m) => m.text === `private incident INC-${incident.id}: update posted`)).toBe(true);
  });
});

describe('duplicate declarations', () => {
  it('the fast path asks first, links the open incident and declares with one click on Declare anyway', async () => {
    const first = await declare('sev2 Support bot promises refunds it cannot give');
    const answer = await h.sim.sendCommand({ user: BOB, channel: general, text: 'declare sev2 the support bot promises refunds' });
    await h.settle();
    expect(answer.body.text).toContain('Nothing declared yet');
    expect(JSON.stringify(answer.body.blocks)).toContain(`<#${first.channelId}>`);
    expect(JSON.stringify(answer.body.blocks)).toContain(`INC-${first.id}`);
    const open = (await h.repos.incidents.listOpen()).length;
    const warning = h.sim.ephemerals.filter((e) => e.user === BOB).at(-1)!;
    await h.sim.clickButton({ user: BOB, channel: general, messageTs: warning.ts, actionId: ACTION.declareAnyway });
    await h.settle();
    const all = await h.repos.incidents.listOpen();
    expect(all).toHaveLength(open + 1);
    expect(all.at(-1)).toMatchObject({ title: 'the support bot promises refunds', severity: 'sev2', declaredBy: BOB });
  });

  it('the form shows the match above its inputs and declares on the next submit', async () => {
    const first = await declare('sev3 Translation model swaps negations');
    const opened = h.sim.callsTo('views.open').length;
    await h.sim.sendCommand({ user: BOB, channel: general, text: 'declare' });
    await waitFor(() => h.sim.callsTo('views.open').length > opened, 'declaration form');
    const values = { title: 'Translation model swaps negations in German', severity: 'sev3', category: 'hallucination' };
    const warned = await h.sim.submitView({ user: BOB, values });
    expect(warned.body.response_action).toBe('update');
    expect(JSON.stringify(warned.body.view.blocks[0])).toContain(`<#${first.channelId}>`);
    expect(warned.body.view.submit.text).toBe('Declare anyway');
    const open = (await h.repos.incidents.listOpen()).length;
    const declared = await h.sim.submitView({ user: BOB, values });
    expect(declared.body).toBeNull();
    await h.settle();
    expect(await h.repos.incidents.listOpen()).toHaveLength(open + 1);
  });

  it('a private incident is named to a non-member by number and severity only', async () => {
    const opened = h.sim.callsTo('views.open').length;
    await h.sim.sendCommand({ user: ALICE, channel: general, text: 'declare' });
    await waitFor(() => h.sim.callsTo('views.open').length > opened, 'declaration form');
    await h.sim.submitView({ user: ALICE, values: { title: 'Okapi model leaks prompts', severity: 'sev1', category: 'privacy_leak', options: ['private'] } });
    await h.settle();
    const secret = (await h.repos.incidents.listOpen()).at(-1)!;
    const answer = await h.sim.sendCommand({ user: CAROL, channel: general, text: 'declare sev1 Okapi model leaks prompts' });
    // What Carol is shown (the Declare anyway button carries only her own title).
    const said = `${answer.body.text} ${JSON.stringify(answer.body.blocks[0])}`;
    expect(said).toContain(`INC-${secret.id}*: a private SEV1 incident`);
    expect(said).not.toMatch(/Okapi|leaks prompts|okapi/);
    expect(said).not.toContain(secret.channelId!);
    // The declarer sees their own private incident in full.
    const own = await h.sim.sendCommand({ user: ALICE, channel: general, text: 'declare sev1 Okapi model leaks prompts' });
    expect(JSON.stringify(own.body.blocks)).toContain(`<#${secret.channelId}>`);
    await h.settle();
  });
});

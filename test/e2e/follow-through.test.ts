import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, ACTION_BLOCK, ANALYSIS_BLOCK, CLOSE_BLOCK, RESOLVE_BLOCK } from '../../src/slack/ids';
import { startHarness, waitFor, type Harness } from '../support/harness';

const ALICE = 'U_ALICE';
const BOB = 'U_BOB';
const CAROL = 'U_CAROL';

let h: Harness;
let general: string;

beforeAll(async () => {
  h = await startHarness();
  general = h.sim.createChannel('general', { members: [ALICE, BOB, CAROL] }).id;
});
afterAll(async () => {
  await h?.stop();
});

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: { action_id?: string; text?: { text: string } | string }[]; element?: { type: string } };
const viewOf = () => h.sim.lastView()!.view as { callback_id: string; title: { text: string }; submit?: { text: string }; blocks: Block[] };
const inputs = () => viewOf().blocks.filter((b) => b.type === 'input');
const textOf = (blocks: Block[]) => JSON.stringify(blocks);

async function declare(title: string): Promise<{ id: number; channel: string }> {
  const before = (await h.repos.incidents.listOpen()).length;
  await h.sim.sendCommand({ user: ALICE, channel: general, text: `declare sev2 ${title}` });
  await h.settle();
  const incident = (await h.repos.incidents.listOpen())[before]!;
  return { id: incident.id, channel: incident.channelId! };
}

async function command(channel: string, text: string, user = ALICE) {
  const opened = h.sim.callsTo('views.open').length;
  const answer = await h.sim.sendCommand({ user, channel, text });
  return { answer, opened: () => h.sim.callsTo('views.open').length > opened };
}

async function form(channel: string, text: string, user = ALICE) {
  const c = await command(channel, text, user);
  await waitFor(c.opened, `form for ${text}`);
  return viewOf();
}

const drafts = async (id: number) => (await h.repos.postmortem.drafts(id)).map((d) => d.version);
const dmOf = (user: string) => [...h.sim.channels.values()].find((c) => c.isIm && c.members.has(user))?.id;
const dmTexts = (user: string) => {
  const dm = dmOf(user);
  return dm ? h.sim.messages(dm).map((m) => `${m.text} ${JSON.stringify(m.blocks ?? [])}`) : [];
};

describe('follow-through: a short resolve, the analysis after, actions that get done', () => {
  let inc: { id: number; channel: string };

  it('`/incident status resolved` opens the short resolve form; two fields resolve it and compile the first draft', async () => {
    inc = await declare('Support bot leaks other customers’ order numbers');
    await command(inc.channel, `assign scribe @bob`);
    await h.settle();
    const view = await form(inc.channel, 'status resolved Rolled back the prompt template');
    expect(view.callback_id).toBe('incident_resolve');
    // How it was stopped (prefilled from the status note), impact, resolved-at: nothing else.
    expect(inputs().map((b) => b.block_id)).toEqual([RESOLVE_BLOCK.summary, RESOLVE_BLOCK.impact, RESOLVE_BLOCK.resolvedAt]);
    expect((await h.repos.incidents.byId(inc.id))!.status).toBe('investigating');

    const answer = await h.sim.submitView({ user: ALICE, values: { [RESOLVE_BLOCK.summary]: 'Rolled back the prompt template and purged the cache.', [RESOLVE_BLOCK.impact]: 'About 40 customers saw another customer’s order number for two hours.' } });
    expect(answer.body).toBeNull();
    await h.settle();
    const incident = (await h.repos.incidents.byId(inc.id))!;
    expect(incident.status).toBe('resolved');
    expect(await drafts(inc.id)).toEqual([1]);
    const draft = (await h.repos.postmortem.latestDraft(inc.id))!.markdown;
    expect(draft).toContain('Rolled back the prompt template and purged the cache.');
    expect(draft).toContain('TODO (owner: tech lead): describe the underlying cause');
    // The channel hears it, and the card now offers the analysis.
    const card = h.sim.messages(inc.channel).find((m) => m.ts === incident.cardTs)!;
    expect(JSON.stringify(card.blocks)).toContain(ACTION.cardAnalysis);
  });

  it('the analysis is written in two sittings by the scribe and the commander, each producing a draft version', async () => {
    // Sitting 1: the scribe opens the analysis, saves the root cause, and stops.
    const first = await form(inc.channel, 'analysis', BOB);
    expect(first.callback_id).toBe('incident_analysis');
    expect(first.blocks.length).toBeLessThan(30);
    expect(inputs().map((b) => b.block_id)).toContain(ANALYSIS_BLOCK.rootCause);
    const saved = await h.sim.submitView({
      user: BOB,
      values: {
        [ANALYSIS_BLOCK.trigger]: 'A template change merged two customers’ context windows.',
        [ANALYSIS_BLOCK.rootCause]: 'Template changes reached production without an isolation test.',
        [ANALYSIS_BLOCK.why(1)]: 'The answer quoted another customer’s order.',
        [ANALYSIS_BLOCK.why(2)]: 'Two sessions shared one context.',
      },
    });
    // The form moves on to the next part in place.
    expect((saved.body as { response_action: string }).response_action).toBe('update');
    expect(textOf(viewOf().blocks)).toContain('Contributing factors');
    await h.settle();
    expect(await drafts(inc.id)).toEqual([1, 2]);
    expect((await h.repos.postmortem.latestDraft(inc.id))!.markdown).toContain('Template changes reached production without an isolation test.');

    // Sitting 2: the commander opens it from the card; it starts where the gaps are.
    const incident = (await h.repos.incidents.byId(inc.id))!;
    await h.sim.clickButton({ user: ALICE, channel: inc.channel, messageTs: incident.cardTs!, actionId: ACTION.cardAnalysis });
    await waitFor(() => viewOf().callback_id === 'incident_analysis' && h.sim.lastView()!.user === ALICE, 'analysis from the card');
    expect(inputs().map((b) => b.block_id)).toContain(ANALYSIS_BLOCK.factor('process'));
    await h.sim.submitView({
      user: ALICE,
      values: { [ANALYSIS_BLOCK.factor('process')]: 'Template changes skip the release checklist.', [ANALYSIS_BLOCK.gotLucky]: 'A customer reported it within minutes.' },
    });
    await h.settle();
    expect(await drafts(inc.id)).toEqual([1, 2, 3]);
    const draft = (await h.repos.postmortem.latestDraft(inc.id))!.markdown;
    expect(draft).toContain('Template changes skip the release checklist.');
    expect(draft).toContain('Template changes reached production without an isolation test.');
    const entries = (await h.repos.timeline.forIncident(inc.id)).filter((e) => e.kind === 'analysis_saved');
    expect(entries.map((e) => e.actorId)).toEqual([BOB, ALICE]);
  });

  it('someone without a responsible role is told who may write the analysis', async () => {
    const { answer } = await command(inc.channel, 'analysis', CAROL);
    expect((answer.body as { text: string }).text).toContain('can edit the post-mortem analysis');
    expect((answer.body as { text: string }).text).toContain(`<@${ALICE}>`);
  });

  it('an action assigned in the analysis → the owner’s DM; done from the DM → timeline and the next draft', async () => {
    await form(inc.channel, 'analysis actions');
    expect(inputs().map((b) => b.block_id)).toEqual([
      ACTION_BLOCK.title,
      ACTION_BLOCK.owner,
      ACTION_BLOCK.due,
      ACTION_BLOCK.measure,
      ACTION_BLOCK.severity,
      ACTION_BLOCK.occurrence,
      ACTION_BLOCK.detection,
    ]);
    const added = await h.sim.submitView({
      user: ALICE,
      values: {
        [ACTION_BLOCK.title]: 'Add a session-isolation test to the template pipeline',
        [ACTION_BLOCK.owner]: CAROL,
        [ACTION_BLOCK.due]: '2099-01-15',
        [ACTION_BLOCK.measure]: 'A template that mixes sessions fails CI',
        [ACTION_BLOCK.severity]: '8',
        [ACTION_BLOCK.occurrence]: '4',
        [ACTION_BLOCK.detection]: '7',
      },
    });
    expect((added.body as { response_action: string }).response_action).toBe('update');
    expect(textOf(viewOf().blocks)).toContain('Add a session-isolation test');
    await h.settle();

    const dm = await waitFor(() => dmOf(CAROL), 'DM to the owner');
    const assigned = h.sim.messages(dm).find((m) => m.text.includes('You own a corrective action'))!;
    expect(JSON.stringify(assigned.blocks)).toContain('RPN *224* (8×4×7)');
    expect(JSON.stringify(assigned.blocks)).toContain(ACTION.actionDone);

    await h.sim.clickButton({ user: CAROL, channel: dm, messageTs: assigned.ts, actionId: ACTION.actionDone });
    await h.settle();
    const [action] = await h.repos.postmortem.actions(inc.id);
    expect(action).toMatchObject({ status: 'done', ownerId: CAROL });
    expect(action!.doneAt).toBeInstanceOf(Date);
    // The DM shows the new state in place: no Done button any more.
    const updated = h.sim.messages(dm).find((m) => m.ts === assigned.ts)!;
    expect(JSON.stringify(updated.blocks)).toContain('Done');
    expect(JSON.stringify(updated.blocks)).not.toContain(ACTION.actionDone);
    const entry = (await h.repos.timeline.forIncident(inc.id)).filter((e) => e.kind === 'corrective_action').at(-1)!;
    expect(entry).toMatchObject({ actorId: CAROL, text: 'Corrective action marked done: Add a session-isolation test to the template pipeline' });

    await command(inc.channel, 'postmortem');
    await h.settle();
    const draft = (await h.repos.postmortem.latestDraft(inc.id))!.markdown;
    expect(draft).toContain('| 1 | Add a session-isolation test to the template pipeline | Carol Chen | 2099-01-15 | A template that mixes sessions fails CI | **224** (8×4×7) | Done |');
    expect(draft).toContain('Corrective action marked done');
  });

  it('`/incident actions` lists the incident’s actions with their controls; reassign goes through a form and DMs the new owner', async () => {
    const { answer } = await command(inc.channel, 'actions');
    const body = answer.body as { text: string; blocks: Block[] };
    expect(body.text).toBe(`Corrective actions of INC-${inc.id}`);
    expect(JSON.stringify(body.blocks)).toContain(ACTION.actionReassign);
    const [action] = await h.repos.postmortem.actions(inc.id);
    const eph = h.sim.ephemerals.at(-1)!;
    // Done earlier: the menu re-opens it (an owner is only told about actions still to do).
    await h.sim.selectOption({ user: ALICE, channel: inc.channel, messageTs: eph.ts, actionId: ACTION.actionMore, value: `open:${action!.id}` });
    await h.settle();
    expect((await h.repos.followup.actionById(action!.id))!.status).toBe('open');
    await h.sim.clickButton({ user: ALICE, channel: inc.channel, messageTs: eph.ts, actionId: ACTION.actionReassign });
    await waitFor(() => viewOf().callback_id === 'corrective_action', 'reassign form');
    await h.sim.submitView({ user: ALICE, values: { [ACTION_BLOCK.owner]: BOB } });
    await h.settle();
    expect((await h.repos.followup.actionById(action!.id))!.ownerId).toBe(BOB);
    expect((await h.repos.timeline.forIncident(inc.id)).at(-1)!.text).toBe(`Corrective action reassigned to <@${BOB}>: Add a session-isolation test to the template pipeline`);
    expect(dmTexts(BOB).some((t) => t.includes('You own a corrective action'))).toBe(true);
  });

  it('`/incident close` with an empty analysis warns and asks for a confirmation; the review date schedules the commander’s reminder', async () => {
    const other = await declare('Recommender shows adult content to teen accounts');
    await form(other.channel, 'resolve');
    await h.sim.submitView({ user: ALICE, values: { [RESOLVE_BLOCK.summary]: 'Turned on the strict filter for all teen accounts.' } });
    await h.settle();

    const view = await form(other.channel, 'close');
    expect(view.callback_id).toBe('incident_close');
    expect(textOf(view.blocks)).toContain('missing the root cause and corrective actions');
    expect(view.submit!.text).toBe('Close anyway');
    expect((await h.repos.incidents.byId(other.id))!.status).toBe('resolved');

    await h.sim.submitView({ user: ALICE, values: { [CLOSE_BLOCK.reviewDate]: '2099-03-10' } });
    await h.settle();
    expect((await h.repos.incidents.byId(other.id))!.status).toBe('closed');
    expect(await h.repos.followup.review(other.id)).toMatchObject({ reviewDate: '2099-03-10', setBy: ALICE });
    const reminder = await h.repos.jobs.byKey(`review:${other.id}:2099-03-10`);
    expect(reminder).toMatchObject({ kind: 'postmortem.review_reminder', state: 'pending' });
    expect(reminder!.dueAt.toISOString().slice(0, 10)).toBe('2099-03-09');

    // An incident whose analysis has a root cause and an action closes without the warning.
    const closeView = await form(inc.channel, 'close');
    expect(textOf(closeView.blocks)).not.toContain('missing the root cause');
    expect(closeView.submit!.text).toBe('Close');
    expect(h.sim.problems).toEqual([]);
  });
});

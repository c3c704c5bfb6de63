import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION, RESOLVE_BLOCK } from '../../src/slack/ids';
import { startHarness, waitFor, type Harness } from '../support/harness';

const run = promisify(execFile);
let h: Harness;
const ALICE = 'U_ALICE';
const BOB = 'U_BOB';

afterEach(async () => {
  await h?.stop();
});

async function declared(env: Record<string, string> = {}) {
  h = await startHarness({ env });
  const general = h.sim.createChannel('general', { members: [ALICE, BOB] });
  await h.sim.sendCommand({ user: ALICE, channel: general.id, text: 'declare sev2 Hiring model downgrades one university' });
  await h.settle();
  const incident = (await h.repos.incidents.byId(1))!;
  h.sim.channels.get(incident.channelId!)!.members.add(BOB);
  return incident.channelId!;
}

async function openResolve(channel: string, user = ALICE) {
  const before = h.sim.callsTo('views.open').length;
  const answer = await h.sim.sendCommand({ user, channel, text: 'resolve' });
  await waitFor(() => h.sim.callsTo('views.open').length > before, 'resolve modal');
  return answer;
}

const fullResolution = {
  [RESOLVE_BLOCK.summary]: 'Rolled back resume-ranker to the last known-good model and enabled the fairness-aware fallback.',
  [RESOLVE_BLOCK.impact]: 'About 1,200 applicants from one university were ranked lower for 30 days.',
  [RESOLVE_BLOCK.trigger]: 'The October retrain added a feature correlated with the university.',
  [RESOLVE_BLOCK.rootCause]: 'The release gate measured only aggregate accuracy, not subgroup parity.',
  [RESOLVE_BLOCK.why(1)]: 'The model ranked graduates of one university lower.',
  [RESOLVE_BLOCK.why(2)]: 'A new feature acted as a proxy for the university.',
  [RESOLVE_BLOCK.why(3)]: 'No subgroup parity check ran before release.',
  [RESOLVE_BLOCK.factor('process')]: 'Release checklist had no fairness gate.',
  [RESOLVE_BLOCK.factor('data')]: 'Training data over-represented two universities.',
  [RESOLVE_BLOCK.wentWell]: 'Rollback took four minutes.',
  [RESOLVE_BLOCK.wentWrong]: 'Thirty days passed before anyone noticed.',
  [RESOLVE_BLOCK.gotLucky]: 'A recruiter happened to compare shortlists.',
  [RESOLVE_BLOCK.actionText(1)]: 'Add a subgroup parity gate to the release pipeline',
  [RESOLVE_BLOCK.actionOwner(1)]: BOB,
  [RESOLVE_BLOCK.actionDue(1)]: '2026-12-15',
  [RESOLVE_BLOCK.actionMeasure(1)]: 'A candidate with parity gap > 2% is blocked in CI',
  [RESOLVE_BLOCK.actionText(2)]: 'Monitor rank parity per university weekly',
};

describe('resolution and the post-mortem draft', () => {
  it('resolve modal → incident resolved, actions tracked, draft uploaded; the CLI prints the same draft', async () => {
    const channel = await declared();
    await openResolve(channel);
    const view = h.sim.lastView()!.view as { title: { text: string }; blocks: unknown[] };
    expect(view.title.text).toBe('Resolve INC-1');
    expect(view.blocks.length).toBeLessThanOrEqual(100);

    const answer = await h.sim.submitView({ user: ALICE, values: fullResolution });
    expect(answer.body).toBeNull();
    await h.settle();

    const incident = (await h.repos.incidents.byId(1))!;
    expect(incident.status).toBe('resolved');
    expect(incident.resolvedAt).toBeInstanceOf(Date);
    const actions = await h.repos.postmortem.actions(1);
    expect(actions.map((a) => [a.description, a.ownerId, a.dueDate, a.status])).toEqual([
      ['Add a subgroup parity gate to the release pipeline', BOB, '2026-12-15', 'open'],
      ['Monitor rank parity per university weekly', null, null, 'open'],
    ]);
    const topic = h.sim.channels.get(channel)!.topic;
    expect(topic).toContain('Resolved');

    const draft = (await h.repos.postmortem.latestDraft(1))!;
    expect(draft.version).toBe(1);
    const file = h.sim.files.find((f) => f.channels.includes(channel))!;
    expect(file.name).toBe('INC-1-postmortem-draft-v1.md');
    expect(file.content).toBe(draft.markdown);
    expect(draft.fileId).toBe(file.id);
    for (const expected of ['INC-1', 'Draft', 'Rolled back resume-ranker', '5 Whys', 'Process', 'Add a subgroup parity gate', 'mermaid']) {
      expect(draft.markdown).toContain(expected);
    }
    // The second action has no owner and no due date: flagged in the draft.
    expect(draft.markdown).toMatch(/no owner/i);
    const summary = h.sim.messages(channel).find((m) => m.text === 'Post-mortem draft v1 for INC-1')!;
    expect(JSON.stringify(summary.blocks)).toContain('Corrective actions:* 2');

    const cli = await run(process.execPath, ['--import', 'tsx', 'src/cli/postmortem.ts', 'INC-1'], {
      env: { PATH: process.env.PATH, DATABASE_PATH: h.dbPath },
    });
    expect(cli.stdout).toBe(file.content);
    const byChannel = await run(process.execPath, ['--import', 'tsx', 'src/cli/postmortem.ts', channel], {
      env: { PATH: process.env.PATH, DATABASE_PATH: h.dbPath },
    });
    expect(byChannel.stdout).toBe(file.content);
  });

  it('answers an empty resolution summary inside the modal', async () => {
    const channel = await declared();
    await openResolve(channel);
    // Slack itself refuses an empty required input; whitespace reaches the bot.
    const answer = await h.sim.submitView({ user: ALICE, values: { [RESOLVE_BLOCK.summary]: '   ' } });
    expect(answer.body.response_action).toBe('errors');
    expect(Object.keys(answer.body.errors)).toEqual([RESOLVE_BLOCK.summary]);
    const bad = await h.sim.submitView({
      user: ALICE,
      values: { [RESOLVE_BLOCK.summary]: 'Fixed', [RESOLVE_BLOCK.actionOwner(1)]: BOB },
    });
    expect(bad.body).toEqual({ response_action: 'errors', errors: { [RESOLVE_BLOCK.actionText(1)]: expect.stringContaining('Describe the action') } });
    expect((await h.repos.incidents.byId(1))!.status).toBe('investigating');
  });

  it('the card Resolve button opens the same form; regenerating keeps earlier versions', async () => {
    const channel = await declared();
    const incident = (await h.repos.incidents.byId(1))!;
    const click = await h.sim.clickButton({ user: ALICE, channel, messageTs: incident.cardTs!, actionId: ACTION.cardResolve });
    expect(click.status).toBe(200);
    await waitFor(() => h.sim.lastView(), 'modal');
    expect((h.sim.lastView()!.view as { callback_id: string }).callback_id).toBe('incident_resolve');
    await h.sim.submitView({ user: ALICE, values: { [RESOLVE_BLOCK.summary]: 'Disabled the feature flag.' } });
    await h.settle();
    const v1 = (await h.repos.postmortem.latestDraft(1))!;
    // Almost nothing filled in: clearly marked placeholders.
    expect(v1.markdown).toContain('TODO');

    const answer = await h.sim.sendCommand({ user: BOB, channel, text: 'postmortem' });
    expect(answer.body.text).toContain('Compiling');
    await h.settle();
    const drafts = await h.repos.postmortem.drafts(1);
    expect(drafts.map((d) => d.version)).toEqual([1, 2]);
    expect(drafts[0].markdown).toBe(v1.markdown);
    expect(h.sim.files.map((f) => f.name)).toEqual(['INC-1-postmortem-draft-v1.md', 'INC-1-postmortem-draft-v2.md']);
    expect(h.sim.messages(channel).some((m) => m.text === 'Post-mortem draft v2 for INC-1')).toBe(true);
  });

  it('close needs a resolved incident, then closes and archives when ARCHIVE_ON_CLOSE is set', async () => {
    const channel = await declared({ ARCHIVE_ON_CLOSE: 'true' });
    const early = await h.sim.sendCommand({ user: ALICE, channel, text: 'close' });
    expect(early.body.text).toContain('Only a resolved incident can be closed');
    expect((await h.repos.incidents.byId(1))!.status).toBe('investigating');

    await openResolve(channel);
    await h.sim.submitView({ user: ALICE, values: { [RESOLVE_BLOCK.summary]: 'Rolled back.' } });
    await h.settle();
    const closing = await h.sim.sendCommand({ user: ALICE, channel, text: 'close' });
    expect(closing.status).toBe(200);
    await h.settle();
    const incident = (await h.repos.incidents.byId(1))!;
    expect(incident.status).toBe('closed');
    expect(incident.closedAt).toBeInstanceOf(Date);
    expect(h.sim.channels.get(channel)!.archived).toBe(true);
    expect((await h.repos.timeline.forIncident(1)).map((e) => e.kind)).toEqual(expect.arrayContaining(['declared', 'status_changed', 'postmortem_compiled']));
  });

  it('resolve outside an incident channel says so', async () => {
    await declared();
    const answer = await h.sim.sendCommand({ user: ALICE, channel: h.sim.channelByName('general')!.id, text: 'resolve' });
    expect(answer.body.text).toContain('works inside an incident channel');
  });
});

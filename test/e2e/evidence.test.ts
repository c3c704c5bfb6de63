import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPostmortemCli } from '../../src/cli/postmortem';
import { runReportCli } from '../../src/cli/report';
import { ACTION, CALLBACK, DECLARE_BLOCK, EVIDENCE_BLOCK, SKIP_EVIDENCE_OPTION, STATUS_NOTE_BLOCK } from '../../src/slack/ids';
import { startHarness, waitFor, type Harness } from '../support/harness';

/*
 * Evidence before the system is changed (EU AI Act Art. 73(6)), over signed HTTP against the Slack
 * simulator: the first move to Contained or Mitigated of an incident the AI Act may cover opens the
 * evidence form first, whichever way the move is asked for.
 */

let h: Harness;
const ALICE = 'U_ALICE'; // declarer and commander
const BOB = 'U_BOB'; // preserves the evidence
const CAROL = 'U_CAROL'; // bystander

beforeAll(async () => {
  h = await startHarness();
  h.sim.createChannel('general', { members: [ALICE, BOB, CAROL, 'UBOT'] });
});
afterAll(async () => {
  await h.stop();
});

let declared = 0;

/** A SEV2 bias event: today's triage raises the AI Act for it. `severity`/`category` override. */
async function declare(title: string, values: Record<string, unknown> = {}) {
  await h.openForm(ALICE, h.sim.channelByName('general')!.id, `declare ${title}`);
  await h.sim.submitView({
    user: ALICE,
    values: { [DECLARE_BLOCK.severity]: 'sev2', [DECLARE_BLOCK.category]: 'bias', [DECLARE_BLOCK.harmLevel]: 'event', [DECLARE_BLOCK.harmLimb]: 'c', [DECLARE_BLOCK.commander]: ALICE, ...values },
  });
  await h.settle();
  const id = ++declared;
  const incident = (await h.repos.incidents.byId(id))!;
  await h.sim.userJoins({ user: CAROL, channel: incident.channelId!, inviter: ALICE });
  await h.settle();
  return { id, channel: incident.channelId!, cardTs: incident.cardTs! };
}

const incident = async (id: number) => (await h.repos.incidents.byId(id))!;
const kinds = async (id: number) => (await h.repos.timeline.forIncident(id)).map((e) => e.kind);
const botTexts = (channel: string) => h.sim.messages(channel).filter((m) => m.user === 'UBOT').map((m) => JSON.stringify(m.blocks ?? m.text));

/** Sends `/incident <text>` and waits for the evidence form it opens. */
async function commandOpeningEvidence(user: string, channel: string, text: string) {
  const { answer, view } = await h.openForm(user, channel, text);
  expect(answer.status).toBe(200);
  expect((view.view as { callback_id: string }).callback_id).toBe(CALLBACK.evidenceModal);
  return view;
}

const snapshot = {
  [EVIDENCE_BLOCK.modelRef]: 'mlflow://models/resume-ranker/3.2.0',
  [EVIDENCE_BLOCK.promptsRef]: 'git@configs:ranker/prod.yaml @ 4c1e9a2',
  [EVIDENCE_BLOCK.samplesRef]: 's3://evidence/ranker/samples/',
  [EVIDENCE_BLOCK.logsRef]: 's3://evidence/ranker/logs/',
  [EVIDENCE_BLOCK.preservedBy]: BOB,
};

describe('the evidence snapshot before containment', () => {
  it('/incident status contained opens the form first; submitting stores the snapshot, then the status changes', async () => {
    const { id, channel } = await declare('Ranker downgrades one university');
    await commandOpeningEvidence(ALICE, channel, 'status contained rolled back to 3.1');
    await h.settle();
    // Nothing has changed yet: the form stands before the change.
    expect((await incident(id)).status).toBe('investigating');
    expect(await kinds(id)).not.toContain('status_changed');

    const answer = await h.sim.submitView({ user: ALICE, values: snapshot });
    expect(answer.status).toBe(200);
    expect(answer.body).toBeNull();
    await h.settle();

    expect((await incident(id)).status).toBe('contained');
    const [record] = await h.repos.evidence.forIncident(id);
    expect(record).toMatchObject({
      outcome: 'preserved',
      modelRef: 'mlflow://models/resume-ranker/3.2.0',
      promptsRef: 'git@configs:ranker/prod.yaml @ 4c1e9a2',
      samplesRef: 's3://evidence/ranker/samples/',
      logsRef: 's3://evidence/ranker/logs/',
      preservedBy: BOB,
      recordedBy: ALICE,
      forStatus: 'contained',
    });
    expect(record!.digest).toMatch(/^[0-9a-f]{64}$/);
    // On the timeline, before the change it allowed; the note typed with the command is kept.
    const entries = await h.repos.timeline.forIncident(id);
    const evidence = entries.find((e) => e.kind === 'evidence_preserved')!;
    const status = entries.find((e) => e.kind === 'status_changed')!;
    expect(evidence.id).toBeLessThan(status.id);
    expect(evidence.text).toContain('mlflow://models/resume-ranker/3.2.0');
    expect(evidence.text).toContain(record!.digest);
    expect(status.data).toEqual({ from: 'investigating', to: 'contained', note: 'rolled back to 3.1' });
    expect(record!.entryId).toBe(evidence.id);
    // The channel sees the snapshot, then the move.
    const posts = botTexts(channel);
    const notice = posts.findIndex((t) => t.includes('recorded the evidence snapshot'));
    expect(notice).toBeGreaterThan(-1);
    expect(posts[notice]).toContain(`<@${BOB}>`);
    expect(posts.findIndex((t) => t.includes('moved the incident to *Contained*'))).toBeGreaterThan(notice);

    // The next move changes the system again, but the snapshot is taken: no second form.
    const opened = h.sim.callsTo('views.open').length;
    const next = await h.sim.sendCommand({ user: ALICE, channel, text: 'status mitigated' });
    await h.settle();
    expect(next.body.text).toContain('Mitigated');
    expect(h.sim.callsTo('views.open').length).toBe(opened);
    expect((await incident(id)).status).toBe('mitigated');

    const draft: string[] = [];
    await runPostmortemCli([`INC-${id}`], { ...h.dbEnv }, { out: (s) => draft.push(s), err: () => undefined });
    expect(draft.join('')).toContain('## Evidence');
    expect(draft.join('')).toContain('| Model / weights | mlflow://models/resume-ranker/3.2.0 |');
    expect(draft.join('')).toContain(`\`${record!.digest}\``);

    // The regulator's export carries the snapshot too (AI Act Art. 73(6)).
    const out: string[] = [];
    expect(await runReportCli([`INC-${id}`, '--regime', 'ai-act', '--format', 'json'], { ...h.dbEnv }, { out: (s) => out.push(s), err: () => undefined })).toBe(0);
    const exported = JSON.parse(out.join('')).evidence_preserved;
    expect(exported.changed_without_snapshot).toBe(false);
    expect(exported.records).toEqual([
      {
        outcome: 'preserved',
        recorded_at: record!.recordedAt.toISOString(),
        recorded_by: ALICE,
        before_status: 'contained',
        model_ref: 'mlflow://models/resume-ranker/3.2.0',
        prompts_ref: 'git@configs:ranker/prod.yaml @ 4c1e9a2',
        samples_ref: 's3://evidence/ranker/samples/',
        logs_ref: 's3://evidence/ranker/logs/',
        preserved_by: BOB,
        skip_reason: null,
        sha256: record!.digest,
      },
    ]);
  });

  it('the card menu opens the form too; a skip without a reason is refused inside the form; with one it is recorded loudly and flagged in the draft', async () => {
    const { id, channel, cardTs } = await declare('Ranker leaks reviewer notes');
    const opened = h.sim.callsTo('views.open').length;
    await h.sim.selectOption({ user: ALICE, channel, messageTs: cardTs, actionId: ACTION.cardStatus, value: 'mitigated' });
    await waitFor(() => h.sim.callsTo('views.open').length > opened, 'the evidence form');
    expect((h.sim.lastView()!.view as { callback_id: string }).callback_id).toBe(CALLBACK.evidenceModal);
    await h.settle();
    expect((await incident(id)).status).toBe('investigating');

    // Ticked "proceed without" but gave no reason: refused on the reason, nothing stored.
    const refused = await h.sim.submitView({ user: ALICE, values: { [EVIDENCE_BLOCK.skip]: [SKIP_EVIDENCE_OPTION] } });
    expect(refused.body).toMatchObject({ response_action: 'errors' });
    expect(Object.keys(refused.body.errors)).toEqual([EVIDENCE_BLOCK.skipReason]);
    expect(refused.body.errors[EVIDENCE_BLOCK.skipReason]).toContain('Say why');
    expect(await h.repos.evidence.forIncident(id)).toHaveLength(0);
    expect((await incident(id)).status).toBe('investigating');

    const reason = 'Applicants are being rejected right now; inference logs are retained for 30 days anyway.';
    const answer = await h.sim.submitView({ user: ALICE, values: { [EVIDENCE_BLOCK.skip]: [SKIP_EVIDENCE_OPTION], [EVIDENCE_BLOCK.skipReason]: reason } });
    expect(answer.body).toBeNull();
    await h.settle();
    expect((await incident(id)).status).toBe('mitigated');
    const [record] = await h.repos.evidence.forIncident(id);
    expect(record).toMatchObject({ outcome: 'skipped', skipReason: reason, recordedBy: ALICE, forStatus: 'mitigated', modelRef: '' });
    const skipped = (await h.repos.timeline.forIncident(id)).find((e) => e.kind === 'evidence_skipped')!;
    expect(skipped.text).toMatch(/^EVIDENCE NOT PRESERVED before the move to Mitigated \(EU AI Act Art\. 73\(6\)\)\. Reason: Applicants/);
    expect(botTexts(channel).some((t) => t.includes('*Evidence not preserved.*') && t.includes('Applicants are being rejected'))).toBe(true);

    const draft: string[] = [];
    await runPostmortemCli([`INC-${id}`], { ...h.dbEnv }, { out: (s) => draft.push(s), err: () => undefined });
    const md = draft.join('');
    expect(md).toContain('## Evidence');
    expect(md).toContain('> ⚠ **The AI system was changed without an evidence snapshot.**');
    expect(md).toContain(`> **Reason given:** ${reason}`);

    // …and so does the regulator's export.
    const out: string[] = [];
    await runReportCli([`INC-${id}`, '--regime', 'ai-act'], { ...h.dbEnv }, { out: (s) => out.push(s), err: () => undefined });
    const report = out.join('');
    expect(report).toContain('## Evidence preserved');
    expect(report).toContain('skipped: Applicants are being rejected');
    expect(report).toContain('> ⚠ The system was changed with no evidence snapshot preserved first.');
  });

  it('a snapshot with a location left out is refused on that field', async () => {
    const { id, channel } = await declare('Ranker scores drift');
    await commandOpeningEvidence(ALICE, channel, 'status contained');
    const { [EVIDENCE_BLOCK.logsRef]: _logs, ...withoutLogs } = snapshot;
    const refused = await h.sim.submitView({ user: ALICE, values: withoutLogs });
    expect(refused.body).toMatchObject({ response_action: 'errors' });
    expect(Object.keys(refused.body.errors)).toEqual([EVIDENCE_BLOCK.logsRef]);
    expect((await incident(id)).status).toBe('investigating');
    expect(await h.repos.evidence.forIncident(id)).toHaveLength(0);
  });

  it('a re-open into Contained that is the first containment goes from the note form to the evidence form', async () => {
    const { id, channel } = await declare('Ranker resolved too early');
    await h.resolve(channel, ALICE);
    expect((await incident(id)).status).toBe('resolved');
    const { cardTs } = await incident(id);
    const opened = h.sim.callsTo('views.open').length;
    await h.sim.selectOption({ user: ALICE, channel, messageTs: cardTs!, actionId: ACTION.cardStatus, value: 'contained' });
    await waitFor(() => h.sim.callsTo('views.open').length > opened, 'the note form');
    const toEvidence = await h.sim.submitView({ user: ALICE, values: { [STATUS_NOTE_BLOCK.note]: 'the bias is back' } });
    expect(toEvidence.body).toMatchObject({ response_action: 'update', view: { callback_id: CALLBACK.evidenceModal } });
    const done = await h.sim.submitView({ user: ALICE, values: snapshot });
    expect(done.body).toBeNull();
    await h.settle();
    expect((await incident(id)).status).toBe('contained');
    const status = (await h.repos.timeline.forIncident(id)).filter((e) => e.kind === 'status_changed').at(-1)!;
    expect(status.data).toMatchObject({ to: 'contained', note: 'the bias is back' });
  });

  it('is asked only where the AI Act may apply, and only of people who may change the status', async () => {
    // A SEV3 drift incident with no harm recorded raises no AI Act triage: the status changes at once.
    const plain = await declare('Dashboard drift', { [DECLARE_BLOCK.severity]: 'sev3', [DECLARE_BLOCK.category]: 'drift', [DECLARE_BLOCK.harmLimb]: 'none' });
    const opened = h.sim.callsTo('views.open').length;
    const moved = await h.sim.sendCommand({ user: ALICE, channel: plain.channel, text: 'status contained' });
    await h.settle();
    expect(moved.body.text).toContain('Contained');
    expect(h.sim.callsTo('views.open').length).toBe(opened);

    // A bystander is refused before any form opens, as for any status change.
    const ai = await declare('Ranker refuses one dialect');
    const before = h.sim.callsTo('views.open').length;
    const refused = await h.sim.sendCommand({ user: CAROL, channel: ai.channel, text: 'status contained' });
    await h.settle();
    expect(refused.body.response_type).toBe('ephemeral');
    expect(refused.body.text).toMatch(/^(:warning: )?Only the commander/);
    expect(h.sim.callsTo('views.open').length).toBe(before);
    expect((await incident(ai.id)).status).toBe('investigating');
  });

  it('broke no Slack rule on the way (block limits, the 3 s ack, modal shapes)', () => {
    expect(h.sim.problems).toEqual([]);
  });
});

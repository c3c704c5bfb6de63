import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, DECLARE_BLOCK, EDIT_BLOCK, REPORT_BLOCK } from '../../src/slack/ids';
import { triageField } from '../../src/domain/regulatory-decisions';
import { runReportCli } from '../../src/cli/report';
import { startHarness, waitFor, type Harness } from '../support/harness';

/*
 * Regulatory clocks end to end: awareness edits re-plan the reminders, a GDPR window ending
 * seconds from now reminds the commander and Legal once (across a restart), logging the report
 * stops the clock, and Legal's triage rules a regime out.
 */

const ALICE = 'U_ALICE'; // declarer and commander
const BOB = 'U_BOB'; // Legal
const CAROL = 'U_CAROL';

let h: Harness;
let general: string;

/** The top-level keys README "Regulator-ready export" documents, in order. */
const DOCUMENTED_KEYS = [
  'schema', 'schema_version', 'generated_at', 'regime', 'provider', 'incident', 'ai_system', 'member_states', 'times', 'harm', 'containment',
  'corrective_actions', 'investigation', 'evidence_preserved', 'triage', 'stages', 'report_stage', 'disclosures', 'regime_fields',
];

beforeAll(async () => {
  h = await startHarness({ env: { REGULATORY_PROVIDER_NAME: 'Acme AI GmbH', REGULATORY_PROVIDER_CONTACT: 'dpo@acme.example' } });
  general = h.sim.createChannel('general', { members: [ALICE, BOB, CAROL] }).id;
});
afterAll(async () => {
  await h?.stop();
});

const dm = (user: string) => [...h.sim.channels.values()].find((c) => c.isIm && c.members.has(user))?.id;
const dms = (user: string, pattern: RegExp) => {
  const id = dm(user);
  return id ? h.sim.messages(id).filter((m) => pattern.test(m.text)) : [];
};
const jobKeyOf = (m: { metadata?: unknown }) => (m.metadata as { event_payload?: { job?: string } } | undefined)?.event_payload?.job;

async function declare(text: string): Promise<{ id: number; channel: string }> {
  const before = (await h.repos.incidents.listOpen()).length;
  await h.sim.sendCommand({ user: ALICE, channel: general, text: `declare ${text}` });
  await h.settle();
  const incidents = await h.repos.incidents.listOpen();
  expect(incidents.length).toBe(before + 1);
  const incident = incidents.at(-1)!;
  return { id: incident.id, channel: incident.channelId! };
}

async function command(user: string, channel: string, text: string) {
  const answer = await h.sim.sendCommand({ user, channel, text });
  await h.settle();
  return answer;
}

async function pendingReminders(incidentId: number) {
  return (await h.repos.jobs.forIncident(incidentId, ['pending'])).filter((j) => j.kind === 'regulatory.remind').map((j) => j.key);
}

async function edit(channel: string, values: Record<string, unknown>) {
  await h.openForm(ALICE, channel, 'edit');
  const answer = await h.sim.submitView({ user: ALICE, values });
  await h.settle();
  return answer;
}

describe('the record and the clocks', () => {
  it('a clinical dosage hallucination with harm to health gets a provisional AI Act clock on the card', async () => {
    await h.openForm(ALICE, general, 'declare');
    const answer = await h.sim.submitView({
      user: ALICE,
      values: {
        [DECLARE_BLOCK.title]: 'Clinical assistant hallucinates drug dosages',
        [DECLARE_BLOCK.severity]: 'sev1',
        [DECLARE_BLOCK.category]: 'hallucination',
        [DECLARE_BLOCK.harmLimb]: 'a',
        [DECLARE_BLOCK.memberStates]: ['DE', 'AT'],
        [DECLARE_BLOCK.peopleAffected]: '40',
        [DECLARE_BLOCK.detectionSource]: 'user_report',
        [DECLARE_BLOCK.modelBefore]: 'med-assist-2026-11-02',
      },
    });
    expect(answer.status).toBe(200);
    await h.settle();
    const incident = (await h.repos.incidents.listOpen()).at(-1)!;
    expect(await h.repos.regulatory.facts(incident.id)).toMatchObject({ harmLimb: 'a', memberStates: ['AT', 'DE'], peopleAffected: 40, detectionSource: 'user_report', personalData: 'unknown', modelBefore: 'med-assist-2026-11-02' });
    const card = h.sim.messages(incident.channelId!).find((m) => m.ts === incident.cardTs)!;
    const cardText = JSON.stringify(card.blocks);
    expect(cardText).toContain('Next regulatory deadline:* EU AI Act Art. 73 — Serious-incident report');
    expect(cardText).toContain('(provisional)');
    // Ten days from the declaration (awareness follows detection = declaration): harm to health counts as the death tier.
    const due = new Date(incident.declaredAt.getTime() + 10 * 86_400_000);
    expect(cardText).toContain(`<!date^${Math.floor(due.getTime() / 1000)}^`);
    // GDPR is not suggested (personal data unknown, not a privacy category); no NIS2 without NIS2_ENTITY.
    const clocks = await command(ALICE, incident.channelId!, 'clocks');
    expect(clocks.body.text).toContain('EU AI Act Art. 73 — Serious-incident report: due');
    expect(clocks.body.text).not.toContain('GDPR');
    expect(clocks.body.text).not.toContain('NIS2');
  });

  it('editing awareness re-plans every reminder; the history keeps who, from what and why', async () => {
    const { id, channel } = await declare('sev2 Support bot pastes other customers’ addresses');
    expect(await pendingReminders(id)).toEqual([]); // nothing suggests a regime yet
    const refused = await edit(channel, { [EDIT_BLOCK.personalData]: 'yes', [EDIT_BLOCK.aware]: Math.floor(Date.now() / 1000) - 3600 });
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { [EDIT_BLOCK.legalReason]: expect.stringContaining('Say why') } });

    await edit(channel, { [EDIT_BLOCK.personalData]: 'yes' });
    const first = await pendingReminders(id);
    const incident = (await h.repos.incidents.byId(id))!;
    const firstDue = incident.detectedAt!.getTime() + 72 * 3_600_000;
    expect(first).toEqual(['p50', 'p75', 'p90', 'due'].map((t) => `reg:${id}:gdpr:notification:${firstDue}:${t}`));

    const awareSeconds = Math.floor(Date.now() / 1000) - 2 * 3600;
    await edit(channel, { [EDIT_BLOCK.aware]: awareSeconds, [EDIT_BLOCK.legalReason]: 'The support ticket was read two hours before the declaration' });
    const secondDue = awareSeconds * 1000 + 72 * 3_600_000;
    expect(await pendingReminders(id)).toEqual(['p50', 'p75', 'p90', 'due'].map((t) => `reg:${id}:gdpr:notification:${secondDue}:${t}`));
    const cancelled = (await h.repos.jobs.forIncident(id, ['cancelled'])).map((j) => j.key);
    expect(cancelled).toEqual(expect.arrayContaining(first));

    const [change] = await h.repos.regulatory.legalTimeHistory(id);
    expect(change).toMatchObject({ field: 'awareAt', fromAt: null, toAt: new Date(awareSeconds * 1000), changedBy: ALICE, reason: 'The support ticket was read two hours before the declaration' });
    const entries = await h.repos.timeline.forIncident(id);
    expect(entries.find((e) => e.kind === 'legal_time_changed')!.text).toMatch(/^Awareness time: \(follows detection\) → .* UTC — The support ticket was read/);
    const clocks = await command(CAROL, channel, 'clocks');
    expect(clocks.body.text).toContain(`counted from ${new Date(awareSeconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC, the recorded awareness time`);
    expect(clocks.body.text).toContain('GDPR Art. 33 — Notification to the supervisory authority: due');
    expect(clocks.body.text).toContain('provisional');
  });
});

describe('reminders and the disclosure log', () => {
  it('a GDPR window ending within the hour reminds the commander and Legal once, across a restart; logging the report cancels the rest', async () => {
    const { id, channel } = await declare('sev2 Prompt injection exfiltrates customer emails');
    await command(ALICE, channel, `assign legal <@${BOB}>`);
    // Aware 71 hours ago (the app's clock, which the test moves on instead of waiting).
    const awareSeconds = Math.floor(h.now().getTime() / 1000) - 71 * 3600;
    await edit(channel, { [EDIT_BLOCK.personalData]: 'yes', [EDIT_BLOCK.aware]: awareSeconds, [EDIT_BLOCK.legalReason]: 'Alert acknowledged three days ago' });
    const due = awareSeconds * 1000 + 72 * 3_600_000;

    // 90% of the window has passed: that reminder goes out now, once, to both.
    await h.settle();
    for (const user of [ALICE, BOB]) expect(dms(user, /has used 90% of its window/)).toHaveLength(1);
    await h.restart();
    // Not a minute early: the deadline reminder comes when the window ends.
    await h.advance(due - h.now().getTime() - 60_000);
    for (const user of [ALICE, BOB]) expect(dms(user, /is due now/)).toEqual([]);
    await h.advance(60_000);
    for (const user of [ALICE, BOB]) expect(dms(user, /Notification to the supervisory authority is due now/)).toHaveLength(1);
    await h.restart();
    await h.advance(60_000);
    for (const user of [ALICE, BOB]) {
      const sent = [...dms(user, /has used 90%/), ...dms(user, /is due now/)].map(jobKeyOf);
      expect(sent).toEqual([`reg:${id}:gdpr:notification:${due}:p90`, `reg:${id}:gdpr:notification:${due}:due`]);
    }
    expect(dms(CAROL, /GDPR/)).toEqual([]);
    // The next one is tomorrow's overdue reminder.
    expect(await pendingReminders(id)).toEqual([`reg:${id}:gdpr:notification:${due}:overdue-1`]);

    const refused = await command(CAROL, channel, 'report gdpr notification');
    expect(refused.body.text).toContain('Only the Legal / Compliance role, the commander or a war-room admin can log or export a regulatory report');
    // Legal logs it from the reminder's button: the form asks when, to whom, the reference and what was sent.
    const reminder = dms(BOB, /is due now/)[0]!;
    const opened = h.sim.callsTo('views.open').length;
    await h.sim.clickButton({ user: BOB, channel: dm(BOB)!, messageTs: reminder.ts, actionId: ACTION.logReport });
    await waitFor(() => h.sim.callsTo('views.open').length > opened, 'the report form');
    const sentAt = awareSeconds + 3600; // sent within the window, logged afterwards
    await h.sim.submitView({
      user: BOB,
      values: { [REPORT_BLOCK.reportedAt]: sentAt, [REPORT_BLOCK.authority]: 'CNIL', [REPORT_BLOCK.reference]: 'CNIL-2026-0042', [REPORT_BLOCK.sent]: 'https://docs.example.org/breach-notice' },
    });
    await h.settle();
    expect(await pendingReminders(id)).toEqual([]);
    const [report] = await h.repos.regulatory.reports(id);
    expect(report).toMatchObject({ regime: 'gdpr', stage: 'notification', reportedBy: BOB, reportedAt: new Date(sentAt * 1000), reference: 'CNIL-2026-0042', sent: 'https://docs.example.org/breach-notice', authority: 'CNIL' });
    const entry = (await h.repos.timeline.forIncident(id)).find((e) => e.kind === 'regulatory_report')!;
    expect(entry).toMatchObject({ actorId: BOB, text: 'GDPR Art. 33 — personal data breach — Notification to the supervisory authority: Reported to CNIL; reference CNIL-2026-0042; sent: https://docs.example.org/breach-notice' });
    const again = await command(BOB, channel, 'report gdpr notification');
    expect(again.body.text).toContain('already logged');
    const clocks = await command(ALICE, channel, 'clocks');
    expect(clocks.body.text).toMatch(/GDPR Art\. 33 — Notification to the supervisory authority: reported /);

    // The export, as a file in this channel only, and from the CLI: the documented JSON keys.
    const unknown = await command(BOB, channel, 'export sox');
    expect(unknown.body.text).toContain('No regime `sox` is configured; use one of ai-act, gdpr, nis2.');
    expect(h.sim.files.some((f) => f.name.includes('sox'))).toBe(false);
    const asked = await command(BOB, channel, 'export gdpr json');
    expect(asked.body.text).toContain('Preparing the GDPR Art. 33');
    const file = await waitFor(() => h.sim.files.find((f) => f.name === `INC-${id}-gdpr-report.json`), 'the export file');
    expect(file.channels).toEqual([channel]);
    const fromSlack = JSON.parse(file.content);
    expect(Object.keys(fromSlack)).toEqual(DOCUMENTED_KEYS);
    expect(fromSlack).toMatchObject({
      schema: 'warroom.regulatory-report',
      schema_version: 1,
      regime: { id: 'gdpr' },
      incident: { key: `INC-${id}`, title: 'Prompt injection exfiltrates customer emails' },
      provider: { name: 'Acme AI GmbH', contact: 'dpo@acme.example' },
      times: { aware_at: new Date(awareSeconds * 1000).toISOString(), awareness_basis: 'aware' },
      harm: { personal_data: 'yes' },
      triage: { suggestion: 'likely', reasons: ['personal_data_involved'], decision: null },
      stages: [{ id: 'notification', state: 'reported', provisional: true }],
      report_stage: null,
      disclosures: [{ stage: 'notification', reported_by: BOB, authority: 'CNIL', reference: 'CNIL-2026-0042', sent: 'https://docs.example.org/breach-notice' }],
      regime_fields: { personal_data_involved: 'yes', late_notification: false },
    });
    const out: string[] = [];
    const err: string[] = [];
    const code = await runReportCli([`INC-${id}`, '--regime', 'gdpr', '--format', 'json'], { ...h.dbEnv, REGULATORY_PROVIDER_NAME: 'Acme AI GmbH' }, { out: (x) => out.push(x), err: (x) => err.push(x) });
    expect(err.join('')).toBe('');
    expect(code).toBe(0);
    const fromCli = JSON.parse(out.join(''));
    expect(Object.keys(fromCli)).toEqual(DOCUMENTED_KEYS);
    expect(fromCli.disclosures).toEqual(fromSlack.disclosures);
    expect(fromCli.provider).toEqual({ name: 'Acme AI GmbH', contact: '' });
    const md: string[] = [];
    expect(await runReportCli([`INC-${id}`, '--regime', 'gdpr'], { ...h.dbEnv }, { out: (x) => md.push(x), err: () => {} })).toBe(0);
    expect(md.join('')).toContain(`# INC-${id}: GDPR Art. 33 — personal data breach — report`);
    expect(await runReportCli([`INC-${id}`, '--regime', 'sox'], { ...h.dbEnv }, { out: () => {}, err: (x) => err.push(x) })).toBe(2);
    expect(err.join('')).toContain('Unknown regime; use one of ai-act, gdpr, nis2');
    expect(h.sim.problems).toEqual([]);
  }, 40_000);

  it('Legal’s triage: suggestions with reasons, decisions on the timeline, does not apply cancels the reminders', async () => {
    const { id, channel } = await declare('sev3 Résumé screener downgrades one university');
    await command(ALICE, channel, `assign legal <@${BOB}>`);
    await edit(channel, { [EDIT_BLOCK.personalData]: 'yes', [EDIT_BLOCK.harmLimb]: 'c', [EDIT_BLOCK.memberStates]: ['FR', 'DE'] });
    expect((await pendingReminders(id)).some((k) => k.includes(':ai-act:report:'))).toBe(true);

    const refused = await h.sim.sendCommand({ user: ALICE, channel, text: 'triage' });
    expect(refused.body.text).toContain('Only the Legal / Compliance role or a war-room admin can decide the regulatory triage');
    const { view } = await h.openForm(BOB, channel, 'triage');
    const text = JSON.stringify(view.view.blocks);
    expect(text).toContain('Suggested: likely applies — Art. 3(49)(c): an infringement of fundamental-rights obligations is recorded; a fundamental-rights infringement in two or more Member States (widespread infringement)');
    expect(text).toContain('2 days — widespread infringement');
    expect(text).toContain('Suggested: likely applies — personal data is involved');
    expect(text).toContain('the organisation is not configured as a NIS2 essential or important entity');

    const noReason = await h.sim.submitView({ user: BOB, values: { [triageField.decision('gdpr')]: 'does_not_apply' } });
    expect(noReason.body).toMatchObject({ response_action: 'errors', errors: { [triageField.reason('gdpr')]: expect.stringContaining('reason') } });
    await h.sim.submitView({
      user: BOB,
      values: {
        [triageField.decision('gdpr')]: 'does_not_apply',
        [triageField.reason('gdpr')]: 'Only pseudonymised scores; no personal data left the system',
        [triageField.decision('ai-act')]: 'applies',
        [triageField.reason('ai-act')]: 'Annex III employment system we provide',
      },
    });
    await h.settle();
    const keys = await pendingReminders(id);
    expect(keys.some((k) => k.includes(':gdpr:'))).toBe(false);
    expect(keys.some((k) => k.includes(':ai-act:report:'))).toBe(true);
    const decisions = (await h.repos.timeline.forIncident(id)).filter((e) => e.kind === 'regulatory_decision').map((e) => [e.actorId, e.text]);
    expect(decisions).toEqual([
      [BOB, 'EU AI Act Art. 73 — serious incident: applies — Annex III employment system we provide'],
      [BOB, 'GDPR Art. 33 — personal data breach: does not apply — Only pseudonymised scores; no personal data left the system'],
    ]);
    const logged = await command(ALICE, channel, 'report ai-act report MSA-FR-77 https://docs.example.org/initial-report');
    expect(logged.body).toMatchObject({ response_type: 'in_channel' });
    expect(logged.body.text).toContain(`<@${ALICE}> logged a report to Market surveillance authority of the Member State(s) concerned: EU AI Act Art. 73 — Serious-incident report (reference MSA-FR-77)`);
    expect(await pendingReminders(id)).toEqual([]);
    const clocks = await command(BOB, channel, 'clocks');
    expect(clocks.body.text).not.toContain('GDPR');
    expect(clocks.body.text).toMatch(/EU AI Act Art\. 73 — Serious-incident report: reported [^\n]*2 days — widespread/);
    expect(clocks.body.text).not.toMatch(/Serious-incident report[^\n]*provisional \(not confirmed/);

    // Legal's Home tab lists the open clocks of their incidents, nearest first.
    const before = h.sim.callsTo('views.publish').length;
    await h.sim.openHome(BOB);
    await h.settle();
    await waitFor(() => h.sim.callsTo('views.publish').length > before, 'Home tab of Legal');
    const home = JSON.stringify(h.sim.homeView(BOB)!.view.blocks);
    // Reported: no open clock left on Legal's Home tab for this incident.
    expect(home).not.toContain(`*INC-${id}* EU AI Act Art. 73`);
  });
});

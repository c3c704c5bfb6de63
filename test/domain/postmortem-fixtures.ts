import type { PostmortemInput, PostmortemTimelineEntry } from '../../src/domain/postmortem';
import { BUILTIN_REGIMES } from '../../src/domain/regimes';
import { EMPTY_FACTS } from '../../src/domain/regulatory-record';

const at = (iso: string) => new Date(`${iso}:00Z`);

export const USERS: Record<string, string> = {
  U01PRIYA: 'Priya Raman',
  U02MARCUS: 'Marcus Lee',
  U03DANA: 'Dana Kowalski',
  U04SAM: 'Sam Ortiz',
  U05ELENA: 'Elena Petrova',
  U06TOMAS: 'Tomás García',
  U07HANNAH: 'Hannah Berg',
  U08BOB: 'Bob Okafor',
  U09INES: 'Ines Duarte',
};

const link = (ts: string) => `https://acme.slack.com/archives/C07INC/p${ts.replace('.', '')}`;

function entry(iso: string, kind: PostmortemTimelineEntry['kind'], text: string, actorId: string | null, extra: Partial<PostmortemTimelineEntry> = {}): PostmortemTimelineEntry {
  return { occurredAt: at(iso), kind, source: 'bot', text, actorId, permalink: null, retracted: false, ...extra };
}

/**
 * A hiring model that downgraded résumés from one university for 30 days: declared SEV2,
 * escalated to SEV1, commander handed over, contained by rolling back to the last known-good
 * model with a fairness-aware fallback.
 */
export function hiringIncident(): PostmortemInput {
  return {
    incident: {
      number: 7,
      title: 'Résumé screener downgraded Northfield University graduates',
      summary:
        'Recruiters report that almost no Northfield University graduates reach the shortlist since late February. talent-ranker v4.2.0 scores them ~0.3 lower than comparable applicants.',
      severity: 'sev1',
      status: 'resolved',
      category: 'bias',
      harmLevel: 'event',
      affectedSystem: 'talent-ranker (résumé screening model)',
      affectedVersion: 'v4.2.0',
      isPrivate: false,
      declaredBy: 'U01PRIYA',
      channelName: 'inc-7-resume-screener-downgraded-northfield-university',
      impactStartedAt: at('2024-02-26T09:00'),
      detectedAt: at('2024-03-27T13:40'),
      declaredAt: at('2024-03-27T14:10'),
      acknowledgedAt: at('2024-03-27T14:12'),
      containedAt: at('2024-03-27T16:05'),
      mitigatedAt: at('2024-03-28T11:00'),
      resolvedAt: at('2024-03-29T17:00'),
      closedAt: null,
      awareAt: at('2024-03-27T15:05'),
    },
    initialSeverity: 'sev2',
    severityChanges: [
      {
        at: at('2024-03-27T14:52'),
        from: 'sev2',
        to: 'sev1',
        by: 'U01PRIYA',
        reason: 'Discriminatory outcome at scale: ~1,900 applicants over 30 days',
      },
    ],
    timeline: [
      entry('2024-03-27T14:10', 'declared', 'Incident declared: SEV2, Bias / fairness violation', 'U01PRIYA'),
      entry('2024-03-27T14:10', 'role_assigned', 'Incident Commander: <@U01PRIYA> (self-assigned)', 'U01PRIYA'),
      entry('2024-03-27T14:15', 'role_assigned', 'Technical Lead: <@U03DANA>', 'U01PRIYA'),
      entry('2024-03-27T14:20', 'role_assigned', 'Scribe: <@U04SAM>', 'U01PRIYA'),
      entry(
        '2024-03-27T14:25',
        'message',
        'Score distribution for Northfield grads is shifted down by ~0.3 since 26 Feb; the other 40 universities are flat (< 0.02).',
        'U03DANA',
        { source: 'pin', permalink: link('1711549500.000100'), messageTs: '1711549500.000100' },
      ),
      entry('2024-03-27T14:31', 'member_joined', '<@U06TOMAS> joined the channel', 'U06TOMAS'),
      entry(
        '2024-03-27T14:38',
        'message',
        'SHAP on 500 samples: `edu_institution_embedding` dominates for Northfield | looks like a proxy learned from the 2019–2021 hiring outcomes',
        'U06TOMAS',
        {
          source: 'reaction',
          permalink: link('1711550280.000300'),
          messageTs: '1711550280.000300',
          threadTs: '1711549500.000100',
          files: [{ name: 'shap-northfield.png', url: 'https://files.slack.com/files-pri/T01-F07/shap-northfield.png' }],
        },
      ),
      entry('2024-03-27T14:50', 'note', 'Rollout of v4.2.0 was approved on 26 Feb. Bob should have checked the per-university metrics before the rollout.', 'U04SAM', {
        source: 'note',
      }),
      entry('2024-03-27T14:52', 'severity_changed', 'Severity SEV2 → SEV1: Discriminatory outcome at scale', 'U01PRIYA'),
      entry('2024-03-27T15:05', 'role_assigned', 'Legal / Compliance / Policy: <@U07HANNAH>', 'U01PRIYA'),
      entry('2024-03-27T15:05', 'regulatory_clock_started', 'Regulatory clock started: aware at 15:05 UTC', 'U07HANNAH'),
      entry('2024-03-27T15:20', 'message', 'Might be the résumé parser dropping the university field?', 'U06TOMAS', {
        source: 'reaction',
        permalink: link('1711552800.000500'),
        messageTs: '1711552800.000500',
        retracted: true,
      }),
      entry('2024-03-27T15:30', 'role_assigned', 'Communications Lead: <@U05ELENA>', 'U01PRIYA'),
      entry(
        '2024-03-27T15:40',
        'message',
        'Evidence snapshot taken before rollback: v4.2.0 weights hash, feature config, prompt-free scoring config and 500 sample résumés archived to the incident bucket.',
        'U03DANA',
        {
          source: 'pin',
          permalink: link('1711554000.000700'),
          messageTs: '1711554000.000700',
          files: [{ name: 'evidence-manifest-v4.2.0.json', url: 'https://files.slack.com/files-pri/T01-F09/evidence-manifest.json' }],
        },
      ),
      entry(
        '2024-03-27T16:05',
        'status_changed',
        'Status Investigating → Contained: rolled back to v4.1.3 (last known-good) and enabled the fairness-aware re-ranking fallback',
        'U03DANA',
      ),
      entry('2024-03-27T16:10', 'note', 'Recruiters asked to re-review every Northfield application screened since 26 Feb; candidate letter drafted with <@U07HANNAH>.', 'U05ELENA', {
        source: 'note',
      }),
      entry('2024-03-27T16:30', 'message', 'The careless rollout skipped the fairness gate. Human error.', 'U01PRIYA', {
        source: 'pin',
        permalink: link('1711557000.000900'),
        messageTs: '1711557000.000900',
      }),
      entry('2024-03-27T18:30', 'role_handed_over', 'Incident Commander handed over: <@U01PRIYA> → <@U02MARCUS>', 'U01PRIYA'),
      entry('2024-03-28T09:15', 'message', 'Re-screening progress: 1,340 of 1,912 done; no offers affected so far.', 'U02MARCUS', {
        source: 'shortcut',
        permalink: link('1711617300.001100'),
        messageTs: '1711617300.001100',
      }),
      entry('2024-03-28T11:00', 'status_changed', 'Status Contained → Mitigated: all 1,912 affected applications re-screened by the fallback and reviewed by recruiters', 'U02MARCUS'),
      entry('2024-03-29T17:00', 'status_changed', 'Status Mitigated → Resolved: v4.3.0 with per-slice calibration released behind the new fairness gate', 'U02MARCUS'),
    ],
    roles: [
      { role: 'commander', userId: 'U01PRIYA', assignedBy: 'U01PRIYA', startedAt: at('2024-03-27T14:10'), endedAt: at('2024-03-27T18:30') },
      { role: 'commander', userId: 'U02MARCUS', assignedBy: 'U01PRIYA', startedAt: at('2024-03-27T18:30'), endedAt: null },
      { role: 'tech_lead', userId: 'U03DANA', assignedBy: 'U01PRIYA', startedAt: at('2024-03-27T14:15'), endedAt: null },
      { role: 'scribe', userId: 'U04SAM', assignedBy: 'U01PRIYA', startedAt: at('2024-03-27T14:20'), endedAt: null },
      { role: 'sme', userId: 'U06TOMAS', assignedBy: 'U03DANA', startedAt: at('2024-03-27T14:31'), endedAt: at('2024-03-27T20:00') },
      { role: 'legal', userId: 'U07HANNAH', assignedBy: 'U01PRIYA', startedAt: at('2024-03-27T15:05'), endedAt: null },
      { role: 'comms_lead', userId: 'U05ELENA', assignedBy: 'U01PRIYA', startedAt: at('2024-03-27T15:30'), endedAt: null },
      { role: 'stakeholder', userId: 'U09INES', assignedBy: 'U01PRIYA', startedAt: at('2024-03-27T16:00'), endedAt: null },
    ],
    resolution: {
      summary:
        'From 26 February to 27 March 2024, version 4.2.0 of the talent-ranker résumé screening model scored graduates of Northfield University about 0.3 lower than comparable applicants, so far fewer of them reached a recruiter. ' +
        'A recruiter noticed the gap on 27 March. The same afternoon the model was rolled back to v4.1.3, the last known-good version, and a fairness-aware re-ranking fallback was switched on; every affected application was re-screened by 28 March.',
      impact:
        '1,912 applications from Northfield University graduates were screened by v4.2.0 over 30 days; 1,204 were rejected without human review, against about 640 expected at the rate of comparable universities.\n' +
        'Applicants to 14 open roles in the EU and US offices were affected. No other university moved by more than 0.02.',
      trigger: 'Release of talent-ranker v4.2.0 on 26 February, retrained on 2019–2023 hiring outcomes with a new institution-embedding feature.',
      rootCause:
        'The release gate checked fairness only on protected attributes and aggregate AUC. It had no per-institution slice, so a learned proxy — the institution embedding, correlated with historic hiring decisions — passed every check.',
      whys: [
        'Northfield applicants scored about 0.3 lower after the v4.2.0 release, below the shortlist threshold.',
        'The new institution embedding learned that Northfield graduates were rarely hired in 2019–2021, a pattern from a since-closed office.',
        'The training data was not re-weighted for that historic skew, because the data card did not mention it.',
        'The fairness gate compared protected attributes and aggregate AUC only, so a per-institution shift was invisible. If Bob had run the slice report, the skew would not have shipped.',
        'Per-slice evaluation was never a release requirement; it lived in an optional notebook.',
      ],
      factors: {
        people: 'The release went out during a hiring surge with two of four ML engineers on leave; the reviewer had 20 minutes for sign-off.',
        process: 'The release checklist had no per-slice fairness step, and approval did not require an up-to-date data card.',
        technology: 'Monitoring tracked overall pass rates daily but had no per-institution drift alert; the canary compared aggregate score distributions only.',
        data: 'Historic hiring outcomes (2019–2021) encoded one closed office’s preferences; the institution embedding acted as a proxy for them.',
      },
      wentWell:
        'Once a recruiter raised the gap, the incident was declared within 30 minutes. An evidence snapshot was taken before the rollback, and the fallback re-ranker was ready from an earlier game day.',
      wentWrong:
        'The skew was live for 30 days. The recruiter who noticed it had no channel to report model behaviour, and the first hour went into checking the résumé parser. We could have rolled back sooner.',
      gotLucky:
        'The affected roles were still open, so every affected applicant could be re-screened before offers were made. This could have been much worse: the same model was about to be used for internal promotions.',
      resolvedBy: 'U03DANA',
    },
    correctiveActions: [
      {
        description: 'Add a per-institution and per-region slice report to the release gate; block the release when any slice’s selection rate falls below 0.8 of the best slice.',
        ownerId: 'U03DANA',
        dueDate: '2024-04-30',
        measure: 'The gate runs on every release, and a replay of v4.2.0 is blocked.',
        status: 'open',
        severity: 9,
        occurrence: 6,
        detection: 8,
      },
      {
        description: 'Alert on per-institution score drift (daily, 7-day window).',
        ownerId: null,
        dueDate: '2024-04-19',
        measure: 'The alert fires within 24 h on a replay of the February data.',
        status: 'open',
        severity: 8,
        occurrence: 5,
        detection: 9,
      },
      {
        description: 'Give recruiters a “report model behaviour” button that opens a triage ticket for the ML on-call.',
        ownerId: 'U05ELENA',
        dueDate: null,
        measure: 'Median time from a recruiter report to triage under 4 h.',
        status: 'in_progress',
        severity: 6,
        occurrence: 4,
        detection: 7,
      },
      {
        description: 'Re-review all 1,912 affected applications by a person and write to every affected applicant.',
        ownerId: 'U09INES',
        dueDate: '2024-03-31',
        measure: 'All 1,912 applications re-reviewed; letters sent.',
        status: 'done',
      },
    ],
    users: USERS,
    generatedAt: at('2024-04-02T09:00'),
    version: 2,
    regulatory: {
      regimes: BUILTIN_REGIMES,
      org: { nis2Entity: 'none' },
      facts: { ...EMPTY_FACTS, personalData: 'no', peopleAffected: 1912, memberStates: ['DE', 'NL'], detectionSource: 'user_report', harmLimb: 'c', modelBefore: 'talent-ranker v4.2.0', modelAfter: 'talent-ranker v4.1.3', causalLinkAt: at('2024-03-27T14:45') },
      decisions: [
        { regime: 'ai-act', decision: 'applies', reason: 'Annex III employment system we provide; discriminatory outcome in two Member States', decidedBy: 'U07HANNAH', decidedAt: at('2024-03-27T17:00') },
        { regime: 'gdpr', decision: 'does_not_apply', reason: 'No personal data was disclosed; scores stayed internal', decidedBy: 'U07HANNAH', decidedAt: at('2024-03-27T17:05') },
      ],
      reports: [
        { regime: 'ai-act', stage: 'report', reportedAt: at('2024-03-28T16:30'), reportedBy: 'U07HANNAH', authority: 'Bundesnetzagentur (market surveillance)', reference: 'BNetzA-KI-2024-0117', sent: 'https://docs.example.com/reports/inc-7-initial' },
      ],
      legalTimeChanges: [
        { field: 'awareAt', fromAt: null, toAt: at('2024-03-27T15:05'), changedBy: 'U07HANNAH', reason: 'Legal was told at 15:05; the recruiter complaints before that were not escalated', changedAt: at('2024-03-27T16:00') },
      ],
    },
    statusUpdates: [
      { postedAt: at('2024-03-27T14:40'), postedBy: 'U01PRIYA', currentStatus: 'Confirmed: talent-ranker v4.2.0 scores Northfield graduates ~0.3 lower. Investigating since when.' },
      { postedAt: at('2024-03-27T15:35'), postedBy: 'U05ELENA', currentStatus: 'Escalated to SEV1. Shortlisting paused for affected roles while we prepare a rollback.' },
      { postedAt: at('2024-03-27T16:10'), postedBy: 'U05ELENA', currentStatus: 'Contained: rolled back to v4.1.3 with a fairness-aware fallback. Re-scoring the last 30 days.' },
      { postedAt: at('2024-03-28T09:30'), postedBy: 'U05ELENA', currentStatus: 'Re-scoring done; 212 applicants to be reconsidered. Root cause: a proxy feature for the university.' },
    ],
    evidence: [
      {
        outcome: 'preserved',
        modelRef: 'mlflow://models/talent-ranker/4.2.0 (weights sha256:9f2c…)',
        promptsRef: 'git@configs:ranker/prod.yaml @ 4c1e9a2 (thresholds, feature flags)',
        samplesRef: 's3://evidence/INC-7/scored-candidates-2024-03-27.parquet',
        logsRef: 's3://evidence/INC-7/inference-logs/',
        preservedBy: 'U05ELENA',
        recordedBy: 'U05ELENA',
        recordedAt: at('2024-03-27T16:01'),
        forStatus: 'contained',
        digest: '3b6f0d0a7c1e2b9d4f5a6c7e8d9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b',
      },
    ],
    chain: { head: 'e3c1f0b59a2d4c7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4', entries: 58 },
  };
}

/** Almost nothing filled in: no resolution, only the commander, two timeline entries. */
export function minimalIncident(): PostmortemInput {
  return {
    incident: {
      number: 12,
      title: 'Support bot quoted a made-up refund policy',
      summary: 'A customer was told refunds are available for 90 days; the policy is 30.',
      severity: 'sev3',
      status: 'investigating',
      category: 'hallucination',
      harmLevel: 'near_miss',
      affectedSystem: '',
      affectedVersion: '',
      isPrivate: false,
      declaredBy: 'U11KAI',
      channelName: 'inc-12-support-bot-quoted-a-made-up-refund-policy',
      impactStartedAt: null,
      detectedAt: null,
      declaredAt: at('2024-05-14T10:02'),
      acknowledgedAt: null,
      containedAt: null,
      mitigatedAt: null,
      resolvedAt: null,
      closedAt: null,
      awareAt: null,
    },
    initialSeverity: 'sev3',
    severityChanges: [],
    timeline: [
      entry('2024-05-14T10:02', 'declared', 'Incident declared: SEV3, Hallucination / confabulation', 'U11KAI'),
      entry('2024-05-14T10:02', 'role_assigned', 'Incident Commander: <@U11KAI> (self-assigned)', 'U11KAI'),
    ],
    roles: [{ role: 'commander', userId: 'U11KAI', assignedBy: 'U11KAI', startedAt: at('2024-05-14T10:02'), endedAt: null }],
    resolution: null,
    correctiveActions: [],
    users: { U11KAI: 'Kai Nakamura' },
    generatedAt: at('2024-05-14T11:30'),
    version: 1,
  };
}

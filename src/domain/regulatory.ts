import type { HarmCategory, HarmLevel } from './harm';
import { validDate } from './metrics';
import type { Severity } from './severity';

/**
 * Regulatory triage: which reporting regimes *may* apply, and when their clocks run out.
 *
 * Everything here is a prompt for Legal, never a conclusion: whether a regime applies depends on
 * facts the bot cannot know (are we the provider of a high-risk AI system, an essential entity
 * under NIS2, the controller of the data). The rules are deliberately broad so a regime is raised
 * too often rather than missed; the wording says "may apply" and names the deciding question.
 */

export const REGIMES = ['gdpr_art33', 'eu_ai_act_art73', 'nis2_art23'] as const;
export type RegimeId = (typeof REGIMES)[number];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type ClockBasis = 'aware' | 'detected' | 'declared';

export interface ClockStart {
  at: Date;
  basis: ClockBasis;
  /** Plain-text explanation of which timestamp was used and why. */
  explanation: string;
}

export interface RegulatoryDeadline {
  /** What is due, e.g. "Early warning". */
  label: string;
  /** The latest moment by the regime's rule, counted from the clock start. */
  dueAt: Date;
  /** When the rule applies (e.g. "in case of a death") or how the date was derived. */
  condition: string;
}

export interface RegimeAssessment {
  id: RegimeId;
  name: string;
  /** Why the triage raised it for this incident. */
  raisedBecause: string;
  /** The question Legal must answer to decide whether it applies. */
  question: string;
  deadlines: RegulatoryDeadline[];
  notes: string[];
}

export interface RegulatoryTriageInput {
  category: HarmCategory;
  severity: Severity;
  harmLevel: HarmLevel;
  awareAt: Date | null;
  detectedAt: Date | null;
  declaredAt: Date;
}

export interface RegulatoryTriage {
  clockStart: ClockStart;
  regimes: RegimeAssessment[];
  /** Present whenever a regime was raised: evidence must survive the fix. */
  evidenceReminder: string | null;
}

/**
 * Deadlines run from awareness. When `aware_at` was never recorded, detection is the earliest
 * defensible stand-in (the organisation knew something was wrong); declaration is the last resort.
 */
export function regulatoryClockStart(input: Pick<RegulatoryTriageInput, 'awareAt' | 'detectedAt' | 'declaredAt'>): ClockStart {
  const aware = validDate(input.awareAt);
  if (aware) {
    return { at: aware, basis: 'aware', explanation: 'the recorded awareness time (aware_at)' };
  }
  const detected = validDate(input.detectedAt);
  if (detected) {
    return {
      at: detected,
      basis: 'detected',
      explanation: 'the detection time, because no awareness time (aware_at) was recorded; Legal should confirm when the organisation became aware',
    };
  }
  return {
    at: input.declaredAt,
    basis: 'declared',
    explanation:
      'the declaration time, because neither an awareness time (aware_at) nor a detection time was recorded; the real clock may have started earlier',
  };
}

/**
 * Calendar months in UTC. A day that does not exist in the target month clamps to its last day
 * (31 Jan + 1 month = 28/29 Feb), the reading most favourable to meeting the deadline.
 */
export function addUtcMonths(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  return new Date(
    Date.UTC(targetYear, targetMonth, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()),
  );
}

const AI_ACT_CATEGORIES: ReadonlySet<HarmCategory> = new Set(['bias', 'safety_control_failure', 'privacy_leak', 'toxic_content']);

export const EVIDENCE_REMINDER =
  'Before altering the AI system any further (rollback, retraining, prompt or configuration change), preserve the evidence: ' +
  'the exact model version and weights identifier, system and user prompts, configuration and feature flags, input samples and ' +
  'outputs, and logs. The EU AI Act (Art. 73(6)) forbids alterations that could affect a later evaluation of the causes ' +
  'before the authority is informed.';

export function triageRegulatory(input: RegulatoryTriageInput): RegulatoryTriage {
  const clockStart = regulatoryClockStart(input);
  const t0 = clockStart.at.getTime();
  const regimes: RegimeAssessment[] = [];

  if (input.category === 'privacy_leak') {
    const notes = [
      'If the breach is likely to result in a high risk to people, those people must also be told without undue delay (GDPR Art. 34).',
      'A notification may be made in phases when not all information is available yet (Art. 33(4)); a late notification must say why it is late.',
    ];
    if (input.harmLevel !== 'event') {
      notes.unshift(
        'The harm level is not "event": a near miss is only a breach if personal data was in fact accessed, disclosed or lost. Record the reasoning either way (Art. 33(5)).',
      );
    }
    regimes.push({
      id: 'gdpr_art33',
      name: 'GDPR Art. 33 — personal data breach',
      raisedBecause: 'the harm category is a privacy leak / memorization',
      question:
        'Were personal data disclosed, accessed or lost, and are we the controller? If so, the supervisory authority is notified unless the breach is unlikely to result in a risk to people.',
      deadlines: [{ label: 'Notify the supervisory authority', dueAt: new Date(t0 + 72 * HOUR), condition: '72 hours after awareness' }],
      notes,
    });
  }

  if ((input.severity === 'sev1' || input.severity === 'sev2') && input.harmLevel === 'event' && AI_ACT_CATEGORIES.has(input.category)) {
    regimes.push({
      id: 'eu_ai_act_art73',
      name: 'EU AI Act Art. 73 — serious incident of a high-risk AI system',
      raisedBecause: 'a SEV1/SEV2 event in a bias, safety, privacy or harmful-content category',
      question:
        'Is the affected system a high-risk AI system (Annex III, e.g. employment and recruitment, credit, education, essential services, critical infrastructure) that we provide, and did the incident cause death or serious harm to health, a serious and irreversible disruption of critical infrastructure, an infringement of fundamental-rights law, or serious harm to property or the environment? To be assessed by Legal.',
      deadlines: [
        { label: 'Report — widespread infringement or critical-infrastructure disruption', dueAt: new Date(t0 + 2 * DAY), condition: '2 days after awareness' },
        { label: 'Report — in case of a death', dueAt: new Date(t0 + 10 * DAY), condition: '10 days after awareness' },
        { label: 'Report — any other serious incident', dueAt: new Date(t0 + 15 * DAY), condition: '15 days after awareness (general rule)' },
      ],
      notes: [
        'An initial, incomplete report may be made first and completed later.',
        'The report is due as soon as a causal link (or its reasonable likelihood) is established; the dates above are the latest.',
      ],
    });
  }

  if (input.severity === 'sev1') {
    const notification = new Date(t0 + 72 * HOUR);
    regimes.push({
      id: 'nis2_art23',
      name: 'NIS2 Art. 23 — significant incident',
      raisedBecause: 'the incident is SEV1',
      question:
        'Is the organisation an essential or important entity under the national NIS2 law, and did the incident cause (or could it cause) severe operational disruption, financial loss or considerable damage to others? To be assessed by Legal.',
      deadlines: [
        { label: 'Early warning to the CSIRT or competent authority', dueAt: new Date(t0 + 24 * HOUR), condition: '24 hours after awareness' },
        { label: 'Incident notification', dueAt: notification, condition: '72 hours after awareness' },
        {
          label: 'Final report',
          dueAt: addUtcMonths(notification, 1),
          condition: 'one month after the incident notification; shown for a notification made at its latest date',
        },
      ],
      notes: ['An intermediate report may be requested by the authority; an incident still ongoing at the final-report date needs a progress report instead.'],
    });
  }

  return { clockStart, regimes, evidenceReminder: regimes.length > 0 ? EVIDENCE_REMINDER : null };
}

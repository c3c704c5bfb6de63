import { z } from 'zod';
import { HARM_CATEGORIES, type HarmCategory, type HarmLevel } from './harm';
import { HARM_LIMBS, MEMBER_STATE_CODES, type HarmLimb, type RegulatoryFacts } from './regulatory-record';
import { SEVERITIES, type Severity } from './severity';

/**
 * Reporting regimes as data: the three built-ins (EU AI Act Art. 73, GDPR Art. 33, NIS2 Art. 23)
 * and the organisation's own (a contract's customer notice, a sector regulator) from a JSON file.
 * Everything here is a suggestion for Legal: whether a regime applies is Legal's decision
 * (applies / does not apply / unsure); until then a suggested regime's deadlines are provisional.
 * All arithmetic is in UTC milliseconds, so a DST change never moves a deadline.
 */

export const REGIME_DECISIONS = ['applies', 'does_not_apply', 'unsure'] as const;
export type RegimeDecision = (typeof REGIME_DECISIONS)[number];
export const isRegimeDecision = (s: string): s is RegimeDecision => (REGIME_DECISIONS as readonly string[]).includes(s);

export const NIS2_ENTITIES = ['none', 'essential', 'important'] as const;
export type Nis2Entity = (typeof NIS2_ENTITIES)[number];

/** A span of time: hours and days are exact (UTC); months are calendar months, clamped at month end. */
export interface Span {
  hours?: number;
  days?: number;
  months?: number;
}

/** One report a regime asks for. `from` is the awareness time or an earlier stage's report. */
export interface StageDef {
  id: string;
  label: string;
  /** What the authority expects at this stage. */
  description: string;
  from: 'awareness' | { stage: string };
  /** The window; a regime with tiers picks one by the incident's facts (first match). */
  within: Span;
  tiers?: TierDef[];
}

export type TierCondition = 'harm_limb_a' | 'harm_limb_b' | 'widespread_infringement';
export interface TierDef {
  id: string;
  label: string;
  within: Span;
  /** Any of these facts selects the tier; none = the general rule. */
  when: TierCondition[];
}

/** What makes an organisation-defined regime suggested (any one matches). */
export interface SuggestRule {
  severities?: Severity[];
  categories?: HarmCategory[];
  personalData?: boolean;
  harmLimbs?: HarmLimb[];
  memberStates?: string[];
}

export interface RegimeDef {
  id: string;
  name: string;
  /** Who receives the report, e.g. "market surveillance authority of the Member State(s) concerned". */
  authority: string;
  builtin: boolean;
  stages: StageDef[];
  notes: string[];
  /** Organisation-defined regimes only; built-ins have their rules in suggestRegime. */
  suggestWhen?: SuggestRule;
}

export const AI_ACT: RegimeDef = {
  id: 'ai-act',
  name: 'EU AI Act Art. 73 — serious incident',
  authority: 'Market surveillance authority of the Member State(s) concerned',
  builtin: true,
  stages: [
    {
      id: 'report',
      label: 'Serious-incident report',
      description: 'Report immediately after establishing a causal link (or its reasonable likelihood); an initial, incomplete report may be completed later.',
      from: 'awareness',
      within: { days: 15 },
      tiers: [
        { id: 'widespread_or_infrastructure', label: '2 days — widespread infringement or critical-infrastructure disruption', within: { days: 2 }, when: ['harm_limb_b', 'widespread_infringement'] },
        { id: 'death', label: '10 days — in case of a death (counted for any harm to health until Legal rules a death out)', within: { days: 10 }, when: ['harm_limb_a'] },
        { id: 'general', label: '15 days — any other serious incident', within: { days: 15 }, when: [] },
      ],
    },
  ],
  notes: [
    'Art. 73(6): do not alter the AI system in a way that could affect the evaluation of the causes before informing the authority; preserve the evidence first.',
    'The dates are the latest; the report is due as soon as the causal link is established.',
  ],
};

export const GDPR: RegimeDef = {
  id: 'gdpr',
  name: 'GDPR Art. 33 — personal data breach',
  authority: 'Lead supervisory authority (data protection authority)',
  builtin: true,
  stages: [
    {
      id: 'notification',
      label: 'Notification to the supervisory authority',
      description: 'Nature of the breach, categories and approximate numbers of people and records, likely consequences, measures taken. Information may be provided in phases (Art. 33(4)); a late notification states the reasons for the delay.',
      from: 'awareness',
      within: { hours: 72 },
    },
  ],
  notes: [
    'Art. 34: when the risk to people is high, tell them without undue delay.',
    'Art. 33(5): document the breach and the decision either way.',
  ],
};

export const NIS2: RegimeDef = {
  id: 'nis2',
  name: 'NIS2 Art. 23 — significant incident',
  authority: 'CSIRT or competent authority',
  builtin: true,
  stages: [
    { id: 'early-warning', label: 'Early warning', description: 'Whether the incident is suspected of being caused by unlawful or malicious acts or could have a cross-border impact.', from: 'awareness', within: { hours: 24 } },
    { id: 'notification', label: 'Incident notification', description: 'Update of the early warning: initial assessment, severity and impact, indicators of compromise.', from: 'awareness', within: { hours: 72 } },
    { id: 'final', label: 'Final report', description: 'Detailed description, root cause, mitigation applied and ongoing, cross-border impact.', from: { stage: 'notification' }, within: { months: 1 } },
  ],
  notes: ['An incident still ongoing at the final-report date gets a progress report then, and the final report within a month of its handling.'],
};

export const BUILTIN_REGIMES: readonly RegimeDef[] = [AI_ACT, GDPR, NIS2];

// ---------------------------------------------------------------------------------------------
// Organisation-defined regimes (REGULATORY_REGIMES_FILE)

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes (at most 40)');
const span = z
  .object({ hours: z.number().int().positive().optional(), days: z.number().int().positive().optional(), months: z.number().int().positive().optional() })
  .strict()
  .refine((s) => Object.values(s).filter((v) => v !== undefined).length === 1, 'give exactly one of hours, days, months');

const stageSchema = z
  .object({
    id,
    label: z.string().min(1).max(100),
    description: z.string().max(500).default(''),
    within: span,
    after: id.optional(),
  })
  .strict();

const regimeSchema = z
  .object({
    id,
    name: z.string().min(1).max(120),
    authority: z.string().min(1).max(200),
    notes: z.array(z.string().max(500)).default([]),
    suggestWhen: z
      .object({
        severities: z.array(z.enum(SEVERITIES)).optional(),
        categories: z.array(z.enum(HARM_CATEGORIES)).optional(),
        personalData: z.boolean().optional(),
        harmLimbs: z.array(z.enum(HARM_LIMBS)).optional(),
        memberStates: z.array(z.enum(MEMBER_STATE_CODES as [string, ...string[]])).optional(),
      })
      .strict()
      .optional(),
    stages: z.array(stageSchema).min(1).max(10),
  })
  .strict()
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.stages.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: ['stages', i, 'id'], message: 'is used twice' });
      if (s.after !== undefined && !seen.has(s.after)) ctx.addIssue({ code: 'custom', path: ['stages', i, 'after'], message: 'must name an earlier stage' });
      seen.add(s.id);
    });
  });

export const regimesFileSchema = z.object({ regimes: z.array(regimeSchema).max(20) }).strict();

/**
 * Parses the organisation's regimes file (already JSON-decoded). Returns problems as
 * `path: message` lines that never quote a value from the file.
 */
export function parseOrganisationRegimes(data: unknown): { ok: true; regimes: RegimeDef[] } | { ok: false; problems: string[] } {
  const parsed = regimesFileSchema.safeParse(data);
  if (!parsed.success) {
    // Zod's messages name the expected shape, not the value; unknown keys are not repeated either.
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(file)'}: ${i.code === 'unrecognized_keys' ? 'has a key that is not allowed here' : i.message}`) };
  }
  const problems: string[] = [];
  const builtin = new Set(BUILTIN_REGIMES.map((r) => r.id));
  const seen = new Set<string>();
  parsed.data.regimes.forEach((r, i) => {
    if (builtin.has(r.id)) problems.push(`regimes.${i}.id: is the id of a built-in regime`);
    if (seen.has(r.id)) problems.push(`regimes.${i}.id: is used twice`);
    seen.add(r.id);
  });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    regimes: parsed.data.regimes.map((r) => ({
      id: r.id,
      name: r.name,
      authority: r.authority,
      builtin: false,
      notes: r.notes,
      ...(r.suggestWhen ? { suggestWhen: r.suggestWhen } : {}),
      stages: r.stages.map((s) => ({ id: s.id, label: s.label, description: s.description, within: s.within, from: s.after ? { stage: s.after } : 'awareness' })),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Triage suggestion

/** Why a regime was (or was not) suggested; each medium words the codes itself. */
export const REASON_CODES = [
  'harm_limb_a',
  'harm_limb_b',
  'harm_limb_c',
  'harm_limb_d',
  'widespread_infringement',
  'severe_event_without_harm_limb',
  'no_serious_harm_recorded',
  'personal_data_involved',
  'personal_data_unknown_privacy_category',
  'personal_data_unknown',
  'no_personal_data',
  'nis2_entity_significant_incident',
  'nis2_entity_not_significant',
  'not_nis2_entity',
  'organisation_rule_matched',
  'organisation_rule_not_matched',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** likely: raise it; possible: a fact is unknown, ask; unlikely: nothing in the record points to it. */
export type Suggestion = 'likely' | 'possible' | 'unlikely';

export interface TriageFacts extends Pick<RegulatoryFacts, 'personalData' | 'harmLimb' | 'memberStates' | 'peopleAffected'> {
  severity: Severity;
  category: HarmCategory;
  harmLevel: HarmLevel;
}

/** The triage's view of an incident and its regulatory facts. */
export function triageFactsOf(incident: Pick<TriageFacts, 'severity' | 'category' | 'harmLevel'>, facts: RegulatoryFacts): TriageFacts {
  return {
    severity: incident.severity,
    category: incident.category,
    harmLevel: incident.harmLevel,
    personalData: facts.personalData,
    harmLimb: facts.harmLimb,
    memberStates: facts.memberStates,
    peopleAffected: facts.peopleAffected,
  };
}

export interface OrganisationSettings {
  nis2Entity: Nis2Entity;
}

export interface RegimeSuggestion {
  regime: string;
  suggestion: Suggestion;
  reasons: ReasonCode[];
}

/** Art. 3(61), read broadly: a fundamental-rights infringement reaching people in two or more Member States. */
export function isWidespreadInfringement(f: Pick<TriageFacts, 'harmLimb' | 'memberStates'>): boolean {
  return f.harmLimb === 'c' && f.memberStates.length >= 2;
}

/** Significant under NIS2 Art. 23(3), approximated from the record: SEV1, or critical-infrastructure harm. */
export function isSignificantIncident(f: Pick<TriageFacts, 'severity' | 'harmLimb'>): boolean {
  return f.severity === 'sev1' || f.harmLimb === 'b';
}

export function suggestRegime(regime: RegimeDef, f: TriageFacts, org: OrganisationSettings): RegimeSuggestion {
  const out = (suggestion: Suggestion, reasons: ReasonCode[]): RegimeSuggestion => ({ regime: regime.id, suggestion, reasons });
  switch (regime.id) {
    case AI_ACT.id: {
      const reasons: ReasonCode[] = [];
      if (f.harmLimb) reasons.push(`harm_limb_${f.harmLimb}`);
      if (isWidespreadInfringement(f)) reasons.push('widespread_infringement');
      if (reasons.length) return out('likely', reasons);
      if ((f.severity === 'sev1' || f.severity === 'sev2') && f.harmLevel === 'event') return out('possible', ['severe_event_without_harm_limb']);
      return out('unlikely', ['no_serious_harm_recorded']);
    }
    case GDPR.id:
      if (f.personalData === 'yes') return out('likely', ['personal_data_involved']);
      if (f.personalData === 'no') return out('unlikely', ['no_personal_data']);
      if (f.category === 'privacy_leak') return out('possible', ['personal_data_unknown_privacy_category']);
      return out('unlikely', ['personal_data_unknown']);
    case NIS2.id:
      if (org.nis2Entity === 'none') return out('unlikely', ['not_nis2_entity']);
      return isSignificantIncident(f) ? out('likely', ['nis2_entity_significant_incident']) : out('unlikely', ['nis2_entity_not_significant']);
    default:
      return matchesRule(regime.suggestWhen, f) ? out('likely', ['organisation_rule_matched']) : out('unlikely', ['organisation_rule_not_matched']);
  }
}

function matchesRule(rule: SuggestRule | undefined, f: TriageFacts): boolean {
  if (!rule) return false;
  if (rule.severities?.includes(f.severity)) return true;
  if (rule.categories?.includes(f.category)) return true;
  if (rule.personalData === true && f.personalData === 'yes') return true;
  if (f.harmLimb && rule.harmLimbs?.includes(f.harmLimb)) return true;
  if (rule.memberStates?.some((s) => (f.memberStates as string[]).includes(s))) return true;
  return false;
}

export function suggestTriage(regimes: readonly RegimeDef[], f: TriageFacts, org: OrganisationSettings): RegimeSuggestion[] {
  return regimes.map((r) => suggestRegime(r, f, org));
}

// ---------------------------------------------------------------------------------------------
// Deadlines

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

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
  return new Date(Date.UTC(targetYear, targetMonth, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()));
}

export function addSpan(start: Date, s: Span): Date {
  if (s.months) return addUtcMonths(start, s.months);
  return new Date(start.getTime() + (s.days ?? 0) * DAY + (s.hours ?? 0) * HOUR);
}

export function pickTier(stage: StageDef, f: Pick<TriageFacts, 'harmLimb' | 'memberStates'>): TierDef | null {
  if (!stage.tiers) return null;
  const facts = new Set<TierCondition>();
  if (f.harmLimb === 'a') facts.add('harm_limb_a');
  if (f.harmLimb === 'b') facts.add('harm_limb_b');
  if (isWidespreadInfringement(f)) facts.add('widespread_infringement');
  return stage.tiers.find((t) => t.when.length === 0 || t.when.some((c) => facts.has(c))) ?? null;
}

export interface LoggedReport {
  regime: string;
  stage: string;
  reportedAt: Date;
}

export interface CurrentDecision {
  regime: string;
  decision: RegimeDecision;
}

export type ClockState = 'running' | 'overdue' | 'reported';

export interface Clock {
  regime: string;
  stage: string;
  label: string;
  tier: TierDef | null;
  /** When the window opened: awareness, or the report (or, until it is made, the deadline) of the stage it follows. */
  startsAt: Date;
  dueAt: Date;
  state: ClockState;
  reportedAt: Date | null;
  /** No decision yet (suggested), or Legal is unsure: the dates may not bind. */
  provisional: boolean;
  /** The stage it follows is not reported yet, so the start is that stage's deadline. */
  chainedOnDeadline: boolean;
}

export interface ClockInput {
  awareness: Date;
  facts: TriageFacts;
  org: OrganisationSettings;
  decisions: readonly CurrentDecision[];
  reports: readonly LoggedReport[];
}

/**
 * Which regimes run clocks: those Legal set to *applies* (firm) or *unsure* (provisional), and,
 * while Legal has not decided, those the record makes likely (provisional). A *possible* regime
 * (a deciding fact is unknown) runs no clock: the triage form asks the question instead.
 */
export function clockedRegimes(regimes: readonly RegimeDef[], input: Pick<ClockInput, 'facts' | 'org' | 'decisions'>): { regime: RegimeDef; provisional: boolean }[] {
  const out: { regime: RegimeDef; provisional: boolean }[] = [];
  for (const regime of regimes) {
    const decision = input.decisions.find((d) => d.regime === regime.id)?.decision;
    if (decision === 'does_not_apply') continue;
    if (decision === 'applies') out.push({ regime, provisional: false });
    else if (decision === 'unsure') out.push({ regime, provisional: true });
    else if (suggestRegime(regime, input.facts, input.org).suggestion === 'likely') out.push({ regime, provisional: true });
  }
  return out;
}

export function computeClocks(regimes: readonly RegimeDef[], input: ClockInput, now: Date): Clock[] {
  const clocks: Clock[] = [];
  for (const { regime, provisional } of clockedRegimes(regimes, input)) {
    const byStage = new Map<string, Clock>();
    for (const stage of regime.stages) {
      let startsAt = input.awareness;
      let chainedOnDeadline = false;
      if (stage.from !== 'awareness') {
        const prev = byStage.get(stage.from.stage);
        if (!prev) continue;
        startsAt = prev.reportedAt ?? prev.dueAt;
        chainedOnDeadline = prev.reportedAt === null;
      }
      const tier = pickTier(stage, input.facts);
      const dueAt = addSpan(startsAt, tier?.within ?? stage.within);
      const report = input.reports.find((r) => r.regime === regime.id && r.stage === stage.id);
      const state: ClockState = report ? 'reported' : now.getTime() > dueAt.getTime() ? 'overdue' : 'running';
      const clock: Clock = { regime: regime.id, stage: stage.id, label: stage.label, tier, startsAt, dueAt, state, reportedAt: report?.reportedAt ?? null, provisional, chainedOnDeadline };
      byStage.set(stage.id, clock);
      clocks.push(clock);
    }
  }
  return clocks;
}

/** The open clock due first (running or overdue), for the incident card. */
export function nearestClock(clocks: readonly Clock[]): Clock | null {
  let best: Clock | null = null;
  for (const c of clocks) if (c.state !== 'reported' && (!best || c.dueAt < best.dueAt)) best = c;
  return best;
}

// ---------------------------------------------------------------------------------------------
// Reminders

export const REMINDER_FRACTIONS = [0.5, 0.75, 0.9] as const;
export type ReminderThreshold = 'p50' | 'p75' | 'p90' | 'due' | `overdue-${number}`;

export interface PlannedReminder {
  /** Once-only job key: one reminder per incident, regime, stage, threshold and deadline. */
  key: string;
  threshold: ReminderThreshold;
  at: Date;
}

/**
 * The reminders of one open clock: at 50%, 75% and 90% of its window, at the deadline, and the
 * first daily overdue one (each overdue reminder plans the next). Thresholds already in the past
 * are dropped except the latest one, so a window re-planned late still reminds once, now. The key
 * carries the deadline, so moving awareness makes new reminders and the old ones find no clock.
 */
export function planReminders(incidentId: number, clock: Clock, now: Date): PlannedReminder[] {
  if (clock.state === 'reported') return [];
  const start = clock.startsAt.getTime();
  const due = clock.dueAt.getTime();
  const window = due - start;
  const base = `reg:${incidentId}:${clock.regime}:${clock.stage}:${due}`;
  const all: PlannedReminder[] = [
    ...REMINDER_FRACTIONS.map((f) => ({ threshold: `p${Math.round(f * 100)}` as ReminderThreshold, at: new Date(start + Math.round(window * f)) })),
    { threshold: 'due' as const, at: new Date(due) },
  ].map((r) => ({ ...r, key: `${base}:${r.threshold}` }));
  if (now.getTime() > due) {
    const n = Math.floor((now.getTime() - due) / DAY) + 1;
    const at = new Date(due + n * DAY);
    // The deadline reminder (sent already, or now if it never was) and the next daily one.
    return [
      { key: `${base}:due`, threshold: 'due', at: now },
      { key: `${base}:overdue-${n}`, threshold: `overdue-${n}`, at },
    ];
  }
  const future = all.filter((r) => r.at.getTime() > now.getTime());
  const past = all.filter((r) => r.at.getTime() <= now.getTime());
  const catchUp = past.at(-1);
  return [...(catchUp ? [{ ...catchUp, at: now }] : []), ...future];
}

/** The next daily reminder after an overdue one was sent. */
export function nextOverdueReminder(incidentId: number, clock: Clock, sent: ReminderThreshold): PlannedReminder | null {
  if (clock.state === 'reported') return null;
  const n = sent.startsWith('overdue-') ? Number(sent.slice('overdue-'.length)) + 1 : 1;
  const due = clock.dueAt.getTime();
  return { key: `reg:${incidentId}:${clock.regime}:${clock.stage}:${due}:overdue-${n}`, threshold: `overdue-${n}`, at: new Date(due + n * DAY) };
}

export function regimeById(regimes: readonly RegimeDef[], id: string): RegimeDef | undefined {
  return regimes.find((r) => r.id === id);
}

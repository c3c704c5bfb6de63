/**
 * Two steps after the harm: a short resolve (what a tired commander knows at that moment) and the
 * analysis, written later in several sittings. Pure: codes and data; each medium words them.
 */
import { requireOpen } from './closure';
import { ValidationError } from './errors';
import type { Incident } from './incident';
import { FISHBONE_CATEGORIES, RESOLUTION_TEXT_MAX, WHYS_MAX, type FishboneCategory } from './resolution';

/** Impact at resolve time is a sentence or two; the analysis can say more later. */
export const RESOLVE_IMPACT_MAX = 1000;

export interface ResolveInput {
  /** How the harm was stopped (required). */
  howStopped: string;
  impact: string;
  /** When the service recovered; defaults to now. */
  resolvedAt: Date | null;
}

export interface ValidResolve {
  howStopped: string;
  impact: string;
  resolvedAt: Date;
}

const clean = (s: string | null | undefined) => (s ?? '').trim();

function checkLength(value: string, field: string, max = RESOLUTION_TEXT_MAX): string {
  if (value.length > max) throw new ValidationError(`Keep this under ${max} characters (it is ${value.length}).`, field);
  return value;
}

/** Field names are the form's block ids. */
export function validateResolve(input: ResolveInput, ctx: { declaredAt: Date; now: Date }): ValidResolve {
  const howStopped = clean(input.howStopped);
  if (!howStopped) throw new ValidationError('Say what stopped the harm — one or two sentences are enough.', 'summary');
  const at = input.resolvedAt ?? ctx.now;
  // A minute of slack: the picker has minute precision and clocks differ a little.
  if (at.getTime() > ctx.now.getTime() + 60_000) throw new ValidationError('The resolution time cannot be in the future.', 'resolved_at');
  if (at.getTime() < ctx.declaredAt.getTime() - 60_000) {
    throw new ValidationError('The resolution time is before the incident was declared.', 'resolved_at');
  }
  return {
    howStopped: checkLength(howStopped, 'summary'),
    impact: checkLength(clean(input.impact), 'impact', RESOLVE_IMPACT_MAX),
    resolvedAt: at.getTime() > ctx.now.getTime() ? ctx.now : at,
  };
}

/** The analysis, in parts small enough for one readable modal each. */
export const ANALYSIS_PARTS = ['cause', 'factors', 'actions'] as const;
export type AnalysisPart = (typeof ANALYSIS_PARTS)[number];

export function isAnalysisPart(value: string): value is AnalysisPart {
  return (ANALYSIS_PARTS as readonly string[]).includes(value);
}

export function nextPart(part: AnalysisPart): AnalysisPart | null {
  return ANALYSIS_PARTS[ANALYSIS_PARTS.indexOf(part) + 1] ?? null;
}

export interface CauseInput {
  trigger: string;
  rootCause: string;
  whys: string[];
}

export interface FactorsInput {
  factors: Record<FishboneCategory, string>;
  wentWell: string;
  wentWrong: string;
  gotLucky: string;
}

export function validateCause(input: CauseInput): CauseInput {
  const whys = input.whys.map(clean);
  whys.forEach((w, i) => checkLength(w, `why_${i + 1}`));
  // A chain with a gap ("why 1", "", "why 3") reads as two chains; keep the answers in order.
  return {
    trigger: checkLength(clean(input.trigger), 'trigger'),
    rootCause: checkLength(clean(input.rootCause), 'root_cause'),
    whys: whys.filter(Boolean).slice(0, WHYS_MAX),
  };
}

export function validateFactors(input: FactorsInput): FactorsInput {
  const factors = Object.fromEntries(FISHBONE_CATEGORIES.map((c) => [c, checkLength(clean(input.factors[c]), `factor_${c}`)])) as Record<FishboneCategory, string>;
  return {
    factors,
    wentWell: checkLength(clean(input.wentWell), 'went_well'),
    wentWrong: checkLength(clean(input.wentWrong), 'went_wrong'),
    gotLucky: checkLength(clean(input.gotLucky), 'got_lucky'),
  };
}

/** What the analysis holds so far, as the gap rules see it. */
export interface AnalysisState {
  trigger: string;
  rootCause: string;
  whys: string[];
  factors: Partial<Record<FishboneCategory, string>>;
  wentWell: string;
  wentWrong: string;
  gotLucky: string;
  /** Corrective actions recorded, whatever their status. */
  actionCount: number;
}

export const ANALYSIS_GAPS = ['root_cause', 'actions', 'whys', 'factors', 'lessons'] as const;
export type AnalysisGap = (typeof ANALYSIS_GAPS)[number];

/** What is still missing, most important first. `root_cause` and `actions` make closing ask for a confirmation. */
export function analysisGaps(s: AnalysisState | null): AnalysisGap[] {
  if (!s) return [...ANALYSIS_GAPS];
  const gaps: AnalysisGap[] = [];
  if (!clean(s.rootCause)) gaps.push('root_cause');
  if (s.actionCount === 0) gaps.push('actions');
  if (s.whys.filter((w) => clean(w)).length === 0) gaps.push('whys');
  if (!FISHBONE_CATEGORIES.some((c) => clean(s.factors[c]))) gaps.push('factors');
  if (![s.wentWell, s.wentWrong, s.gotLucky].some((t) => clean(t))) gaps.push('lessons');
  return gaps;
}

/** Gaps serious enough that closing must be confirmed. */
export function closingGaps(s: AnalysisState | null): AnalysisGap[] {
  return analysisGaps(s).filter((g) => g === 'root_cause' || g === 'actions');
}

/** Where a new sitting starts: the first part with a gap, else the beginning. */
export function firstIncompletePart(s: AnalysisState | null): AnalysisPart {
  const gaps = analysisGaps(s);
  if (gaps.includes('root_cause') || gaps.includes('whys')) return 'cause';
  if (gaps.includes('factors') || gaps.includes('lessons')) return 'factors';
  if (gaps.includes('actions')) return 'actions';
  return 'cause';
}

/** The analysis is written after the resolve, and a closed incident is re-opened first. */
export function assertAnalysable(status: Incident['status']): void {
  requireOpen({ status }, 'analysis');
}

/** A review date is a calendar day, today or later. */
export function validateReviewDate(value: string | null, today: string): string | null {
  const v = clean(value);
  if (!v) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw new ValidationError('Pick a valid review date.', 'review_date');
  if (v < today) throw new ValidationError('The review date has passed; pick today or a later day.', 'review_date');
  return v;
}

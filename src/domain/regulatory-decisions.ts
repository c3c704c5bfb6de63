import { ValidationError } from './errors';
import { isRegimeDecision, regimeById, type RegimeDecision, type RegimeDef } from './regimes';

export const DECISION_REASON_MAX = 500;
export const REPORT_TEXT_MAX = 2000;
export const REPORT_REFERENCE_MAX = 200;

/** Form fields of the triage form, one pair per regime (the block ids use the same names). */
export const triageField = {
  decision: (regime: string) => `decision:${regime}`,
  reason: (regime: string) => `reason:${regime}`,
};

export interface TriageChoice {
  regime: string;
  /** Null: left undecided. */
  decision: string | null;
  reason: string;
}

export interface TriageDecision {
  regime: string;
  decision: RegimeDecision;
  reason: string;
}

/**
 * Legal's decisions from the triage form: each regime whose decision or reason changed is a new
 * decision (history is kept, the latest counts). A decision needs a reason; leaving a decided
 * regime undecided is refused (decisions are changed, not withdrawn).
 */
export function planTriage(regimes: readonly RegimeDef[], current: readonly TriageDecision[], choices: readonly TriageChoice[]): TriageDecision[] {
  const out: TriageDecision[] = [];
  for (const choice of choices) {
    if (!regimeById(regimes, choice.regime)) throw new ValidationError('That regime is not configured.', triageField.decision(choice.regime));
    const now = current.find((c) => c.regime === choice.regime);
    const reason = choice.reason.trim();
    if (choice.decision === null) {
      if (now) throw new ValidationError('A decision can be changed but not withdrawn; pick unsure if it is open again.', triageField.decision(choice.regime));
      if (reason) throw new ValidationError('Pick applies, does not apply or unsure for this reason.', triageField.decision(choice.regime));
      continue;
    }
    if (!isRegimeDecision(choice.decision)) throw new ValidationError('Pick applies, does not apply or unsure.', triageField.decision(choice.regime));
    if (!reason) throw new ValidationError('Give the reason for the decision; it goes on the timeline and into the export.', triageField.reason(choice.regime));
    if (reason.length > DECISION_REASON_MAX) throw new ValidationError(`Keep the reason under ${DECISION_REASON_MAX} characters.`, triageField.reason(choice.regime));
    if (now && now.decision === choice.decision && now.reason === reason) continue;
    out.push({ regime: choice.regime, decision: choice.decision, reason });
  }
  return out;
}

export interface ReportInput {
  regime: string;
  stage: string;
  reference?: string | null;
  authority?: string | null;
  sent?: string | null;
  reportedAt?: Date | null;
}

export interface ValidReport {
  regime: string;
  stage: string;
  reference: string;
  authority: string;
  sent: string;
  reportedAt: Date;
}

/** A report to log: a known regime and stage, not in the future; authority defaults to the regime's. */
export function validateReport(regimes: readonly RegimeDef[], input: ReportInput, now: Date): ValidReport {
  const regime = regimeById(regimes, input.regime.toLowerCase());
  if (!regime) throw new ValidationError(`Unknown regime; use one of ${regimes.map((r) => r.id).join(', ')}.`, 'regime');
  const stage = regime.stages.find((s) => s.id === input.stage.toLowerCase());
  if (!stage) throw new ValidationError(`Unknown stage of ${regime.id}; use one of ${regime.stages.map((s) => s.id).join(', ')}.`, 'stage');
  const reportedAt = input.reportedAt ?? now;
  if (reportedAt > now) throw new ValidationError('A report cannot be logged in the future.', 'reported_at');
  const reference = (input.reference ?? '').trim();
  if (reference.length > REPORT_REFERENCE_MAX) throw new ValidationError(`Keep the reference under ${REPORT_REFERENCE_MAX} characters.`, 'reference');
  const sent = (input.sent ?? '').trim();
  if (sent.length > REPORT_TEXT_MAX) throw new ValidationError(`Keep what was sent under ${REPORT_TEXT_MAX} characters (link to the rest).`, 'sent');
  const authority = (input.authority ?? '').trim() || regime.authority;
  return { regime: regime.id, stage: stage.id, reference, authority: authority.slice(0, REPORT_REFERENCE_MAX), sent, reportedAt };
}

/** `/incident report <regime> <stage> [reference] [what was sent…]`. */
export function parseReportArgs(args: string): ReportInput | null {
  const m = /^(\S+)\s+(\S+)(?:\s+(\S+))?(?:\s+([\s\S]+))?$/.exec(args.trim());
  if (!m) return null;
  return { regime: m[1]!, stage: m[2]!, reference: m[3] ?? '', sent: m[4]?.trim() ?? '' };
}

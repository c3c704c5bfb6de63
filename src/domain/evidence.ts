import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { DomainError, ValidationError } from './errors';
import type { Incident } from './incident';
import type { RegimeDecision, Suggestion } from './regimes';
import { statusLabel, type Status } from './status';

/**
 * Evidence before the system is changed. The EU AI Act (Art. 73(6)) forbids altering an AI system
 * in a way that could affect a later evaluation of the incident's causes before the authority is
 * informed. Containment and mitigation are exactly such alterations (rollback, retraining, prompt
 * or configuration changes), so the first move to either asks for an evidence snapshot first.
 * People must be able to stop harm, so it can be skipped — with a reason, recorded and flagged.
 */

export const EVIDENCE_REMINDER =
  'Before altering the AI system any further (rollback, retraining, prompt or configuration change), preserve the evidence: ' +
  'the exact model version and weights identifier, system and user prompts, configuration and feature flags, input samples and ' +
  'outputs, and logs. The EU AI Act (Art. 73(6)) forbids alterations that could affect a later evaluation of the causes ' +
  'before the authority is informed.';

export const EVIDENCE_OUTCOMES = ['preserved', 'skipped'] as const;
export type EvidenceOutcome = (typeof EVIDENCE_OUTCOMES)[number];

/** The statuses whose first arrival changes the AI system. */
export const SYSTEM_CHANGING_STATUSES: readonly Status[] = ['contained', 'mitigated'];

export const EVIDENCE_REF_MAX = 500;
export const SKIP_REASON_MAX = 1000;
const SKIP_REASON_MIN = 10;

/**
 * Where the AI Act applies or is unsure — the one predicate the evidence gate asks, and the same
 * rule that runs the AI Act's clock: Legal's decision once there is one (*applies* or *unsure* →
 * true, *does not apply* → false); before that, a record that makes it *likely* (a harm limb, a
 * widespread infringement). A *possible* suggestion (a deciding fact is unknown) does not block
 * containment: the triage form asks the question instead.
 */
export function evidenceRequired(aiAct: { decision: RegimeDecision | null; suggestion: Suggestion }): boolean {
  if (aiAct.decision) return aiAct.decision !== 'does_not_apply';
  return aiAct.suggestion === 'likely';
}

export type EvidenceGate =
  | { code: 'not_needed'; why: 'not_system_change' | 'ai_act_not_raised' | 'already_recorded' | 'already_changed' }
  | { code: 'snapshot_required' };

/**
 * Whether moving to `to` must first take (or explicitly skip) the evidence snapshot. Only the first
 * move counts: once a snapshot or a skip is recorded, or the system was already contained or
 * mitigated before the snapshot rule existed, later moves proceed.
 */
export function evidenceGate(
  incident: Pick<Incident, 'containedAt' | 'mitigatedAt' | 'status'>,
  to: Status,
  recorded: number,
  /** `evidenceRequired` of the incident's AI Act standing. */
  required: boolean,
): EvidenceGate {
  if (!SYSTEM_CHANGING_STATUSES.includes(to) || to === incident.status) return { code: 'not_needed', why: 'not_system_change' };
  if (recorded > 0) return { code: 'not_needed', why: 'already_recorded' };
  if (incident.containedAt || incident.mitigatedAt) return { code: 'not_needed', why: 'already_changed' };
  if (!required) return { code: 'not_needed', why: 'ai_act_not_raised' };
  return { code: 'snapshot_required' };
}

/** Refuses a status change that must go through the evidence form first (no path may bypass it). */
export class EvidenceRequiredError extends DomainError {
  constructor() {
    super('evidence_required', 'Preserve the evidence (or record why not) before the AI system is changed: EU AI Act Art. 73(6).');
    this.name = 'EvidenceRequiredError';
  }
}

export interface EvidenceSnapshotInput {
  modelRef: string | null;
  promptsRef: string | null;
  samplesRef: string | null;
  logsRef: string | null;
  preservedBy: string | null;
}

export type EvidenceDecision =
  | { outcome: 'preserved'; modelRef: string; promptsRef: string; samplesRef: string; logsRef: string; preservedBy: string }
  | { outcome: 'skipped'; reason: string };

const clean = (s: string | null | undefined) => (s ?? '').trim();

/**
 * What the form's answers amount to. A snapshot needs every location (write "none" and why when
 * there is none: a regulator reads an empty field as "not looked for"); a skip needs a reason.
 */
export function decideEvidence(input: EvidenceSnapshotInput & { skip: boolean; skipReason: string | null }): EvidenceDecision {
  if (input.skip) {
    const reason = clean(input.skipReason);
    if (reason.length < SKIP_REASON_MIN) throw new ValidationError('Say why the system is changed without preserving the evidence first (at least a sentence).', 'skip_reason');
    if (reason.length > SKIP_REASON_MAX) throw new ValidationError(`Keep the reason under ${SKIP_REASON_MAX} characters.`, 'skip_reason');
    return { outcome: 'skipped', reason };
  }
  const refs: [keyof EvidenceSnapshotInput, string, string][] = [
    ['modelRef', 'model_ref', 'the model or weights identifier (or registry URI)'],
    ['promptsRef', 'prompts_ref', 'where the prompts and configuration are kept'],
    ['samplesRef', 'samples_ref', 'where the input/output samples are kept'],
    ['logsRef', 'logs_ref', 'where the logs are kept'],
  ];
  const out: Record<string, string> = {};
  for (const [key, field, what] of refs) {
    const value = clean(input[key]);
    if (!value) throw new ValidationError(`Give ${what}, or tick "Proceed without a snapshot" and say why.`, field);
    if (value.length > EVIDENCE_REF_MAX) throw new ValidationError(`Keep this under ${EVIDENCE_REF_MAX} characters.`, field);
    out[key] = value;
  }
  const preservedBy = clean(input.preservedBy);
  if (!preservedBy) throw new ValidationError('Say who preserved the evidence.', 'preserved_by');
  return { outcome: 'preserved', modelRef: out.modelRef!, promptsRef: out.promptsRef!, samplesRef: out.samplesRef!, logsRef: out.logsRef!, preservedBy };
}

export interface EvidenceRecordContent {
  incidentId: number;
  decision: EvidenceDecision;
  forStatus: Status;
  recordedBy: string;
  recordedAt: Date;
}

/** SHA-256 over the RFC 8785 canonical JSON of the record's content: what was preserved, by whom, when. */
export function evidenceDigest(content: EvidenceRecordContent): string {
  const json = canonicalize({
    v: 1,
    incidentId: content.incidentId,
    ...content.decision,
    forStatus: content.forStatus,
    recordedBy: content.recordedBy,
    recordedAt: content.recordedAt.getTime(),
  });
  if (json === undefined) throw new Error('An evidence record could not be serialised.');
  return createHash('sha256').update(json, 'utf8').digest('hex');
}

/** The timeline entry's stored plain text: a skip says so first, in capitals, so nobody reads past it. */
export function evidenceEntryText(decision: EvidenceDecision, forStatus: Status, digest: string): string {
  const target = statusLabel(forStatus);
  if (decision.outcome === 'skipped') {
    return `EVIDENCE NOT PRESERVED before the move to ${target} (EU AI Act Art. 73(6)). Reason: ${decision.reason} [record sha256:${digest}]`;
  }
  return (
    `Evidence preserved before the move to ${target}: model ${decision.modelRef}; prompts and configuration ${decision.promptsRef}; ` +
    `samples ${decision.samplesRef}; logs ${decision.logsRef}; preserved by <@${decision.preservedBy}> [record sha256:${digest}]`
  );
}

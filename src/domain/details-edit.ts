import { ValidationError } from './errors';
import { HARM_CATEGORY_INFO, HARM_LEVEL_INFO } from './harm';
import { validateDetails, type Details, type DetailsInput } from './incident-details';
import type { Incident } from './incident';
import {
  DETECTION_SOURCE_INFO,
  HARM_LIMB_INFO,
  LEGAL_TIME_INFO,
  LEGAL_TIMES,
  MEMBER_STATES,
  PERSONAL_DATA_INFO,
  VERSION_FIELD_INFO,
  VERSION_FIELDS,
  type LegalTimeChange,
  type RegulatoryFacts,
} from './regulatory-record';

/**
 * The details the edit form corrects. `input` is the form field (and modal block id, so an error
 * lands on the right input); `field` is what a details_edited entry names in `data.field`.
 */
export const DETAIL_FIELDS = [
  { field: 'title', input: 'title', label: 'Title' },
  { field: 'summary', input: 'summary', label: 'Summary' },
  { field: 'category', input: 'category', label: 'Harm category' },
  { field: 'harmLevel', input: 'harm_level', label: 'Harm level' },
  { field: 'affectedSystem', input: 'affected_system', label: 'Affected system' },
  { field: 'affectedVersion', input: 'affected_version', label: 'Version' },
  { field: 'impactStartedAt', input: 'impact_started', label: 'Impact started' },
  { field: 'detectedAt', input: 'detected', label: 'Detected' },
  { field: 'personalData', input: 'personal_data', label: 'Personal data' },
  { field: 'peopleAffected', input: 'people_affected', label: 'People affected' },
  { field: 'memberStates', input: 'member_states', label: 'Member States' },
  { field: 'detectionSource', input: 'detection_source', label: 'Detection source' },
  { field: 'harmLimb', input: 'harm_limb', label: 'Art. 3(49) harm' },
  { field: 'modelBefore', input: VERSION_FIELD_INFO.modelBefore.input, label: VERSION_FIELD_INFO.modelBefore.label },
  { field: 'modelAfter', input: VERSION_FIELD_INFO.modelAfter.input, label: VERSION_FIELD_INFO.modelAfter.label },
  { field: 'promptBefore', input: VERSION_FIELD_INFO.promptBefore.input, label: VERSION_FIELD_INFO.promptBefore.label },
  { field: 'promptAfter', input: VERSION_FIELD_INFO.promptAfter.input, label: VERSION_FIELD_INFO.promptAfter.label },
  { field: 'datasetBefore', input: VERSION_FIELD_INFO.datasetBefore.input, label: VERSION_FIELD_INFO.datasetBefore.label },
  { field: 'datasetAfter', input: VERSION_FIELD_INFO.datasetAfter.input, label: VERSION_FIELD_INFO.datasetAfter.label },
] as const;
export type DetailField = (typeof DETAIL_FIELDS)[number]['field'];

/** Fields stored on the incident row; the others live in the incident's regulatory facts. */
export const INCIDENT_DETAIL_FIELDS = ['title', 'summary', 'category', 'harmLevel', 'affectedSystem', 'affectedVersion', 'impactStartedAt', 'detectedAt'] as const;
export type IncidentDetailField = (typeof INCIDENT_DETAIL_FIELDS)[number];

export type EditableDetails = Details & Pick<Incident, 'detectedAt'>;

export interface DetailsEditInput extends DetailsInput {
  detectedAt: Date | null;
  /** Empty = awareness follows the detection time. */
  awareAt?: Date | null;
  causalLinkAt?: Date | null;
  /** Why a legal time changed; required when one did. */
  legalReason?: string | null;
}

/** One correction; dates as ISO strings so the entry's JSON reads the same everywhere. */
export interface DetailChange {
  field: DetailField;
  from: string | null;
  to: string | null;
}

export interface DetailsEditPlan {
  /** Changed values of the incident row. */
  patch: Partial<Pick<Incident, IncidentDetailField | 'awareAt'>>;
  /** Changed regulatory facts (incident_regulatory). */
  facts: Partial<RegulatoryFacts>;
  changes: DetailChange[];
  /** Awareness / causal-link changes, each recorded with who, from what and why. */
  legal: LegalTimeChange[];
  legalReason: string | null;
}

export const LEGAL_REASON_MAX = 500;

/** Seconds, as a datetimepicker gives them: a stored `…:00.123` handed back as `…:00` is no change. */
const iso = (d: Date | null) => (d ? new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString() : null);
const asText = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return iso(v);
  if (Array.isArray(v)) return v.join(',');
  return String(v);
};

/**
 * Checks a correction of the incident's details (the same rule as a declaration, validateDetails)
 * plus the order of the key moments (impact started ≤ detected ≤ declared) and the legal times,
 * and lists what changed.
 */
export function planDetailsEdit(
  current: EditableDetails & Pick<Incident, 'declaredAt' | 'awareAt'> & Pick<RegulatoryFacts, 'causalLinkAt'>,
  input: DetailsEditInput,
  now: Date,
): DetailsEditPlan {
  // A fact left out of the input (a caller other than the form) keeps its value; the form sends them all.
  const versions: NonNullable<DetailsInput['versions']> = {};
  for (const f of VERSION_FIELDS) versions[f] = input.versions?.[f] !== undefined ? input.versions[f] : current[f];
  const details = validateDetails(
    {
      ...input,
      personalData: input.personalData ?? current.personalData,
      peopleAffected: input.peopleAffected !== undefined ? input.peopleAffected : current.peopleAffected,
      memberStates: input.memberStates ?? current.memberStates,
      detectionSource: input.detectionSource ?? current.detectionSource,
      harmLimb: input.harmLimb !== undefined && input.harmLimb !== null ? input.harmLimb : current.harmLimb,
      versions,
    },
    now,
    current,
  );
  const { impactStartedAt } = details;
  const { detectedAt } = input;
  if (!detectedAt) throw new ValidationError('Say when the problem was detected; time to detect is measured from it.', 'detected');
  if (detectedAt > now) throw new ValidationError('Detection cannot be in the future.', 'detected');
  if (detectedAt > current.declaredAt) {
    throw new ValidationError('Detection cannot come after the declaration; time to declare would be negative.', 'detected');
  }
  if (impactStartedAt && impactStartedAt > detectedAt) throw new ValidationError('Impact cannot start after it was detected.', 'impact_started');

  const next: EditableDetails = { ...details, detectedAt };
  const patch: DetailsEditPlan['patch'] = {};
  const facts: Partial<RegulatoryFacts> = {};
  const changes: DetailChange[] = [];
  for (const { field } of DETAIL_FIELDS) {
    const a = asText(current[field]);
    const b = asText(next[field]);
    if (a === b) continue;
    const value = next[field] instanceof Date ? new Date(b!) : next[field];
    if ((INCIDENT_DETAIL_FIELDS as readonly string[]).includes(field)) (patch as Record<string, unknown>)[field] = value;
    else (facts as Record<string, unknown>)[field] = value;
    changes.push({ field, from: a, to: b });
  }

  const legal: LegalTimeChange[] = [];
  const wanted = { awareAt: input.awareAt ?? null, causalLinkAt: input.causalLinkAt ?? null };
  for (const field of LEGAL_TIMES) {
    const to = wanted[field];
    if (to && to > now) throw new ValidationError(`${LEGAL_TIME_INFO[field].label} cannot be in the future.`, LEGAL_TIME_INFO[field].input);
    const from = current[field];
    if (iso(from) === iso(to)) continue;
    legal.push({ field, from, to: to && new Date(iso(to)!) });
  }
  const legalReason = (input.legalReason ?? '').trim();
  if (legal.length && !legalReason) {
    throw new ValidationError('Say why the awareness or causal-link time changed: regulators ask how the clock start was set.', 'legal_reason');
  }
  if (legalReason.length > LEGAL_REASON_MAX) throw new ValidationError(`Keep the reason under ${LEGAL_REASON_MAX} characters.`, 'legal_reason');
  for (const c of legal) {
    if (c.field === 'awareAt') patch.awareAt = c.to;
    else facts.causalLinkAt = c.to;
  }
  return { patch, facts, changes, legal, legalReason: legal.length ? legalReason : null };
}

const utc = (v: string) => `${v.slice(0, 16).replace('T', ' ')} UTC`;

/** `Harm category: Other → Bias / fairness violation` — plain text for the timeline. */
export function detailChangeText(change: DetailChange): string {
  const label = DETAIL_FIELDS.find((f) => f.field === change.field)!.label;
  const show = (v: string | null): string => {
    if (v === null || v === '') return '(empty)';
    switch (change.field) {
      case 'category':
        return v in HARM_CATEGORY_INFO ? HARM_CATEGORY_INFO[v as keyof typeof HARM_CATEGORY_INFO].label : v;
      case 'harmLevel':
        return v in HARM_LEVEL_INFO ? HARM_LEVEL_INFO[v as keyof typeof HARM_LEVEL_INFO].label : v;
      case 'personalData':
        return v in PERSONAL_DATA_INFO ? PERSONAL_DATA_INFO[v as keyof typeof PERSONAL_DATA_INFO].label : v;
      case 'detectionSource':
        return v in DETECTION_SOURCE_INFO ? DETECTION_SOURCE_INFO[v as keyof typeof DETECTION_SOURCE_INFO].label : v;
      case 'harmLimb':
        return v in HARM_LIMB_INFO ? HARM_LIMB_INFO[v as keyof typeof HARM_LIMB_INFO].label : v;
      case 'memberStates':
        return v
          .split(',')
          .map((c) => MEMBER_STATES[c as keyof typeof MEMBER_STATES] ?? c)
          .join(', ');
      case 'peopleAffected':
        return v;
      case 'impactStartedAt':
      case 'detectedAt':
        return utc(v);
      default:
        return v.length > 200 ? `“${v.slice(0, 199)}…”` : `“${v}”`;
    }
  };
  return `${label}: ${show(change.from)} → ${show(change.to)}`;
}

/** `Awareness: (follows detection) → 2026-11-23 09:40 UTC` — plain text for the timeline. */
export function legalTimeChangeText(change: LegalTimeChange, reason: string | null): string {
  const show = (d: Date | null) => (d ? utc(d.toISOString()) : change.field === 'awareAt' ? '(follows detection)' : '(not established)');
  return `${LEGAL_TIME_INFO[change.field].label} time: ${show(change.from)} → ${show(change.to)}${reason ? ` — ${reason}` : ''}`;
}

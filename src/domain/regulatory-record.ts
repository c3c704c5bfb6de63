/**
 * The facts a regulator asks about, kept on the incident record beside its details: personal data,
 * people affected, Member States, how it was detected, the Art. 3(49) harm limb, the versions of
 * the AI system before and after containment, and the causal-link time. Awareness (the legal clock
 * start) lives on the incident itself (`awareAt`, empty = defaults to detection, else declaration).
 */

export const PERSONAL_DATA = ['unknown', 'yes', 'no'] as const;
export type PersonalData = (typeof PERSONAL_DATA)[number];
export const PERSONAL_DATA_INFO: Record<PersonalData, { label: string }> = {
  unknown: { label: 'Unknown yet' },
  yes: { label: 'Yes — personal data involved' },
  no: { label: 'No personal data involved' },
};

export const DETECTION_SOURCES = ['monitoring_alert', 'user_report', 'internal_testing', 'audit', 'regulator_or_press', 'other'] as const;
export type DetectionSource = (typeof DETECTION_SOURCES)[number];
export const DETECTION_SOURCE_INFO: Record<DetectionSource, { label: string }> = {
  monitoring_alert: { label: 'Monitoring alert' },
  user_report: { label: 'User report' },
  internal_testing: { label: 'Internal testing / red team' },
  audit: { label: 'Audit' },
  regulator_or_press: { label: 'Regulator or press' },
  other: { label: 'Other' },
};

/** EU AI Act Art. 3(49): what makes an incident "serious". */
export const HARM_LIMBS = ['a', 'b', 'c', 'd'] as const;
export type HarmLimb = (typeof HARM_LIMBS)[number];
export const HARM_LIMB_INFO: Record<HarmLimb, { label: string; meaning: string }> = {
  a: { label: '(a) Death or serious harm to health', meaning: 'Death of a person, or serious harm to a person’s health' },
  b: { label: '(b) Critical infrastructure disruption', meaning: 'Serious and irreversible disruption of the management or operation of critical infrastructure' },
  c: { label: '(c) Fundamental-rights infringement', meaning: 'Infringement of obligations under Union law intended to protect fundamental rights' },
  d: { label: '(d) Serious harm to property or environment', meaning: 'Serious harm to property or the environment' },
};

/** EU and EEA Member States (ISO 3166-1 alpha-2; Greece as GR). */
export const MEMBER_STATES = {
  AT: 'Austria', BE: 'Belgium', BG: 'Bulgaria', HR: 'Croatia', CY: 'Cyprus', CZ: 'Czechia', DK: 'Denmark', EE: 'Estonia',
  FI: 'Finland', FR: 'France', DE: 'Germany', GR: 'Greece', HU: 'Hungary', IE: 'Ireland', IT: 'Italy', LV: 'Latvia',
  LT: 'Lithuania', LU: 'Luxembourg', MT: 'Malta', NL: 'Netherlands', PL: 'Poland', PT: 'Portugal', RO: 'Romania',
  SK: 'Slovakia', SI: 'Slovenia', ES: 'Spain', SE: 'Sweden', IS: 'Iceland', LI: 'Liechtenstein', NO: 'Norway',
} as const;
export type MemberState = keyof typeof MEMBER_STATES;
export const MEMBER_STATE_CODES = Object.keys(MEMBER_STATES) as MemberState[];
export const isMemberState = (s: string): s is MemberState => Object.hasOwn(MEMBER_STATES, s);

export const isPersonalData = (s: string): s is PersonalData => (PERSONAL_DATA as readonly string[]).includes(s);
export const isDetectionSource = (s: string): s is DetectionSource => (DETECTION_SOURCES as readonly string[]).includes(s);
export const isHarmLimb = (s: string): s is HarmLimb => (HARM_LIMBS as readonly string[]).includes(s);

/** Model, prompt and dataset versions before and after the change that contained the incident. */
export const VERSION_FIELDS = ['modelBefore', 'modelAfter', 'promptBefore', 'promptAfter', 'datasetBefore', 'datasetAfter'] as const;
export type VersionField = (typeof VERSION_FIELDS)[number];
export const VERSION_FIELD_INFO: Record<VersionField, { label: string; input: string }> = {
  modelBefore: { label: 'Model version before', input: 'model_before' },
  modelAfter: { label: 'Model version after', input: 'model_after' },
  promptBefore: { label: 'Prompt version before', input: 'prompt_before' },
  promptAfter: { label: 'Prompt version after', input: 'prompt_after' },
  datasetBefore: { label: 'Dataset version before', input: 'dataset_before' },
  datasetAfter: { label: 'Dataset version after', input: 'dataset_after' },
};
export const VERSION_TEXT_MAX = 150;
export const PEOPLE_AFFECTED_MAX = 10_000_000_000;

/** The regulatory facts of one incident (a row of incident_regulatory, or EMPTY_FACTS when none). */
export interface RegulatoryFacts {
  causalLinkAt: Date | null;
  personalData: PersonalData;
  peopleAffected: number | null;
  memberStates: MemberState[];
  detectionSource: DetectionSource | null;
  harmLimb: HarmLimb | null;
  modelBefore: string;
  modelAfter: string;
  promptBefore: string;
  promptAfter: string;
  datasetBefore: string;
  datasetAfter: string;
}

export const EMPTY_FACTS: RegulatoryFacts = {
  causalLinkAt: null,
  personalData: 'unknown',
  peopleAffected: null,
  memberStates: [],
  detectionSource: null,
  harmLimb: null,
  modelBefore: '',
  modelAfter: '',
  promptBefore: '',
  promptAfter: '',
  datasetBefore: '',
  datasetAfter: '',
};

export type AwarenessBasis = 'aware' | 'detected' | 'declared';

/**
 * The legal clock start: the recorded awareness time, else the detection time, else the
 * declaration. An empty awareness therefore follows a corrected detection time.
 */
export function effectiveAwareness(i: { awareAt: Date | null; detectedAt: Date | null; declaredAt: Date }): { at: Date; basis: AwarenessBasis } {
  if (i.awareAt && !Number.isNaN(i.awareAt.getTime())) return { at: i.awareAt, basis: 'aware' };
  if (i.detectedAt && !Number.isNaN(i.detectedAt.getTime())) return { at: i.detectedAt, basis: 'detected' };
  return { at: i.declaredAt, basis: 'declared' };
}

/** The two legal times; each change is a row of legal_time_changes (who, from what, to what, why). */
export const LEGAL_TIMES = ['awareAt', 'causalLinkAt'] as const;
export type LegalTime = (typeof LEGAL_TIMES)[number];
export const LEGAL_TIME_INFO: Record<LegalTime, { label: string; input: string }> = {
  awareAt: { label: 'Awareness', input: 'aware' },
  causalLinkAt: { label: 'Causal link', input: 'causal_link' },
};

export interface LegalTimeChange {
  field: LegalTime;
  from: Date | null;
  to: Date | null;
}

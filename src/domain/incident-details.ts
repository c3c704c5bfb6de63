import { ValidationError } from './errors';
import { isHarmCategory, isHarmLevel, type HarmCategory, type HarmLevel } from './harm';
import {
  isDetectionSource,
  isHarmLimb,
  isMemberState,
  isPersonalData,
  MEMBER_STATE_CODES,
  PEOPLE_AFFECTED_MAX,
  VERSION_FIELD_INFO,
  VERSION_FIELDS,
  VERSION_TEXT_MAX,
  type RegulatoryFacts,
  type VersionField,
} from './regulatory-record';

/** Limits chosen so a title fits a Block Kit header (150) and a summary a section (3000). */
export const TITLE_MAX = 150;
export const SUMMARY_MAX = 2900;
export const SYSTEM_MAX = 150;
export const VERSION_MAX = 75;

/** The "none / not known" choice of the harm-limb select (a Slack select cannot be emptied once set). */
export const NO_HARM_LIMB = 'none';

/**
 * The incident's details as the declaration form and the edit form both submit them: the one place
 * they are checked. `input` names are form fields (and modal block ids, so an error lands on the
 * right input).
 */
export interface DetailsInput {
  title: string;
  summary?: string | null;
  category?: string | null;
  harmLevel?: string | null;
  affectedSystem?: string | null;
  affectedVersion?: string | null;
  impactStartedAt?: Date | null;
  personalData?: string | null;
  /** As typed (a number input sends text); empty = unknown. */
  peopleAffected?: string | number | null;
  memberStates?: string[];
  detectionSource?: string | null;
  harmLimb?: string | null;
  versions?: Partial<Record<VersionField, string | null>>;
}

/** The form's regulatory facts (the causal-link time is a legal time, changed with a reason). */
export type FormFacts = Omit<RegulatoryFacts, 'causalLinkAt'>;

export interface Details extends FormFacts {
  title: string;
  summary: string;
  category: HarmCategory;
  harmLevel: HarmLevel;
  affectedSystem: string;
  affectedVersion: string;
  impactStartedAt: Date | null;
}

const clean = (s: string | null | undefined) => (s ?? '').trim();

function text(value: string | null | undefined, max: number, field: string, what: string): string {
  const s = clean(value);
  if (s.length > max) throw new ValidationError(`Keep the ${what} under ${max} characters (it is ${s.length}).`, field);
  return s;
}

function peopleAffected(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).trim().replace(/[\s,_]/g, ''));
  if (!Number.isInteger(n) || n < 0 || n > PEOPLE_AFFECTED_MAX) {
    throw new ValidationError('Give the people affected as a whole number (an estimate is fine), or leave it empty.', 'people_affected');
  }
  return n;
}

/**
 * Checks the details and fills the gaps: category and harm level from `fallback` (`other` and
 * `event` on a declaration, the current values on an edit), personal data `unknown`.
 */
export function validateDetails(input: DetailsInput, now: Date, fallback: { category: HarmCategory; harmLevel: HarmLevel }): Details {
  const title = clean(input.title).replace(/\s*\n\s*/g, ' ');
  if (!title) throw new ValidationError('Give the incident a short title.', 'title');
  if (title.length > TITLE_MAX) throw new ValidationError(`Keep the title under ${TITLE_MAX} characters (it is ${title.length}).`, 'title');
  const category = input.category ?? fallback.category;
  if (!isHarmCategory(category)) throw new ValidationError('Pick a harm category.', 'category');
  const harmLevel = input.harmLevel ?? fallback.harmLevel;
  if (!isHarmLevel(harmLevel)) throw new ValidationError('Pick a harm level.', 'harm_level');
  const summary = text(input.summary, SUMMARY_MAX, 'summary', 'summary');
  const affectedSystem = text(input.affectedSystem, SYSTEM_MAX, 'affected_system', 'system name');
  const affectedVersion = text(input.affectedVersion, VERSION_MAX, 'affected_version', 'version');
  const impactStartedAt = input.impactStartedAt ?? null;
  if (impactStartedAt && impactStartedAt.getTime() > now.getTime()) throw new ValidationError('Impact cannot start in the future.', 'impact_started');

  const personalData = input.personalData ?? 'unknown';
  if (!isPersonalData(personalData)) throw new ValidationError('Say whether personal data is involved: yes, no or unknown.', 'personal_data');
  const states = [...new Set(input.memberStates ?? [])];
  const unknownState = states.find((s) => !isMemberState(s));
  if (unknownState !== undefined) throw new ValidationError('Pick Member States from the list.', 'member_states');
  const memberStates = MEMBER_STATE_CODES.filter((c) => states.includes(c));
  const detectionSource = input.detectionSource ?? null;
  if (detectionSource !== null && !isDetectionSource(detectionSource)) throw new ValidationError('Pick how the incident was detected.', 'detection_source');
  const limb = input.harmLimb === NO_HARM_LIMB ? null : (input.harmLimb ?? null);
  if (limb !== null && !isHarmLimb(limb)) throw new ValidationError('Pick an Art. 3(49) harm limb, or none.', 'harm_limb');
  const versions = {} as Record<VersionField, string>;
  for (const f of VERSION_FIELDS) versions[f] = text(input.versions?.[f], VERSION_TEXT_MAX, VERSION_FIELD_INFO[f].input, VERSION_FIELD_INFO[f].label.toLowerCase());

  return {
    title,
    summary,
    category,
    harmLevel,
    affectedSystem,
    affectedVersion,
    impactStartedAt,
    personalData,
    peopleAffected: peopleAffected(input.peopleAffected),
    memberStates,
    detectionSource,
    harmLimb: limb,
    ...versions,
  };
}

/** The regulatory facts among validated details (what incident_regulatory stores). */
export function factsOf(d: Details): FormFacts {
  const { personalData, peopleAffected, memberStates, detectionSource, harmLimb, modelBefore, modelAfter, promptBefore, promptAfter, datasetBefore, datasetAfter } = d;
  return { personalData, peopleAffected, memberStates, detectionSource, harmLimb, modelBefore, modelAfter, promptBefore, promptAfter, datasetBefore, datasetAfter };
}

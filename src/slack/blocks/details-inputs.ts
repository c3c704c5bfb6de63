import { HARM_CATEGORIES, HARM_CATEGORY_INFO, HARM_LEVELS, HARM_LEVEL_INFO, type HarmCategory, type HarmLevel } from '../../domain/harm';
import { NO_HARM_LIMB, SUMMARY_MAX, SYSTEM_MAX, TITLE_MAX, VERSION_MAX, type Details, type DetailsInput } from '../../domain/incident-details';
import {
  DETECTION_SOURCE_INFO,
  DETECTION_SOURCES,
  HARM_LIMB_INFO,
  HARM_LIMBS,
  MEMBER_STATE_CODES,
  MEMBER_STATES,
  PERSONAL_DATA,
  PERSONAL_DATA_INFO,
  VERSION_FIELD_INFO,
  VERSION_FIELDS,
  VERSION_TEXT_MAX,
  type MemberState,
  type PersonalData,
} from '../../domain/regulatory-record';
import { DETAILS_BLOCK } from '../ids';
import type { readView } from '../view-state';
import { inputBlock, unixSeconds } from './input';
import { header, LIMITS, option, plain, truncate } from './limits';

/**
 * The inputs of the incident's details, built in one place for the declaration form (empty) and
 * the edit form (prefilled), and read back by one reader (readDetailsInput).
 */

const categoryOption = (c: HarmCategory) => option(HARM_CATEGORY_INFO[c].label, c, HARM_CATEGORY_INFO[c].meaning);
const levelOption = (l: HarmLevel) => option(HARM_LEVEL_INFO[l].label, l, HARM_LEVEL_INFO[l].meaning);
const personalOption = (p: PersonalData) => option(PERSONAL_DATA_INFO[p].label, p);
const stateOption = (s: MemberState) => option(MEMBER_STATES[s], s);
const limbOptions = [option('None / not established', NO_HARM_LIMB), ...HARM_LIMBS.map((l) => option(HARM_LIMB_INFO[l].label, l, HARM_LIMB_INFO[l].meaning))];
const sourceOptions = DETECTION_SOURCES.map((s) => option(DETECTION_SOURCE_INFO[s].label, s));
const initialText = (value: string | undefined, max: number) => (value ? { initial_value: truncate(value, max) } : {});

function text(blockId: string, label: string, max: number, value: string | undefined, opts: { optional?: boolean; multiline?: boolean; placeholder?: string; hint?: string } = {}) {
  return inputBlock(
    blockId,
    label,
    {
      type: 'plain_text_input',
      max_length: max,
      ...(opts.multiline ? { multiline: true } : {}),
      ...(opts.placeholder ? { placeholder: plain(opts.placeholder, LIMITS.placeholder) } : {}),
      ...initialText(value, max),
    },
    { optional: opts.optional ?? true, ...(opts.hint ? { hint: opts.hint } : {}) },
  );
}

export function titleInput(value?: string) {
  return text(DETAILS_BLOCK.title, 'Title', TITLE_MAX, value, { optional: false, placeholder: 'e.g. Résumé screener downgrades one university' });
}

/** Category, harm level, system, version and summary. */
export function coreDetailInputs(d: Partial<Details> | null) {
  return [
    inputBlock(DETAILS_BLOCK.category, 'Primary AI harm category', {
      type: 'static_select',
      placeholder: plain('What kind of harm?', LIMITS.placeholder),
      options: HARM_CATEGORIES.map(categoryOption),
      ...(d?.category ? { initial_option: categoryOption(d.category) } : {}),
    }),
    inputBlock(DETAILS_BLOCK.harmLevel, 'Harm level', { type: 'radio_buttons', options: HARM_LEVELS.map(levelOption), initial_option: levelOption(d?.harmLevel ?? HARM_LEVELS[0]) }),
    text(DETAILS_BLOCK.affectedSystem, 'Affected AI system or model', SYSTEM_MAX, d?.affectedSystem, { placeholder: 'e.g. resume-ranker' }),
    text(DETAILS_BLOCK.affectedVersion, 'Model or system version', VERSION_MAX, d?.affectedVersion, { placeholder: 'e.g. 2026-10-24 / v3.2.1' }),
    text(DETAILS_BLOCK.summary, 'What is happening, and who is affected?', SUMMARY_MAX, d?.summary, { multiline: true }),
  ];
}

export function impactStartedInput(at: Date | null | undefined, hint: string) {
  return inputBlock(DETAILS_BLOCK.impactStarted, 'When did impact start?', { type: 'datetimepicker', ...(at ? { initial_date_time: unixSeconds(at) } : {}) }, { optional: true, hint });
}

/** The regulatory facts (all optional): what a regulator will ask about. */
export function regulatoryFactInputs(d: Partial<Details> | null) {
  return [
    header('Regulatory facts (optional, editable later)'),
    inputBlock(
      DETAILS_BLOCK.personalData,
      'Personal data involved?',
      { type: 'radio_buttons', options: PERSONAL_DATA.map(personalOption), initial_option: personalOption(d?.personalData ?? 'unknown') },
      { optional: true, hint: 'Yes raises GDPR Art. 33 (72 hours from awareness).' },
    ),
    inputBlock(
      DETAILS_BLOCK.peopleAffected,
      'People affected (estimate)',
      { type: 'number_input', is_decimal_allowed: false, min_value: '0', ...(d?.peopleAffected != null ? { initial_value: String(d.peopleAffected) } : {}) },
      { optional: true },
    ),
    inputBlock(
      DETAILS_BLOCK.memberStates,
      'EU/EEA Member States affected',
      {
        type: 'multi_static_select',
        placeholder: plain('Where people were affected', LIMITS.placeholder),
        options: MEMBER_STATE_CODES.map(stateOption),
        ...(d?.memberStates?.length ? { initial_options: d.memberStates.map(stateOption) } : {}),
      },
      { optional: true },
    ),
    inputBlock(
      DETAILS_BLOCK.detectionSource,
      'How was it detected?',
      { type: 'static_select', placeholder: plain('Detection source', LIMITS.placeholder), options: sourceOptions, ...(d?.detectionSource ? { initial_option: sourceOptions.find((o) => o.value === d.detectionSource) } : {}) },
      { optional: true },
    ),
    inputBlock(
      DETAILS_BLOCK.harmLimb,
      'Serious harm (EU AI Act Art. 3(49))',
      { type: 'static_select', placeholder: plain('Which harm, if any', LIMITS.placeholder), options: limbOptions, ...(d?.harmLimb ? { initial_option: limbOptions.find((o) => o.value === d.harmLimb) } : {}) },
      { optional: true, hint: 'Any of (a)–(d) raises EU AI Act Art. 73 (2 to 15 days from awareness).' },
    ),
    ...VERSION_FIELDS.map((f) => text(DETAILS_BLOCK[f], VERSION_FIELD_INFO[f].label, VERSION_TEXT_MAX, d?.[f], { placeholder: f.endsWith('Before') ? 'What ran when it happened' : 'What runs after the containing change' })),
  ];
}

type View = ReturnType<typeof readView>;

/** The details as a submitted declaration or edit form carries them. */
export function readDetailsInput(v: View): DetailsInput {
  const versions: NonNullable<DetailsInput['versions']> = {};
  for (const f of VERSION_FIELDS) versions[f] = v.text(DETAILS_BLOCK[f]);
  return {
    title: v.text(DETAILS_BLOCK.title),
    summary: v.text(DETAILS_BLOCK.summary),
    category: v.option(DETAILS_BLOCK.category),
    harmLevel: v.option(DETAILS_BLOCK.harmLevel),
    affectedSystem: v.text(DETAILS_BLOCK.affectedSystem),
    affectedVersion: v.text(DETAILS_BLOCK.affectedVersion),
    impactStartedAt: v.dateTime(DETAILS_BLOCK.impactStarted),
    personalData: v.option(DETAILS_BLOCK.personalData),
    peopleAffected: v.text(DETAILS_BLOCK.peopleAffected),
    memberStates: v.options(DETAILS_BLOCK.memberStates),
    detectionSource: v.option(DETAILS_BLOCK.detectionSource),
    harmLimb: v.option(DETAILS_BLOCK.harmLimb),
    versions,
  };
}

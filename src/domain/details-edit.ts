import { SUMMARY_MAX, SYSTEM_MAX, TITLE_MAX, VERSION_MAX } from './declaration';
import { ValidationError } from './errors';
import { HARM_CATEGORY_INFO, HARM_LEVEL_INFO, isHarmCategory, isHarmLevel } from './harm';
import type { Incident } from './incident';

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
] as const;
export type DetailField = (typeof DETAIL_FIELDS)[number]['field'];

export type EditableDetails = Pick<Incident, DetailField>;

export interface DetailsEditInput {
  title: string;
  summary: string;
  category: string | null;
  harmLevel: string | null;
  affectedSystem: string;
  affectedVersion: string;
  impactStartedAt: Date | null;
  detectedAt: Date | null;
}

/** One correction; dates as ISO strings so the entry's JSON reads the same everywhere. */
export interface DetailChange {
  field: DetailField;
  from: string | null;
  to: string | null;
}

const clean = (s: string | null | undefined) => (s ?? '').trim();
/** Seconds, as a datetimepicker gives them: a stored `…:00.123` handed back as `…:00` is no change. */
const iso = (d: Date | null) => (d ? new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString() : null);

/**
 * Checks a correction of the incident's details against the same limits as a declaration plus
 * the order of the key moments (impact started ≤ detected ≤ declared), and lists what changed.
 */
export function planDetailsEdit(
  current: EditableDetails & Pick<Incident, 'declaredAt'>,
  input: DetailsEditInput,
  now: Date,
): { patch: Partial<EditableDetails>; changes: DetailChange[] } {
  const title = clean(input.title).replace(/\s*\n\s*/g, ' ');
  if (!title) throw new ValidationError('The incident needs a title.', 'title');
  if (title.length > TITLE_MAX) throw new ValidationError(`Keep the title under ${TITLE_MAX} characters (it is ${title.length}).`, 'title');
  const summary = clean(input.summary);
  if (summary.length > SUMMARY_MAX) throw new ValidationError(`Keep the summary under ${SUMMARY_MAX} characters (it is ${summary.length}).`, 'summary');
  const category = input.category ?? current.category;
  if (!isHarmCategory(category)) throw new ValidationError('Pick a harm category.', 'category');
  const harmLevel = input.harmLevel ?? current.harmLevel;
  if (!isHarmLevel(harmLevel)) throw new ValidationError('Pick a harm level.', 'harm_level');
  const affectedSystem = clean(input.affectedSystem);
  if (affectedSystem.length > SYSTEM_MAX) throw new ValidationError(`Keep the system name under ${SYSTEM_MAX} characters.`, 'affected_system');
  const affectedVersion = clean(input.affectedVersion);
  if (affectedVersion.length > VERSION_MAX) throw new ValidationError(`Keep the version under ${VERSION_MAX} characters.`, 'affected_version');

  const { impactStartedAt, detectedAt } = input;
  if (impactStartedAt && impactStartedAt > now) throw new ValidationError('Impact cannot start in the future.', 'impact_started');
  if (!detectedAt) throw new ValidationError('Say when the problem was detected; time to detect is measured from it.', 'detected');
  if (detectedAt > now) throw new ValidationError('Detection cannot be in the future.', 'detected');
  if (detectedAt > current.declaredAt) {
    throw new ValidationError('Detection cannot come after the declaration; time to declare would be negative.', 'detected');
  }
  if (impactStartedAt && impactStartedAt > detectedAt) {
    throw new ValidationError('Impact cannot start after it was detected.', 'impact_started');
  }

  const next: EditableDetails = { title, summary, category, harmLevel, affectedSystem, affectedVersion, impactStartedAt, detectedAt };
  const patch: Partial<EditableDetails> = {};
  const changes: DetailChange[] = [];
  for (const { field } of DETAIL_FIELDS) {
    const before = current[field];
    const after = next[field];
    const a = before instanceof Date || before === null ? iso(before as Date | null) : String(before);
    const b = after instanceof Date || after === null ? iso(after as Date | null) : String(after);
    if (a === b) continue;
    (patch as Record<string, unknown>)[field] = after instanceof Date ? new Date(b!) : after;
    changes.push({ field, from: a, to: b });
  }
  return { patch, changes };
}

/** `Harm category: Other → Bias / fairness violation` — plain text for the timeline. */
export function detailChangeText(change: DetailChange): string {
  const label = DETAIL_FIELDS.find((f) => f.field === change.field)!.label;
  const show = (v: string | null): string => {
    if (v === null || v === '') return '(empty)';
    if (change.field === 'category' && v in HARM_CATEGORY_INFO) return HARM_CATEGORY_INFO[v as keyof typeof HARM_CATEGORY_INFO].label;
    if (change.field === 'harmLevel' && v in HARM_LEVEL_INFO) return HARM_LEVEL_INFO[v as keyof typeof HARM_LEVEL_INFO].label;
    if (change.field === 'impactStartedAt' || change.field === 'detectedAt') return `${v.slice(0, 16).replace('T', ' ')} UTC`;
    return v.length > 200 ? `“${v.slice(0, 199)}…”` : `“${v}”`;
  };
  return `${label}: ${show(change.from)} → ${show(change.to)}`;
}

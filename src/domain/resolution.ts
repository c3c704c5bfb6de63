import { isValid, parseISO } from 'date-fns';
import { ValidationError } from './errors';

/** Rows of corrective actions the resolution form offers. */
export const ACTION_ROWS = 5;
export const WHYS_MAX = 5;
export const RESOLUTION_TEXT_MAX = 3000;
export const ACTION_TEXT_MAX = 300;

export const FISHBONE_CATEGORIES = ['people', 'process', 'technology', 'data'] as const;
export type FishboneCategory = (typeof FISHBONE_CATEGORIES)[number];

export const FISHBONE_INFO: Record<FishboneCategory, { label: string; prompt: string }> = {
  people: { label: 'People', prompt: 'Skills, staffing, hand-offs, what people knew at the time' },
  process: { label: 'Process', prompt: 'Reviews, release gates, runbooks, approvals' },
  technology: { label: 'Technology', prompt: 'Model, infrastructure, monitoring, tooling' },
  data: { label: 'Data', prompt: 'Training data, labels, features, drift, feedback loops' },
};

export interface ActionRowInput {
  /** Id of an already stored action this row shows, when the form was prefilled. */
  id?: number | null;
  description: string;
  ownerId: string | null;
  dueDate: string | null;
  measure: string;
}

export interface ResolutionInput {
  summary: string;
  impact: string;
  rootCause: string;
  trigger: string;
  whys: string[];
  factors: Record<FishboneCategory, string>;
  wentWell: string;
  wentWrong: string;
  gotLucky: string;
  actions: ActionRowInput[];
}

export interface Resolution extends Omit<ResolutionInput, 'actions'> {
  actions: (ActionRowInput & { description: string })[];
  /** Stored actions whose rows were emptied: the responder removed them. */
  removedActionIds: number[];
}

const clean = (s: string | null | undefined) => (s ?? '').trim();

function checkLength(value: string, field: string, max = RESOLUTION_TEXT_MAX): string {
  if (value.length > max) throw new ValidationError(`Keep this under ${max} characters (it is ${value.length}).`, field);
  return value;
}

/**
 * Only the resolution summary is required: every other field may stay empty and shows as a
 * marked placeholder in the draft. Field names are the form's block ids.
 */
export function validateResolution(input: ResolutionInput): Resolution {
  const summary = clean(input.summary);
  if (!summary) throw new ValidationError('Say what stopped the harm — one or two sentences are enough.', 'summary');
  const whys = input.whys.map(clean);
  // A chain with a gap ("why 1", "", "why 3") reads as two chains; keep the answers in order.
  const chain = whys.filter(Boolean).slice(0, WHYS_MAX);
  whys.forEach((w, i) => checkLength(w, `why_${i + 1}`));
  const actions: Resolution['actions'] = [];
  const removedActionIds: number[] = [];
  input.actions.forEach((row, i) => {
    const description = clean(row.description);
    const measure = clean(row.measure);
    const touched = description || row.ownerId || row.dueDate || measure;
    if (!touched) {
      if (row.id) removedActionIds.push(row.id);
      return;
    }
    if (!description) {
      throw new ValidationError('Describe the action, or clear its owner, due date and measure.', `action_${i + 1}_text`);
    }
    checkLength(description, `action_${i + 1}_text`, ACTION_TEXT_MAX);
    checkLength(measure, `action_${i + 1}_measure`, ACTION_TEXT_MAX);
    if (row.dueDate && !(/^\d{4}-\d{2}-\d{2}$/.test(row.dueDate) && isValid(parseISO(row.dueDate)))) {
      throw new ValidationError('Pick a valid due date.', `action_${i + 1}_due`);
    }
    actions.push({ id: row.id ?? null, description, ownerId: row.ownerId || null, dueDate: row.dueDate || null, measure });
  });
  const factors = Object.fromEntries(
    Object.entries(input.factors).map(([k, v]) => [k, checkLength(clean(v), `factor_${k}`)]),
  ) as Record<FishboneCategory, string>;
  return {
    summary: checkLength(summary, 'summary'),
    impact: checkLength(clean(input.impact), 'impact'),
    rootCause: checkLength(clean(input.rootCause), 'root_cause'),
    trigger: checkLength(clean(input.trigger), 'trigger'),
    whys: chain,
    factors,
    wentWell: checkLength(clean(input.wentWell), 'went_well'),
    wentWrong: checkLength(clean(input.wentWrong), 'went_wrong'),
    gotLucky: checkLength(clean(input.gotLucky), 'got_lucky'),
    actions,
    removedActionIds,
  };
}

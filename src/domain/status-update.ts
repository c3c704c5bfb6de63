/**
 * The status update: where things stand, what is being done, what is needed, when the next one
 * comes, and an optional paragraph for people outside the war room. Pure rules and data.
 */
import { ValidationError } from './errors';
import { formatDuration } from './metrics';

/** Short enough to read on a phone at 3 a.m., long enough for two sentences and a list. */
export const UPDATE_STATUS_MAX = 1000;
export const UPDATE_FIELD_MAX = 1500;
export const EXECUTIVE_SUMMARY_MAX = 1500;
/** The longest promise a "next update in" may make. */
export const NEXT_UPDATE_MAX_MS = 7 * 24 * 60 * 60 * 1000;

/** Field names double as form block ids, so an error lands next to its input. */
export const UPDATE_FIELDS = ['current_status', 'doing_now', 'needs', 'next_update', 'executive_summary'] as const;
export type UpdateField = (typeof UPDATE_FIELDS)[number];

export interface StatusUpdateInput {
  currentStatus: string | null | undefined;
  doingNow?: string | null;
  needs?: string | null;
  /** Null: the severity's cadence. */
  nextInMs?: number | null;
  executiveSummary?: string | null;
}

export interface StatusUpdate {
  currentStatus: string;
  doingNow: string;
  needs: string;
  nextInMs: number | null;
  executiveSummary: string;
}

const clean = (s: string | null | undefined) => (s ?? '').trim();

export function validateStatusUpdate(input: StatusUpdateInput): StatusUpdate {
  const currentStatus = clean(input.currentStatus);
  if (!currentStatus) throw new ValidationError('Say where things stand, in one or two sentences.', 'current_status');
  if (currentStatus.length > UPDATE_STATUS_MAX) {
    throw new ValidationError(`Keep the current status under ${UPDATE_STATUS_MAX} characters (it is ${currentStatus.length}).`, 'current_status');
  }
  const doingNow = clean(input.doingNow);
  if (doingNow.length > UPDATE_FIELD_MAX) throw new ValidationError(`Keep this under ${UPDATE_FIELD_MAX} characters.`, 'doing_now');
  const needs = clean(input.needs);
  if (needs.length > UPDATE_FIELD_MAX) throw new ValidationError(`Keep this under ${UPDATE_FIELD_MAX} characters.`, 'needs');
  const executiveSummary = clean(input.executiveSummary);
  if (executiveSummary.length > EXECUTIVE_SUMMARY_MAX) {
    throw new ValidationError(`Keep the executive summary to one paragraph (under ${EXECUTIVE_SUMMARY_MAX} characters).`, 'executive_summary');
  }
  const nextInMs = input.nextInMs ?? null;
  if (nextInMs !== null && (!Number.isInteger(nextInMs) || nextInMs <= 0 || nextInMs > NEXT_UPDATE_MAX_MS)) {
    throw new ValidationError(`Pick when the next update comes, at most ${formatDuration(NEXT_UPDATE_MAX_MS)} ahead.`, 'next_update');
  }
  return { currentStatus, doingNow, needs, nextInMs, executiveSummary };
}

const MINUTE = 60_000;
/** What the form offers besides the severity's own cadence. */
export const NEXT_UPDATE_CHOICES_MS = [15 * MINUTE, 30 * MINUTE, 60 * MINUTE, 2 * 60 * MINUTE, 4 * 60 * MINUTE, 8 * 60 * MINUTE, 24 * 60 * MINUTE];

/** The choices, with the cadence among them (sorted), so the default is always one of them. */
export function nextUpdateChoices(cadenceMs: number): number[] {
  return [...new Set([...NEXT_UPDATE_CHOICES_MS, cadenceMs])].sort((a, b) => a - b);
}

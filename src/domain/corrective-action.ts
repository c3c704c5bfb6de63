/**
 * Corrective actions as tracked objects: SMART fields, a status with a reason when it is dropped,
 * and an FMEA rating of the failure mode the action addresses (severity × occurrence × detection =
 * risk priority number), which ranks them. Pure: calendar days come in as `YYYY-MM-DD` strings.
 */
import { ValidationError } from './errors';

export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'wont_do'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Statuses that still need work (reminders, lists, the Home tab). */
export const OPEN_ACTION_STATUSES: readonly ActionStatus[] = ['open', 'in_progress'];
export const isOpenAction = (status: ActionStatus) => OPEN_ACTION_STATUSES.includes(status);

export const ACTION_TITLE_MAX = 300;
export const ACTION_MEASURE_MAX = 300;
export const WONT_DO_REASON_MAX = 500;

/** FMEA ratings run from 1 (negligible, rare, always caught) to 10 (catastrophic, constant, never caught). */
export const FMEA_MIN = 1;
export const FMEA_MAX = 10;
export const FMEA_FACTORS = ['severity', 'occurrence', 'detection'] as const;
export type FmeaFactor = (typeof FMEA_FACTORS)[number];
export type FmeaRating = Record<FmeaFactor, number | null>;

/** What a medium needs to word each rating scale (1 and 10 ends). */
export const FMEA_INFO: Record<FmeaFactor, { label: string; low: string; high: string }> = {
  severity: { label: 'Severity', low: 'negligible harm', high: 'catastrophic harm' },
  occurrence: { label: 'Occurrence', low: 'almost never happens', high: 'happens constantly' },
  detection: { label: 'Detection', low: 'always caught before harm', high: 'never caught before harm' },
};

export interface ActionFields {
  title: string;
  ownerId: string | null;
  /** Calendar date `YYYY-MM-DD`. */
  dueDate: string | null;
  measure: string;
  severity: number | null;
  occurrence: number | null;
  detection: number | null;
}

export interface TrackedAction extends ActionFields {
  id: number;
  incidentId: number;
  status: ActionStatus;
  wontDoReason: string | null;
  doneAt: Date | null;
}

/** RPN = S × O × D, or null while any of the three is unrated. */
export function rpn(r: Partial<FmeaRating>): number | null {
  const { severity: s, occurrence: o, detection: d } = r;
  if (!s || !o || !d) return null;
  return s * o * d;
}

/**
 * Highest risk first; unrated actions after rated ones; then the earliest due date (no date last);
 * then the order they were recorded, so the ranking is stable.
 */
export function compareActions(a: Pick<TrackedAction, 'id' | 'dueDate'> & Partial<FmeaRating>, b: Pick<TrackedAction, 'id' | 'dueDate'> & Partial<FmeaRating>): number {
  const ra = rpn(a) ?? -1;
  const rb = rpn(b) ?? -1;
  if (ra !== rb) return rb - ra;
  const da = a.dueDate ?? '9999-99-99';
  const db = b.dueDate ?? '9999-99-99';
  if (da !== db) return da < db ? -1 : 1;
  return a.id - b.id;
}

export function rankActions<T extends Pick<TrackedAction, 'id' | 'dueDate'> & Partial<FmeaRating>>(actions: readonly T[]): T[] {
  return [...actions].sort(compareActions);
}

/** What makes an action less than SMART; each medium words the flags itself. */
export const SMART_FLAGS = ['no_owner', 'no_due_date', 'no_measure', 'unrated'] as const;
export type SmartFlag = (typeof SMART_FLAGS)[number];

export function smartFlags(a: Pick<ActionFields, 'ownerId' | 'dueDate' | 'measure'> & Partial<FmeaRating>): SmartFlag[] {
  const flags: SmartFlag[] = [];
  if (!a.ownerId?.trim()) flags.push('no_owner');
  if (!a.dueDate?.trim()) flags.push('no_due_date');
  if (!a.measure?.trim()) flags.push('no_measure');
  if (rpn(a) === null) flags.push('unrated');
  return flags;
}

// ---------------------------------------------------------------------------------------------
// Calendar days

const DAY_MS = 86_400_000;

export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** How many days before its due date an owner is reminded. */
export const DUE_SOON_DAYS = 2;

export type DueState = 'no_date' | 'later' | 'soon' | 'today' | 'overdue';

/** Where an action stands on `today` (the team's local calendar day). */
export function dueState(dueDate: string | null, today: string): DueState {
  if (!dueDate || !isCalendarDate(dueDate)) return 'no_date';
  const left = daysBetween(today, dueDate);
  if (left < 0) return 'overdue';
  if (left === 0) return 'today';
  if (left <= DUE_SOON_DAYS) return 'soon';
  return 'later';
}

/** Overdue first, then the RPN ranking: what an owner should look at first. */
export function rankForOwner<T extends Pick<TrackedAction, 'id' | 'dueDate'> & Partial<FmeaRating>>(actions: readonly T[], today: string): T[] {
  return [...actions].sort((a, b) => {
    const oa = dueState(a.dueDate, today) === 'overdue' ? 0 : 1;
    const ob = dueState(b.dueDate, today) === 'overdue' ? 0 : 1;
    return oa - ob || compareActions(a, b);
  });
}

// ---------------------------------------------------------------------------------------------
// Input

export interface ActionInput {
  title: string;
  ownerId: string | null;
  dueDate: string | null;
  measure: string;
  severity: number | string | null;
  occurrence: number | string | null;
  detection: number | string | null;
}

function rating(value: number | string | null, field: FmeaFactor): number | null {
  if (value === null || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < FMEA_MIN || n > FMEA_MAX) {
    throw new ValidationError(`Rate ${FMEA_INFO[field].label.toLowerCase()} from ${FMEA_MIN} to ${FMEA_MAX}.`, field);
  }
  return n;
}

/**
 * A new or edited action. Only the title is required: an action without an owner, a due date or a
 * measure is accepted and flagged (the draft and the lists show it), because a half-written action
 * recorded now beats a perfect one never written. Field names are the form's block ids.
 */
export function validateAction(input: ActionInput): ActionFields {
  const title = input.title.replace(/\s+/g, ' ').trim();
  if (!title) throw new ValidationError('Say what will be done.', 'title');
  if (title.length > ACTION_TITLE_MAX) throw new ValidationError(`Keep the action under ${ACTION_TITLE_MAX} characters (it is ${title.length}).`, 'title');
  const measure = input.measure.trim();
  if (measure.length > ACTION_MEASURE_MAX) throw new ValidationError(`Keep the measure under ${ACTION_MEASURE_MAX} characters (it is ${measure.length}).`, 'measure');
  const dueDate = input.dueDate?.trim() || null;
  if (dueDate && !isCalendarDate(dueDate)) throw new ValidationError('Pick a valid due date.', 'due');
  return {
    title,
    ownerId: input.ownerId?.trim() || null,
    dueDate,
    measure,
    severity: rating(input.severity, 'severity'),
    occurrence: rating(input.occurrence, 'occurrence'),
    detection: rating(input.detection, 'detection'),
  };
}

/** A change to one action, from a button, a form or a command. */
export type ActionChange =
  | { type: 'status'; to: Exclude<ActionStatus, 'wont_do'> }
  | { type: 'wont_do'; reason: string }
  | { type: 'reassign'; ownerId: string }
  | { type: 'due'; dueDate: string }
  | { type: 'edit'; fields: ActionFields };

export interface PlannedActionChange {
  patch: Partial<ActionFields & { status: ActionStatus; wontDoReason: string | null; doneAt: Date | null }>;
  /** What the timeline and the next draft say, as data. */
  summary: { kind: ActionChange['type'] | 'unchanged'; from?: string | null; to?: string | null };
  /** Someone who newly owns the action (gets the assignment DM). */
  newOwner: string | null;
}

export function planActionChange(action: Pick<TrackedAction, 'status' | 'ownerId' | 'dueDate'> & ActionFields, change: ActionChange, at: Date): PlannedActionChange {
  switch (change.type) {
    case 'status': {
      if (action.status === change.to) return { patch: {}, summary: { kind: 'unchanged' }, newOwner: null };
      return {
        patch: { status: change.to, wontDoReason: null, doneAt: change.to === 'done' ? at : null },
        summary: { kind: 'status', from: action.status, to: change.to },
        newOwner: null,
      };
    }
    case 'wont_do': {
      const reason = change.reason.replace(/\s+/g, ' ').trim();
      if (!reason) throw new ValidationError('Say why this action will not be done.', 'reason');
      if (reason.length > WONT_DO_REASON_MAX) throw new ValidationError(`Keep the reason under ${WONT_DO_REASON_MAX} characters.`, 'reason');
      return { patch: { status: 'wont_do', wontDoReason: reason, doneAt: null }, summary: { kind: 'wont_do', from: action.status, to: reason }, newOwner: null };
    }
    case 'reassign': {
      if (action.ownerId === change.ownerId) return { patch: {}, summary: { kind: 'unchanged' }, newOwner: null };
      return { patch: { ownerId: change.ownerId }, summary: { kind: 'reassign', from: action.ownerId, to: change.ownerId }, newOwner: change.ownerId };
    }
    case 'due': {
      if (!isCalendarDate(change.dueDate)) throw new ValidationError('Pick a valid due date.', 'due');
      if (action.dueDate === change.dueDate) return { patch: {}, summary: { kind: 'unchanged' }, newOwner: null };
      return { patch: { dueDate: change.dueDate }, summary: { kind: 'due', from: action.dueDate, to: change.dueDate }, newOwner: null };
    }
    case 'edit': {
      const f = change.fields;
      const newOwner = f.ownerId && f.ownerId !== action.ownerId ? f.ownerId : null;
      return { patch: { ...f }, summary: { kind: 'edit' }, newOwner };
    }
  }
}

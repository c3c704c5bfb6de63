/**
 * Follow-through rules: which owner is reminded of which action on which day, and which commander
 * gets the weekly digest. The schedule (when reminders go out) is configuration; these rules only
 * say what a run of it owes. Pure: the day and the time zone are passed in.
 */
import { dueState, isOpenAction, type ActionStatus } from './corrective-action';

/** The calendar day (`YYYY-MM-DD`) of `at` in time zone `tz`. */
export function localDay(at: Date, tz: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** ISO-8601 week of a calendar day, `2026-W05`: the digest goes out once per week. */
export function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - weekday + 3); // the week's Thursday decides its year
  const year = d.getUTCFullYear();
  const week = 1 + Math.floor((d.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export const REMINDER_KINDS = ['due_soon', 'overdue'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export interface ReminderCandidate {
  id: number;
  incidentId: number;
  ownerId: string | null;
  dueDate: string | null;
  status: ActionStatus;
}

export interface PlannedReminder {
  actionId: number;
  incidentId: number;
  ownerId: string;
  kind: ReminderKind;
  /**
   * Idempotency key: one reminder per action and local day whatever the number of runs, restarts
   * or processes. A due-soon reminder is keyed on the due date, so moving the date earns a new one.
   */
  key: string;
}

/**
 * What one run of the schedule on `today` owes. Overdue actions are reminded on every run day (the
 * schedule's days are the working days); an action coming due is reminded once, within
 * DUE_SOON_DAYS of its date. Actions without an owner have nobody to remind (the draft flags them).
 */
export function planReminders(actions: readonly ReminderCandidate[], today: string): PlannedReminder[] {
  const out: PlannedReminder[] = [];
  for (const a of actions) {
    if (!a.ownerId || !isOpenAction(a.status)) continue;
    const state = dueState(a.dueDate, today);
    if (state === 'overdue') {
      out.push({ actionId: a.id, incidentId: a.incidentId, ownerId: a.ownerId, kind: 'overdue', key: `followup:overdue:${a.id}:${today}` });
    } else if (state === 'soon' || state === 'today') {
      out.push({ actionId: a.id, incidentId: a.incidentId, ownerId: a.ownerId, kind: 'due_soon', key: `followup:soon:${a.id}:${a.dueDate}` });
    }
  }
  return out;
}

export interface DigestCandidate extends ReminderCandidate {
  /** The incident's commander now (or the declarer when nobody holds the role). */
  commanderId: string | null;
}

export interface PlannedDigest {
  userId: string;
  incidentIds: number[];
  key: string;
}

/** One digest per commander per ISO week, listing their incidents that still have open actions. */
export function planDigests(actions: readonly DigestCandidate[], today: string): PlannedDigest[] {
  const byCommander = new Map<string, Set<number>>();
  for (const a of actions) {
    if (!a.commanderId || !isOpenAction(a.status)) continue;
    const set = byCommander.get(a.commanderId) ?? new Set<number>();
    set.add(a.incidentId);
    byCommander.set(a.commanderId, set);
  }
  const week = isoWeek(today);
  return [...byCommander.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([userId, ids]) => ({ userId, incidentIds: [...ids].sort((x, y) => x - y), key: `followup:digest:${userId}:${week}` }));
}

/**
 * Status-update cadence: how often each severity owes the war room's audience an update, when the
 * next one is due, and when a missed one is escalated to the commander. Pure: every time is
 * passed in, so the plan is the same whoever computes it (two processes, a restart).
 */
import { parseDuration } from './duration';
import { SEVERITIES, type Severity } from './severity';
import type { Status } from './status';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Time between status updates, per severity. */
export type Cadence = Record<Severity, number>;

export const DEFAULT_CADENCE: Cadence = { sev1: 30 * MINUTE, sev2: HOUR, sev3: 4 * HOUR, sev4: DAY };
/** How long a SEV1/SEV2 commander has to acknowledge before the declarer and admins are told. */
export const DEFAULT_ACK_TIMEOUT_MS = 5 * MINUTE;
/** What "Snooze" on a reminder buys. */
export const SNOOZE_MS = 15 * MINUTE;

/** The configured policy the services plan with (config.ts fills it from the environment). */
export interface CommsPolicy {
  cadence: Cadence;
  ackTimeoutMs: number;
}

export const DEFAULT_COMMS_POLICY: CommsPolicy = { cadence: DEFAULT_CADENCE, ackTimeoutMs: DEFAULT_ACK_TIMEOUT_MS };

/** A cadence is said in s, m, h or d (a cadence of milliseconds is a typo, not a policy). */
function cadenceDuration(text: string): number | null {
  return /ms\s*$/i.test(text) ? null : parseDuration(text.trim().toLowerCase());
}

export type CadenceParse = { ok: true; cadence: Cadence } | { ok: false; problem: string };

/**
 * `sev1=30m,sev2=1h` → a cadence; severities left out keep their default. Problems are described
 * by position and rule, never by quoting the value (config errors must not echo what was typed).
 */
export function parseCadence(text: string, defaults: Cadence = DEFAULT_CADENCE): CadenceParse {
  const cadence: Cadence = { ...defaults };
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return { ok: false, problem: 'is empty; give entries like sev1=30m,sev2=1h' };
  const seen = new Set<Severity>();
  for (const [i, entry] of entries.entries()) {
    const where = `entry ${i + 1} of ${entries.length}`;
    const [name, value, ...rest] = entry.split('=');
    const severity = (name ?? '').trim().toLowerCase() as Severity;
    if (rest.length > 0 || value === undefined || !(SEVERITIES as readonly string[]).includes(severity)) {
      return { ok: false, problem: `${where} must look like sev1=30m (a severity sev1 to sev4, =, and a duration)` };
    }
    if (seen.has(severity)) return { ok: false, problem: `${where} repeats a severity already given` };
    const ms = cadenceDuration(value);
    if (ms === null) return { ok: false, problem: `${where} needs a whole positive duration in s, m, h or d (like 30m or 1h)` };
    seen.add(severity);
    cadence[severity] = ms;
  }
  return { ok: true, cadence };
}

/** Whether reminders run at all: they stop once the service is recovered. */
export function remindersApply(status: Status): boolean {
  return status !== 'resolved' && status !== 'closed';
}

export interface UpdatePlan {
  /** When the next status update is due: the communications lead is reminded then. */
  dueAt: Date;
  /** When a missed update is escalated to the commander too (twice the cadence since the last one). */
  escalateAt: Date;
}

export interface PlanInput {
  severity: Severity;
  status: Status;
  cadence: Cadence;
  now: Date;
}

function plan(due: number, cadenceMs: number, now: Date): UpdatePlan {
  // A plan is never in the past: a due time that already went by is due now.
  const dueAt = Math.max(due, now.getTime());
  return { dueAt: new Date(dueAt), escalateAt: new Date(Math.max(due + cadenceMs, dueAt)) };
}

/** At declaration: the first update is due one cadence after the declaration. */
export function planAfterDeclaration(p: PlanInput & { declaredAt: Date }): UpdatePlan | null {
  if (!remindersApply(p.status)) return null;
  const cadenceMs = p.cadence[p.severity];
  return plan(p.declaredAt.getTime() + cadenceMs, cadenceMs, p.now);
}

/**
 * After an update: due when its author promised the next one (`nextInMs`), else one cadence later.
 * Escalation follows one cadence after that, so "twice overdue" keeps its meaning whatever was promised.
 */
export function planAfterUpdate(p: PlanInput & { postedAt: Date; nextInMs: number | null }): UpdatePlan | null {
  if (!remindersApply(p.status)) return null;
  const cadenceMs = p.cadence[p.severity];
  return plan(p.postedAt.getTime() + (p.nextInMs ?? cadenceMs), cadenceMs, p.now);
}

/**
 * After a severity change (or a re-open): the new cadence counts from the last update, or from the
 * declaration when there was none; a re-open counts from the re-opening at the latest.
 */
export function replan(p: PlanInput & { declaredAt: Date; lastUpdateAt: Date | null; since?: Date | null }): UpdatePlan | null {
  if (!remindersApply(p.status)) return null;
  const cadenceMs = p.cadence[p.severity];
  const from = Math.max(p.lastUpdateAt?.getTime() ?? p.declaredAt.getTime(), p.since?.getTime() ?? 0);
  return plan(from + cadenceMs, cadenceMs, p.now);
}

/** A snoozed reminder comes back SNOOZE_MS after the click. */
export function snoozedUntil(now: Date): Date {
  return new Date(now.getTime() + SNOOZE_MS);
}

/** Severities whose commander must acknowledge within the timeout. */
export function needsAcknowledgement(severity: Severity): boolean {
  return severity === 'sev1' || severity === 'sev2';
}

/** `30 min`, `1 h`, `4 h`, `1 d`, `3 s`: a cadence as people say it. */
export function cadenceText(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY} d`;
  if (ms % HOUR === 0) return `${ms / HOUR} h`;
  if (ms % MINUTE === 0) return `${ms / MINUTE} min`;
  if (ms % SECOND === 0 && ms < MINUTE) return `${ms / SECOND} s`;
  return `${Math.round(ms / MINUTE)} min`;
}

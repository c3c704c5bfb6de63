import { DomainError, ValidationError } from './errors';
import type { Incident } from './incident';
import { STATUSES, statusLabel, statusRank, type Status } from './status';

/**
 * Statuses `/incident status` and the card can move to. `closed` is left out on purpose: closing
 * needs the post-mortem draft, so only `/incident close` reaches it.
 */
export const STATUS_TARGETS = ['investigating', 'contained', 'mitigated', 'resolved'] as const satisfies readonly Status[];
export type StatusTarget = (typeof STATUS_TARGETS)[number];

export function isStatusTarget(value: string): value is StatusTarget {
  return (STATUS_TARGETS as readonly string[]).includes(value);
}

/** A status note or a severity reason is one line of the timeline, not an essay. */
export const REASON_MAX = 500;

/** The timestamp each phase records when it is reached. */
export const PHASE_TIMESTAMP = {
  contained: 'containedAt',
  mitigated: 'mitigatedAt',
  resolved: 'resolvedAt',
  closed: 'closedAt',
} as const satisfies Partial<Record<Status, keyof Incident>>;
type PhaseField = (typeof PHASE_TIMESTAMP)[keyof typeof PHASE_TIMESTAMP];

export type LifecycleState = Pick<Incident, 'status' | PhaseField>;

export interface StatusChange {
  from: Status;
  to: StatusTarget;
  direction: 'forward' | 'backward';
  note: string | null;
  /** What to write on the incident: the new status and the phase timestamps it sets or clears. */
  patch: Partial<LifecycleState>;
}

export function cleanReason(raw: string | null | undefined, what: string): string | null {
  const text = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!text) return null;
  if (text.length > REASON_MAX) {
    throw new ValidationError(`Keep the ${what} under ${REASON_MAX} characters (it is ${text.length}).`, 'note');
  }
  return text;
}

/**
 * Moves an incident between NIST phases.
 *
 * Forward: the target phase is stamped `at`; phases jumped over keep whatever they had (empty when
 * never reached), so a skipped phase never gets an invented time.
 *
 * Backward (re-opened): needs a note, and clears the timestamps of every phase after the target,
 * because those phases no longer hold: metrics must not report an incident as resolved at 10:00
 * while it is being investigated again. The earlier moments are not lost: each move is a
 * status_changed timeline entry with its time, and moving forward again stamps the phase anew.
 */
export function planStatusChange(state: LifecycleState, rawTo: string, rawNote: string | null | undefined, at: Date): StatusChange {
  const to = rawTo.trim().toLowerCase();
  if (to === 'closed') {
    throw new ValidationError('Closing is a step of its own, once the post-mortem draft exists.', 'status', 'close');
  }
  if (!isStatusTarget(to)) {
    throw new ValidationError(`Pick one of ${STATUS_TARGETS.map((s) => `\`${s}\``).join(', ')}.`, 'status');
  }
  const note = cleanReason(rawNote, 'note');
  const from = state.status;
  if (from === to) throw new DomainError('unchanged', `The incident is already *${statusLabel(to)}*.`, 'status');
  const direction = statusRank(to) > statusRank(from) ? 'forward' : 'backward';
  if (direction === 'backward' && !note) {
    throw new ValidationError(
      `Moving back from *${statusLabel(from)}* to *${statusLabel(to)}* re-opens the incident: say why after the status.`,
      'note',
      'status',
    );
  }
  const patch: Partial<LifecycleState> = { status: to };
  if (direction === 'forward') {
    const field = phaseField(to);
    if (field) patch[field] = at;
  } else {
    for (const later of STATUSES.filter((s) => statusRank(s) > statusRank(to))) {
      const field = phaseField(later);
      if (field) patch[field] = null;
    }
  }
  return { from, to, direction, note, patch };
}

function phaseField(status: Status): PhaseField | null {
  return status in PHASE_TIMESTAMP ? PHASE_TIMESTAMP[status as keyof typeof PHASE_TIMESTAMP] : null;
}

/** `contained rolled back to v3.1` → status and note; the note is free text. */
export function parseStatusArgs(args: string): { to: string; note: string | null } {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
  if (!match) {
    throw new ValidationError('Say which status.', 'status', 'status');
  }
  return { to: match[1].toLowerCase(), note: match[2].trim() || null };
}

export function statusChangeText(change: Pick<StatusChange, 'from' | 'to' | 'note' | 'direction'>): string {
  const verb = change.direction === 'backward' ? 'Re-opened' : 'Status';
  const base = `${verb}: ${statusLabel(change.from)} → ${statusLabel(change.to)}`;
  return change.note ? `${base} — ${change.note}` : base;
}

/** Whether moving `from` → `to` goes back a phase (and so needs a note). */
export function isBackward(from: Status, to: string): boolean {
  return isStatusTarget(to) && statusRank(to) < statusRank(from);
}

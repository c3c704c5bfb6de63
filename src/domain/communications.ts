/**
 * How well the war room kept people informed: time to the first status update and the gaps
 * between updates, each measured against the cadence of the severity in force when it closed.
 * Pure: the end of the measured period is passed in.
 */
import type { Cadence } from './cadence';
import type { Severity } from './severity';

export interface UpdateMoment {
  at: Date;
  by: string;
}

export interface CommsGap {
  from: Date;
  to: Date;
  ms: number;
  /**
   * The severity in force when the gap closed, and its cadence: a severity change re-plans the
   * next update from the last one with the new cadence, so that is the rule the gap was held to.
   */
  severity: Severity;
  cadenceMs: number;
  /** `from` is the declaration (no update yet) rather than an update. */
  fromDeclaration: boolean;
}

export interface CommsReport {
  count: number;
  /** Declaration → first update; null when there was none. */
  timeToFirstMs: number | null;
  /** Declaration → first, then update → update. */
  gaps: CommsGap[];
  longest: CommsGap | null;
  /** Gaps longer than their cadence. */
  overdueGaps: number;
}

export interface CommsInput {
  declaredAt: Date;
  initialSeverity: Severity;
  severityChanges: readonly { at: Date; to: Severity }[];
  updates: readonly UpdateMoment[];
  cadence: Cadence;
}

/** The severity in force at `at`, from the declaration and the changes. */
export function severityAt(at: Date, initial: Severity, changes: readonly { at: Date; to: Severity }[]): Severity {
  let current = initial;
  for (const c of [...changes].sort((x, y) => x.at.getTime() - y.at.getTime())) {
    if (c.at.getTime() > at.getTime()) break;
    current = c.to;
  }
  return current;
}

export function communicationsReport(input: CommsInput): CommsReport {
  const updates = [...input.updates].filter((u) => u.at.getTime() >= input.declaredAt.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime());
  const gaps: CommsGap[] = [];
  let from = input.declaredAt;
  let fromDeclaration = true;
  for (const u of updates) {
    const severity = severityAt(u.at, input.initialSeverity, input.severityChanges);
    gaps.push({ from, to: u.at, ms: u.at.getTime() - from.getTime(), severity, cadenceMs: input.cadence[severity], fromDeclaration });
    from = u.at;
    fromDeclaration = false;
  }
  const longest = gaps.reduce<CommsGap | null>((best, g) => (!best || g.ms > best.ms ? g : best), null);
  return {
    count: updates.length,
    timeToFirstMs: updates.length ? updates[0]!.at.getTime() - input.declaredAt.getTime() : null,
    gaps,
    longest,
    overdueGaps: gaps.filter((g) => g.ms > g.cadenceMs).length,
  };
}

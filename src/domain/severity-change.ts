import { DomainError, ValidationError } from './errors';
import { cleanReason } from './lifecycle';
import { parseSeverity, SEVERITIES, SEVERITY_INFO, severityLabel, severityRank, type Severity } from './severity';

export interface SeverityChange {
  from: Severity;
  to: Severity;
  direction: 'escalated' | 'downgraded';
  reason: string | null;
  /** Escalation into a broadcast severity (SEV1/SEV2) is announced to the incidents channel. */
  announce: boolean;
}

export function planSeverityChange(from: Severity, rawTo: string, rawReason: string | null | undefined): SeverityChange {
  const to = parseSeverity(rawTo);
  if (!to) throw new ValidationError(`Pick one of ${SEVERITIES.map((s) => `\`${s}\``).join(', ')}.`, 'severity');
  const reason = cleanReason(rawReason, 'reason');
  if (to === from) throw new DomainError('unchanged', `The incident is already *${severityLabel(to)}*.`, 'severity');
  const direction = severityRank(to) < severityRank(from) ? 'escalated' : 'downgraded';
  return { from, to, direction, reason, announce: direction === 'escalated' && SEVERITY_INFO[to].broadcast };
}

/** `sev1 harm to patients confirmed` → severity and reason. */
export function parseSeverityArgs(args: string): { to: string; reason: string | null } {
  const match = /^(sev\s?\d+|\d)\b\s*([\s\S]*)$/i.exec(args.trim());
  if (!match) {
    throw new ValidationError('Say which severity.', 'severity', 'severity');
  }
  return { to: match[1], reason: match[2].trim() || null };
}

export function severityChangeText(change: Pick<SeverityChange, 'from' | 'to' | 'reason' | 'direction'>): string {
  const verb = change.direction === 'escalated' ? 'Escalated' : 'Downgraded';
  const base = `${verb}: ${severityLabel(change.from)} → ${severityLabel(change.to)}`;
  return change.reason ? `${base} — ${change.reason}` : base;
}

export interface SeverityHistoryChange {
  at: Date;
  from: Severity;
  to: Severity;
  by: string | null;
  reason?: string;
}

export interface SeverityHistory {
  initialSeverity: Severity;
  severityChanges: SeverityHistoryChange[];
}

/** The minimal view of a timeline entry the history is read from. */
export interface SeverityHistorySource {
  kind: string;
  occurredAt: Date;
  actorId: string | null;
  data: Record<string, unknown>;
  retracted: boolean;
}

/**
 * Severity at declaration and every change after it, oldest first — what the post-mortem needs
 * for "time in each severity". The declared entry names the initial severity; without it the
 * first change's `from` does, and without changes the current severity was never changed.
 */
export function severityHistory(entries: readonly SeverityHistorySource[], current: Severity): SeverityHistory {
  let initial: Severity | null = null;
  const changes: SeverityHistoryChange[] = [];
  const sorted = [...entries].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  for (const e of sorted) {
    if (e.retracted) continue;
    const sev = (v: unknown) => (typeof v === 'string' ? parseSeverity(v) : null);
    if (e.kind === 'declared' && initial === null) initial = sev(e.data.severity);
    if (e.kind === 'severity_changed') {
      const from = sev(e.data.from);
      const to = sev(e.data.to);
      if (!from || !to) continue;
      const reason = typeof e.data.reason === 'string' && e.data.reason ? e.data.reason : undefined;
      changes.push({ at: e.occurredAt, from, to, by: e.actorId, ...(reason ? { reason } : {}) });
    }
  }
  return { initialSeverity: initial ?? changes[0]?.from ?? current, severityChanges: changes };
}

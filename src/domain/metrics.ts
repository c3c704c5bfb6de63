import type { Severity } from './severity';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Human duration at the precision a post-mortem reader needs: minutes under a day, hours beyond
 * (minutes are noise once an incident spans days). Truncates rather than rounds so a duration is
 * never reported as longer than it was.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'unknown';
  const abs = Math.abs(ms);
  if (abs < MINUTE) return abs === 0 ? '0 min' : '< 1 min';
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)} min`;
  if (abs < DAY) {
    const h = Math.floor(abs / HOUR);
    const m = Math.floor((abs % HOUR) / MINUTE);
    return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')} min`;
  }
  const d = Math.floor(abs / DAY);
  const h = Math.floor((abs % DAY) / HOUR);
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

/** A timestamp that is absent or not a real date counts as not recorded. */
export function validDate(value: Date | null | undefined): Date | null {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value : null;
}

export interface Endpoint {
  /** Lower-case words, e.g. `impact started`. */
  label: string;
  at: Date | null;
}

export type Interval =
  | { kind: 'ok'; ms: number }
  | { kind: 'missing'; missing: string[] }
  /** The end lies before the start: an edited timestamp is wrong, so no duration is claimed. */
  | { kind: 'inconsistent'; ms: number };

export function measure(from: Endpoint, to: Endpoint): Interval {
  const a = validDate(from.at);
  const b = validDate(to.at);
  if (!a || !b) {
    const missing: string[] = [];
    if (!a) missing.push(from.label);
    if (!b) missing.push(to.label);
    return { kind: 'missing', missing };
  }
  const ms = b.getTime() - a.getTime();
  return ms < 0 ? { kind: 'inconsistent', ms } : { kind: 'ok', ms };
}

export function describeInterval(interval: Interval, from: Endpoint, to: Endpoint): string {
  switch (interval.kind) {
    case 'ok':
      return formatDuration(interval.ms);
    case 'missing':
      return `not recorded (no ${interval.missing.join(' or ')} time)`;
    case 'inconsistent':
      return `⚠ inconsistent timestamps: ${to.label} is ${formatDuration(interval.ms)} before ${from.label}`;
  }
}

export const KEY_METRICS = ['detect', 'declare', 'acknowledge', 'contain', 'resolve', 'impact'] as const;
export type KeyMetricId = (typeof KEY_METRICS)[number];

export interface IncidentTimestamps {
  impactStartedAt: Date | null;
  detectedAt: Date | null;
  declaredAt: Date;
  acknowledgedAt: Date | null;
  containedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
}

export interface KeyMetric {
  id: KeyMetricId;
  label: string;
  from: Endpoint;
  to: Endpoint;
  interval: Interval;
  /** The formatted value: a duration, "not recorded (…)" or an inconsistency warning. */
  text: string;
}

/**
 * The response metrics of the domain. Impact duration ends at containment because that is when
 * harm stopped spreading; without a containment time, resolution is the best bound we have.
 */
export function keyMetrics(t: IncidentTimestamps): KeyMetric[] {
  const impactStarted: Endpoint = { label: 'impact started', at: t.impactStartedAt };
  const detected: Endpoint = { label: 'detected', at: t.detectedAt };
  const declared: Endpoint = { label: 'declared', at: t.declaredAt };
  const acknowledged: Endpoint = { label: 'acknowledged', at: t.acknowledgedAt };
  const contained: Endpoint = { label: 'contained', at: t.containedAt };
  const resolved: Endpoint = { label: 'resolved', at: t.resolvedAt };
  const impactEnd = validDate(t.containedAt) ? contained : resolved.at ? resolved : contained;
  const defs: [KeyMetricId, string, Endpoint, Endpoint][] = [
    ['detect', 'Time to detect', impactStarted, detected],
    ['declare', 'Time to declare', detected, declared],
    ['acknowledge', 'Time to acknowledge', declared, acknowledged],
    ['contain', 'Time to contain', declared, contained],
    ['resolve', 'Time to resolve', declared, resolved],
    ['impact', 'Duration of impact', impactStarted, impactEnd],
  ];
  return defs.map(([id, label, from, to]) => {
    const interval = measure(from, to);
    return { id, label, from, to, interval, text: describeInterval(interval, from, to) };
  });
}

export interface SeverityChange {
  at: Date;
  from: Severity;
  to: Severity;
}

export interface SeverityTime {
  severity: Severity;
  ms: number;
}

export interface SeverityTimes {
  /** In the order first held; only severities the incident actually held. */
  times: SeverityTime[];
  /** True when the incident had no end yet and the clock ran to `end` (generation time). */
  open: boolean;
  /** Changes dated before the declaration or after the end, which were not counted. */
  ignoredChanges: number;
}

/**
 * Time spent at each severity between declaration and the end of the response. Changes are
 * applied in time order (a stable sort keeps same-instant changes in recorded order); the `from`
 * of a change is not trusted, only its `to`, because an edited history can disagree with itself.
 */
export function timeInSeverity(
  initial: Severity,
  changes: readonly SeverityChange[],
  start: Date,
  end: Date,
  open = false,
): SeverityTimes {
  const totals = new Map<Severity, number>();
  const sorted = [...changes].sort((a, b) => a.at.getTime() - b.at.getTime());
  let current = initial;
  let cursor = start.getTime();
  const stop = end.getTime();
  let ignored = 0;
  for (const change of sorted) {
    const at = change.at.getTime();
    if (Number.isNaN(at) || at < start.getTime() || at > stop) {
      ignored++;
      continue;
    }
    totals.set(current, (totals.get(current) ?? 0) + (at - cursor));
    current = change.to;
    cursor = at;
  }
  if (stop >= cursor) totals.set(current, (totals.get(current) ?? 0) + (stop - cursor));
  // Map iteration follows first insertion, i.e. the order in which severities were first held.
  const times = [...totals.entries()].map(([severity, ms]) => ({ severity, ms }));
  return { times, open, ignoredChanges: ignored };
}

/**
 * Nearest-rank percentile (p in 0..100) of durations across incidents. Reports should show
 * medians and percentiles, not means: one month-long incident drowns a mean.
 */
export function percentile(values: readonly number[], p: number): number | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  const sorted = [...finite].sort((a, b) => a - b);
  const clamped = Math.min(100, Math.max(0, p));
  const rank = Math.max(1, Math.ceil((clamped / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export interface DurationStats {
  count: number;
  median: number | null;
  p90: number | null;
  max: number | null;
}

export function durationStats(values: readonly number[]): DurationStats {
  const finite = values.filter((v) => Number.isFinite(v));
  return {
    count: finite.length,
    median: percentile(finite, 50),
    p90: percentile(finite, 90),
    max: finite.length ? finite.reduce((a, b) => (b > a ? b : a)) : null,
  };
}

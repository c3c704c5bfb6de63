/**
 * Numbers across incidents: counts, response times as percentiles (averages of incident durations
 * mislead: one week-long incident drags the mean of fifty short ones), corrective actions done on
 * time, and incidents per week. Pure: the incidents, the window and the day are passed in.
 */
import { addDays, daysBetween } from './corrective-action';
import { HARM_CATEGORIES, type HarmCategory } from './harm';
import { SEVERITIES, type Severity } from './severity';
import { ValidationError } from './errors';

export const STATS_WINDOWS = { '30d': 30, '90d': 90, '365d': 365 } as const;
export type StatsWindow = keyof typeof STATS_WINDOWS;
export const DEFAULT_STATS_WINDOW: StatsWindow = '90d';

export function parseStatsWindow(text: string): StatsWindow {
  const t = text.trim().toLowerCase();
  if (!t) return DEFAULT_STATS_WINDOW;
  if (t in STATS_WINDOWS) return t as StatsWindow;
  throw new ValidationError(`Pick a window of ${Object.keys(STATS_WINDOWS).map((w) => `\`${w}\``).join(', ')}.`, 'window');
}

/**
 * The p-th percentile (0–100) by linear interpolation between closest ranks (the "R-7" method of
 * spreadsheets and numpy): p50 of [1, 2, 3, 4] is 2.5. Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  if (p < 0 || p > 100) throw new RangeError('percentile must be between 0 and 100');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export const STATS_METRICS = ['detect', 'acknowledge', 'contain', 'resolve'] as const;
export type StatsMetric = (typeof STATS_METRICS)[number];

/** Which two timestamps each metric measures between (see the domain's metrics). */
export const STATS_METRIC_SPAN: Record<StatsMetric, [keyof StatsIncident, keyof StatsIncident]> = {
  detect: ['impactStartedAt', 'detectedAt'],
  acknowledge: ['declaredAt', 'acknowledgedAt'],
  contain: ['declaredAt', 'containedAt'],
  resolve: ['declaredAt', 'resolvedAt'],
};

export interface StatsIncident {
  id: number;
  severity: Severity;
  category: HarmCategory;
  impactStartedAt: Date | null;
  detectedAt: Date | null;
  declaredAt: Date;
  acknowledgedAt: Date | null;
  containedAt: Date | null;
  resolvedAt: Date | null;
}

export interface StatsAction {
  incidentId: number;
  status: string;
  dueDate: string | null;
  /** Calendar day (team time zone) the action was marked done. */
  doneDay: string | null;
}

export interface Percentiles {
  n: number;
  p50: number | null;
  p90: number | null;
}

export interface IncidentStats {
  window: { days: number; from: Date; to: Date };
  total: number;
  bySeverity: Record<Severity, number>;
  byCategory: Partial<Record<HarmCategory, number>>;
  /** Milliseconds, per metric and severity; `all` across severities. */
  times: Record<StatsMetric, Record<Severity | 'all', Percentiles>>;
  actions: { total: number; doneOnTime: number; doneLate: number; doneNoDueDate: number; openOverdue: number; open: number; wontDo: number };
  /** Monday of each week in the window (UTC), oldest first, with incidents declared that week by severity. */
  weeks: { start: string; counts: Record<Severity, number> }[];
}

const zeroBySeverity = (): Record<Severity, number> => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;

function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

export function computeStats(input: { incidents: readonly StatsIncident[]; actions: readonly StatsAction[]; to: Date; days: number; today: string }): IncidentStats {
  const from = new Date(input.to.getTime() - input.days * 86_400_000);
  const incidents = input.incidents.filter((i) => i.declaredAt >= from && i.declaredAt <= input.to);
  const ids = new Set(incidents.map((i) => i.id));

  const bySeverity = zeroBySeverity();
  const byCategory: Partial<Record<HarmCategory, number>> = {};
  for (const i of incidents) {
    bySeverity[i.severity]++;
    byCategory[i.category] = (byCategory[i.category] ?? 0) + 1;
  }
  // Categories in the domain's order, so every medium lists them the same way.
  const orderedCategories = Object.fromEntries(HARM_CATEGORIES.filter((c) => byCategory[c]).map((c) => [c, byCategory[c]!]));

  const times = {} as IncidentStats['times'];
  for (const metric of STATS_METRICS) {
    const [a, b] = STATS_METRIC_SPAN[metric];
    const per = {} as Record<Severity | 'all', Percentiles>;
    const values = (list: readonly StatsIncident[]) =>
      list.flatMap((i) => {
        const start = i[a] as Date | null;
        const end = i[b] as Date | null;
        // A negative span is a typo in an edited timestamp, not a measurement.
        return start && end && end.getTime() >= start.getTime() ? [end.getTime() - start.getTime()] : [];
      });
    const summarise = (v: number[]): Percentiles => ({ n: v.length, p50: percentile(v, 50), p90: percentile(v, 90) });
    for (const s of SEVERITIES) per[s] = summarise(values(incidents.filter((i) => i.severity === s)));
    per.all = summarise(values(incidents));
    times[metric] = per;
  }

  const actions = { total: 0, doneOnTime: 0, doneLate: 0, doneNoDueDate: 0, openOverdue: 0, open: 0, wontDo: 0 };
  for (const x of input.actions) {
    if (!ids.has(x.incidentId)) continue;
    actions.total++;
    if (x.status === 'done') {
      if (!x.dueDate || !x.doneDay) actions.doneNoDueDate++;
      else if (daysBetween(x.doneDay, x.dueDate) >= 0) actions.doneOnTime++;
      else actions.doneLate++;
    } else if (x.status === 'wont_do') {
      actions.wontDo++;
    } else if (x.dueDate && x.dueDate < input.today) {
      actions.openOverdue++;
    } else {
      actions.open++;
    }
  }

  const weeks: IncidentStats['weeks'] = [];
  const first = mondayOf(from.toISOString().slice(0, 10));
  const last = mondayOf(input.to.toISOString().slice(0, 10));
  for (let w = first; w <= last; w = addDays(w, 7)) weeks.push({ start: w, counts: zeroBySeverity() });
  for (const i of incidents) {
    const week = weeks.find((w) => w.start === mondayOf(i.declaredAt.toISOString().slice(0, 10)));
    if (week) week.counts[i.severity]++;
  }

  return { window: { days: input.days, from, to: input.to }, total: incidents.length, bySeverity, byCategory: orderedCategories, times, actions, weeks };
}

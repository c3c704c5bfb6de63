import type { Repositories } from '../db/repositories/types';
import { localDay } from '../domain/followup';
import { computeStats, STATS_WINDOWS, type IncidentStats, type StatsWindow } from '../domain/stats';
import { visibilityFor } from '../domain/visibility';

/**
 * The figures of `/incident stats` and `npm run stats`. `viewer`: only incidents that person may
 * see in full count (public ones, and private ones whose channel they are in); null counts all
 * (the command line, run by whoever holds the database).
 */
export async function loadStats(repos: Repositories, opts: { window: StatsWindow; now: Date; timeZone: string; viewer: string | null }): Promise<IncidentStats> {
  const days = STATS_WINDOWS[opts.window];
  const since = new Date(opts.now.getTime() - days * 86_400_000);
  let incidents = await repos.followup.incidentsSince(since);
  if (opts.viewer) {
    const members = await repos.followup.members(incidents.filter((i) => i.isPrivate).map((i) => i.id));
    incidents = incidents.filter((i) => visibilityFor(i, opts.viewer!, members.get(i.id) ?? new Set()) === 'full');
  }
  const actions = await repos.followup.actionsOfIncidents(incidents.map((i) => i.id));
  return computeStats({
    incidents,
    actions: actions.map((a) => ({ incidentId: a.incidentId, status: a.status, dueDate: a.dueDate, doneDay: a.doneAt ? localDay(a.doneAt, opts.timeZone) : null })),
    to: opts.now,
    days,
    today: localDay(opts.now, opts.timeZone),
  });
}

import type { JobHandlers } from '../../engine/runner';
import { loadRegulatoryState } from '../../services/regulatory';
import { scheduleNextOverdueReminder } from '../../services/regulatory-reminders';
import { buildReminderDm } from '../blocks/regulatory';
import { incidentOf, postOnce, type JobDeps } from './support';

/**
 * A regulatory reminder: re-reads the clocks when it runs, so a report logged, a regime ruled out
 * or a moved deadline since it was planned makes it a no-op. Goes to the commander and the Legal
 * role holders, or the admins when nobody holds Legal.
 */
export function regulatoryHandlers(deps: JobDeps): Pick<JobHandlers, 'regulatory.remind'> {
  const { ctx } = deps;
  return {
    'regulatory.remind': async (job) => {
      const p = job.payload;
      const incident = await incidentOf(deps, p.incidentId);
      if (incident.status === 'closed') return { skipped: 'incident closed' };
      const now = ctx.now();
      const state = await loadRegulatoryState(ctx, ctx.repos, incident, now);
      const clock = state.clocks.find((c) => c.regime === p.regime && c.stage === p.stage);
      if (!clock || clock.state === 'reported' || clock.dueAt.getTime() !== p.dueAtMs) return { skipped: 'clock stopped or moved' };
      const holders = await ctx.repos.roles.holders(incident.id);
      const recipients = [...new Set([...holders.commander, ...(holders.legal.length ? holders.legal : deps.settings.admins)])];
      const message = buildReminderDm({ incident, regimes: ctx.regulatory.regimes, clock, threshold: p.threshold, now });
      const sent: string[] = [];
      for (const userId of recipients) {
        await postOnce(deps, job, { channel: userId, ...message });
        sent.push(userId);
      }
      if (p.threshold === 'due' || p.threshold.startsWith('overdue-')) await scheduleNextOverdueReminder(ctx, incident.id, clock, p.threshold);
      return { sent };
    },
  };
}

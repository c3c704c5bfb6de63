import { Resvg } from '@resvg/resvg-js';
import { dueState, isOpenAction } from '../../domain/corrective-action';
import { localDay } from '../../domain/followup';
import type { JobHandlers } from '../../engine/runner';
import { runFollowupTick } from '../../services/followup';
import { refreshHomes } from '../../services/follow-through-effects';
import { loadHome } from '../../services/home';
import { loadStats } from '../../services/stats';
import { buildAssignedDm, buildDigestDm, buildReminderDm, buildReviewReminder } from '../blocks/corrective-actions';
import { buildHomeView } from '../blocks/home';
import { buildWeeklyChartSvg } from '../blocks/stats';
import { incidentOf, postOnce, type JobDeps } from './support';

type Handled =
  | 'followup.assigned'
  | 'followup.tick'
  | 'followup.remind'
  | 'followup.digest'
  | 'postmortem.review_reminder'
  | 'home.publish'
  | 'home.refresh_incident'
  | 'stats.chart';

/**
 * The follow-through in Slack: owners' DMs, the schedule's runs, commanders' digests and review
 * reminders, Home tabs and the stats chart. Each handler re-reads the state when it runs: a
 * reminder for an action done since is dropped, not sent.
 */
export function followupHandlers(deps: JobDeps): Pick<JobHandlers, Handled> {
  const { client, ctx } = deps;
  const schedule = () => ({ cron: deps.settings.followupSchedule, timeZone: deps.settings.timeZone });
  const today = () => localDay(ctx.now(), deps.settings.timeZone);

  return {
    'followup.assigned': async (job) => {
      const action = await ctx.repos.followup.actionById(job.payload.actionId);
      if (!action || action.ownerId !== job.payload.ownerId) return { skipped: 'owner changed' };
      if (!isOpenAction(action.status)) return { skipped: 'no longer open' };
      const incident = await incidentOf(deps, action.incidentId);
      const { ts } = await postOnce(deps, job, { channel: job.payload.ownerId, ...buildAssignedDm({ action, incident, assignedBy: job.payload.assignedBy, today: today() }) });
      return { ts };
    },

    'followup.tick': async () => runFollowupTick(ctx, schedule()),

    'followup.remind': async (job) => {
      const p = job.payload;
      const action = await ctx.repos.followup.actionById(p.actionId);
      if (!action || action.ownerId !== p.ownerId || !isOpenAction(action.status)) return { skipped: 'no longer owed' };
      const state = dueState(action.dueDate, p.day);
      const still = p.kind === 'overdue' ? state === 'overdue' : state === 'soon' || state === 'today';
      if (!still) return { skipped: 'due date changed' };
      const incident = await incidentOf(deps, action.incidentId);
      const { ts } = await postOnce(deps, job, { channel: p.ownerId, ...buildReminderDm({ action, incident, kind: p.kind, today: p.day }) });
      return { ts };
    },

    'followup.digest': async (job) => {
      const actions = await ctx.repos.followup.actionsOfIncidents(job.payload.incidentIds);
      const incidents = await ctx.repos.followup.incidentsByIds(job.payload.incidentIds);
      const rows = incidents
        .map((incident) => {
          const open = actions.filter((a) => a.incidentId === incident.id && isOpenAction(a.status));
          return {
            incident,
            open: open.length,
            overdue: open.filter((a) => dueState(a.dueDate, job.payload.day) === 'overdue').length,
            unowned: open.filter((a) => !a.ownerId).length,
          };
        })
        .filter((r) => r.open > 0);
      if (rows.length === 0) return { skipped: 'nothing open' };
      const { ts } = await postOnce(deps, job, { channel: job.payload.userId, ...buildDigestDm({ rows }) });
      return { ts, incidents: rows.length };
    },

    'postmortem.review_reminder': async (job) => {
      const incident = await incidentOf(deps, job.payload.incidentId);
      const review = await ctx.repos.followup.review(incident.id);
      if (review?.reviewDate !== job.payload.reviewDate) return { skipped: 'review moved' };
      const to = (await ctx.repos.incidents.commanderOf(incident.id)) ?? incident.declaredBy;
      const openActions = (await ctx.repos.postmortem.actions(incident.id)).filter((a) => isOpenAction(a.status)).length;
      const { ts } = await postOnce(deps, job, { channel: to, ...buildReviewReminder({ incident, reviewDate: review.reviewDate, openActions }) });
      return { ts };
    },

    'home.publish': async (job) => {
      const data = await loadHome(ctx.repos, job.payload.userId, { now: ctx.now(), timeZone: deps.settings.timeZone, regulatory: ctx.regulatory });
      // views.publish replaces the whole tab, so a retry or a second run is harmless.
      await client.views.publish({ user_id: job.payload.userId, view: buildHomeView(data) as never });
      return null;
    },

    'home.refresh_incident': async (job) => {
      const users = await ctx.repos.followup.relatedUsers(job.payload.incidentId);
      await ctx.db.transaction((tx) => refreshHomes(tx, ctx.now(), users));
      return { users: users.length };
    },

    'stats.chart': async (job) => {
      const { userId, window, day } = job.payload;
      const stats = await loadStats(ctx.repos, { window, now: ctx.now(), timeZone: deps.settings.timeZone, viewer: userId });
      const title = `Incidents per week by severity, ${window} to ${day}`;
      const im = await client.conversations.open({ users: userId });
      const channel = im.channel?.id ?? userId;
      if (job.rerun) {
        const history = await client.conversations.history({ channel, limit: 50 });
        for (const m of (history.messages ?? []) as { files?: { id?: string; title?: string }[] }[]) {
          const found = m.files?.find((f) => f.title === title);
          if (found?.id) return { fileId: found.id, reused: true };
        }
      }
      const png = new Resvg(buildWeeklyChartSvg(stats), { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: '#ffffff' }).render().asPng();
      const upload = (await client.files.uploadV2({ channel_id: channel, filename: `incidents-per-week-${window}-${day}.png`, title, file: Buffer.from(png) })) as unknown as {
        files?: { files?: { id?: string }[] }[];
      };
      return { fileId: upload.files?.[0]?.files?.[0]?.id ?? null, bytes: png.length };
    },
  };
}

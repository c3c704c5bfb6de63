import { incidentKey } from '../../domain/channel-name';
import type { JobKind } from '../../engine/job-kinds';
import type { JobHandlers } from '../../engine/runner';
import { scheduleMaintenance } from '../../services/catch-up';
import { describeSlackError } from '../errors';
import { postOnce, type JobDeps } from './support';

/** What each job does, worded for the sentence "I could not … for INC-7". */
const JOB_WHAT: Record<JobKind, string> = {
  'setup.create_channel': 'create the incident channel',
  'setup.invite_responders': 'invite the declarer and the commander into the channel',
  'setup.dm_commander': 'send the commander their briefing',
  'setup.set_topic': 'set the channel topic',
  'setup.set_purpose': 'set the channel description',
  'setup.post_card': 'post the incident card',
  'setup.pin_card': 'pin the incident card',
  'setup.announce': 'announce the incident in the incidents channel',
  'setup.reply_to_declarer': 'answer the declarer',
  'setup.delayed': 'tell the declarer that the set-up is delayed',
  'incident.refresh': 'update the incident card and topic',
  'channel.notice': 'post the change in the channel',
  'channel.set_purpose': 'update the channel description',
  'channel.archive': 'archive the channel',
  'incidents.escalation': 'announce the escalation in the incidents channel',
  'roles.invite': 'invite the new role holders',
  'roles.dm': 'send a role holder their briefing',
  'note.post': 'post the note in the channel',
  'capture.fetch': 'read a marked message',
  'capture.acknowledge': 'mark a captured message with ✅',
  'capture.withdraw': 'take the ✅ off an un-marked message',
  'postmortem.compile': 'compile the post-mortem draft',
  'postmortem.upload': 'upload the post-mortem draft',
  'catchup.incident': 'read back what the channel said while I was away',
  'catchup.all': 'start catching up on open incidents',
  'updates.post': 'post the status update in the channel',
  'updates.dm': 'send a stakeholder the status update',
  'updates.remind': 'remind the war room that a status update is due',
  'commander.ack_timeout': 'report that the commander has not acknowledged',
  'feed.refresh': 'update the announcement in the incidents channel',
  'feed.reply': 'post in the announcement thread of the incidents channel',
  'report.failure': 'report a failure',
  'maintenance.prune': 'clean up old records',
  'followup.assigned': 'tell an owner about their corrective action',
  'followup.tick': 'plan the corrective-action reminders',
  'followup.remind': 'remind an owner of a corrective action',
  'followup.digest': 'send a commander the weekly corrective-action digest',
  'postmortem.review_reminder': 'remind the commander of the post-mortem review',
  'home.publish': 'update a Home tab',
  'home.refresh_incident': 'update the Home tabs that show the incident',
  'stats.chart': 'send the incident chart',
  'regulatory.remind': 'send a regulatory deadline reminder',
  'regulatory.export': 'upload the regulatory export',
};

/** Failures that mean the channel itself cannot be written to: the commander hears by DM instead. */
const CHANNEL_GONE = new Set(['channel_not_found', 'is_archived', 'not_in_channel', 'channel_not_created']);

export function reportHandlers(deps: JobDeps): Pick<JobHandlers, 'report.failure' | 'maintenance.prune'> {
  const { ctx } = deps;
  return {
    'report.failure': async (job) => {
      const failed = await ctx.repos.jobs.byId(job.payload.failedJobId);
      if (!failed?.incidentId) return { skipped: 'no incident' };
      const incident = await ctx.repos.incidents.byId(failed.incidentId);
      if (!incident) return { skipped: 'incident gone' };
      const key = incidentKey(incident.id);
      const what = JOB_WHAT[failed.kind as JobKind] ?? 'finish a task';
      const text =
        `:warning: I could not ${what} for *${key}*: ${describeSlackError({ data: { error: failed.lastError } })}. ` +
        `Nothing recorded is lost; \`/incident sync ${key}\` retries it.`;
      const channelGone = failed.kind === 'setup.create_channel' || CHANNEL_GONE.has(failed.lastError ?? '');
      if (incident.channelId && !channelGone) {
        await postOnce(deps, job, { channel: incident.channelId, text });
        return { to: 'channel' };
      }
      const to = (await ctx.repos.incidents.commanderOf(incident.id)) ?? incident.declaredBy;
      await postOnce(deps, job, { channel: to, text });
      return { to: 'commander' };
    },

    'maintenance.prune': async () => {
      const now = ctx.now().getTime();
      const day = 24 * 60 * 60 * 1000;
      // Slack retries an event for about an hour and a request is replayable for 5 minutes; a
      // day of both is plenty. Finished jobs stay a week for `/incident sync` and debugging.
      const inbound = await ctx.repos.inbound.prune(new Date(now - day));
      const requests = await ctx.repos.requests.prune(new Date(now - day));
      const jobs = await ctx.repos.jobs.prune(new Date(now - 7 * day));
      await scheduleMaintenance(ctx);
      return { inbound, requests, jobs };
    },
  };
}

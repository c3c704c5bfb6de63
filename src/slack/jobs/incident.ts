import { cardDeadline } from './card-deadline';
import { roleChangeText } from '../../domain/raci';
import type { ChannelNotice } from '../../engine/job-kinds';
import type { JobHandlers } from '../../engine/runner';
import { buildChannelPurpose, buildChannelTopic } from '../blocks/channel-text';
import { buildIncidentCard } from '../blocks/incident-card';
import {
  buildClosedNotice,
  buildEvidenceNotice,
  buildDetailsNotice,
  buildEscalationAnnouncement,
  buildNoteMessage,
  buildResolvedNotice,
  buildSeverityNotice,
  buildStatusNotice,
} from '../blocks/lifecycle-messages';
import { buildRaciSummary, buildRoleDm } from '../blocks/raci-messages';
import { withAcknowledgeButton } from '../blocks/status-update';
import { isSlackError, slackErrorCode } from '../errors';
import { inviteUsers, type InviteResult } from './setup';
import { channelOf, incidentOf, postOnce, postToIncidentsChannel, type JobDeps } from './support';

type Handled =
  | 'incident.refresh'
  | 'channel.notice'
  | 'channel.set_purpose'
  | 'channel.archive'
  | 'incidents.escalation'
  | 'roles.invite'
  | 'roles.dm'
  | 'note.post';

/** What Slack shows after a change: the card and topic, notices, announcements, invites and DMs. */
export function incidentHandlers(deps: JobDeps): Pick<JobHandlers, Handled> {
  const { client, ctx } = deps;

  async function renderNotice(incidentId: number, notice: ChannelNotice) {
    switch (notice.type) {
      case 'status':
        return buildStatusNotice(notice, notice.actorId);
      case 'severity':
        return buildSeverityNotice(notice, notice.actorId, ctx.comms.cadence[notice.to]);
      case 'details':
        return buildDetailsNotice(notice.changes, notice.actorId);
      case 'resolved':
        return buildResolvedNotice({ incidentId, ...notice });
      case 'closed':
        return buildClosedNotice({ incidentId, ...notice });
      case 'evidence': {
        const record = (await ctx.repos.evidence.forIncident(incidentId)).find((r) => r.id === notice.evidenceId);
        if (!record) throw new Error(`evidence record ${notice.evidenceId} of incident ${incidentId} not found`);
        return buildEvidenceNotice(record);
      }
      case 'roles': {
        const incident = await incidentOf(deps, incidentId);
        const invite = notice.inviteJobKey ? await ctx.repos.jobs.byKey(notice.inviteJobKey) : undefined;
        return buildRaciSummary({
          incident,
          holders: await ctx.repos.roles.holders(incidentId),
          actorId: notice.actorId,
          entries: notice.changes.map((c) => ({ text: roleChangeText(c, notice.actorId) })),
          notInvited: (invite?.result as InviteResult | null)?.skipped ?? [],
        });
      }
    }
  }

  return {
    'incident.refresh': async (job) => {
      const incident = await incidentOf(deps, job.payload.incidentId);
      const channel = channelOf(incident);
      const commanderId = await ctx.repos.incidents.commanderOf(incident.id);
      await client.conversations.setTopic({ channel, topic: buildChannelTopic(incident, commanderId) });
      if (incident.cardTs) {
        await client.chat.update({ channel, ts: incident.cardTs, ...buildIncidentCard({ incident, commanderId, nextDeadline: await cardDeadline(deps, incident) }) });
      }
      return null;
    },

    'channel.notice': async (job) => {
      const incident = await incidentOf(deps, job.payload.incidentId);
      const message = await renderNotice(incident.id, job.payload.notice);
      const { ts } = await postOnce(deps, job, { channel: channelOf(incident), ...message });
      return { ts };
    },

    'channel.set_purpose': async (job) => {
      const incident = await incidentOf(deps, job.payload.incidentId);
      await client.conversations.setPurpose({ channel: channelOf(incident), purpose: buildChannelPurpose(incident) });
      return null;
    },

    'channel.archive': async (job) => {
      const incident = await incidentOf(deps, job.payload.incidentId);
      try {
        await client.conversations.archive({ channel: channelOf(incident) });
      } catch (error) {
        if (!isSlackError(error, 'already_archived')) throw error;
      }
      return null;
    },

    'incidents.escalation': async (job) => {
      const target = deps.settings.incidentsChannel;
      if (!target) return { skipped: 'INCIDENTS_CHANNEL not set' };
      const incident = await incidentOf(deps, job.payload.incidentId);
      const posted = await postToIncidentsChannel(deps, job, { channel: target, ...buildEscalationAnnouncement(incident, job.payload, job.payload.actorId) });
      return { channel: posted.channel, ts: posted.ts };
    },

    'roles.invite': async (job) => {
      const incident = await incidentOf(deps, job.payload.incidentId);
      return inviteUsers(client, channelOf(incident), job.payload.users.filter((u) => u !== deps.botUserId));
    },

    'roles.dm': async (job) => {
      const incident = await incidentOf(deps, job.payload.incidentId);
      const invite = job.payload.inviteJobKey ? await ctx.repos.jobs.byKey(job.payload.inviteJobKey) : undefined;
      if ((invite?.result as InviteResult | null)?.skipped.some((s) => s.user === job.payload.userId)) return { skipped: 'not invited' };
      const dm = withAcknowledgeButton(buildRoleDm({ incident, roles: job.payload.roles, assignedBy: job.payload.assignedBy, cadenceMs: ctx.comms.cadence[incident.severity] }), incident.id, job.payload.roles);
      const { ts } = await postOnce(deps, job, { channel: job.payload.userId, ...dm });
      return { ts };
    },

    'note.post': async (job) => {
      const incident = await incidentOf(deps, job.payload.incidentId);
      const entry = await ctx.repos.capture.entryById(job.payload.entryId);
      if (!entry || entry.messageTs) return { skipped: entry ? 'already posted' : 'entry gone' };
      const channel = channelOf(incident);
      const { ts } = await postOnce(deps, job, { channel, ...buildNoteMessage(entry.text, entry.actorId ?? '') });
      const permalink = await client.chat
        .getPermalink({ channel, message_ts: ts })
        .then((r) => r.permalink ?? null)
        .catch((error: unknown) => {
          deps.logger.warn('timeline.permalink_failed', { inc: `INC-${incident.id}`, error: slackErrorCode(error) });
          return null;
        });
      await ctx.repos.capture.updateEntry(entry.id, { messageTs: ts, permalink });
      return { ts };
    },
  };
}

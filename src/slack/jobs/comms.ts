import { needsAcknowledgement, remindersApply } from '../../domain/cadence';
import { incidentKey } from '../../domain/channel-name';
import type { FeedEvent } from '../../engine/job-kinds';
import type { JobHandlers } from '../../engine/runner';
import { currentCommander, hasAcknowledged, reminderKey } from '../../services/comms-effects';
import { enqueueJob } from '../../services/effects';
import { buildFeedReply, buildLiveAnnouncement } from '../blocks/feed-messages';
import { buildAckTimeoutNotice, buildStatusUpdateElsewhere, buildStatusUpdateMessage, buildUpdateReminder } from '../blocks/status-update';
import { isSlackError, slackErrorCode } from '../errors';
import { channelOf, incidentOf, postOnce, postToIncidentsChannel, type JobDeps } from './support';

type Handled = 'updates.post' | 'updates.dm' | 'updates.remind' | 'commander.ack_timeout' | 'feed.refresh' | 'feed.reply';

const unique = (ids: (string | null | undefined)[]) => [...new Set(ids.filter((u): u is string => !!u))];

/** A link to the message that carries an uploaded file in the war room (null when Slack can't say). */
export async function filePermalink(deps: JobDeps, channelId: string, fileId: string): Promise<string | null> {
  try {
    const history = await deps.client.conversations.history({ channel: channelId, limit: 100 });
    const message = (history.messages as { ts?: string; files?: { id?: string }[] }[] | undefined)?.find((m) => m.files?.some((f) => f.id === fileId));
    if (!message?.ts) return null;
    return (await deps.client.chat.getPermalink({ channel: channelId, message_ts: message.ts })).permalink ?? null;
  } catch (error) {
    deps.logger.info('feed.draft_link_failed', { error: slackErrorCode(error) });
    return null;
  }
}

/**
 * The resolution's reply in the incidents thread is posted as soon as the incident is resolved;
 * once its post-mortem draft is uploaded (a later job of the same queue), the reply gets the link.
 */
export async function linkDraftInFeed(deps: JobDeps, incidentId: number, draft: { version: number; permalink: string | null }): Promise<void> {
  const incident = await incidentOf(deps, incidentId);
  if (incident.isPrivate || incident.status === 'investigating') return;
  const replies = (await deps.ctx.repos.jobs.forIncident(incidentId, ['done'])).filter((j) => j.kind === 'feed.reply');
  const last = replies.reverse().find((j) => (j.payload as { event?: { type?: string } }).event?.type === 'resolved');
  const posted = last?.result as { ts?: string; channel?: string } | null | undefined;
  if (!last || !posted?.ts || !posted.channel) return;
  const event = (last.payload as { event: Exclude<FeedEvent, { type: 'update' }> }).event;
  const message = buildFeedReply({ incident, event, draft });
  if (message) await deps.client.chat.update({ channel: posted.channel, ts: posted.ts, ...message });
}

/** Status updates, their reminders, the commander's acknowledgement deadline and the live feed in the incidents channel. */
export function commsHandlers(deps: JobDeps): Pick<JobHandlers, Handled> {
  const { client, ctx } = deps;

  async function numbered(incidentId: number, updateId: number) {
    const all = await ctx.repos.comms.updates(incidentId);
    const index = all.findIndex((u) => u.id === updateId);
    return index < 0 ? null : { update: all[index]!, number: index + 1 };
  }

  /** The post-mortem draft compiled since the resolution, and a link to its file in the war room. */
  async function draftLink(incidentId: number, channelId: string | null, since: Date | null) {
    const draft = await ctx.repos.postmortem.latestDraft(incidentId);
    if (!draft || (since && draft.createdAt.getTime() < since.getTime())) return null;
    if (!draft.fileId || !channelId) return { version: draft.version, permalink: null };
    return { version: draft.version, permalink: await filePermalink(deps, channelId, draft.fileId) };
  }

  return {
    'updates.post': async (job) => {
      const incident = await incidentOf(deps, job.payload.incidentId);
      const channel = channelOf(incident);
      const found = await numbered(incident.id, job.payload.updateId);
      if (!found) return { skipped: 'update gone' };
      const { update } = found;
      const ts = update.channelTs ?? (await postOnce(deps, job, { channel, ...buildStatusUpdateMessage({ incident, ...found }) })).ts;
      if (!update.channelTs) await ctx.repos.comms.setUpdateMessage(update.id, ts);
      if (update.entryId) {
        const entry = await ctx.repos.capture.entryById(update.entryId);
        if (entry && !entry.messageTs) {
          // Linked like a note's echo: pinning or marking the update then marks this entry, never a second one.
          const permalink = await client.chat
            .getPermalink({ channel, message_ts: ts })
            .then((r) => r.permalink ?? null)
            .catch(() => null);
          await ctx.repos.capture.updateEntry(entry.id, { messageTs: ts, permalink });
        }
      }
      const previous = (await ctx.repos.comms.get(incident.id))?.pinnedUpdateTs ?? null;
      if (previous !== ts) {
        try {
          await client.pins.add({ channel, timestamp: ts });
        } catch (error) {
          if (!isSlackError(error, 'already_pinned')) throw error;
        }
        if (previous) {
          try {
            await client.pins.remove({ channel, timestamp: previous });
          } catch (error) {
            // Someone un-pinned or deleted it already.
            if (!isSlackError(error, 'no_pin', 'message_not_found')) throw error;
          }
        }
        await ctx.repos.comms.setPinnedUpdate(incident.id, ts, ctx.now());
      }
      return { ts, unpinned: previous };
    },

    'updates.dm': async (job) => {
      const { incidentId, updateId, userId } = job.payload;
      if ((await ctx.repos.comms.mutedUsers(incidentId)).includes(userId)) return { skipped: 'muted' };
      const incident = await incidentOf(deps, incidentId);
      const found = await numbered(incidentId, updateId);
      if (!found) return { skipped: 'update gone' };
      const { ts } = await postOnce(deps, job, { channel: userId, ...buildStatusUpdateElsewhere({ incident, ...found, mute: true }) });
      return { ts };
    },

    'updates.remind': async (job) => {
      const { incidentId, dueAtMs, atMs, level, snoozedBy } = job.payload;
      // Four reads of their own, none depending on another: sent together (one round trip's wait
      // instead of four on Postgres), then looked at in order.
      const [incident, comms, holders, last] = await Promise.all([
        incidentOf(deps, incidentId),
        ctx.repos.comms.get(incidentId),
        ctx.repos.roles.holders(incidentId),
        ctx.repos.comms.lastUpdate(incidentId),
      ]);
      if (!remindersApply(incident.status)) return { skipped: 'resolved' };
      // A job claimed just before an update or a severity change moved the plan finds it moved.
      if (comms?.nextUpdateDueAt?.getTime() !== dueAtMs) return { skipped: 'replanned' };
      const commander = holders.commander[0] ?? null;
      const lead = holders.comms_lead[0] ?? commander;
      const mention = unique(level === 'overdue' ? [lead, commander] : [lead]);
      const cadenceMs = ctx.comms.cadence[incident.severity];
      const message = buildUpdateReminder({ incident, level, mention, cadenceMs, lastUpdateAt: last?.postedAt ?? null, dueAtMs, atMs, snoozedBy });
      const { ts } = await postOnce(deps, job, { channel: channelOf(incident), ...message });
      if (level === 'overdue') {
        // Still overdue one cadence later: the commander hears again (a key per firing time keeps it once).
        const next = atMs + cadenceMs;
        await enqueueJob(ctx.repos, ctx.now(), 'updates.remind', { incidentId, dueAtMs, atMs: next, level }, { key: reminderKey(incidentId, 'overdue', next), dueAt: new Date(next), incidentId });
      }
      deps.logger.info('updates.reminded', { inc: incidentKey(incidentId), level, snoozed: snoozedBy ? true : undefined });
      return { ts, mention };
    },

    'commander.ack_timeout': async (job) => {
      const { incidentId, userId, assignedAtMs } = job.payload;
      const incident = await incidentOf(deps, incidentId);
      if (!remindersApply(incident.status) || !needsAcknowledgement(incident.severity)) return { skipped: 'not required' };
      const commander = await currentCommander(ctx.repos, incidentId);
      if (!commander || commander.userId !== userId || commander.since.getTime() !== assignedAtMs) return { skipped: 'handed over' };
      if (await hasAcknowledged(ctx.repos, incidentId, userId, commander.since)) return { skipped: 'acknowledged' };
      const notify = unique([incident.declaredBy, ...deps.settings.admins]).filter((u) => u !== userId && u !== deps.botUserId);
      const waitedMs = ctx.comms.ackTimeoutMs;
      const { ts } = await postOnce(deps, job, { channel: channelOf(incident), ...buildAckTimeoutNotice({ incident, commanderId: userId, waitedMs, notify }) });
      for (const to of notify) {
        await postOnce(deps, job, { channel: to, ...buildAckTimeoutNotice({ incident, commanderId: userId, waitedMs, notify, dm: true }) });
      }
      deps.logger.info('commander.not_acknowledged', { inc: incidentKey(incidentId), told: notify.length });
      return { ts, told: notify };
    },

    'feed.refresh': async (job) => {
      const incident = await incidentOf(deps, job.payload.incidentId);
      // A private incident's announcement says it exists; no edit may say more.
      if (incident.isPrivate) return { skipped: 'private' };
      const feed = await ctx.repos.comms.get(incident.id);
      if (!feed?.announcementChannelId || !feed.announcementTs) return { skipped: 'not announced' };
      const commanderId = await ctx.repos.incidents.commanderOf(incident.id);
      const lastUpdateAt = (await ctx.repos.comms.lastUpdate(incident.id))?.postedAt ?? null;
      await client.chat.update({ channel: feed.announcementChannelId, ts: feed.announcementTs, ...buildLiveAnnouncement({ incident, commanderId, lastUpdateAt }) });
      return null;
    },

    'feed.reply': async (job) => {
      const { incidentId, event } = job.payload;
      const incident = await incidentOf(deps, incidentId);
      const feed = await ctx.repos.comms.get(incidentId);
      if (!feed?.announcementChannelId || !feed.announcementTs) return { skipped: 'not announced' };
      let message;
      if (event.type === 'update') {
        const found = await numbered(incidentId, event.updateId);
        if (!found) return { skipped: 'update gone' };
        message = buildStatusUpdateElsewhere({ incident, ...found });
      } else {
        const draft = event.type === 'resolved' ? await draftLink(incidentId, incident.channelId, incident.resolvedAt) : null;
        message = buildFeedReply({ incident, event, draft });
        if (!message) return { skipped: 'private' };
      }
      const posted = await postToIncidentsChannel(deps, job, { channel: feed.announcementChannelId, thread_ts: feed.announcementTs, ...message });
      return { ts: posted.ts, channel: posted.channel, event: event.type };
    },
  };
}

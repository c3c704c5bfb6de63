import { cardDeadline } from './card-deadline';
import type { WebClient } from '@slack/web-api';
import { incidentChannelName, incidentKey } from '../../domain/channel-name';
import type { JobHandler, JobHandlers } from '../../engine/runner';
import { SETUP_STEPS, type SetupStep } from '../../engine/job-kinds';
import { buildChannelPurpose, buildChannelTopic } from '../blocks/channel-text';
import { buildIncidentCard } from '../blocks/incident-card';
import { buildLiveAnnouncement } from '../blocks/feed-messages';
import { buildRoleDm } from '../blocks/raci-messages';
import { withAcknowledgeButton } from '../blocks/status-update';
import { describeSlackError, isSlackError, slackErrorCode } from '../errors';
import { channelOf, incidentOf, postOnce, postToIncidentsChannel, type JobDeps } from './support';

/** Name candidates tried after `name_taken` before giving up (archived channels keep names). */
const NAME_ATTEMPTS = 20;
/** Per-user invite errors: the user is skipped, the others still get in. */
const PER_USER_INVITE_ERRORS = ['user_not_found', 'user_is_deactivated', 'cant_invite', 'user_is_restricted', 'user_is_ultra_restricted', 'ura_max_channels', 'missing_user', 'invalid_user_id', 'cant_invite_self'];
/** conversations.invite takes at most 100 users per call. */
const INVITE_BATCH = 100;

export interface InviteResult {
  invited: string[];
  skipped: { user: string; error: string }[];
}

/**
 * Invites users, tolerating the ones Slack rejects: one bad id fails Slack's whole batch, so a
 * failed batch is retried user by user and only the rejected users are skipped.
 */
export async function inviteUsers(client: WebClient, channel: string, users: readonly string[]): Promise<InviteResult> {
  const result: InviteResult = { invited: [], skipped: [] };
  for (let i = 0; i < users.length; i += INVITE_BATCH) {
    const batch = users.slice(i, i + INVITE_BATCH);
    try {
      await client.conversations.invite({ channel, users: batch.join(',') });
      result.invited.push(...batch);
      continue;
    } catch (error) {
      if (isSlackError(error, 'already_in_channel') && batch.length === 1) continue;
      if (!isSlackError(error, 'already_in_channel', ...PER_USER_INVITE_ERRORS)) throw error;
    }
    for (const user of batch) {
      try {
        await client.conversations.invite({ channel, users: user });
        result.invited.push(user);
      } catch (error) {
        if (isSlackError(error, 'already_in_channel')) continue;
        if (!isSlackError(error, ...PER_USER_INVITE_ERRORS)) throw error;
        result.skipped.push({ user, error: slackErrorCode(error) });
      }
    }
  }
  return result;
}

/**
 * The declaration's Slack steps, one job each in the incident's queue (so they run in order).
 * Every step is idempotent: it checks what is already done (in the database, or in Slack when a
 * crash may have hidden the answer) before acting.
 */
export function setupHandlers(deps: JobDeps): Pick<JobHandlers, `setup.${SetupStep}` | 'setup.delayed'> {
  const { client, ctx, logger } = deps;

  async function findOwnChannel(name: string): Promise<string | null> {
    let cursor: string | undefined;
    do {
      const page = await client.conversations.list({ types: 'public_channel,private_channel', limit: 999, cursor, exclude_archived: true });
      const found = page.channels?.find((c) => c.name === name && c.creator === deps.botUserId);
      if (found?.id) return found.id;
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return null;
  }

  const createChannel: JobHandler<'setup.create_channel'> = async (job) => {
    const incident = await incidentOf(deps, job.payload.incidentId);
    if (incident.channelId) return { channelId: incident.channelId, name: incident.channelName };
    for (let n = 0; n < NAME_ATTEMPTS; n++) {
      const name = incidentChannelName(incident.id, incident.title, n);
      try {
        const res = await client.conversations.create({ name, is_private: incident.isPrivate });
        const channelId = res.channel!.id!;
        await ctx.repos.incidents.update(incident.id, { channelId, channelName: name, updatedAt: ctx.now() });
        return { channelId, name };
      } catch (error) {
        if (!isSlackError(error, 'name_taken')) throw error;
        // A crash between Slack creating the channel and us storing its id leaves our own channel
        // behind under this name: adopt it rather than open a second one.
        if (job.rerun) {
          const own = await findOwnChannel(name);
          if (own) {
            await ctx.repos.incidents.update(incident.id, { channelId: own, channelName: name, updatedAt: ctx.now() });
            return { channelId: own, name, adopted: true };
          }
        }
        logger.info('channel.name_taken', { inc: incidentKey(incident.id), name });
      }
    }
    throw new Error(`no free channel name after ${NAME_ATTEMPTS} tries`);
  };

  const steps: Record<SetupStep, JobHandler<`setup.${SetupStep}`>> = {
    create_channel: createChannel as JobHandler<`setup.${SetupStep}`>,

    async invite_responders(job) {
      const incident = await incidentOf(deps, job.payload.incidentId);
      const channel = channelOf(incident);
      const commander = await ctx.repos.incidents.commanderOf(incident.id);
      const users = [...new Set([incident.declaredBy, commander].filter((u): u is string => !!u && u !== deps.botUserId))];
      return inviteUsers(client, channel, users);
    },

    async dm_commander(job) {
      const incident = await incidentOf(deps, job.payload.incidentId);
      const commander = await ctx.repos.incidents.commanderOf(incident.id);
      if (!commander || commander === deps.botUserId) return { skipped: 'no commander' };
      channelOf(incident);
      const dm = withAcknowledgeButton(buildRoleDm({ incident, roles: ['commander'], assignedBy: incident.declaredBy, recipientId: commander, cadenceMs: ctx.comms.cadence[incident.severity] }), incident.id, ['commander']);
      const { channel, ts } = await postOnce(deps, job, { channel: commander, ...dm });
      return { channel, ts };
    },

    async set_topic(job) {
      const incident = await incidentOf(deps, job.payload.incidentId);
      await client.conversations.setTopic({ channel: channelOf(incident), topic: buildChannelTopic(incident, await ctx.repos.incidents.commanderOf(incident.id)) });
      return null;
    },

    async set_purpose(job) {
      const incident = await incidentOf(deps, job.payload.incidentId);
      await client.conversations.setPurpose({ channel: channelOf(incident), purpose: buildChannelPurpose(incident) });
      return null;
    },

    async post_card(job) {
      const incident = await incidentOf(deps, job.payload.incidentId);
      const channel = channelOf(incident);
      if (incident.cardTs) return { ts: incident.cardTs };
      const card = buildIncidentCard({ incident, commanderId: await ctx.repos.incidents.commanderOf(incident.id), nextDeadline: await cardDeadline(deps, incident) });
      const { ts } = await postOnce(deps, job, { channel, ...card });
      await ctx.repos.incidents.update(incident.id, { cardTs: ts, updatedAt: ctx.now() });
      return { ts };
    },

    async pin_card(job) {
      const incident = await incidentOf(deps, job.payload.incidentId);
      const channel = channelOf(incident);
      if (!incident.cardTs) return { skipped: 'no card' };
      try {
        await client.pins.add({ channel, timestamp: incident.cardTs });
      } catch (error) {
        if (!isSlackError(error, 'already_pinned')) throw error;
      }
      return null;
    },

    async announce(job) {
      const target = deps.settings.incidentsChannel;
      if (!target) return { skipped: 'INCIDENTS_CHANNEL not set' };
      const incident = await incidentOf(deps, job.payload.incidentId);
      const commanderId = await ctx.repos.incidents.commanderOf(incident.id);
      const posted = await postToIncidentsChannel(deps, job, { channel: target, ...buildLiveAnnouncement({ incident, commanderId, lastUpdateAt: null }) });
      // Stored on the incident: the live feed edits this message and threads replies under it.
      await ctx.repos.comms.setAnnouncement(incident.id, posted.channel, posted.ts, ctx.now());
      return { channel: posted.channel, ts: posted.ts };
    },

    async reply_to_declarer(job) {
      const incident = await incidentOf(deps, job.payload.incidentId);
      const text = await declarerReply(deps, incident.id);
      const responseUrl = (job.payload as { responseUrl?: string | null }).responseUrl;
      if (responseUrl) {
        try {
          await deps.respond(responseUrl, { text, response_type: 'ephemeral' });
          return { via: 'response_url' };
        } catch (error) {
          logger.warn('reply.response_url_failed', { inc: incidentKey(incident.id), error: slackErrorCode(error) });
        }
      }
      if (incident.originChannelId && incident.originChannelId !== incident.channelId) {
        try {
          await client.chat.postEphemeral({ channel: incident.originChannelId, user: incident.declaredBy, text });
          return { via: 'ephemeral' };
        } catch (error) {
          logger.info('reply.ephemeral_failed', { inc: incidentKey(incident.id), error: slackErrorCode(error) });
        }
      }
      await postOnce(deps, job, { channel: incident.declaredBy, text });
      return { via: 'dm' };
    },
  };

  const handlers = Object.fromEntries(SETUP_STEPS.map((step) => [`setup.${step}`, steps[step]])) as Pick<JobHandlers, `setup.${SetupStep}`>;
  return {
    ...handlers,
    /** Told once, through the declaring command's response_url when there is one, else by DM. */
    'setup.delayed': async (job) => {
      const { incidentId, step, error } = job.payload;
      const key = incidentKey(incidentId);
      const text =
        `:hourglass_flowing_sand: *${key}* is recorded, but setting up its war room is delayed: step \`${step}\` failed ` +
        `(${describeSlackError({ data: { error } })}). I keep retrying by myself; nothing is lost. ` +
        `\`/incident sync ${key}\` retries now.`;
      const reply = await ctx.repos.jobs.byKey(`setup:${incidentId}:reply_to_declarer`);
      const responseUrl = (reply?.payload as { responseUrl?: string | null } | undefined)?.responseUrl;
      if (responseUrl) {
        try {
          await deps.respond(responseUrl, { text, response_type: 'ephemeral' });
          return { via: 'response_url' };
        } catch (e) {
          logger.info('reply.response_url_failed', { inc: key, error: slackErrorCode(e) });
        }
      }
      const incident = await incidentOf(deps, incidentId);
      await postOnce(deps, job, { channel: incident.declaredBy, text });
      return { via: 'dm' };
    },
  };
}

/** What the declarer hears once the set-up jobs are finished: the channel, and anything that failed. */
async function declarerReply(deps: JobDeps, incidentId: number): Promise<string> {
  const incident = await incidentOf(deps, incidentId);
  const key = incidentKey(incident.id);
  const jobs = (await deps.ctx.repos.jobs.forIncident(incidentId)).filter((j) => j.key.startsWith(`setup:${incidentId}:`));
  const lines: string[] = [
    incident.channelId
      ? `:rotating_light: *${key}* is open: <#${incident.channelId}>. The war room is ready.`
      : `:rotating_light: *${key}* is recorded, but its channel could not be created yet.`,
  ];
  const invite = jobs.find((j) => j.kind === 'setup.invite_responders');
  for (const s of ((invite?.result as InviteResult | null)?.skipped ?? [])) {
    lines.push(`• Could not invite <@${s.user}>: ${describeSlackError({ data: { error: s.error } })}.`);
  }
  const failed = jobs.filter((j) => j.state === 'failed');
  for (const f of failed) lines.push(`• Step \`${f.kind.replace('setup.', '')}\` failed: ${describeSlackError({ data: { error: f.lastError } })}.`);
  if (failed.length) lines.push(`Nothing is lost: run \`/incident sync ${key}\` to retry.`);
  return lines.join('\n');
}

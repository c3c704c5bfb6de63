import type { WebClient } from '@slack/web-api';
import { incidentChannelName, incidentKey } from '../domain/channel-name';
import type { Incident } from '../domain/incident';
import { buildChannelPurpose, buildChannelTopic } from './blocks/channel-text';
import type { Logger } from '../logger';
import { DECLARATION_STEPS, type DeclarationStep } from '../services/declare-incident';
import type { ServiceContext } from '../services/context';
import { buildIncidentCard } from './blocks/incident-card';
import { buildAnnouncement } from './blocks/messages';
import { buildRoleDm } from './blocks/raci-messages';
import { announceBlockId, cardBlockId } from './ids';
import { describeSlackError, isSlackError, slackErrorCode } from './errors';

export interface SetupDeps {
  client: WebClient;
  ctx: ServiceContext;
  logger: Logger;
  botUserId: string;
  incidentsChannel?: string;
  /** Posts to a slash command's response_url; only the request that declared has one. */
  respond?: (responseUrl: string, message: { text: string; response_type?: 'ephemeral' }) => Promise<void>;
}

export interface SetupReport {
  incidentId: number;
  channelId: string | null;
  failed: { step: DeclarationStep; error: string }[];
  skippedInvitees: { user: string; error: string }[];
}

/** Name candidates tried after `name_taken` before giving up (archived channels keep names). */
const NAME_ATTEMPTS = 20;
/** Per-user invite errors: the user is skipped, the others still get in. */
const PER_USER_INVITE_ERRORS = ['user_not_found', 'user_is_deactivated', 'cant_invite', 'user_is_restricted', 'user_is_ultra_restricted', 'ura_max_channels', 'missing_user', 'invalid_user_id'];

class StepBlocked extends Error {}

/**
 * Works off the Slack steps a declaration recorded. Every step is idempotent: it checks what
 * is already done (in the database, or in Slack when a crash may have hidden the answer) before
 * acting, so running it again after a crash or a failure finishes the job without duplicates.
 */
export function createWarRoomSetup(deps: SetupDeps) {
  const { client, ctx, logger } = deps;
  const running = new Map<number, Promise<SetupReport>>();

  const incidentOf = (id: number): Incident => {
    const incident = ctx.repos.incidents.byId(id);
    if (!incident) throw new Error(`incident ${id} not found`);
    return incident;
  };

  async function findOwnChannel(name: string): Promise<{ id: string; name: string } | null> {
    let cursor: string | undefined;
    do {
      const page = await client.conversations.list({ types: 'public_channel,private_channel', limit: 999, cursor, exclude_archived: true });
      const found = page.channels?.find((c) => c.name === name && c.creator === deps.botUserId);
      if (found?.id) return { id: found.id, name };
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return null;
  }

  async function findOwnMessage(channel: string, blockId: string): Promise<string | null> {
    const history = await client.conversations.history({ channel, limit: 100 });
    const hit = history.messages?.find(
      (m) => (m.user === deps.botUserId || m.bot_id) && m.blocks?.some((b) => b.block_id === blockId),
    );
    return hit?.ts ?? null;
  }

  const channelOf = (incident: Incident): string => {
    if (!incident.channelId) throw new StepBlocked('waiting for the channel to be created');
    return incident.channelId;
  };

  const steps: Record<DeclarationStep, (incident: Incident, attempt: number, report: SetupReport, responseUrl?: string) => Promise<unknown>> = {
    async create_channel(incident, attempt) {
      if (incident.channelId) return { channelId: incident.channelId, name: incident.channelName };
      for (let n = 0; n < NAME_ATTEMPTS; n++) {
        const name = incidentChannelName(incident.id, incident.title, n);
        try {
          const res = await client.conversations.create({ name, is_private: incident.isPrivate });
          const channelId = res.channel!.id!;
          ctx.repos.incidents.update(incident.id, { channelId, channelName: name, updatedAt: ctx.now() });
          return { channelId, name };
        } catch (error) {
          if (!isSlackError(error, 'name_taken')) throw error;
          // A crash between Slack creating the channel and us storing its id leaves our own
          // channel behind under this name: adopt it rather than open a second one.
          if (attempt > 1) {
            const own = await findOwnChannel(name);
            if (own) {
              ctx.repos.incidents.update(incident.id, { channelId: own.id, channelName: name, updatedAt: ctx.now() });
              return { channelId: own.id, name, adopted: true };
            }
          }
          logger.info('channel.name_taken', { inc: incidentKey(incident.id), name });
        }
      }
      throw new Error(`no free channel name after ${NAME_ATTEMPTS} tries`);
    },

    async invite_responders(incident, _attempt, report) {
      const channel = channelOf(incident);
      const commander = ctx.repos.incidents.commanderOf(incident.id);
      const users = [...new Set([incident.declaredBy, commander].filter((u): u is string => !!u && u !== deps.botUserId))];
      const result = await inviteUsers(client, channel, users);
      report.skippedInvitees.push(...result.skipped);
      return result;
    },

    /** The same "you are Incident Commander" DM a later hand-over sends, for the first commander too. */
    async dm_commander(incident) {
      const commander = ctx.repos.incidents.commanderOf(incident.id);
      if (!commander || commander === deps.botUserId) return { skipped: 'no commander' };
      channelOf(incident);
      const res = await client.chat.postMessage({
        channel: commander,
        ...buildRoleDm({ incident, roles: ['commander'], assignedBy: incident.declaredBy, recipientId: commander }),
      });
      return { channel: res.channel, ts: res.ts };
    },

    async set_topic(incident) {
      const channel = channelOf(incident);
      await client.conversations.setTopic({ channel, topic: buildChannelTopic(incident, ctx.repos.incidents.commanderOf(incident.id)) });
      return null;
    },

    async set_purpose(incident) {
      const channel = channelOf(incident);
      await client.conversations.setPurpose({ channel, purpose: buildChannelPurpose(incident) });
      return null;
    },

    async post_card(incident, attempt) {
      const channel = channelOf(incident);
      if (incident.cardTs) return { ts: incident.cardTs };
      let ts = attempt > 1 ? await findOwnMessage(channel, cardBlockId(incident.id)) : null;
      if (!ts) {
        const card = buildIncidentCard({ incident, commanderId: ctx.repos.incidents.commanderOf(incident.id) });
        const res = await client.chat.postMessage({ channel, ...card });
        ts = res.ts!;
      }
      ctx.repos.incidents.update(incident.id, { cardTs: ts, updatedAt: ctx.now() });
      return { ts };
    },

    async pin_card(incident) {
      const channel = channelOf(incident);
      if (!incident.cardTs) throw new StepBlocked('waiting for the card to be posted');
      try {
        await client.pins.add({ channel, timestamp: incident.cardTs });
      } catch (error) {
        if (!isSlackError(error, 'already_pinned')) throw error;
      }
      return null;
    },

    async announce(incident, attempt) {
      const target = deps.incidentsChannel;
      if (!target) return { skipped: 'INCIDENTS_CHANNEL not set' };
      channelOf(incident);
      if (attempt > 1) {
        const ts = await findOwnMessage(target, announceBlockId(incident.id)).catch(() => null);
        if (ts) return { channel: target, ts };
      }
      const message = buildAnnouncement(incident);
      try {
        const res = await client.chat.postMessage({ channel: target, ...message });
        return { channel: target, ts: res.ts };
      } catch (error) {
        if (!isSlackError(error, 'not_in_channel')) throw error;
        // Public incidents channels can be joined; a private one needs the bot invited.
        await client.conversations.join({ channel: target });
        const res = await client.chat.postMessage({ channel: target, ...message });
        return { channel: target, ts: res.ts, joined: true };
      }
    },

    async reply_to_declarer(incident, _attempt, report, responseUrl) {
      const text = declarerReply(incident, report);
      if (responseUrl && deps.respond) {
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
      await client.chat.postMessage({ channel: incident.declaredBy, text });
      return { via: 'dm' };
    },
  };

  async function runSteps(incidentId: number, responseUrl?: string): Promise<SetupReport> {
    const report: SetupReport = { incidentId, channelId: null, failed: [], skippedInvitees: [] };
    const log = logger.child({ inc: incidentKey(incidentId) });
    for (const step of DECLARATION_STEPS) {
      const row = ctx.repos.slackSteps.get(incidentId, step);
      if (!row || row.state === 'done') {
        if (step === 'invite_responders' && row?.result) report.skippedInvitees.push(...(JSON.parse(row.result).skipped ?? []));
        continue;
      }
      const attempt = ctx.repos.slackSteps.beginAttempt(incidentId, step, ctx.now());
      try {
        const result = await steps[step](incidentOf(incidentId), attempt, report, responseUrl);
        ctx.repos.slackSteps.complete(incidentId, step, result, ctx.now());
        log.debug('setup.step_done', { step, attempt });
      } catch (error) {
        const message = error instanceof StepBlocked ? error.message : describeSlackError(error);
        ctx.repos.slackSteps.fail(incidentId, step, message, ctx.now());
        report.failed.push({ step, error: message });
        log.warn('setup.step_failed', { step, attempt, error: slackErrorCode(error) });
      }
    }
    report.channelId = incidentOf(incidentId).channelId;
    if (report.failed.length === 0) log.info('setup.complete', { channel: report.channelId });
    return report;
  }

  return {
    /** Runs the unfinished steps of one incident; concurrent calls share one run. */
    run(incidentId: number, options: { responseUrl?: string } = {}): Promise<SetupReport> {
      const existing = running.get(incidentId);
      if (existing) return existing;
      const promise = runSteps(incidentId, options.responseUrl).finally(() => running.delete(incidentId));
      running.set(incidentId, promise);
      return promise;
    },
    /** Finishes every incident whose set-up was interrupted (called at start-up and by `/incident sync`). */
    async resumeAll(): Promise<SetupReport[]> {
      const reports: SetupReport[] = [];
      for (const id of ctx.repos.slackSteps.unfinishedIncidentIds()) {
        logger.info('setup.resume', { inc: incidentKey(id) });
        reports.push(await this.run(id));
      }
      return reports;
    },
    /** Resolves when no set-up is running (graceful shutdown). */
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.allSettled([...running.values()]);
    },
  };
}
export type WarRoomSetup = ReturnType<typeof createWarRoomSetup>;

export interface InviteResult {
  invited: string[];
  skipped: { user: string; error: string }[];
}

/**
 * Invites users, tolerating the ones Slack rejects: one bad id fails Slack's whole batch, so
 * a failed batch is retried user by user and only the rejected users are skipped.
 */
export async function inviteUsers(client: WebClient, channel: string, users: string[]): Promise<InviteResult> {
  const result: InviteResult = { invited: [], skipped: [] };
  if (users.length === 0) return result;
  try {
    await client.conversations.invite({ channel, users: users.join(',') });
    result.invited.push(...users);
    return result;
  } catch (error) {
    if (isSlackError(error, 'already_in_channel') && users.length === 1) return result;
    if (!isSlackError(error, 'already_in_channel', ...PER_USER_INVITE_ERRORS)) throw error;
  }
  for (const user of users) {
    try {
      await client.conversations.invite({ channel, users: user });
      result.invited.push(user);
    } catch (error) {
      if (isSlackError(error, 'already_in_channel')) continue;
      if (!isSlackError(error, ...PER_USER_INVITE_ERRORS)) throw error;
      result.skipped.push({ user, error: slackErrorCode(error) });
    }
  }
  return result;
}

function declarerReply(incident: Incident, report: SetupReport): string {
  const key = incidentKey(incident.id);
  const lines: string[] = [];
  lines.push(
    incident.channelId
      ? `:rotating_light: *${key}* is open: <#${incident.channelId}>. The war room is ready.`
      : `:rotating_light: *${key}* is recorded, but its channel could not be created yet.`,
  );
  for (const s of report.skippedInvitees) lines.push(`• Could not invite <@${s.user}>: ${describeSlackError({ data: { error: s.error } })}.`);
  for (const f of report.failed) lines.push(`• Step \`${f.step}\` failed: ${f.error}.`);
  if (report.failed.length) lines.push('Nothing is lost: I will finish these on restart, or run `/incident sync` to retry now.');
  return lines.join('\n');
}

import type { WebClient } from '@slack/web-api';
import type { Incident } from '../../domain/incident';
import type { RunningJob } from '../../engine/runner';
import { PermanentJobError } from '../../engine/runner';
import type { Logger } from '../../logger';
import type { ServiceContext } from '../../services/context';
import { isSlackError } from '../errors';
import type { Pace } from '../pacer';
import type { UserNames } from '../user-names';

/** What job handlers may use; built once in app.ts. */
export interface JobDeps {
  client: WebClient;
  ctx: ServiceContext;
  logger: Logger;
  botUserId: string;
  userNames: UserNames;
  /** Waits for a free slot in Slack's rate-limit tier of `method`; told about 429s (see pacer.ts). */
  pace: Pace;
  /** Posts to a slash command's response_url. */
  respond: (responseUrl: string, message: Record<string, unknown>) => Promise<void>;
  settings: {
    incidentsChannel?: string;
    timelineEmoji: string;
    admins: string[];
    /** Corrective-action reminders: cron expression and the team's time zone. */
    followupSchedule: string;
    timeZone: string;
  };
}

export async function incidentOf(deps: JobDeps, id: number): Promise<Incident> {
  const incident = await deps.ctx.repos.incidents.byId(id);
  if (!incident) throw new PermanentJobError(`incident ${id} not found`);
  return incident;
}

export function channelOf(incident: Incident): string {
  // The queue runs channel creation first; no channel here means it failed for good.
  if (!incident.channelId) throw new PermanentJobError('channel_not_created');
  return incident.channelId;
}

/** The metadata every message the bot posts from a job carries: how a retry finds it. */
const METADATA_TYPE = 'warroom_job';
export const jobMetadata = (key: string) => ({ event_type: METADATA_TYPE, event_payload: { job: key } });

type PostArgs = Parameters<WebClient['chat']['postMessage']>[0] & { channel: string };

/** A message whose metadata names `key` among the channel's (or thread's) recent messages. */
async function findPosted(deps: JobDeps, channel: string, key: string, threadTs?: string): Promise<string | null> {
  const matches = (m: { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }) =>
    m.metadata?.event_type === METADATA_TYPE && m.metadata.event_payload?.job === key;
  try {
    if (threadTs) {
      const replies = await deps.client.conversations.replies({ channel, ts: threadTs, limit: 200, include_all_metadata: true });
      return (replies.messages as { ts?: string }[] | undefined)?.find((m) => matches(m as never))?.ts ?? null;
    }
    const history = await deps.client.conversations.history({ channel, limit: 100, include_all_metadata: true });
    return (history.messages as { ts?: string }[] | undefined)?.find((m) => matches(m as never))?.ts ?? null;
  } catch (error) {
    if (isSlackError(error, 'channel_not_found', 'not_in_channel', 'thread_not_found')) return null;
    throw error;
  }
}

/**
 * Posts a message once per job, however many times the job runs: the message carries the job key
 * in its metadata, and a job that may have posted before (any run after the first, see `rerun`) looks for
 * it first.
 */
export async function postOnce(deps: JobDeps, job: Pick<RunningJob, 'key' | 'rerun'>, args: PostArgs): Promise<{ ts: string; channel: string; reused: boolean }> {
  const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
  if (job.rerun) {
    // A DM is looked up in the bot's IM with the person (posting to the user id lands there).
    const channel = /^[UW]/.test(args.channel) ? ((await deps.client.conversations.open({ users: args.channel })).channel?.id ?? args.channel) : args.channel;
    const ts = await findPosted(deps, channel, job.key, threadTs);
    if (ts) return { ts, channel, reused: true };
  }
  const res = await deps.client.chat.postMessage({ ...args, metadata: jobMetadata(job.key) } as PostArgs);
  return { ts: res.ts!, channel: res.channel ?? args.channel, reused: false };
}

/**
 * Posts into the incidents channel, joining it first when the bot is not a member (a public
 * channel can be joined; a private one needs the bot invited, which stays a failure).
 */
export async function postToIncidentsChannel(deps: JobDeps, job: Pick<RunningJob, 'key' | 'rerun'>, args: PostArgs) {
  try {
    return await postOnce(deps, job, args);
  } catch (error) {
    if (!isSlackError(error, 'not_in_channel')) throw error;
    await deps.client.conversations.join({ channel: args.channel });
    // Not in the channel, so nothing of ours can be there to find.
    return postOnce(deps, { key: job.key, rerun: false }, args);
  }
}

/** Adds a reaction; already there is done. */
export async function addReaction(client: WebClient, channel: string, ts: string, name: string): Promise<void> {
  try {
    await client.reactions.add({ channel, timestamp: ts, name });
  } catch (error) {
    if (!isSlackError(error, 'already_reacted')) throw error;
  }
}

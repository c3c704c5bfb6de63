import type { WebClient } from '@slack/web-api';
import { incidentKey } from '../domain/channel-name';
import type { DetailChange } from '../domain/details-edit';
import type { Incident } from '../domain/incident';
import { buildChannelPurpose } from './blocks/channel-text';
import type { StatusChangeResult } from '../services/change-status';
import type { SeverityChangeResult } from '../services/change-severity';
import { buildDetailsNotice, buildEscalationAnnouncement, buildSeverityNotice, buildStatusNotice } from './blocks/lifecycle-messages';
import type { ListenerDeps } from './deps';
import { describeSlackError, isSlackError, slackErrorCode } from './errors';
import { syncIncidentSurfaces } from './incident-sync';

/**
 * What Slack shows after a lifecycle change. The change is committed before any of this runs, so
 * each step is best effort: a failure is logged and returned as a sentence for the person who
 * made the change, never turned into "the change failed".
 */
type Problems = string[];

async function postNotice(
  deps: ListenerDeps,
  client: WebClient,
  incident: Incident,
  message: { text: string; blocks: Record<string, unknown>[] },
): Promise<Problems> {
  if (!incident.channelId) return [];
  try {
    await client.chat.postMessage({ channel: incident.channelId, ...message });
    return [];
  } catch (error) {
    deps.logger.warn('lifecycle.notice_failed', { inc: incidentKey(incident.id), error: slackErrorCode(error) });
    return [`I could not post the change in the channel: ${describeSlackError(error)}.`];
  }
}

export async function afterStatusChange(deps: ListenerDeps, client: WebClient, result: StatusChangeResult, actorId: string): Promise<Problems> {
  const [, notice] = await Promise.all([
    syncIncidentSurfaces(deps, client, result.incident.id),
    postNotice(deps, client, result.incident, buildStatusNotice(result.change, actorId)),
  ]);
  return notice;
}

export async function afterSeverityChange(deps: ListenerDeps, client: WebClient, result: SeverityChangeResult, actorId: string): Promise<Problems> {
  const [, notice, announce] = await Promise.all([
    syncIncidentSurfaces(deps, client, result.incident.id),
    postNotice(deps, client, result.incident, buildSeverityNotice(result.change, actorId)),
    result.change.announce ? announceEscalation(deps, client, result, actorId) : Promise.resolve([]),
  ]);
  return [...notice, ...announce];
}

async function announceEscalation(deps: ListenerDeps, client: WebClient, result: SeverityChangeResult, actorId: string): Promise<Problems> {
  const target = deps.settings.incidentsChannel;
  if (!target) return [];
  const message = buildEscalationAnnouncement(result.incident, result.change, actorId);
  try {
    try {
      await client.chat.postMessage({ channel: target, ...message });
    } catch (error) {
      if (!isSlackError(error, 'not_in_channel')) throw error;
      // Public incidents channels can be joined; a private one needs the bot invited.
      await client.conversations.join({ channel: target });
      await client.chat.postMessage({ channel: target, ...message });
    }
    return [];
  } catch (error) {
    deps.logger.warn('lifecycle.announce_failed', { inc: incidentKey(result.incident.id), error: slackErrorCode(error) });
    return [`I could not announce the escalation in <#${target}>: ${describeSlackError(error)}.`];
  }
}

export async function afterDetailsEdit(
  deps: ListenerDeps,
  client: WebClient,
  result: { incident: Incident; changes: readonly DetailChange[] },
  actorId: string,
): Promise<Problems> {
  const { incident, changes } = result;
  if (changes.length === 0) return [];
  const work: Promise<Problems>[] = [
    syncIncidentSurfaces(deps, client, incident.id).then(() => []),
    postNotice(deps, client, incident, buildDetailsNotice(changes, actorId)),
  ];
  if (incident.channelId && changes.some((c) => c.field === 'summary' || c.field === 'title')) {
    work.push(
      client.conversations.setPurpose({ channel: incident.channelId, purpose: buildChannelPurpose(incident) }).then(
        () => [],
        (error: unknown) => {
          deps.logger.warn('lifecycle.purpose_failed', { inc: incidentKey(incident.id), error: slackErrorCode(error) });
          return [`I could not update the channel description: ${describeSlackError(error)}.`];
        },
      ),
    );
  }
  return (await Promise.all(work)).flat();
}

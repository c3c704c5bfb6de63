import type { WebClient } from '@slack/web-api';
import { incidentKey } from '../domain/channel-name';
import { NotFoundError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import { buildChannelTopic } from './blocks/channel-text';
import { buildIncidentCard } from './blocks/incident-card';
import type { ListenerDeps } from './deps';
import { slackErrorCode } from './errors';

/**
 * Brings the pinned card and the channel topic in line with the stored incident after a change.
 * Best effort by design: the change is already committed, and a failure here is logged and
 * repaired by the next change or `/incident sync`, never shown as a failed change.
 */
export async function syncIncidentSurfaces(deps: ListenerDeps, client: WebClient, incidentId: number): Promise<void> {
  const incident = deps.ctx.repos.incidents.byId(incidentId);
  if (!incident?.channelId) return;
  const commanderId = deps.ctx.repos.incidents.commanderOf(incidentId);
  const log = deps.logger.child({ inc: incidentKey(incidentId) });
  const work: Promise<unknown>[] = [
    client.conversations.setTopic({ channel: incident.channelId, topic: buildChannelTopic(incident, commanderId) }),
  ];
  if (incident.cardTs) {
    work.push(client.chat.update({ channel: incident.channelId, ts: incident.cardTs, ...buildIncidentCard({ incident, commanderId }) }));
  }
  const results = await Promise.allSettled(work);
  for (const r of results) {
    if (r.status === 'rejected') log.warn('card.sync_failed', { error: slackErrorCode(r.reason) });
  }
}

/** The incident whose war-room channel this is; a clear answer when it is not one. */
export function incidentInChannel(deps: ListenerDeps, channelId: string, what = 'This command'): Incident {
  const incident = deps.ctx.repos.incidents.byChannel(channelId);
  if (!incident) {
    throw new NotFoundError(`${what} works inside an incident channel. Use \`/incident list\` to find one.`);
  }
  return incident;
}

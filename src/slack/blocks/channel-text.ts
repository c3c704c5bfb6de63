import { channelPurpose, channelTopic, type Incident } from '../../domain/incident';
import { toMrkdwn } from '../../domain/text';
import { LIMITS, truncate } from './limits';

/**
 * Topic and purpose are mrkdwn like any message: user text goes through the one encoder (a title
 * or summary holding `<!channel>` must not show as a broadcast in the channel header), and the
 * cut to Slack's 250 characters never splits an entity or a mention.
 */
export function buildChannelTopic(incident: Pick<Incident, 'severity' | 'status'>, commanderId: string | null): string {
  return truncate(toMrkdwn(channelTopic(incident, commanderId)), LIMITS.topic);
}

export function buildChannelPurpose(incident: Pick<Incident, 'summary' | 'title'>): string {
  return truncate(toMrkdwn(channelPurpose(incident)), LIMITS.topic);
}

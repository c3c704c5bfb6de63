import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger';
import { slackErrorCode } from './errors';

/**
 * Whether a person is a member of a channel, asked of Slack each time (membership changes; a
 * stale answer would show a private incident to someone who left). Any failure answers "no":
 * privacy fails closed.
 */
export function createMembership(client: WebClient, logger: Logger) {
  return async function isMember(channelId: string | null, userId: string): Promise<boolean> {
    if (!channelId) return false;
    try {
      let cursor: string | undefined;
      do {
        const page = await client.conversations.members({ channel: channelId, limit: 1000, cursor });
        if (page.members?.includes(userId)) return true;
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return false;
    } catch (error) {
      logger.info('membership.lookup_failed', { error: slackErrorCode(error) });
      return false;
    }
  };
}
export type Membership = ReturnType<typeof createMembership>;

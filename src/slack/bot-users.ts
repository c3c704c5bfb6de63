import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger';
import { slackErrorCode } from './errors';

/**
 * Which of the people picked in a form or mentioned in a command are bot users (this app's or
 * another's): a bot can't hold a role, on any path. Slack's users_select offers bots, so the
 * answer comes from `users.info`; whether a user is a bot never changes, so it is cached.
 * A failed look-up counts as a person (and is logged) rather than refusing a real one.
 */
export function createBotUsers(client: WebClient, botUserId: string, logger: Logger) {
  const known = new Map<string, boolean>([[botUserId, true]]);
  return async function botsAmong(ids: readonly (string | null | undefined)[]): Promise<string[]> {
    const unique = [...new Set(ids.filter((id): id is string => !!id))];
    await Promise.all(
      unique
        .filter((id) => !known.has(id))
        .map(async (id) => {
          try {
            const res = await client.users.info({ user: id });
            known.set(id, Boolean(res.user?.is_bot || res.user?.is_app_user));
          } catch (error) {
            logger.info('users.info_failed', { user: id, error: slackErrorCode(error) });
          }
        }),
    );
    return unique.filter((id) => known.get(id) === true);
  };
}
export type BotUsers = ReturnType<typeof createBotUsers>;

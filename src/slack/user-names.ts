import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger';
import { slackErrorCode } from './errors';

/**
 * Display names for the post-mortem (which is read outside Slack, where `<@U123>` means nothing).
 * A user Slack cannot find keeps their id rather than failing the draft.
 */
export function createUserNames(client: WebClient, logger: Logger) {
  const cache = new Map<string, string>();
  return async function namesFor(ids: string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    await Promise.all(
      [...new Set(ids)].map(async (id) => {
        const cached = cache.get(id);
        if (cached) {
          out[id] = cached;
          return;
        }
        try {
          const res = await client.users.info({ user: id });
          const u = res.user;
          const name = u?.real_name || u?.profile?.real_name || u?.profile?.display_name || u?.name || id;
          cache.set(id, name);
          out[id] = name;
        } catch (error) {
          logger.info('users.info_failed', { user: id, error: slackErrorCode(error) });
          out[id] = id;
        }
      }),
    );
    return out;
  };
}
export type UserNames = ReturnType<typeof createUserNames>;

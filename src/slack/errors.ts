import { DomainError } from '../domain/errors';

/** The Slack error code of a Web API failure (`name_taken`, `ratelimited`, `http_503`, …). */
export function slackErrorCode(error: unknown): string {
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number; retryAfter?: number };
  if (e?.data?.error) return e.data.error;
  if (e?.code === 'slack_webapi_http_error' && e.statusCode) return `http_${e.statusCode}`;
  if (e?.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  if (e?.code === 'slack_webapi_request_error') return 'network_error';
  if (error instanceof Error) return error.message.slice(0, 200);
  return String(error).slice(0, 200);
}

export function isSlackError(error: unknown, ...codes: string[]): boolean {
  return codes.includes(slackErrorCode(error));
}

const FRIENDLY: Record<string, string> = {
  user_not_found: 'Slack does not know that user (deactivated or from another workspace)',
  cant_invite_self: 'the bot cannot invite itself',
  not_in_channel: 'the bot is not a member of that channel',
  channel_not_found: 'the channel does not exist or the bot cannot see it',
  is_archived: 'the channel is archived',
  restricted_action: 'a workspace setting stops the bot from doing that',
  missing_scope: 'the Slack app lacks a permission (reinstall it from manifest.yml)',
  ratelimited: 'Slack is rate-limiting the bot',
  network_error: 'Slack could not be reached',
};

/** A short explanation of a Slack failure for a person, never containing a token. */
export function describeSlackError(error: unknown): string {
  const code = slackErrorCode(error);
  if (FRIENDLY[code]) return `${FRIENDLY[code]} (\`${code}\`)`;
  if (/^http_5\d\d$/.test(code)) return `Slack had a server error (\`${code}\`)`;
  return `Slack answered \`${code}\``;
}

/** What the user is told when a request fails: domain errors verbatim, anything else generically. */
export function userMessageFor(error: unknown): string {
  if (error instanceof DomainError) return error.message;
  return ':warning: Something went wrong on our side; the error has been logged. Please try again.';
}

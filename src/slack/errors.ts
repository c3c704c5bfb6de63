import { DomainError } from '../domain/errors';
import { actionPhrase, PermissionError, permittedPhrase } from '../domain/permissions';
import type { FailureVerdict } from '../engine/runner';
import { subcommandUsage } from './blocks/help';

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
  if (error instanceof PermissionError) {
    return `Only ${permittedPhrase(error.permitted)} can ${actionPhrase(error.action)}${error.ask ? ` — ask <@${error.ask}>` : ''}. Nothing was changed.`;
  }
  if (error instanceof DomainError) return error.usage ? `${error.message}\nUsage: ${subcommandUsage(error.usage)}` : error.message;
  return ':warning: Something went wrong on our side; the error has been logged. Please try again.';
}

/** Failures Slack (or the network) recovers from by itself: worth another attempt later. */
const TRANSIENT = new Set(['ratelimited', 'network_error', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'timeout']);

/**
 * Whether a failed job should run again: Slack's rate limit (after its Retry-After), server errors,
 * time-outs and network failures are retried; anything else (`channel_not_found`, `is_archived`,
 * `not_authed`, invalid input, a bug) would fail the same way again.
 */
export function classifySlackFailure(error: unknown): FailureVerdict {
  const code = slackErrorCode(error);
  const e = error as { code?: string; retryAfter?: number };
  if (e?.code === 'slack_webapi_rate_limited_error') {
    return { retry: true, code: 'ratelimited', retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000 };
  }
  if (/^http_5\d\d$/.test(code) || code === 'http_429' || TRANSIENT.has(code)) return { retry: true, code };
  if (error instanceof DomainError) return { retry: false, code: error.code };
  return { retry: false, code };
}

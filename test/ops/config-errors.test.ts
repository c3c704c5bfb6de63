import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/config';

const run = promisify(execFile);

const VALID = { SLACK_BOT_TOKEN: 'xoxb-1-valid-bot-token', SLACK_SIGNING_SECRET: 'valid-signing-secret-value' };
const PASTED = ['xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx', 'xoxp-1234-5678-abcdef', 'xapp-1-A0123-456-deadbeefcafe'];
// Not token-shaped, so only the variable's own rule can catch it.
const OTHER_SECRET = 'Hunter2/Correct Horse:Battery+Staple';

function errorFor(env: Record<string, string>): string | undefined {
  try {
    loadConfig(env);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

describe('configuration errors name the variable and what is wrong, never the value', () => {
  it.each(CONFIG_VARIABLES)('a token pasted into %s is never echoed', (name) => {
    for (const token of PASTED) {
      const message = errorFor({ ...VALID, [name]: token });
      if (message === undefined) continue; // accepted where a token belongs (SLACK_APP_TOKEN)
      expect(message.startsWith(`${name} `)).toBe(true);
      expect(message).not.toContain(token);
      expect(message).not.toContain(token.slice(5, 15));
    }
  });

  it.each(CONFIG_VARIABLES)('another secret pasted into %s is never echoed', (name) => {
    const message = errorFor({ ...VALID, [name]: OTHER_SECRET });
    if (message !== undefined) {
      expect(message.startsWith(`${name} `)).toBe(true);
      for (const part of OTHER_SECRET.split(/[/ :+]/)) expect(message).not.toContain(part);
    }
  });

  it('says what is wrong with WARROOM_ADMINS without repeating it', () => {
    expect(errorFor({ ...VALID, WARROOM_ADMINS: 'U0123ABC, @alice' })).toBe(
      'WARROOM_ADMINS entry 2 of 2 is not a Slack user id (comma-separated ids like U0123ABC, not @names)',
    );
    expect(errorFor({ ...VALID, WARROOM_ADMINS: `U0123ABC,${PASTED[0]}` })).toBe(
      'WARROOM_ADMINS holds what looks like a Slack token; tokens belong only in SLACK_BOT_TOKEN and SLACK_APP_TOKEN',
    );
  });

  it('checks LOG_FORMAT, LOG_LEVEL and TIMELINE_EMOJI', () => {
    expect(errorFor({ ...VALID, LOG_FORMAT: 'yaml' })).toBe('LOG_FORMAT must be json or pretty');
    expect(errorFor({ ...VALID, LOG_LEVEL: 'loud' })).toBe('LOG_LEVEL must be one of debug, info, warn, error');
    expect(errorFor({ ...VALID, TIMELINE_EMOJI: 'Pin Me' })).toMatch(/^TIMELINE_EMOJI must be an emoji name/);
    expect(loadConfig({ ...VALID, LOG_FORMAT: 'json', TIMELINE_EMOJI: ':eyes:' })).toMatchObject({ logFormat: 'json', timelineEmoji: 'eyes' });
    expect(loadConfig(VALID).logFormat).toBeUndefined();
  });

  it('the start-up error of the real process names the variable and prints no token', async () => {
    const token = PASTED[0];
    const failure = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH, ...VALID, WARROOM_ADMINS: token, DATABASE_PATH: ':memory:' },
      timeout: 30_000,
    }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure).toBeDefined();
    expect(failure!.code).toBe(78);
    expect(failure!.stderr).toContain('WARROOM_ADMINS');
    expect(`${failure!.stdout}${failure!.stderr}`).not.toContain(token.slice(5));
  }, 40_000);
});

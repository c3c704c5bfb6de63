import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('checks NIS2_ENTITY and the organisation regimes file, naming the place in the file but never the path or its values', () => {
    expect(errorFor({ ...VALID, NIS2_ENTITY: 'critical' })).toBe('NIS2_ENTITY must be one of none, essential, important');
    expect(loadConfig({ ...VALID, NIS2_ENTITY: 'important' }).regulatory.nis2Entity).toBe('important');
    expect(loadConfig(VALID).regulatory.regimes.map((r) => r.id)).toEqual(['ai-act', 'gdpr', 'nis2']);
    const dir = mkdtempSync(join(tmpdir(), 'regimes-'));
    const missing = join(dir, 'missing-secret-name.json');
    expect(errorFor({ ...VALID, REGULATORY_REGIMES_FILE: missing })).toBe('REGULATORY_REGIMES_FILE names a file that cannot be read (check the path and permissions)');
    const notJson = join(dir, 'bad.json');
    writeFileSync(notJson, 'password=hunter2');
    expect(errorFor({ ...VALID, REGULATORY_REGIMES_FILE: notJson })).toBe('REGULATORY_REGIMES_FILE is not valid JSON');
    const invalid = join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ regimes: [{ id: 'acme', name: 'ACME notice', authority: 'ACME', token: 'hunter2', stages: [{ id: 'n', label: 'Notice', within: { hours: 0 } }] }] }));
    const message = errorFor({ ...VALID, REGULATORY_REGIMES_FILE: invalid })!;
    expect(message).toMatch(/^REGULATORY_REGIMES_FILE is invalid: /);
    expect(message).toContain('regimes.0: has a key that is not allowed here');
    expect(message).toContain('regimes.0.stages.0.within.hours');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain(dir);
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ regimes: [{ id: 'acme', name: 'ACME notice', authority: 'ACME', stages: [{ id: 'notice', label: 'Notice', within: { hours: 24 } }] }] }));
    expect(loadConfig({ ...VALID, REGULATORY_REGIMES_FILE: good }).regulatory.regimes.map((r) => r.id)).toEqual(['ai-act', 'gdpr', 'nis2', 'acme']);
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

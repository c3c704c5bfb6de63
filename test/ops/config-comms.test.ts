import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { DEFAULT_CADENCE } from '../../src/domain/cadence';

const VALID = { SLACK_BOT_TOKEN: 'xoxb-1-valid-bot-token', SLACK_SIGNING_SECRET: 'valid-signing-secret-value' };

function errorFor(env: Record<string, string>): string {
  try {
    loadConfig({ ...VALID, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('UPDATE_CADENCE and ACK_TIMEOUT', () => {
  it('default to SEV1 30 min, SEV2 1 h, SEV3 4 h, SEV4 1 d and 5 min', () => {
    expect(loadConfig(VALID).comms).toEqual({ cadence: DEFAULT_CADENCE, ackTimeoutMs: 5 * 60_000 });
  });

  it('take seconds, minutes, hours and days', () => {
    const config = loadConfig({ ...VALID, UPDATE_CADENCE: 'sev1=3s,sev2=2m,sev3=1h,sev4=2d', ACK_TIMEOUT: '3s' });
    expect(config.comms).toEqual({ cadence: { sev1: 3000, sev2: 120_000, sev3: 3_600_000, sev4: 172_800_000 }, ackTimeoutMs: 3000 });
  });

  it.each([
    ['UPDATE_CADENCE', 'sev1=fortnightly', 'UPDATE_CADENCE entry 1 of 1 needs a whole positive duration'],
    ['UPDATE_CADENCE', 'sev9=1h', 'UPDATE_CADENCE entry 1 of 1 must look like sev1=30m'],
    ['ACK_TIMEOUT', 'five minutes', 'ACK_TIMEOUT must be a duration such as 30s, 5m or 1h'],
  ])('%s=%j stops start-up with one line naming the variable, not the value', (name, value, message) => {
    const error = errorFor({ [name]: value });
    expect(error.startsWith(message)).toBe(true);
    expect(error).not.toContain(value);
    expect(error.split('\n')).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadDatabasePath } from '../../src/config';

const VALID = { SLACK_BOT_TOKEN: 'xoxb-1-valid-bot-token', SLACK_SIGNING_SECRET: 'valid-signing-secret-value' };
const PG = 'postgres://warroom:S3cret-pw@db.internal:5432/warroom';

describe('DATABASE_URL picks the backend', () => {
  it('postgres:// selects PostgreSQL, with the pool size from DATABASE_POOL_MAX (default 10)', () => {
    expect(loadConfig({ ...VALID, DATABASE_URL: PG })).toMatchObject({ databaseLocation: PG, databasePoolMax: 10 });
    expect(loadConfig({ ...VALID, DATABASE_URL: 'postgresql://h/db', DATABASE_POOL_MAX: '25' })).toMatchObject({ databaseLocation: 'postgresql://h/db', databasePoolMax: 25 });
    expect(loadDatabasePath({ DATABASE_URL: PG })).toBe(PG);
  });

  it('file: and DATABASE_PATH select SQLite, as before', () => {
    expect(loadConfig({ ...VALID }).databaseLocation).toBe('./data/warroom.db');
    expect(loadConfig({ ...VALID, DATABASE_URL: 'file:./x/w.db' }).databaseLocation).toBe('./x/w.db');
    expect(loadConfig({ ...VALID, DATABASE_URL: 'file:./x/w.db', DATABASE_PATH: '/var/w.db' }).databaseLocation).toBe('/var/w.db');
  });

  it('refuses other URLs, a bad pool size, and DATABASE_PATH beside a postgres URL — without echoing the URL', () => {
    const fail = (env: Record<string, string>) => {
      try {
        loadConfig({ ...VALID, ...env });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(fail({ DATABASE_URL: 'mysql://u:S3cret-pw@h/db' })).toMatch(/^DATABASE_URL must be a postgres:\/\/ URL or a SQLite file URL/);
    expect(fail({ DATABASE_URL: PG, DATABASE_POOL_MAX: '0' })).toMatch(/^DATABASE_POOL_MAX must be a whole number/);
    const both = fail({ DATABASE_URL: PG, DATABASE_PATH: './w.db' });
    expect(both).toMatch(/^DATABASE_PATH is set as well as a postgres:\/\/ DATABASE_URL/);
    expect(both).not.toContain('S3cret-pw');
  });
});

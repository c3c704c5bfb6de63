import pg from 'pg';
import { defineConfig, type TestProjectInlineConfiguration, type ViteUserConfig } from 'vitest/config';

const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The suites that also run on PostgreSQL: the database and service tests, and the end-to-end
 * suites that cover the engine (jobs, leases, inbox, restarts) and the main flows. The rest
 * (Slack rendering, domain) does not touch what differs between the backends.
 */
const POSTGRES_SUITES = [
  'test/db/**/*.test.ts',
  'test/e2e/declare.test.ts',
  'test/e2e/timeline.test.ts',
  'test/e2e/lifecycle.test.ts',
  'test/e2e/roles.test.ts',
  'test/e2e/status-updates.test.ts',
  'test/e2e/reminders-durable.test.ts',
  'test/e2e/follow-through-reminders.test.ts',
  'test/e2e/socket-mode.test.ts',
  'test/e2e/stats.test.ts',
  'test/e2e/crash-recovery.test.ts',
  'test/e2e/evidence.test.ts',
  'test/e2e/regulatory.test.ts',
  'test/e2e/app-home.test.ts',
  'test/e2e/follow-through.test.ts',
  'test/e2e/job-reruns.test.ts',
  'test/e2e/log-privacy.test.ts',
  'test/e2e/slack-rules.test.ts',
  'test/e2e/trust.test.ts',
  'test/e2e/slack-text.test.ts',
  'test/e2e/timeline-chain.test.ts',
  'test/e2e/demo.test.ts',
  'test/e2e/crash-windows.test.ts',
  'test/e2e/two-processes.test.ts',
  'test/e2e/crash-loop.test.ts',
  'test/cli/db-copy.test.ts',
];

/** The URL without its password, for messages. */
function shown(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'TEST_DATABASE_URL (not a URL)';
  }
}

async function reachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message || error.constructor.name : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export default defineConfig(async (): Promise<ViteUserConfig> => {
  const url = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
  // Vitest reads this file more than once per run (the projects extend it): probe and say it once.
  const probed = process.env.WARROOM_PG_PROBE;
  const problem = probed !== undefined ? probed || null : await reachable(url);
  process.env.WARROOM_PG_PROBE = problem ?? '';
  if (problem && probed === undefined) {
    if (process.env.WARROOM_REQUIRE_POSTGRES) throw new Error(`PostgreSQL at ${shown(url)} is required (WARROOM_REQUIRE_POSTGRES) but unreachable: ${problem}`);
    console.log(`Postgres variant skipped: no PostgreSQL at ${shown(url)} (${problem}); start one or set TEST_DATABASE_URL to run the suites on Postgres too.`);
  }
  const projects: TestProjectInlineConfiguration[] = [{ extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'] } }];
  if (!problem) {
    projects.push({
      extends: true,
      test: {
        name: 'postgres',
        include: POSTGRES_SUITES,
        // Writes its own SQLite file from two processes: the same on either project.
        exclude: ['test/db/timeline-chain-processes.test.ts'],
        env: { WARROOM_TEST_DB: 'postgres', TEST_DATABASE_URL: url },
        setupFiles: ['test/support/postgres-setup.ts'],
      },
    });
  }
  return {
    test: {
      testTimeout: 20_000,
      hookTimeout: 20_000,
      // End-to-end suites each start a Slack fake and a Bolt app on ephemeral ports; two cores.
      pool: 'forks',
      projects,
    },
  };
});

import { availableParallelism } from 'node:os';
import pg from 'pg';
import { defineConfig, type TestProjectInlineConfiguration, type ViteUserConfig } from 'vitest/config';

const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The suites that also run on PostgreSQL: the database and service tests, every end-to-end suite
 * and db:copy. The rest (domain, Slack rendering, the simulator, configuration) does not touch
 * the database; slack:local always plays on a SQLite file of its own (`--db`), so its test is the
 * same on either project.
 */
const POSTGRES_SUITES = ['test/db/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/cli/db-copy.test.ts'];

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
        // After the SQLite project, not beside it: each project has a crash loop (real bots killed
        // twenty times under load), and the two at once starved each other's restarts on 2 cores.
        sequence: { groupOrder: 1 },
      },
    });
  }
  return {
    test: {
      testTimeout: 20_000,
      hookTimeout: 20_000,
      // End-to-end suites each start a Slack fake and a Bolt app on ephemeral ports.
      pool: 'forks',
      // One file per core leaves the cores half idle: end-to-end files mostly wait (on timers, Slack
      // round trips, bot processes starting). One more file than cores keeps them busy: on 2 cores
      // the SQLite project went from 5 min 8 s (one worker, vitest's default there) to 1 min 47 s.
      maxWorkers: availableParallelism() + 1,
      minWorkers: 1,
      projects,
    },
  };
});

import { loadConfig } from '../../src/config';
import type { Database } from '../../src/db/client';
import { createLogger } from '../../src/logger';
import { createSlackApp, type EngineOptions, type SlackApp } from '../../src/slack/app';
import { SlackSim } from '../../src/slack-sim';
import { RESOLVE_BLOCK } from '../../src/slack/ids';
import { rawQuery, testDatabase } from './db';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-bot-token-0123456789';
export const APP_TOKEN = 'xapp-1-test-app-token-0123456789';

export interface HarnessOptions {
  socketMode?: boolean;
  incidentsChannel?: boolean;
  env?: Record<string, string>;
  /** The app manifest the simulated workspace applies (default: the project's manifest.yml). */
  manifestPath?: string;
  engine?: EngineOptions;
}

/**
 * The real app (Bolt receiver, WebClient, SQLite file with real migrations) against the
 * project's Slack simulator, both on ephemeral loopback ports.
 */
export async function startHarness(options: HarnessOptions = {}) {
  const sim = new SlackSim({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, appToken: APP_TOKEN, manifestPath: options.manifestPath });
  await sim.start();
  const incidentsChannel = options.incidentsChannel === false ? undefined : sim.createChannel('incidents');
  const db = await testDatabase();
  await db.database.close();
  const logs: string[] = [];
  // The app's clock: real time plus what the test moved it on (`advance`), so what a person would
  // wait hours for (a cadence, a deadline) is due at once, without the test waiting for it.
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);

  let database: Database;
  let slack: SlackApp;

  async function boot() {
    database = await db.reopen();
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      ...(options.socketMode ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
      SLACK_API_URL: sim.apiUrl,
      PORT: '0',
      ...db.env,
      ...(incidentsChannel ? { INCIDENTS_CHANNEL: incidentsChannel.id } : {}),
      LOG_LEVEL: 'debug',
      ...options.env,
    });
    // Every line the app logs, as it would be printed (LOG_FORMAT in options.env picks json; default pretty).
    const logger = createLogger({
      level: config.logLevel,
      format: config.logFormat ?? 'pretty',
      secrets: [BOT_TOKEN, SIGNING_SECRET, APP_TOKEN],
      write: (line) => logs.push(line),
    });
    slack = await createSlackApp({
      config,
      database,
      logger,
      now,
      retryConfig: { retries: 2, factor: 1, minTimeout: 5, maxTimeout: 20 },
      engine: { leaseMs: 2000, pollMs: 100, backoffMs: 50, ...options.engine },
    });
    const port = await slack.start();
    if (!options.socketMode) sim.setAppUrl(`http://127.0.0.1:${port}/slack/events`);
    else await waitFor(() => sim.socketConnected, 'socket connected');
    return port;
  }

  let port = await boot();

  const harness = {
    sim,
    get slack() {
      return slack;
    },
    get database() {
      return database;
    },
    get repos() {
      return slack.deps.ctx.repos;
    },
    get port() {
      return port;
    },
    incidentsChannel,
    logs,
    /** SQLite file path or postgres:// URL of the app's database. */
    dbLocation: db.location,
    /** The variables that point a CLI at the app's database. */
    dbEnv: db.env,
    dialect: db.dialect,
    /** Raw SQL against the app's database (`?` placeholders, either backend). */
    query: <T = Record<string, unknown>>(text: string, params?: unknown[]) => rawQuery<T>(database, text, params),
    /** The app's clock (real time plus what `advance` added). */
    now,
    /**
     * Moves the app's clock on by `ms` once the app is settled (a job running across the jump would
     * see its lease expire), lets the jobs that became due run, and settles again. Slack's own
     * clock (message timestamps) stays real.
     */
    async advance(ms: number) {
      await harness.settle();
      offsetMs += ms;
      slack.runner.nudge();
      await harness.settle();
    },
    /** Waits until every stored event is applied, no job is running or due, and Slack has nothing left to deliver (stable twice). */
    async settle(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let quiet = 0;
      while (quiet < 2) {
        if (Date.now() > deadline) throw new Error('app did not settle');
        await slack.settle(Math.max(1, deadline - Date.now()));
        await sleep(15);
        // Slack's own deliveries (joins after an invite) start more work in the app.
        quiet = sim.pendingDeliveries === 0 ? quiet + 1 : 0;
      }
    },
    /** Sends a command that opens a form, and waits for the form (views.open follows the ack). */
    async openForm(user: string, channel: string, text: string) {
      const opened = sim.callsTo('views.open').length;
      const answer = await sim.sendCommand({ user, channel, text });
      await waitFor(() => sim.callsTo('views.open').length > opened, `the form of /incident ${text}`);
      return { answer, view: sim.lastView()! };
    },
    /** Resolves through the short resolve form, as a person would. */
    async resolve(channel: string, user: string, howStopped = 'Rolled back to the last known-good model.') {
      await harness.openForm(user, channel, 'resolve');
      const answer = await sim.submitView({ user, values: { [RESOLVE_BLOCK.summary]: howStopped } });
      await harness.settle();
      return answer;
    },
    /** Closes through the close form (confirming an incomplete analysis), as a person would. */
    async close(channel: string, user: string) {
      await harness.openForm(user, channel, 'close');
      const answer = await sim.submitView({ user, values: {} });
      await harness.settle();
      return answer;
    },
    /** Stops the app and opens a new one on the same database file (a restart). */
    async restart() {
      await slack.stop();
      await database.close();
      port = await boot();
    },
    async stop() {
      await slack.stop();
      await database.close();
      await sim.stop();
      await db.cleanup();
    },
  };
  return harness;
}
export type Harness = Awaited<ReturnType<typeof startHarness>>;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';

/**
 * One app under test for bench/run.ts, in its own process as in production (Slack is not in the
 * bot's process): `warroom` is the real app, `bare` a Bolt app with the same receiver and signing
 * that only acks. Configured from the environment; prints `{"port":…}` once listening; stops on
 * SIGTERM or when the parent goes away (stdin closes).
 *
 * Commands, one JSON line each on stdin, each answered by one JSON line on stdout:
 * - `{"cmd":"stats"}`: resident memory and the CPU time this process has used so far (`"gc":true`:
 *   after a full garbage collection);
 * - `{"cmd":"post-at",…}` (bare only): the baseline of scheduled work, a timer per message that
 *   posts it with the Web API client when due; answers each post's lateness (due → Slack answered);
 * - `{"cmd":"ingest",…}` (warroom only): message events handed to the app's event handler in
 *   batches — the path of an HTTP event after Bolt's receiver has checked its signature (stored in
 *   `inbound_events`, acknowledged, then applied) — and answered once every one is applied.
 */
export type AppCommand =
  | { cmd: 'stats'; gc?: boolean }
  | { cmd: 'ingest'; channel: string; count: number; batch: number; baseSec: number; prefix: string }
  | { cmd: 'post-at'; posts: { channel: string; atMs: number }[] };
export interface AppStats {
  rss: number;
  heapUsed: number;
  /** User + system CPU time since the process started, µs. */
  cpuUs: number;
}

/** BENCH_TIERS (JSON, per minute) and BENCH_TIER_MINUTE_MS: the catch-up's rate-limit tiers. */
const tiers = process.env.BENCH_TIERS ? (JSON.parse(process.env.BENCH_TIERS) as Record<string, number>) : undefined;
const tierMinuteMs = process.env.BENCH_TIER_MINUTE_MS ? Number(process.env.BENCH_TIER_MINUTE_MS) : undefined;
const mode = process.argv[2];

const silent: BoltLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (...m: unknown[]) => process.stderr.write(`[bare] ${m.map(String).join(' ')}\n`),
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

interface Running {
  port: number;
  stop: () => Promise<void>;
  ingest?: (c: Extract<AppCommand, { cmd: 'ingest' }>) => Promise<unknown>;
  postAt?: (c: Extract<AppCommand, { cmd: 'post-at' }>) => Promise<unknown>;
}

async function startWarroom(): Promise<Running> {
  // Loaded here, so the bare app's process holds only Bolt (its memory is the baseline).
  const { loadConfig } = await import('../src/config');
  const { connectDatabase } = await import('../src/db/client');
  const { createLogger } = await import('../src/logger');
  const { createSlackApp } = await import('../src/slack/app');
  const config = loadConfig(process.env);
  const database = await connectDatabase(config.databaseLocation, { poolMax: config.databasePoolMax });
  // Warnings and errors go to stderr, where the parent collects them for its report.
  const logger = createLogger({ level: 'warn', write: (line) => process.stderr.write(`${line}\n`) });
  const slack = await createSlackApp({ config, database, logger, retryConfig: { retries: 0 }, engine: { tiers, tierMinuteMs } });
  const port = (await slack.start())!;
  return {
    port,
    async ingest({ channel, count, batch, baseSec, prefix }) {
      const started = performance.now();
      let failed = 0;
      for (let from = 0; from < count; from += batch) {
        const acks: Promise<void>[] = [];
        for (let i = from; i < Math.min(count, from + batch); i++) {
          const ts = `${baseSec + Math.floor(i / 100_000)}.${String(i % 100_000).padStart(6, '0')}`;
          const body = {
            type: 'event_callback',
            team_id: 'T1',
            api_app_id: 'A1',
            event_id: `Ev${prefix}${i}`,
            event_time: baseSec,
            event: { type: 'message', channel, channel_type: 'channel', user: 'U_ALICE', text: `${prefix}-${i} model output sample`, ts, event_ts: ts },
          };
          let acked = false;
          acks.push(
            slack.app
              .processEvent({ body, ack: async () => void (acked = true) })
              .then(() => void (failed += acked ? 0 : 1))
              .catch(() => void (failed += 1)),
          );
        }
        await Promise.all(acks);
      }
      const ackedMs = performance.now() - started;
      await slack.settle(3_600_000);
      return { ackedMs, appliedMs: performance.now() - started, failed };
    },
    stop: async () => {
      await slack.stop();
      await database.close();
    },
  };
}

async function startBare(): Promise<Running> {
  const app = new App({
    receiver: new HTTPReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET!, endpoints: '/slack/events', logger: silent }),
    token: process.env.SLACK_BOT_TOKEN,
    botId: 'BBOT',
    botUserId: 'UBOT',
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL, retryConfig: { retries: 0 } },
    logger: silent,
  });
  app.event('message', async () => undefined);
  app.command('/incident', async ({ ack }) => ack());
  const server = (await app.start(0)) as Server;
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => app.stop().then(() => undefined),
    postAt: ({ posts }) =>
      Promise.all(
        posts.map(
          ({ channel, atMs }) =>
            new Promise<number>((resolve) => {
              setTimeout(
                () =>
                  void app.client.chat
                    .postMessage({ channel, text: 'Status update due' })
                    .then(() => resolve(Date.now() - atMs))
                    .catch(() => resolve(Number.POSITIVE_INFINITY)),
                atMs - Date.now(),
              );
            }),
        ),
      ).then((lateness) => ({ lateness })),
  };
}

const running = await (mode === 'bare' ? startBare() : mode === 'warroom' ? startWarroom() : Promise.reject(new Error(`unknown mode ${mode}`)));
process.stdout.write(`${JSON.stringify({ port: running.port })}\n`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await running.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const command = JSON.parse(line) as AppCommand;
  if (command.cmd === 'stats') {
    // A full collection first (the parent starts this process with --expose-gc): what is still held.
    if (command.gc) (globalThis as { gc?: () => void }).gc?.();
    const { user, system } = process.cpuUsage();
    const { rss, heapUsed } = process.memoryUsage();
    process.stdout.write(`${JSON.stringify({ rss, heapUsed, cpuUs: user + system } satisfies AppStats)}\n`);
  } else if (command.cmd === 'ingest' && running.ingest) {
    process.stdout.write(`${JSON.stringify(await running.ingest(command))}\n`);
  } else if (command.cmd === 'post-at' && running.postAt) {
    process.stdout.write(`${JSON.stringify(await running.postAt(command))}\n`);
  } else {
    process.stdout.write(`${JSON.stringify({ error: `unknown command ${line}` })}\n`);
  }
}
// The parent went away (stdin closed).
await stop();

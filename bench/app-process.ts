import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { loadConfig } from '../src/config';
import { connectDatabase } from '../src/db/client';
import { createLogger } from '../src/logger';
import { createSlackApp } from '../src/slack/app';

/**
 * One app under test for bench/run.ts, in its own process as in production (Slack is not in the
 * bot's process): `warroom` is the real app, `bare` a Bolt app with the same receiver and signing
 * that only acks. Configured from the environment; prints `{"port":…}` once listening; stops on
 * SIGTERM or when the parent goes away (stdin closes).
 */
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

async function startWarroom(): Promise<{ port: number; stop: () => Promise<void> }> {
  const config = loadConfig(process.env);
  const database = await connectDatabase(config.databaseLocation, { poolMax: config.databasePoolMax });
  // Warnings and errors go to stderr, where the parent collects them for its report.
  const logger = createLogger({ level: 'warn', write: (line) => process.stderr.write(`${line}\n`) });
  const slack = await createSlackApp({ config, database, logger, retryConfig: { retries: 0 } });
  const port = (await slack.start())!;
  return {
    port,
    stop: async () => {
      await slack.stop();
      await database.close();
    },
  };
}

async function startBare(): Promise<{ port: number; stop: () => Promise<void> }> {
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
  return { port: (server.address() as AddressInfo).port, stop: () => app.stop().then(() => undefined) };
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
process.stdin.on('end', () => void stop());
process.stdin.resume();

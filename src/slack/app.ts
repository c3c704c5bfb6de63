import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger as BoltLogger, type Receiver } from '@slack/bolt';
import { WebClient, type RetryOptions } from '@slack/web-api';
import type { Config } from '../config';
import type { OpenDatabase } from '../db/client';
import { summarizeLibraryLog, type Logger } from '../logger';
import { createServiceContext } from '../services/context';
import { createAckPacer } from './ack-pacer';
import { createBackground } from './background';
import { catchUpAll } from './catch-up';
import type { ListenerDeps } from './deps';
import { slackErrorCode } from './errors';
import { registerActions } from './listeners/actions';
import { registerCommands } from './listeners/commands';
import { registerEvents } from './listeners/events';
import { registerShortcuts } from './listeners/shortcuts';
import { registerViews } from './listeners/views';
import { createBotUsers } from './bot-users';
import { createUserNames } from './user-names';
import { createWarRoomSetup } from './war-room-setup';

/** 5xx and network errors: a short bounded retry (~4 s), then the user is told what failed. */
export const DEFAULT_RETRY: RetryOptions = { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 2000, randomize: true };

export interface SlackAppOptions {
  config: Config;
  database: OpenDatabase;
  logger: Logger;
  now?: () => Date;
  retryConfig?: RetryOptions;
}

export interface SlackApp {
  app: App;
  client: WebClient;
  deps: ListenerDeps;
  /** Starts listening; returns the HTTP port (HTTP mode, or the health port in Socket Mode). */
  start(): Promise<number | null>;
  /** Stops taking requests, lets running work finish (bounded), and leaves the database open. */
  stop(): Promise<void>;
}

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/**
 * Bolt, the Web API client and the Socket Mode client log request bodies, acks, API results and
 * WebSocket frames at debug (private titles, summaries, `response_url`s, `trigger_id`s). None of
 * that is passed on: only the leading words of each message and a description of any error
 * (see summarizeLibraryLog); a debug message with nothing safe left is dropped.
 */
function boltLogger(logger: Logger, level: Config['logLevel']): BoltLogger {
  const log = logger.child({ src: 'bolt' });
  const at =
    (method: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      const summary = summarizeLibraryLog(msg);
      if (summary) log[method]('slack.library', summary);
      else if (method !== 'debug') log[method]('slack.library', { detail: '(message omitted)' });
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: () => undefined,
    getLevel: () => level as LogLevel,
    setName: () => undefined,
  };
}

/** Wires Bolt (HTTP or Socket Mode), the Web API client, the listeners and the health route. */
export async function createSlackApp(options: SlackAppOptions): Promise<SlackApp> {
  const { config, database, logger } = options;
  const bolt = boltLogger(logger, config.logLevel);
  const clientOptions = {
    slackApiUrl: config.slack.apiUrl,
    retryConfig: options.retryConfig ?? DEFAULT_RETRY,
    logger: bolt,
  };
  const client = new WebClient(config.slack.botToken, clientOptions);

  // Checked here rather than inside Bolt, whose failed auth.test is an unhandled rejection.
  let identity: { userId: string; botId: string };
  try {
    const auth = await client.auth.test();
    identity = { userId: auth.user_id!, botId: auth.bot_id! };
  } catch (error) {
    throw new StartupError(`Slack rejected SLACK_BOT_TOKEN at auth.test (${slackErrorCode(error)}); check the token and SLACK_API_URL`);
  }

  const healthRoute = {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: unknown, res: import('node:http').ServerResponse) => {
      const ok = database.ping();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok }));
    },
  };

  let receiver: Receiver;
  let httpReceiver: HTTPReceiver | null = null;
  if (config.slack.mode === 'socket') {
    receiver = new SocketModeReceiver({
      appToken: config.slack.appToken!,
      logger: bolt,
      customRoutes: [healthRoute],
      installerOptions: { clientOptions: { slackApiUrl: config.slack.apiUrl }, port: config.port },
    });
  } else {
    httpReceiver = new HTTPReceiver({
      signingSecret: config.slack.signingSecret!,
      endpoints: '/slack/events',
      customRoutes: [healthRoute],
      logger: bolt,
    });
    receiver = httpReceiver;
  }

  const app = new App({
    receiver,
    token: config.slack.botToken,
    botId: identity.botId,
    botUserId: identity.userId,
    // Unused, and its default in-memory store builds an Error for every event without state.
    convoStore: false,
    clientOptions,
    logger: bolt,
  });

  const ctx = createServiceContext(database.db, options.now);
  const background = createBackground(logger);
  const setup = createWarRoomSetup({
    client,
    ctx,
    logger,
    botUserId: identity.userId,
    incidentsChannel: config.incidentsChannel,
    respond: postToResponseUrl,
  });
  const deps: ListenerDeps = {
    ctx,
    logger,
    setup,
    background,
    pacer: createAckPacer(),
    botUserId: identity.userId,
    userNames: createUserNames(client, logger),
    botUsers: createBotUsers(client, identity.userId, logger),
    settings: {
      incidentsChannel: config.incidentsChannel,
      timelineEmoji: config.timelineEmoji,
      admins: config.admins,
      archiveOnClose: config.archiveOnClose,
    },
  };

  // First middleware: every request's arrival is noted before any listener runs.
  app.use(async ({ next }) => {
    deps.pacer.arrived();
    await next();
  });
  registerCommands(app, deps);
  registerViews(app, deps);
  registerActions(app, deps);
  registerEvents(app, deps);
  registerShortcuts(app, deps);

  app.error(async (error) => {
    const e = error as Error & { code?: string; original?: Error };
    logger.error('slack.listener_error', { code: e.code, error: (e.original ?? e).message });
  });

  let server: Server | null = null;
  return {
    app,
    client,
    deps,
    async start() {
      if (httpReceiver) {
        server = (await app.start(config.port)) as Server;
      } else {
        await app.start();
      }
      const address = server?.address();
      const port = address && typeof address === 'object' ? address.port : null;
      logger.info('app.started', { mode: config.slack.mode, port: port ?? undefined });
      // Declarations interrupted by a crash or a Slack outage are finished now.
      void background.track('resume setups', setup.resumeAll());
      // Messages, pins and timeline reactions from while the bot was down are read back now;
      // a failure is logged by track() and repaired by `/incident sync`.
      void background.track('catch up timelines', catchUpAll(deps, client)).catch(() => undefined);
      return port;
    },
    async stop() {
      await app.stop().catch((error: unknown) => logger.warn('app.stop_failed', { error: String(error) }));
      const drained = await background.drain(10_000);
      if (!drained) logger.warn('app.stop_timeout', { pending: background.size });
      logger.info('app.stopped');
    },
  };
}

async function postToResponseUrl(url: string, message: Record<string, unknown>): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
  });
  if (!res.ok) throw new Error(`response_url answered ${res.status}`);
}

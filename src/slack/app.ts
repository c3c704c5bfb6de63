import type { Server } from 'node:http';
import { type HTTPReceiver, LogLevel, SocketModeReceiver, type Logger as BoltLogger, type Receiver } from '@slack/bolt';
import { WebClient, type RetryOptions } from '@slack/web-api';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { enqueueJob } from '../services/effects';
import { JobRunner } from '../engine/runner';
import { summarizeLibraryLog, type Logger } from '../logger';
import { enqueueStartupCatchUp, scheduleMaintenance } from '../services/catch-up';
import { createServiceContext } from '../services/context';
import { scheduleFollowupTick } from '../services/followup';
import { createAckPacer } from './ack-pacer';
import type { ListenerDeps } from './deps';
import { classifySlackFailure, slackErrorCode } from './errors';
import { DurableApp, Inbox } from './inbox';
import { StrictHTTPReceiver } from './receiver';
import { createJobHandlers } from './jobs';
import type { JobDeps } from './jobs/support';
import { createMembership } from './membership';
import { createPacer } from './pacer';
import { registerActions } from './listeners/actions';
import { registerCommands } from './listeners/commands';
import { registerShortcuts } from './listeners/shortcuts';
import { registerViews } from './listeners/views';
import { createBotUsers } from './bot-users';
import { createUserNames } from './user-names';

/**
 * 5xx and network errors: a short bounded retry inside the client (~1 s); past that the job that
 * made the call is retried with backoff by the runner, which knows how long it has been failing.
 */
export const DEFAULT_RETRY: RetryOptions = { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 800, randomize: true };
/** No Web API call may hold up an incident for long: a hung call fails and its job is retried. */
export const SLACK_TIMEOUT_MS = 10_000;

export interface EngineOptions {
  /** Lease of a claimed job; a dead process's jobs are taken over once it runs out. */
  leaseMs?: number;
  pollMs?: number;
  backoffMs?: number;
  concurrency?: number;
  /** Rate-limit tiers of bulk reads, per minute (catch-up); tests shorten them. */
  tiers?: Record<string, number>;
  /** The tiers' "minute" (the benchmark replays Slack's limits on a shorter clock). */
  tierMinuteMs?: number;
}

export interface SlackAppOptions {
  config: Config;
  database: Database;
  logger: Logger;
  now?: () => Date;
  retryConfig?: RetryOptions;
  engine?: EngineOptions;
}

export interface SlackApp {
  app: DurableApp;
  client: WebClient;
  deps: ListenerDeps;
  runner: JobRunner;
  inbox: Inbox;
  /** Starts listening; returns the HTTP port (HTTP mode, or the health port in Socket Mode). */
  start(): Promise<number | null>;
  /** Resolves when no request is being handled, every stored event is applied and no job is running or due (tests, demo). */
  settle(timeoutMs?: number): Promise<void>;
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
    timeout: SLACK_TIMEOUT_MS,
    // A 429 fails the call at once with its Retry-After; the job runner reschedules that job alone
    // instead of the client pausing every call (live ones included) behind it.
    rejectRateLimitedCalls: true,
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

  const answer = (res: import('node:http').ServerResponse, ok: boolean, body: Record<string, unknown>) => {
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok, ...body }));
  };
  /** Liveness, with the database's own answer (a load balancer may take an instance out on 503). */
  const healthRoute = {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: unknown, res: import('node:http').ServerResponse) => {
      const started = Date.now();
      void database.ping().then((ok) => answer(res, ok, { database: { dialect: database.dialect, ok, ms: Date.now() - started } }));
    },
  };
  /** Readiness: the database answers and has every migration of this build (false until then). */
  const readyRoute = {
    path: '/readyz',
    method: ['GET'],
    handler: (_req: unknown, res: import('node:http').ServerResponse) => {
      void Promise.all([database.ping(), database.migrated()]).then(([reachable, migrated]) =>
        answer(res, reachable && migrated, { database: { dialect: database.dialect, ok: reachable, migrated } }),
      );
    },
  };

  let receiver: Receiver;
  let httpReceiver: HTTPReceiver | null = null;
  if (config.slack.mode === 'socket') {
    receiver = new SocketModeReceiver({
      appToken: config.slack.appToken!,
      logger: bolt,
      customRoutes: [healthRoute, readyRoute],
      installerOptions: { clientOptions: { slackApiUrl: config.slack.apiUrl }, port: config.port },
    });
  } else {
    httpReceiver = new StrictHTTPReceiver({
      signingSecret: config.slack.signingSecret!,
      endpoints: '/slack/events',
      customRoutes: [healthRoute, readyRoute],
      logger: bolt,
    });
    receiver = httpReceiver;
  }

  const app = new DurableApp({
    receiver,
    token: config.slack.botToken,
    botId: identity.botId,
    botUserId: identity.userId,
    // Unused, and its default in-memory store builds an Error for every event without state.
    convoStore: false,
    clientOptions,
    logger: bolt,
  });

  const ctx = createServiceContext(database, options.now, { admins: config.admins, comms: config.comms, regulatory: config.regulatory });
  const userNames = createUserNames(client, logger);
  const settings = {
    incidentsChannel: config.incidentsChannel,
    timelineEmoji: config.timelineEmoji,
    admins: config.admins,
    archiveOnClose: config.archiveOnClose,
    followupSchedule: config.followupSchedule,
    timeZone: config.timeZone,
  };
  const deps: ListenerDeps = { ctx, logger, pacer: createAckPacer(), botUserId: identity.userId, userNames, botUsers: createBotUsers(client, identity.userId, logger), isSlackResponseUrl: responseUrlCheck(config.slack.apiUrl), isMember: createMembership(client, logger), settings };
  const jobDeps: JobDeps = {
    client,
    ctx,
    logger,
    botUserId: identity.userId,
    userNames,
    pace: createPacer({ perMinute: options.engine?.tiers, minuteMs: options.engine?.tierMinuteMs }),
    respond: postToResponseUrl,
    settings,
  };
  const engine = options.engine ?? {};
  const runner = new JobRunner({
    db: database,
    logger,
    handlers: createJobHandlers(jobDeps),
    classify: classifySlackFailure,
    now: options.now,
    leaseMs: engine.leaseMs ?? config.jobLeaseMs,
    pollMs: engine.pollMs,
    backoffMs: engine.backoffMs,
    concurrency: engine.concurrency,
    // Catch-up reads history at Slack's pace; it must never take every slot from live work.
    kindLimits: { 'catchup.incident': 1 },
    async onFailed(job, _verdict, tx) {
      // A report that fails is logged, not reported again.
      if (job.kind === 'report.failure') return;
      await enqueueJob(tx, ctx.now(), 'report.failure', { failedJobId: job.id }, { key: `report:${job.id}` });
    },
    async onRetry(job, verdict, tx) {
      // The declarer is told once when the war room is slow to open, not after every retry.
      if (job.kind.startsWith('setup.') && job.incidentId && job.attempts === 2) {
        const payload = { incidentId: job.incidentId, step: job.kind.replace('setup.', ''), error: verdict.code };
        await enqueueJob(tx, ctx.now(), 'setup.delayed', payload, { key: `setup-delayed:${job.incidentId}`, incidentId: job.incidentId });
      }
    },
  });
  database.onJobsEnqueued(() => runner.nudge());
  const inbox = new Inbox({ ctx, logger, botUserId: identity.userId, timelineEmoji: config.timelineEmoji });
  app.inbox = inbox;
  app.rememberRequests(database.repos.requests, ctx.now, logger);

  // Every request's arrival is noted before its replay record is written or any listener runs.
  app.onArrival = () => deps.pacer.arrived();
  registerCommands(app, deps);
  registerViews(app, deps);
  registerActions(app, deps);
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
    runner,
    inbox,
    async start() {
      if (httpReceiver) {
        server = (await app.start(config.port)) as Server;
      } else {
        await app.start();
      }
      const address = server?.address();
      const port = address && typeof address === 'object' ? address.port : null;
      logger.info('app.started', { mode: config.slack.mode, port: port ?? undefined });
      // Unfinished work of any earlier run is simply due jobs and pending inbound events: the
      // runner and the inbox pick them up. What the channels said while the bot was down is
      // read back by one catch-up round, shared with other instances starting now.
      await enqueueStartupCatchUp(ctx, runner.owner);
      await scheduleMaintenance(ctx);
      await scheduleFollowupTick(ctx, { cron: config.followupSchedule, timeZone: config.timeZone });
      inbox.start();
      runner.start();
      return port;
    },
    async settle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await inbox.idle();
        const busy = app.inFlight + (await database.repos.inbound.pendingCount()) + (await database.repos.jobs.countReady(ctx.now())) + runner.active;
        if (busy === 0) return;
        if (Date.now() > deadline) throw new Error(`the bot did not settle within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      await app.stop().catch((error: unknown) => logger.warn('app.stop_failed', { error: String(error) }));
      await inbox.stop();
      const finished = await runner.stop(10_000);
      if (!finished) logger.warn('app.stop_timeout', { pending: runner.active });
      logger.info('app.stopped');
    },
  };
}

/**
 * Slack's response URLs live on hooks.slack.com; with SLACK_API_URL set (the local Slack), on that
 * host instead. A URL that came back in client-controlled data is only posted to if it is one.
 */
export function responseUrlCheck(apiUrl: string | undefined): (url: string) => boolean {
  const local = apiUrl ? new URL(apiUrl).origin : null;
  return (url) => {
    try {
      const u = new URL(url);
      return (u.protocol === 'https:' && u.hostname === 'hooks.slack.com') || (local !== null && u.origin === local);
    } catch {
      return false;
    }
  };
}

export async function postToResponseUrl(url: string, message: Record<string, unknown>): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(SLACK_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`response_url answered ${res.status}`);
}

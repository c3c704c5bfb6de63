import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { compileBot, ROOT, startOptions, writeModule } from '../../scripts/build';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SlackSim } from '../../src/slack-sim';
import { BOT_TOKEN, SIGNING_SECRET, waitFor } from './harness';

/**
 * The real bot as its own process (src/main.ts, configured from the
 * environment as in production), so a test can really kill it: SIGKILL leaves no chance to clean
 * up, exactly like a crash or an OOM kill.
 */
export interface BotProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** Where Slack should send this process's requests. */
  readonly url: string;
  /** Everything it printed (JSON log lines), for a failing test's message. */
  output(): string;
  /** Resolves with the exit code (null after a signal) once the process is gone. */
  readonly exited: Promise<number | null>;
  /** SIGKILL, and waits until the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful stop), and waits until the process is gone. */
  stop(): Promise<number | null>;
}

export interface BotProcessOptions {
  sim: SlackSim;
  /** The variables that point it at the database under test (`TestDatabase.env`: DATABASE_PATH or DATABASE_URL). */
  dbEnv: Record<string, string>;
  env?: Record<string, string>;
  /** Point the sim's deliveries at this process (default true; false behind a load balancer). */
  route?: boolean;
  startTimeoutMs?: number;
  /** Run the bundle of src/main.ts (default, see bundleBot) or src/main.ts through tsx. */
  compiled?: boolean;
}

let bundled: Promise<string> | null = null;

/**
 * The bot as `npm start` runs it (scripts/build.ts), compiled once per test file: `node --import
 * tsx` compiles the whole bot again at every start, ~5 s on a busy machine, which a test that
 * restarts the bot twenty times cannot afford. Written to dist/test-bot/ (beside `npm run build`'s
 * dist/bot/, at the same depth, so the migrations it finds are the repository's).
 */
export function bundleBot(): Promise<string> {
  bundled ??= compileBot().then((contents) => writeModule(join(ROOT, 'dist', 'test-bot', 'main.mjs'), contents));
  return bundled;
}

/** Every process a test started, so `killAll` in afterEach leaves none behind. */
const started = new Set<BotProcess>();

export async function spawnBot(options: BotProcessOptions): Promise<BotProcess> {
  const { sim } = options;
  const args = options.compiled === false ? ['--import', 'tsx', 'src/main.ts'] : [...startOptions(), await bundleBot()];
  const child = spawn(process.execPath, args, {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: sim.apiUrl,
      PORT: '0',
      ...options.dbEnv,
      LOG_LEVEL: 'info',
      // A killed process's claimed jobs are taken over once its lease runs out.
      JOB_LEASE: '2s',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  let gone = false;
  void exited.then(() => (gone = true));
  const bot: BotProcess = {
    child,
    port: 0,
    url: '',
    output: () => out,
    exited,
    async kill() {
      if (!gone) child.kill('SIGKILL');
      await exited;
      started.delete(bot);
    },
    async stop() {
      if (!gone) child.kill('SIGTERM');
      const code = await exited;
      started.delete(bot);
      return code;
    },
  };
  started.add(bot);
  // stdout is a pipe, so the bot logs JSON lines (LOG_FORMAT defaults to json off a terminal).
  const port = await waitFor(
    () => {
      if (gone) throw new Error(`the bot exited during start-up:\n${out}`);
      return Number(/"port":(\d+)[^\n]*"event":"app\.started"/.exec(out)?.[1]);
    },
    'bot start',
    options.startTimeoutMs ?? 20_000,
  );
  Object.assign(bot, { port, url: `http://127.0.0.1:${port}/slack/events` });
  if (options.route !== false) sim.setAppUrl(bot.url);
  return bot;
}

/** Kills every bot process still running (afterEach). */
export async function killAll(): Promise<void> {
  await Promise.all([...started].map((b) => b.kill()));
}

/**
 * A load balancer in front of several bot processes: each request goes to the next backend in
 * turn (round robin), and to the one after it when a backend refuses the connection (it died),
 * as a health-checking balancer would. Bodies and headers are passed through untouched, so
 * Slack's signatures still verify.
 */
export class RoundRobinProxy {
  backends: string[] = [];
  /** Which backend answered each request, in order (for asserting that both took traffic). */
  readonly routed: string[] = [];
  private next = 0;
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const tryBackend = (left: number) => {
          if (left === 0 || this.backends.length === 0) {
            res.writeHead(502);
            res.end();
            return;
          }
          const target = new URL(this.backends[this.next++ % this.backends.length]!);
          const upstream = request(
            { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent: false },
            (answer) => {
              this.routed.push(target.origin);
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res);
            },
          );
          upstream.on('error', (error: NodeJS.ErrnoException) => {
            // Nothing was sent back yet: a refused connection is safe to try on the next backend.
            if (!res.headersSent && error.code === 'ECONNREFUSED') tryBackend(left - 1);
            else res.destroy();
          });
          upstream.end(body);
        };
        tryBackend(this.backends.length);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/slack/events`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

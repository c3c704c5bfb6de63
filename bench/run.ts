import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { compileBot, ROOT, startOptions, writeModule } from '../scripts/build';
import { connectDatabase, openDatabase, type Database } from '../src/db/client';
import { enqueueJob } from '../src/services/effects';
import { SlackSim } from '../src/slack-sim';
import { SLACK_TIMEOUT_MS } from '../src/slack/app';
import { SLACK_TIERS_PER_MINUTE } from '../src/slack/pacer';
import { emptyPostgresDatabase, rawQuery, TEST_DATABASE_URL } from '../test/support/db';
import type { AppCommand, AppStats } from './app-process';
import type { LoadJob, LoadResult } from './load-process';

/**
 * `npm run bench` (`-- --quick` for a smoke run of every part at small sizes): the real app (Bolt
 * HTTP receiver, listeners, job runner, SQLite file) against the Slack simulator; then the ingest
 * and jobs parts again on PostgreSQL with two instances sharing one database (part `pg`: a database
 * of its own on the TEST_DATABASE_URL server, dropped afterwards; skipped when no server answers).
 *
 * Processes: this one runs the simulator and keeps score; the real app, the bare app and the load
 * generator each run in their own (bench/app-process.ts, bench/load-process.ts). In production
 * neither Slack nor the load shares the bot's event loop, and in one process each would be
 * measured as the others' latency. Throughput is compared with a bare Bolt app measured in the same
 * run (these machines are shared and noisy: the ratio means more than either figure). Figures are
 * printed with their targets as PASS/WARN; nothing here is a test.
 */

const QUICK = process.argv.includes('--quick');
const SIZES = QUICK
  ? { events: 400, warmup: 100, rounds: 1, declarations: 10, jobIncidents: 50, jobsPer: 10, jobWindowMs: 2_000, idleMs: 2_000, messages: 20_000, catchUp: 40, catchUpMinuteMs: 500, compile: [1_000], compileRuns: 1 }
  : { events: 4000, warmup: 500, rounds: 2, declarations: 50, jobIncidents: 1000, jobsPer: 10, jobWindowMs: 60_000, idleMs: 10_000, messages: 1_000_000, catchUp: 1000, catchUpMinuteMs: 1000, compile: undefined, compileRuns: undefined };

/** `--messages=N` sets how many messages the memory part stores (default 1,000,000; 20,000 with --quick). */
const messagesArg = process.argv.find((a) => a.startsWith('--messages='));
if (messagesArg) SIZES.messages = Math.max(4, Number(messagesArg.slice(11)));

const SIGNING_SECRET = 'bench-signing-secret-0123456789';
const BOT_TOKEN = 'xoxb-bench-bot-token-0123456789';
const CONCURRENCY = 32;
/** Every RETRY_EVERY-th event is delivered a second time as a Slack retry (same body and event_id). */
const RETRY_EVERY = 20;
/** `--pg-instances=N`: warroom instances sharing the Postgres database in the `pg` part, and bare Bolt apps beside them (default 2). */
const pgInstancesArg = process.argv.find((a) => a.startsWith('--pg-instances='));
const PG_INSTANCES = pgInstancesArg ? Math.max(1, Number(pgInstancesArg.slice(15))) : 2;
/**
 * The reminders' window starts 2 s after they are enqueued, plus this much per reminder: one
 * transaction of 10,000 enqueues took 1–3 s on SQLite and about 0.5 ms each on Postgres (a round
 * trip per statement) on the development machine under load; about four times that as margin.
 * A commit that still ends after the window opened is reported (lateness would count it).
 */
const ENQUEUE_MS_PER_JOB = { sqlite: 1, postgres: 2 };

const TARGETS = { ratio: { sqlite: 0.9, postgres: 0.8 }, ackP99Ms: 50, viewsOpenP99Ms: 300, latenessP99Ms: 2000, idleCpuPct: 1, rssMb: 200 };

interface Row {
  what: string;
  value: string;
  target?: string;
  ok?: boolean;
}

const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 5): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}

interface Child {
  process: ChildProcess;
  stderr: string[];
  lines: AsyncIterator<string>;
}

/** A child process of node running `args` (a module and its arguments). */
function spawnNode(args: string[], env: Record<string, string>): Child {
  // BENCH_PROFILE=dir writes a V8 CPU profile of every child into dir (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--expose-gc', ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(...chunk.split('\n').filter(Boolean)));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return { process: child, stderr, lines };
}

/** A bench script run through tsx (the load generator: not what is measured). */
function spawnTsx(script: string, args: string[], env: Record<string, string>): Child {
  return spawnNode(['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], env);
}

let compiledApp: Promise<string> | null = null;

/**
 * bench/app-process.ts compiled as `npm start` compiles the bot (scripts/build.ts) and run by plain
 * node, as in production; the bare app runs from the same module, so both pay the same runtime.
 */
function appModule(): Promise<string> {
  compiledApp ??= compileBot(fileURLToPath(new URL('./app-process.ts', import.meta.url))).then((code) => writeModule(join(ROOT, 'dist', 'bench', 'app-process.mjs'), code));
  return compiledApp;
}

async function nextLine(child: Child, what: string): Promise<string> {
  let onExit: (code: number | null) => void = () => undefined;
  const exited = new Promise<never>((_, reject) => {
    onExit = (code) => reject(new Error(`${what} exited (${code}):\n${child.stderr.join('\n')}`));
    child.process.once('exit', onExit);
  });
  try {
    const line = await Promise.race([child.lines.next(), exited]);
    if (line.done) throw new Error(`${what} closed its output:\n${child.stderr.join('\n')}`);
    return line.value;
  } finally {
    child.process.off('exit', onExit);
  }
}

type AppChild = Child & { url: string; command: <T>(c: AppCommand) => Promise<T> };

async function startApp(mode: 'warroom' | 'bare', env: Record<string, string>): Promise<AppChild> {
  // The real app with the options `npm start` gives the bot; the bare app as node runs it by default.
  const child = spawnNode([...(mode === 'warroom' ? startOptions() : []), await appModule(), mode], env);
  const { port } = JSON.parse(await nextLine(child, `${mode} app`)) as { port: number };
  const command = async <T>(c: AppCommand): Promise<T> => {
    child.process.stdin!.write(`${JSON.stringify(c)}\n`);
    return JSON.parse(await nextLine(child, `${mode} app`)) as T;
  };
  return { ...child, url: `http://127.0.0.1:${port}/slack/events`, command };
}

async function stop(child: Child): Promise<void> {
  // A child ended by a signal has no exit code; waiting for its 'exit' again would never end.
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise((r) => child.process.once('exit', r));
  child.process.kill('SIGTERM');
  await exited;
}

/** Message events into `channel`, each once, every RETRY_EVERY-th also as a retry. */
function messageEvents(channel: string, prefix: string, count: number, baseSec: number): { requests: LoadJob['requests']; ts: string[] } {
  const requests: LoadJob['requests'] = [];
  const ts: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = `${baseSec + Math.floor(i / 1000)}.${String(i % 1000).padStart(6, '0')}`;
    ts.push(t);
    const body = JSON.stringify({
      token: 'bench',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: `Ev${prefix}${i}`,
      event_time: baseSec,
      authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
      event: { type: 'message', channel, channel_type: 'channel', user: 'U_ALICE', text: `${prefix}-${i} model output sample`, ts: t, event_ts: t, client_msg_id: `m-${prefix}-${i}` },
    });
    requests.push({ body, contentType: 'application/json' });
    if (i % RETRY_EVERY === 0) requests.push({ body, contentType: 'application/json', retry: true });
  }
  return { requests, ts };
}

/** CPU time each process has used so far, µs. */
const cpuOf = (children: AppChild[]) => Promise.all(children.map(async (c) => (await c.command<AppStats>({ cmd: 'stats' })).cpuUs));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Each process's CPU use over `ms` of nothing to do, in % of one core. */
async function idleCpuPct(children: AppChild[], ms: number): Promise<number[]> {
  const before = await cpuOf(children);
  const t0 = performance.now();
  await sleep(ms);
  const after = await cpuOf(children);
  const elapsed = performance.now() - t0;
  return after.map((a, i) => ((a - before[i]!) / 1000 / elapsed) * 100);
}

interface Bench {
  dir: string;
  env: Record<string, string>;
  children: Child[];
  /** Run once at the end whatever happened, after the children are stopped (dropping Postgres databases). */
  cleanups: (() => Promise<void>)[];
  tables: { title: string; rows: Row[] }[];
  /** When the table being measured now started (each is printed as soon as it is complete). */
  since: number;
}

function report(bench: Bench, title: string, rows: Row[]): void {
  bench.tables.push({ title, rows });
  printTable(`${title} (${seconds(performance.now() - bench.since)})`, rows);
  bench.since = performance.now();
}

type StoreKind = 'sqlite' | 'postgres';
/** application_name of the bench's own Postgres connections. */
const BENCH_CONNECTION = 'warroom-bench';

/**
 * The database the app processes of one part share — a SQLite file in the bench's directory, or a
 * database of its own created on the Postgres server — and the bench's own connection to it, for
 * seeding, enqueueing and counting what the apps stored (`query`: `?` placeholders, timestamps as
 * epoch ms and counts as numbers on either backend).
 */
interface Store {
  kind: StoreKind;
  /** What points an app process at it (the other variable emptied: one set in the shell cannot interfere). */
  env: Record<string, string>;
  database: Database;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Closes the connection; a Postgres database is dropped (also by main's clean-up if the part fails first). */
  close(): Promise<void>;
}

async function openStore(bench: Bench, kind: StoreKind, name: string): Promise<Store> {
  if (kind === 'sqlite') {
    const path = join(bench.dir, `${name}.db`);
    const database = openDatabase(path);
    return { kind, env: { DATABASE_PATH: path, DATABASE_URL: '' }, database, query: (text, params) => rawQuery(database, text, params), close: () => database.close() };
  }
  const created = await emptyPostgresDatabase(`warroom_bench_${name}`);
  let database: Database | null = null;
  let closed: Promise<void> | null = null;
  const close = () => (closed ??= (async () => {
    await database?.close();
    await created.drop();
  })());
  bench.cleanups.push(close);
  try {
    // Named, so that the server CPU figures leave out the bench's own seeding and counting.
    const url = new URL(created.url);
    url.searchParams.set('application_name', BENCH_CONNECTION);
    database = await connectDatabase(url.href, { poolMax: 4 });
  } catch (error) {
    await close();
    throw error;
  }
  const connected = database;
  return { kind, env: { DATABASE_URL: created.url, DATABASE_PATH: '' }, database: connected, query: (text, params) => rawQuery(connected, text, params), close };
}

/**
 * CPU time (ms) used so far by each Postgres backend serving the store's database, read from /proc:
 * only for a server on this machine (else null). A lower bound of the server's work for the apps:
 * the server's shared processes (WAL writer, checkpointer) are left out, and so are backends that
 * end between two readings.
 */
async function serverCpu(store: Store): Promise<Map<number, number> | null> {
  if (store.kind !== 'postgres' || !['127.0.0.1', 'localhost', '[::1]'].includes(new URL(TEST_DATABASE_URL).hostname)) return null;
  const backends = await store.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and application_name <> ?', [BENCH_CONNECTION]);
  const used = new Map<number, number>();
  for (const { pid } of backends) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres')) return null;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime, in clock ticks of 10 ms (USER_HZ on Linux).
      used.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // Gone meanwhile; counted as nothing.
    }
  }
  return used;
}

/** CPU (ms) the server's backends used between two `serverCpu` readings. */
const serverCpuSince = (before: Map<number, number> | null, after: Map<number, number> | null) =>
  before && after ? sum([...after].map(([pid, ms]) => ms - (before.get(pid) ?? 0))) : null;

/** How many of the database's transactions so far were rolled back (on Postgres, mostly serialization conflicts, which are run again). */
async function rolledBack(store: Store): Promise<Row> {
  const [stats] = await store.query<{ committed: number; rolled: number }>('select xact_commit as committed, xact_rollback as rolled from pg_stat_database where datname = current_database()');
  return { what: 'transactions rolled back over the part (conflicts, run again), of all', value: stats ? `${stats.rolled} of ${(stats.committed + stats.rolled).toLocaleString('en-US')}` : 'n/a' };
}

/** Runs `work` on a fresh store, closed (a Postgres one dropped) when it ends. */
async function onStore(bench: Bench, kind: StoreKind, name: string, work: (store: Store) => Promise<void>): Promise<void> {
  const store = await openStore(bench, kind, name);
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

const storeName = (kind: StoreKind, instances: number) => `${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${instances === 1 ? 'one instance' : `${instances} instances on one database`}`;

/** Incident rows with channels, as a declaration leaves them, written through the repositories of either backend. */
async function seedIncidents(database: Database, channels: string[], comms?: { nextUpdateDueAt: Date }): Promise<number[]> {
  const now = new Date();
  return database.transaction(async (tx) => {
    const ids: number[] = [];
    for (const [i, channelId] of channels.entries()) {
      const { id } = await tx.incidents.insert({
        title: `Bench incident ${i + 1}`,
        severity: 'sev3',
        declaredBy: 'U_ALICE',
        channelId,
        channelName: `inc-bench-${i + 1}`,
        cardTs: null,
        declaredAt: now,
        updatedAt: now,
      });
      // Escalation an hour after the update is due: never reached while the bench runs.
      if (comms) await tx.comms.setPlan(id, { dueAt: comms.nextUpdateDueAt, escalateAt: new Date(comms.nextUpdateDueAt.getTime() + 3_600_000) }, now);
      ids.push(id);
    }
    return ids;
  });
}

/**
 * 1. Durable ingest against bare Bolt, and 2. `/incident declare` under a burst, with `instances`
 * warroom processes on `store` (and as many bare ones for the baseline), the load spread across them.
 */
async function ingestAndDeclare(bench: Bench, store: Store, instances: number): Promise<void> {
  const { events: EVENTS, warmup: WARMUP, declarations: DECLARATIONS } = SIZES;
  const sim = new SlackSim({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, ackTimeoutMs: 10_000 });
  await sim.start();
  const env = { ...bench.env, SLACK_API_URL: sim.apiUrl, ...store.env };
  const rows: Row[] = [];
  const own: Child[] = [];
  const several = instances > 1;
  const count = async (text: string, params: unknown[]) => (await store.query<{ n: number }>(text, params))[0]!.n;
  try {
    const started = await Promise.all([...times(instances, () => startApp('warroom', env)), ...times(instances, () => startApp('bare', env))]);
    const apps = started.slice(0, instances);
    const bares = started.slice(instances);
    const load = spawnTsx('./load-process.ts', [], env);
    own.push(...started, load);
    bench.children.push(...started, load);
    const runJob = async (job: LoadJob): Promise<LoadResult> => {
      load.process.stdin!.write(`${JSON.stringify(job)}\n`);
      return JSON.parse(await nextLine(load, 'load generator')) as LoadResult;
    };
    const appUrls = apps.map((a) => a.url);
    const bareUrls = bares.map((b) => b.url);
    sim.setAppUrl(appUrls[0]!);

    // An incident channel for the messages to land in.
    const general = sim.createChannel('general', { members: ['U_ALICE', 'U_BOB', 'UBOT'] });
    await sim.sendCommand({ user: 'U_ALICE', channel: general.id, text: 'declare sev3 Bench incident' });
    const incident = async () => (await store.query<{ channel: string; card: string | null }>('select channel_id as channel, card_ts as card from incidents where id = 1'))[0];
    if (!(await waitUntil(async () => !!(await incident())?.card, 10_000))) throw new Error('the bench incident was not set up');
    const channel = (await incident())!.channel;
    const applied = (prefix: string) => count('select count(*) as n from raw_messages where channel_id = ? and text like ?', [channel, `${prefix}-%`]);
    const inInbox = (prefix: string) => count('select count(*) as n from inbound_events where dedupe_key like ?', [`Ev${prefix}%`]);
    const events = (urls: string[], requests: LoadJob['requests']) => runJob({ urls, requests, concurrency: CONCURRENCY, keepAlive: true });

    // Warm both up, then measure each `rounds` times, interleaved, and keep the best of each.
    const baseSec = Math.floor(Date.now() / 1000) - 3600;
    const warm = messageEvents(channel, 'w', WARMUP, baseSec);
    await events(bareUrls, warm.requests);
    await events(appUrls, warm.requests);
    await waitUntil(async () => (await applied('w')) === WARMUP, 10_000);

    const bareRates: number[] = [];
    const durableRates: number[] = [];
    const appliedRates: number[] = [];
    const bareCpu: number[] = [];
    const appCpu: number[] = [];
    const serverCpuPerEvent: number[] = [];
    // A count on Postgres is a round trip and a backend's CPU, on the same cores as the apps.
    const pollMs = store.kind === 'sqlite' ? 5 : 20;
    let storedBeforeAck = true;
    let storedOnce = true;
    let failures = 0;
    for (let n = 0; n < SIZES.rounds; n++) {
      const round = String.fromCharCode(97 + n);
      const run = messageEvents(channel, round, EVENTS, baseSec + 100 * (n + 1));
      const bareCpu0 = sum(await cpuOf(bares));
      const b = await events(bareUrls, run.requests);
      bareCpu.push((sum(await cpuOf(bares)) - bareCpu0) / EVENTS);
      bareRates.push(EVENTS / (b.totalMs / 1000));
      const server0 = await serverCpu(store);
      const appCpu0 = sum(await cpuOf(apps));
      const t0 = performance.now();
      const a = await events(appUrls, run.requests);
      // Each 200 was sent after the event's row was committed: every one must be there already.
      storedBeforeAck &&= (await inInbox(round)) === EVENTS;
      durableRates.push(EVENTS / (a.totalMs / 1000));
      // Applying (the raw record) happens after the 200; the run is finished when every row is applied.
      const complete = await waitUntil(async () => (await applied(round)) >= EVENTS, 60_000, pollMs);
      appliedRates.push(EVENTS / ((performance.now() - t0) / 1000));
      appCpu.push((sum(await cpuOf(apps)) - appCpu0) / EVENTS);
      const serverMs = serverCpuSince(server0, await serverCpu(store));
      if (serverMs !== null) serverCpuPerEvent.push((serverMs * 1000) / EVENTS);
      failures += [...a.results, ...b.results].filter((r) => r.status !== 200).length;
      const perTs = await store.query<{ ts: string; n: number }>('select ts, count(*) as n from raw_messages where channel_id = ? and text like ? group by ts', [channel, `${round}-%`]);
      const seen = new Set(perTs.map((r) => r.ts));
      storedOnce &&= complete && perTs.length === EVENTS && perTs.every((r) => r.n === 1) && run.ts.every((t) => seen.has(t));
    }
    const bareRate = Math.max(...bareRates);
    const durableRate = Math.max(...durableRates);
    const appliedRate = Math.max(...appliedRates);
    const ratio = durableRate / bareRate;
    const target = TARGETS.ratio[store.kind];
    const bare = several ? `${instances} bare Bolt processes acking, the load spread across them` : 'bare Bolt acking';
    rows.push({ what: `message events/s, ${bare} (${EVENTS} events, ${CONCURRENCY} in flight)`, value: bareRate.toFixed(0) });
    rows.push({ what: `message events/s, warroom durable (stored, then 200)${several ? `, ${instances} instances, same spread` : ''}`, value: durableRate.toFixed(0) });
    rows.push({ what: 'warroom durable / bare', value: `${(ratio * 100).toFixed(1)}%`, target: `≥ ${target * 100}%`, ok: ratio >= target });
    rows.push({ what: 'every acked event in inbound_events when its 200 arrived', value: storedBeforeAck ? 'yes' : 'NO', target: 'yes', ok: storedBeforeAck });
    rows.push({ what: 'message events/s, warroom until applied (raw record written)', value: `${appliedRate.toFixed(0)} (${((appliedRate / bareRate) * 100).toFixed(0)}% of bare)` });
    rows.push({ what: 'CPU per event: bare (ack) / warroom (store, ack and apply)', value: `${(Math.min(...bareCpu) / 1000).toFixed(2)} / ${(Math.min(...appCpu) / 1000).toFixed(2)} ms` });
    if (store.kind === 'postgres') rows.push({ what: '  and the Postgres backends serving the warroom instances', value: serverCpuPerEvent.length ? `≥ ${(Math.min(...serverCpuPerEvent) / 1000).toFixed(2)} ms` : 'n/a (server not on this machine)' });
    rows.push({
      what: `each event stored exactly once (+${Math.ceil(EVENTS / RETRY_EVERY)} retries per run${several ? ', each to another instance than its original' : ''})`,
      value: storedOnce ? `${EVENTS}/${EVENTS} ×${SIZES.rounds}` : 'NO',
      target: 'all, once',
      ok: storedOnce && failures === 0,
    });

    // `/incident declare` (the form path) from many people at once, one connection each as Slack
    // does: ack latency at the sender, and command → views.open as the simulator receives it.
    const command = (i: number) => {
      const user = i % 2 ? 'U_ALICE' : 'U_BOB';
      const fields = {
        token: 'bench',
        team_id: 'T1',
        team_domain: 'acme',
        channel_id: general.id,
        channel_name: 'general',
        user_id: user,
        user_name: user.slice(2).toLowerCase(),
        command: '/incident',
        text: `declare Bench declaration ${i}`,
        api_app_id: 'A1',
        is_enterprise_install: 'false',
        response_url: `${sim.baseUrl}/response/bench-${i}`,
        trigger_id: sim.issueTriggerId(user),
      };
      return { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded', triggerId: fields.trigger_id };
    };
    await runJob({ urls: appUrls, requests: times(5 * instances, command), concurrency: 1, keepAlive: false });
    await waitUntil(() => sim.callsTo('views.open').length >= 5 * instances, 5_000);
    sim.reset();
    // The same burst at the bare app (it acks `/incident` and does nothing else): what this machine
    // allows before any follow-up work competes with the acks.
    const bareBurst = await runJob({ urls: bareUrls, requests: times(DECLARATIONS, command), concurrency: DECLARATIONS, keepAlive: false });
    const burst = times(DECLARATIONS, command);
    const declared = await runJob({ urls: appUrls, requests: burst, concurrency: DECLARATIONS, keepAlive: false });
    await waitUntil(() => sim.callsTo('views.open').length >= DECLARATIONS, 10_000);
    const acks = declared.results.map((r) => r.ms);
    const opens = burst
      .map((req, i) => {
        const call = sim.callsTo('views.open').find((c) => c.args.trigger_id === req.triggerId && c.ok);
        return call ? call.at - declared.results[i]!.start : Number.POSITIVE_INFINITY;
      })
      .filter((v) => Number.isFinite(v));
    const ackP99 = percentile(acks, 99);
    const openP99 = opens.length ? percentile(opens, 99) : Number.POSITIVE_INFINITY;
    const bareAcks = bareBurst.results.map((r) => r.ms);
    const spread = several ? `, spread across ${instances}` : '';
    rows.push({ what: `bare Bolt ack-only p50 / p99 (same ${DECLARATIONS} at once${spread})`, value: `${percentile(bareAcks, 50).toFixed(1)} / ${percentile(bareAcks, 99).toFixed(1)} ms` });
    rows.push({ what: `/incident declare ack p50 (${DECLARATIONS} at once${spread})`, value: `${percentile(acks, 50).toFixed(1)} ms` });
    rows.push({
      what: '/incident declare ack p99',
      value: `${ackP99.toFixed(1)} ms`,
      target: `< ${TARGETS.ackP99Ms} ms`,
      ok: ackP99 < TARGETS.ackP99Ms && declared.results.every((r) => r.status === 200),
    });
    rows.push({ what: 'command → views.open p50', value: opens.length ? `${percentile(opens, 50).toFixed(0)} ms` : 'n/a' });
    rows.push({
      what: `command → views.open p99 (${opens.length}/${DECLARATIONS} opened)`,
      value: `${Number.isFinite(openP99) ? openP99.toFixed(0) : '∞'} ms`,
      target: `< ${TARGETS.viewsOpenP99Ms} ms`,
      ok: openP99 < TARGETS.viewsOpenP99Ms && opens.length === DECLARATIONS,
    });
    if (store.kind === 'postgres') rows.push(await rolledBack(store));
  } finally {
    await Promise.all(own.map(stop));
    await sim.stop();
  }
  report(bench, `Slack ingestion and declaration — ${storeName(store.kind, instances)}`, rows);
}

/** The job a message was posted for: job posts carry their key in the message metadata. */
const jobKeyOf = (args: Record<string, unknown>) => (args.metadata as { event_payload?: { job?: unknown } } | undefined)?.event_payload?.job;

/**
 * 3. Scheduled jobs: status-update reminders (the real `updates.remind` handler, which reads the
 * incident and posts to its channel) for many incidents, due within a short window, run by the
 * JobRunners of `instances` app processes on `store`; lateness is due → done. Then the same apps
 * with nothing due: their CPU use.
 */
async function scheduledJobs(bench: Bench, store: Store, instances: number): Promise<void> {
  const { jobIncidents, jobsPer, jobWindowMs, idleMs } = SIZES;
  const total = jobIncidents * jobsPer;
  const sim = new SlackSim({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
  await sim.start();
  const env = { ...bench.env, SLACK_API_URL: sim.apiUrl, ...store.env };
  const rows: Row[] = [];
  const own: Child[] = [];
  const several = instances > 1;
  const count = async (text: string) => (await store.query<{ n: number }>(text))[0]!.n;
  const pct = (values: number[]) => values.map((v) => `${v.toFixed(2)}%`).join(' / ');
  try {
    const apps = await Promise.all(times(instances, () => startApp('warroom', env)));
    own.push(...apps);
    bench.children.push(...apps);
    sim.setAppUrl(apps[0]!.url);
    // The start-up work (each instance's catch-up round over no incidents yet) is done before the jobs arrive.
    await waitUntil(async () => (await count("select count(*) as n from jobs where kind = 'catchup.all' and state = 'done'")) >= instances, 10_000);

    const channels = times(jobIncidents, (i) => sim.createChannel(`inc-jobs-${i + 1}`, { members: ['U_ALICE', 'UBOT'] }).id);
    const offsets = channels.flatMap((channel) => times(jobsPer, () => ({ channel, offset: Math.floor(Math.random() * jobWindowMs) })));

    // The baseline: the same posts, at the same offsets, from as many bare Bolt apps with a timer
    // each (no database, no leases): what this machine and the simulator allow right now.
    const bares = await Promise.all(times(instances, () => startApp('bare', env)));
    own.push(...bares);
    bench.children.push(...bares);
    const bareStart = Date.now() + 1_000;
    const bareCpu0 = sum(await cpuOf(bares));
    const posts = offsets.map((o) => ({ channel: o.channel, atMs: bareStart + o.offset }));
    const bareLateness = (
      await Promise.all(bares.map((bare, k) => bare.command<{ lateness: number[] }>({ cmd: 'post-at', posts: posts.filter((_, i) => i % instances === k) })))
    ).flatMap((r) => r.lateness);
    const bareCpuPerPost = (sum(await cpuOf(bares)) - bareCpu0) / total;
    // And its CPU when there is nothing to do, the baseline of the idle figure below.
    await sleep(QUICK ? 1_000 : 5_000);
    const bareIdle = await idleCpuPct(bares, idleMs);
    await Promise.all(bares.map(stop));
    sim.reset();

    const nextUpdateDueAt = new Date(Date.now() + 3_600_000);
    const ids = await seedIncidents(store.database, channels, { nextUpdateDueAt });
    const appCpu0 = await cpuOf(apps);
    const server0 = await serverCpu(store);
    const start = Date.now() + 2_000 + total * ENQUEUE_MS_PER_JOB[store.kind];
    await store.database.transaction(async (tx) => {
      for (const [n, { offset }] of offsets.entries()) {
        const incidentId = ids[Math.floor(n / jobsPer)]!;
        const atMs = start + offset;
        const payload = { incidentId, dueAtMs: nextUpdateDueAt.getTime(), atMs, level: 'due' as const };
        await enqueueJob(tx, new Date(), 'updates.remind', payload, { key: `bench-remind:${n}`, dueAt: new Date(atMs), incidentId });
      }
    });
    // Committed after the first came due, the figures below would count the bench's own delay.
    const enqueuedInTime = Date.now() <= start;
    if (process.env.BENCH_DEBUG) console.log(`reminders committed ${start - Date.now()} ms before the first could be due`);
    const finished = () => count("select count(*) as n from jobs where kind = 'updates.remind' and state in ('done', 'failed', 'cancelled')");
    const allDone = await waitUntil(async () => (await finished()) >= total, jobWindowMs + 120_000, 100);
    const appCpu = (await cpuOf(apps)).map((c, i) => c - appCpu0[i]!);
    const serverMs = serverCpuSince(server0, await serverCpu(store));
    const appCpuPerJob = sum(appCpu) / total;
    const done = await store.query<{ key: string; due: number; fin: number | null; state: string }>("select key, due_at as due, finished_at as fin, state from jobs where kind = 'updates.remind'");
    const lateness = done.filter((j) => j.state === 'done' && j.fin !== null).map((j) => j.fin! - j.due);
    const posted = sim.callsTo('chat.postMessage').filter((c) => c.ok);
    const postedKeys = new Set(posted.map((c) => jobKeyOf(c.args)));
    const once = posted.length === total && postedKeys.size === total && done.every((j) => postedKeys.has(j.key));
    if (process.env.BENCH_DEBUG) {
      const postAt = new Map(posted.map((c) => [jobKeyOf(c.args), c.at]));
      const toPost = done.map((k) => (postAt.get(k.key) ?? NaN) - k.due).filter(Number.isFinite);
      const afterPost = done.map((k) => k.fin! - (postAt.get(k.key) ?? NaN)).filter(Number.isFinite);
      const at = posted.map((c) => c.at);
      console.log('due→post p50/p99', percentile(toPost, 50), percentile(toPost, 99), 'post→done p50/p99', percentile(afterPost, 50), percentile(afterPost, 99), 'posts span ms', Math.max(...at) - Math.min(...at), 'first due', Math.min(...done.map((k) => k.due)) - Math.min(...at));
    }
    const p99 = lateness.length ? percentile(lateness, 99) : Number.POSITIVE_INFINITY;
    const spread = (l: number[]) => `${percentile(l, 50)} / ${percentile(l, 99)} / ${Math.max(...l)} ms`;
    rows.push({
      what: `reminders run (${jobIncidents} incidents × ${jobsPer}, due within ${seconds(jobWindowMs)}${several ? `, ${instances} instances claiming` : ''})`,
      value: `${lateness.length}/${total} done, ${posted.length} posted, ${postedKeys.size} different`,
      target: 'all, each once',
      ok: allDone && lateness.length === total && once,
    });
    if (!enqueuedInTime) rows.push({ what: 'reminders committed before the first came due (else lateness counts the bench)', value: 'NO', target: 'yes', ok: false });
    const bare = several ? `${instances} bare Bolt apps, the posts split between them` : 'bare Bolt';
    rows.push({ what: `baseline: ${bare}, a timer per post, lateness p50 / p99 / max`, value: spread(bareLateness) });
    rows.push({ what: 'warroom JobRunner, lateness due → done, p50 / p99 / max', value: lateness.length ? spread(lateness) : 'n/a' });
    rows.push({
      what: 'CPU per post: bare / warroom (claim, read, post, record)',
      value: `${(bareCpuPerPost / 1000).toFixed(2)} / ${(appCpuPerJob / 1000).toFixed(2)} ms`,
    });
    if (store.kind === 'postgres') rows.push({ what: '  and the Postgres backends serving the warroom instances', value: serverMs === null ? 'n/a (server not on this machine)' : `≥ ${(serverMs / total).toFixed(2)} ms` });
    if (several) rows.push({ what: 'CPU each warroom instance spent on the reminders', value: appCpu.map((c) => seconds(c / 1000)).join(' / ') });
    rows.push({ what: 'warroom JobRunner, lateness p99', value: `${p99} ms`, target: `≤ ${TARGETS.latenessP99Ms} ms`, ok: p99 <= TARGETS.latenessP99Ms });

    // Nothing due now (the next job is the daily clean-up or the follow-up schedule's next run).
    // Each Web API call arms a timeout that fires SLACK_TIMEOUT_MS later even when the call has
    // long finished: the burst's last ones are left to pass before "idle" is measured.
    await sleep(SLACK_TIMEOUT_MS + 2_000);
    const [next] = await store.query<{ at: number | null }>("select min(due_at) as at from jobs where state = 'pending'");
    if (process.env.BENCH_DEBUG) {
      for (let w = 0; w < 6; w++) console.log(`idle window ${w}: ${pct(await idleCpuPct(apps, 2_000))}`);
    }
    const idle = await idleCpuPct(apps, idleMs);
    const nextIn = next?.at ? `next job due in ${((next.at - Date.now()) / 60_000).toFixed(0)} min` : 'no job pending';
    rows.push({ what: `baseline: bare Bolt idle CPU over ${seconds(idleMs)}${several ? ', each' : ''}`, value: pct(bareIdle) });
    rows.push({
      what: `warroom idle CPU over ${seconds(idleMs)} with nothing due (${nextIn})${several ? ', each instance' : ''}`,
      value: pct(idle),
      target: `< ${TARGETS.idleCpuPct}%`,
      ok: idle.every((p) => p < TARGETS.idleCpuPct),
    });
    if (store.kind === 'postgres') rows.push(await rolledBack(store));
  } finally {
    await Promise.all(own.map(stop));
    await sim.stop();
  }
  report(bench, `scheduled jobs — ${storeName(store.kind, instances)}`, rows);
}

/** 6. Parts 1–3 on PostgreSQL: two instances (PG_INSTANCES) on one database, each part on a database of its own. */
async function onPostgres(bench: Bench): Promise<void> {
  let store: Store;
  try {
    store = await openStore(bench, 'postgres', 'ingest');
  } catch (error) {
    const server = new URL(TEST_DATABASE_URL);
    server.password = '';
    const reason = (error as Error).message || String(error);
    console.log(`\nPostgreSQL part skipped: could not create a database on ${server.href} (${reason}); set TEST_DATABASE_URL=postgres://user@host:port/db to a server where that user may create databases.`);
    return;
  }
  try {
    await ingestAndDeclare(bench, store, PG_INSTANCES);
  } finally {
    await store.close();
  }
  await onStore(bench, 'postgres', 'jobs', (s) => scheduledJobs(bench, s, PG_INSTANCES));
}

/**
 * 4. Memory after storing many messages. Going through HTTP costs ~1 ms of this machine per
 * event (the bench would take tens of minutes for a million), so they are handed to the app's
 * event handler in batches: the path an HTTP event takes after Bolt's receiver checked its
 * signature (stored in inbound_events, acknowledged, applied to the raw record).
 */
async function memory(bench: Bench): Promise<void> {
  const { messages } = SIZES;
  const sim = new SlackSim({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
  await sim.start();
  const store = await openStore(bench, 'sqlite', 'memory');
  const env = { ...bench.env, SLACK_API_URL: sim.apiUrl, ...store.env };
  const rows: Row[] = [];
  try {
    const channel = sim.createChannel('inc-memory', { members: ['U_ALICE', 'UBOT'] }).id;
    await seedIncidents(store.database, [channel]);
    // The baseline: a bare Bolt app from the same compiled module under plain node, as `npm start` runs the bot, idle.
    const bare = await startApp('bare', env);
    bench.children.push(bare);
    await sleep(1_000);
    const bareRss = (await bare.command<AppStats>({ cmd: 'stats' })).rss;
    await stop(bare);
    const app = await startApp('warroom', env);
    bench.children.push(app);
    await sleep(1_000);
    const before = await app.command<AppStats>({ cmd: 'stats' });
    const baseSec = Math.floor(Date.now() / 1000) - 7200;
    // In quarters, to see whether memory grows with what is stored or levels off.
    const quarters: AppStats[] = [];
    let ms = 0;
    let failed = 0;
    for (let q = 0; q < 4; q++) {
      const count = messages / 4;
      const result = await app.command<{ ackedMs: number; appliedMs: number; failed: number }>({ cmd: 'ingest', channel, count, batch: 500, baseSec: baseSec + q * 100, prefix: `mem${q}` });
      ms += result.appliedMs;
      failed += result.failed;
      quarters.push(await app.command<AppStats>({ cmd: 'stats' }));
    }
    const after = quarters.at(-1)!;
    const collected = await app.command<AppStats>({ cmd: 'stats', gc: true });
    const [{ n: stored }] = (await store.query<{ n: number }>('select count(*) as n from raw_messages where channel_id = ?', [channel])) as [{ n: number }];
    rows.push({
      what: `messages stored through the inbound path (in-process, batches of 500)`,
      value: `${stored.toLocaleString('en-US')} in ${seconds(ms)} (${((messages / ms) * 1000).toFixed(0)}/s)`,
      target: 'all',
      ok: stored === messages && failed === 0,
    });
    rows.push({ what: 'baseline: bare Bolt RSS, idle', value: mb(bareRss) });
    rows.push({ what: 'warroom RSS idle, before storing', value: mb(before.rss) });
    rows.push({ what: 'warroom RSS after each quarter', value: quarters.map((q) => mb(q.rss).replace(' MB', '')).join(' / ') + ' MB' });
    rows.push({ what: 'warroom heap used after / after a full GC (RSS then)', value: `${mb(after.heapUsed)} / ${mb(collected.heapUsed)} (${mb(collected.rss)})` });
    rows.push({ what: `warroom RSS after storing ${messages.toLocaleString('en-US')} messages`, value: mb(after.rss), target: `< ${TARGETS.rssMb} MB`, ok: after.rss < TARGETS.rssMb * 1024 * 1024 });
    await stop(app);
  } finally {
    await store.close();
    await sim.stop();
  }
  report(bench, 'memory — SQLite', rows);
}

interface CatchUpRun {
  ms: number;
  caughtUp: number;
  recorded: number;
  calls: Record<string, number>;
  limited: number;
  /** 429s after which the next call of the same method came sooner than Retry-After allowed. */
  ignoredRetryAfter: number;
}

/**
 * Catch-up of `count` open incidents after a restart, each channel holding two messages the bot
 * never saw, against a simulator that enforces `simTiers` per "minute" of `minuteMs`, with the
 * app pacing itself to `appTiers`.
 */
async function catchUp(bench: Bench, count: number, minuteMs: number, simTiers: Record<string, number>, appTiers: Record<string, number>): Promise<CatchUpRun> {
  if (minuteMs > 1000) throw new Error('the Retry-After check below assumes a "minute" of at most 1 s');
  const sim = new SlackSim({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, rateLimits: { perMinute: simTiers, minuteMs } });
  await sim.start();
  const store = await openStore(bench, 'sqlite', `catchup-${count}-${Date.now()}`);
  try {
    const channels = Array.from({ length: count }, (_, i) => {
      const id = sim.createChannel(`inc-catchup-${i + 1}`, { members: ['U_ALICE', 'UBOT'] }).id;
      sim.seedMessage({ channel: id, user: 'U_ALICE', text: 'the model started refusing valid claims' });
      sim.seedMessage({ channel: id, user: 'U_ALICE', text: 'rolled back to v4.2.0' });
      return id;
    });
    await seedIncidents(store.database, channels);
    const app = await startApp('warroom', {
      ...bench.env,
      SLACK_API_URL: sim.apiUrl,
      ...store.env,
      BENCH_TIERS: JSON.stringify(appTiers),
      BENCH_TIER_MINUTE_MS: String(minuteMs),
    });
    // From the moment the app is up (it enqueues the catch-up round as it starts).
    const t0 = performance.now();
    bench.children.push(app);
    const counted = async (text: string) => (await store.query<{ n: number }>(text))[0]!.n;
    const caught = () => counted('select count(*) as n from incidents where caught_up_ts is not null');
    await waitUntil(async () => (await caught()) >= count, 60 * minuteMs * 5 + 120_000, 50);
    const ms = performance.now() - t0;
    const caughtUp = await caught();
    const recorded = await counted('select count(*) as n from raw_messages');
    await stop(app);
    const bulk = sim.calls.filter((c) => c.method in simTiers);
    const calls: Record<string, number> = {};
    for (const c of bulk) calls[c.method] = (calls[c.method] ?? 0) + 1;
    // The sim's Retry-After is whole seconds, at least 1: with a "minute" of at most a second, 1 s.
    let ignoredRetryAfter = 0;
    bulk.forEach((c, i) => {
      if (c.status !== 429) return;
      const nextCall = bulk.slice(i + 1).find((d) => d.method === c.method);
      if (nextCall && nextCall.at - c.at < 1000 - 5) ignoredRetryAfter += 1;
    });
    return { ms, caughtUp, recorded, calls, limited: bulk.filter((c) => c.status === 429).length, ignoredRetryAfter };
  } finally {
    await store.close();
    await sim.stop();
  }
}

/** 5. Catch-up of many open incidents against the simulator's rate-limit tiers, on a shortened minute. */
async function catchUps(bench: Bench): Promise<void> {
  const { catchUp: count, catchUpMinuteMs: minuteMs } = SIZES;
  const rows: Row[] = [];
  const speedUp = 60_000 / minuteMs;
  const tiers = SLACK_TIERS_PER_MINUTE;
  const run = await catchUp(bench, count, minuteMs, tiers, tiers);
  const callList = Object.entries(run.calls)
    .map(([m, n]) => `${n} ${m}`)
    .join(', ');
  rows.push({
    what: `${count} open incidents caught up (2 missed messages each)`,
    value: `${run.caughtUp}/${count}, ${run.recorded} messages`,
    target: 'all',
    ok: run.caughtUp === count && run.recorded === 2 * count,
  });
  rows.push({ what: `Slack calls (${Object.entries(tiers).map(([m, n]) => `${m} ${n}/min`).join(', ')})`, value: callList });
  rows.push({ what: `time at Slack's tiers on a ${minuteMs} ms "minute" (${speedUp}× faster)`, value: seconds(run.ms) });
  // On real Slack the waits are real minutes: each method may make its tier's calls in any minute,
  // so the slowest method needs (calls − tier) / tier minutes after its first minute's calls.
  const [slowest, waitMin] = Object.entries(run.calls)
    .map(([m, n]) => [m, Math.max(0, n - (tiers[m] ?? n)) / (tiers[m] ?? 1)] as const)
    .sort((a, b) => b[1] - a[1])[0] ?? ['none', 0];
  rows.push({ what: `projected on real Slack (bound by ${slowest} at ${tiers[slowest] ?? '?'}/min)`, value: `≈ ${Math.ceil(waitMin)} min` });
  rows.push({ what: '429s drawn while pacing to the same tiers', value: String(run.limited), target: '0', ok: run.limited === 0 });

  // A simulator stricter than the pacer (half its tiers): 429s happen; each is waited out by
  // every catch-up (the pacer is told), and the failed job is retried after it.
  const half = Object.fromEntries(Object.entries(tiers).map(([m, n]) => [m, Math.max(1, Math.floor(n / 2))]));
  const strictCount = Math.min(count, QUICK ? 40 : 100);
  const strict = await catchUp(bench, strictCount, minuteMs, half, tiers);
  rows.push({
    what: `Slack allowing half the pacer's tiers (${strictCount} incidents): 429s, all caught up`,
    value: `${strict.limited} × 429, ${strict.caughtUp}/${strictCount} in ${seconds(strict.ms)}`,
    target: 'all',
    ok: strict.caughtUp === strictCount && strict.recorded === 2 * strictCount,
  });
  rows.push({ what: 'calls made within a Retry-After of a 429 of the same method', value: String(strict.ignoredRetryAfter), target: '0', ok: strict.ignoredRetryAfter === 0 });
  report(bench, 'catch-up after a restart — SQLite', rows);
}

async function main(): Promise<void> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'warroom-bench-'));
  const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: '0', LOG_LEVEL: 'warn' };
  const bench: Bench = { dir, env, children: [], cleanups: [], tables: [], since: 0 };
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  const parts: [string, (b: Bench) => Promise<void>][] = [
    ['ingest', (b) => onStore(b, 'sqlite', 'ingest', (s) => ingestAndDeclare(b, s, 1))],
    ['jobs', (b) => onStore(b, 'sqlite', 'jobs', (s) => scheduledJobs(b, s, 1))],
    ['pg', onPostgres],
    ['memory', memory],
    ['catchup', catchUps],
  ];
  // Children stopped, Postgres databases dropped and the temp directory removed once, whether the
  // run ends, fails or is interrupted.
  let cleaning: Promise<void> | null = null;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      await Promise.all(bench.children.map(stop));
      for (const cleanup of bench.cleanups) await cleanup().catch((error: unknown) => console.error(`clean-up failed: ${String(error)}`));
      rmSync(dir, { recursive: true, force: true });
    })());
  const interrupted = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  console.log(`warroom bench${QUICK ? ' (--quick: small sizes, a smoke run; the figures mean little)' : ''}`);
  try {
    for (const [name, part] of parts) {
      if (only && !only.includes(name)) continue;
      bench.since = performance.now();
      await part(bench);
    }
  } finally {
    await cleanUp();
  }

  // Post-mortem compile time: bench/postmortem-compile.ts belongs to the post-mortem work and
  // is run here when present.
  const compileBench = new URL('./postmortem-compile.ts', import.meta.url);
  if (existsSync(compileBench) && (!only || only.includes('compile'))) {
    type Compile = (sizes?: readonly number[], runs?: number) => Promise<{ entries: number; ms: number }[]>;
    const { runCompileBench } = (await import(compileBench.href)) as { runCompileBench: Compile };
    const results = await runCompileBench(SIZES.compile, SIZES.compileRuns);
    printTable(
      'post-mortem compile (median)',
      results.map((r) => ({ what: `${r.entries.toLocaleString('en-US')} timeline entries`, value: `${r.ms.toFixed(1)} ms` })),
    );
  }

  const logged = bench.children.flatMap((c) => c.stderr).filter((l) => / (warn|error) /.test(l) || l.startsWith('[') || l.includes('"level":'));
  if (logged.length) {
    console.log(`\n${logged.length} warning/error line(s) from the apps during the run, first ones:`);
    for (const l of logged.slice(0, 5)) console.log(`  ${l.slice(0, 300)}`);
  }
  console.log(`\nbench finished in ${seconds(performance.now() - started)}`);
  const missed = bench.tables.flatMap((t) => t.rows).filter((r) => r.ok === false);
  if (missed.length) console.log(`${missed.length} figure(s) missed their target (WARN above)`);
}

function printTable(title: string, table: Row[]): void {
  const cells = table.map((r) => [r.what, r.value, r.target ?? '', r.ok === undefined ? '' : r.ok ? 'PASS' : 'WARN']);
  const header = ['measure', 'value', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => (i === 1 ? x.padStart(widths[i]!) : x.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

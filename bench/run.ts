import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { SlackSim } from '../src/slack-sim';
import type { LoadJob, LoadResult } from './load-process';

/**
 * `npm run bench`: the real app (Bolt HTTP receiver, listeners, SQLite file) against the Slack
 * simulator, beside a bare Bolt app that only acks, in one run so both see the same machine.
 *
 * Processes: this one runs the simulator and keeps score; the real app, the bare app and the load
 * generator each run in their own (bench/app-process.ts, bench/load-process.ts). In production
 * neither Slack nor the load shares the bot's event loop, and in one process each would be
 * measured as the others' latency. Figures are printed with their targets as PASS/WARN; nothing
 * here is a test.
 */

const SIGNING_SECRET = 'bench-signing-secret-0123456789';
const BOT_TOKEN = 'xoxb-bench-bot-token-0123456789';
const EVENTS = 4000;
const WARMUP = 500;
const CONCURRENCY = 32;
/** Every RETRY_EVERY-th event is delivered a second time as a Slack retry (same body and event_id). */
const RETRY_EVERY = 20;
const DECLARATIONS = 50;

const TARGETS = { ratio: 0.9, ackP99Ms: 50, viewsOpenP99Ms: 300 };

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

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

interface Child {
  process: ChildProcess;
  stderr: string[];
  lines: AsyncIterator<string>;
}

function spawnTsx(script: string, args: string[], env: Record<string, string>): Child {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', path, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(...chunk.split('\n').filter(Boolean)));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return { process: child, stderr, lines };
}

async function nextLine(child: Child, what: string): Promise<string> {
  const exited = new Promise<never>((_, reject) =>
    child.process.once('exit', (code) => reject(new Error(`${what} exited (${code}):\n${child.stderr.join('\n')}`))),
  );
  const line = await Promise.race([child.lines.next(), exited]);
  if (line.done) throw new Error(`${what} closed its output:\n${child.stderr.join('\n')}`);
  return line.value;
}

async function startApp(mode: 'warroom' | 'bare', env: Record<string, string>): Promise<Child & { url: string }> {
  const child = spawnTsx('./app-process.ts', [mode], env);
  const { port } = JSON.parse(await nextLine(child, `${mode} app`)) as { port: number };
  return { ...child, url: `http://127.0.0.1:${port}/slack/events` };
}

async function stop(child: Child): Promise<void> {
  if (child.process.exitCode !== null) return;
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

async function main(): Promise<void> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'warroom-bench-'));
  const sim = new SlackSim({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, ackTimeoutMs: 10_000 });
  await sim.start();
  const dbPath = join(dir, 'warroom.db');
  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: sim.apiUrl,
    PORT: '0',
    DATABASE_PATH: dbPath,
    LOG_LEVEL: 'warn',
  };
  const rows: Row[] = [];
  const children: Child[] = [];
  let db: Database.Database | null = null;
  try {
    const [app, bare] = await Promise.all([startApp('warroom', env), startApp('bare', env)]);
    const load = spawnTsx('./load-process.ts', [], env);
    children.push(app, bare, load);
    const runJob = async (job: LoadJob): Promise<LoadResult> => {
      load.process.stdin!.write(`${JSON.stringify(job)}\n`);
      return JSON.parse(await nextLine(load, 'load generator')) as LoadResult;
    };
    sim.setAppUrl(app.url);
    db = new Database(dbPath, { readonly: true });

    // An incident channel for the messages to land in.
    const general = sim.createChannel('general', { members: ['U_ALICE', 'U_BOB', 'UBOT'] });
    await sim.sendCommand({ user: 'U_ALICE', channel: general.id, text: 'declare sev3 Bench incident' });
    const incident = db.prepare('select channel_id as channel, card_ts as card from incidents where id = 1');
    if (!(await waitUntil(() => !!(incident.get() as { card?: string } | undefined)?.card, 10_000))) throw new Error('the bench incident was not set up');
    const channel = (incident.get() as { channel: string }).channel;
    const count = db.prepare('select count(*) as n from raw_messages where channel_id = ? and text like ?');
    const stored = (prefix: string) => (count.get(channel, `${prefix}-%`) as { n: number }).n;
    const events = (url: string, requests: LoadJob['requests']) => runJob({ url, requests, concurrency: CONCURRENCY, keepAlive: true });

    // 1. Message events: warm both up, then measure each twice, interleaved, and keep the best.
    const baseSec = Math.floor(Date.now() / 1000) - 3600;
    const warm = messageEvents(channel, 'w', WARMUP, baseSec);
    await events(bare.url, warm.requests);
    await events(app.url, warm.requests);
    await waitUntil(() => stored('w') === WARMUP, 10_000);

    const bareRates: number[] = [];
    const appRates: number[] = [];
    let storedOnce = true;
    let failures = 0;
    for (const [n, round] of ['a', 'b'].entries()) {
      const run = messageEvents(channel, round, EVENTS, baseSec + 100 * (n + 1));
      const b = await events(bare.url, run.requests);
      bareRates.push(EVENTS / (b.totalMs / 1000));
      const t0 = performance.now();
      const a = await events(app.url, run.requests);
      // Bolt acks before the listener runs: the app is done when every row is stored, not when the last ack left.
      const complete = await waitUntil(() => stored(round) >= EVENTS, 20_000);
      appRates.push(EVENTS / (Math.max(a.totalMs, performance.now() - t0) / 1000));
      failures += [...a.results, ...b.results].filter((r) => r.status !== 200).length;
      const perTs = db
        .prepare('select ts, count(*) as n from raw_messages where channel_id = ? and text like ? group by ts')
        .all(channel, `${round}-%`) as { ts: string; n: number }[];
      const seen = new Set(perTs.map((r) => r.ts));
      storedOnce &&= complete && perTs.length === EVENTS && perTs.every((r) => r.n === 1) && run.ts.every((t) => seen.has(t));
    }
    const bareRate = Math.max(...bareRates);
    const appRate = Math.max(...appRates);
    const ratio = appRate / bareRate;
    rows.push({ what: `message events/s, bare Bolt (${EVENTS} events, ${CONCURRENCY} in flight)`, value: bareRate.toFixed(0) });
    rows.push({ what: 'message events/s, warroom (acked and stored)', value: appRate.toFixed(0) });
    rows.push({ what: 'warroom / bare', value: `${(ratio * 100).toFixed(1)}%`, target: `≥ ${TARGETS.ratio * 100}%`, ok: ratio >= TARGETS.ratio });
    rows.push({
      what: `each event stored exactly once (+${Math.ceil(EVENTS / RETRY_EVERY)} retries per run)`,
      value: storedOnce ? `${EVENTS}/${EVENTS} ×2` : 'NO',
      target: 'all, once',
      ok: storedOnce && failures === 0,
    });

    // 2. `/incident declare` (the form path) from 50 people at once, one connection each as Slack
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
    await runJob({ url: app.url, requests: Array.from({ length: 5 }, (_, i) => command(i)), concurrency: 1, keepAlive: false });
    await waitUntil(() => sim.callsTo('views.open').length >= 5, 5_000);
    sim.reset();
    // The same burst at the bare app (it acks `/incident` and does nothing else): what this machine
    // allows before any follow-up work competes with the acks.
    const bareBurst = await runJob({ url: bare.url, requests: Array.from({ length: DECLARATIONS }, (_, i) => command(i)), concurrency: DECLARATIONS, keepAlive: false });
    const burst = Array.from({ length: DECLARATIONS }, (_, i) => command(i));
    const declared = await runJob({ url: app.url, requests: burst, concurrency: DECLARATIONS, keepAlive: false });
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
    rows.push({ what: `bare Bolt ack-only p50 / p99 (same ${DECLARATIONS} at once)`, value: `${percentile(bareAcks, 50).toFixed(1)} / ${percentile(bareAcks, 99).toFixed(1)} ms` });
    rows.push({ what: `/incident declare ack p50 (${DECLARATIONS} at once)`, value: `${percentile(acks, 50).toFixed(1)} ms` });
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
  } finally {
    db?.close();
    await Promise.all(children.map(stop));
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  printTable('warroom bench: Slack ingestion and declaration', rows);

  // 3. Post-mortem compile time: bench/postmortem-compile.ts belongs to the post-mortem work and
  // is run here when present.
  const compileBench = new URL('./postmortem-compile.ts', import.meta.url);
  if (existsSync(compileBench)) {
    const { runCompileBench } = (await import(compileBench.href)) as { runCompileBench: () => Promise<{ entries: number; ms: number }[]> };
    const results = await runCompileBench();
    printTable(
      'post-mortem compile (median)',
      results.map((r) => ({ what: `${r.entries.toLocaleString('en-US')} timeline entries`, value: `${r.ms.toFixed(1)} ms` })),
    );
  }

  const logged = children.flatMap((c) => c.stderr).filter((l) => / (warn|error) /.test(l) || l.startsWith('['));
  if (logged.length) {
    console.log(`\n${logged.length} warning/error line(s) from the apps during the run, first ones:`);
    for (const l of logged.slice(0, 5)) console.log(`  ${l}`);
  }
  console.log(`\nbench finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
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

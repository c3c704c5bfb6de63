import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { loadConfig } from '../config';
import { connectDatabase } from '../db/client';
import { incidentKey } from '../domain/channel-name';
import { createLogger } from '../logger';
import { createSlackApp } from '../slack/app';
import { SlackSim } from '../slack-sim';
import { createDemoClock, playScenario } from './player';
import { durationMs, loadScenario, type Scenario } from './scenario';

/** Credentials the local Slack and the bot share; they unlock nothing outside this process. */
export const LOCAL_SIGNING_SECRET = 'local-demo-signing-secret';
export const LOCAL_BOT_TOKEN = 'xoxb-local-demo-token';

export interface DemoResult {
  scenario: Scenario;
  postmortemPath: string;
  /** The SQLite file left for inspection, or the database the caller gave. */
  databaseLocation: string;
  postmortem: string;
  incidentIds: number[];
}

export interface DemoOptions {
  outDir: string;
  print: (line: string) => void;
  /**
   * The variables that point the bot at an empty database to play on instead (DATABASE_URL or
   * DATABASE_PATH, as in production); by default a fresh SQLite file in `outDir`.
   */
  databaseEnv?: Record<string, string>;
}

/**
 * Plays one scenario end to end: a fresh local Slack, the real bot over HTTP on loopback, a
 * fresh SQLite file left in `outDir` for inspection (or the database given), and the post-mortem
 * draft written in `outDir`.
 */
export async function runDemo(scenarioPath: string, opts: DemoOptions): Promise<DemoResult> {
  const scenario = loadScenario(scenarioPath);
  const slug = basename(scenarioPath).replace(/\.json$/, '');
  const outDir = resolve(opts.outDir);
  mkdirSync(outDir, { recursive: true });
  let databaseEnv = opts.databaseEnv;
  if (!databaseEnv) {
    const path = join(outDir, `${slug}.db`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    databaseEnv = { DATABASE_PATH: path };
  }

  // On a whole minute: the clock also moves with real time (a few seconds per demo), and prose
  // that names a minute must not see the step after it land in the next one.
  const clock = createDemoClock(Math.floor((Date.now() - durationMs(scenario.startsAgo)) / 60_000) * 60_000);
  const sim = new SlackSim({
    signingSecret: LOCAL_SIGNING_SECRET,
    botToken: LOCAL_BOT_TOKEN,
    users: scenario.users.map((u) => ({ ...u })),
    clock: clock.now,
  });
  await sim.start();
  for (const ch of scenario.channels) sim.createChannel(ch.name, { members: ch.members });
  const incidents = sim.channelByName(scenario.incidentsChannel) ?? sim.createChannel(scenario.incidentsChannel, { members: [] });

  const config = loadConfig({
    SLACK_BOT_TOKEN: LOCAL_BOT_TOKEN,
    SLACK_SIGNING_SECRET: LOCAL_SIGNING_SECRET,
    SLACK_API_URL: sim.apiUrl,
    PORT: '0',
    ...databaseEnv,
    INCIDENTS_CHANNEL: incidents.id,
    LOG_LEVEL: 'warn',
  });
  const database = await connectDatabase(config.databaseLocation, { poolMax: config.databasePoolMax });
  const logger = createLogger({ level: 'warn', write: (line) => opts.print(`    ! ${line}`) });
  const slack = await createSlackApp({ config, database, logger, now: () => new Date(clock.now()) });
  try {
    const port = await slack.start();
    sim.setAppUrl(`http://127.0.0.1:${port}/slack/events`);
    opts.print(`▶ ${scenario.name}`);
    opts.print(`  ${scenario.description}`);
    await playScenario(scenario, {
      sim,
      clock,
      print: opts.print,
      settle: () => slack.settle(),
      incidentChannel: latestIncidentChannel,
    });
    const ids = (await allIncidents()).map((i) => i.id);
    const last = ids.at(-1);
    const draft = last !== undefined ? await slack.deps.ctx.repos.postmortem.latestDraft(last) : undefined;
    if (!draft) throw new Error('the scenario ended without a post-mortem draft: it must resolve its incident');
    const postmortemPath = join(outDir, `${slug}-${incidentKey(draft.incidentId)}-postmortem.md`);
    writeFileSync(postmortemPath, draft.markdown);
    return { scenario, postmortemPath, databaseLocation: config.databaseLocation, postmortem: draft.markdown, incidentIds: ids };
  } finally {
    await slack.stop();
    await database.close();
    await sim.stop();
  }

  /** Every incident of the demo, in id order (a demo declares one or two). */
  function allIncidents() {
    return database.repos.followup.incidentsSince(new Date(0));
  }

  async function latestIncidentChannel(): Promise<string | null> {
    return (await allIncidents()).findLast((i) => i.channelId)?.channelId ?? null;
  }
}

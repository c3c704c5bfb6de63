import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { LOCAL_BOT_TOKEN, LOCAL_SIGNING_SECRET } from '../demo/run-demo';
import { createTranscript } from '../demo/transcript';
import { terminalSafe } from '../domain/text';
import { createLogger } from '../logger';
import { createSlackApp } from '../slack/app';
import { CALLBACK } from '../slack/ids';
import { SlackSim } from '../slack-sim';

const HELP = `Type, as the current user in the current channel:
  /incident <args>        a slash command, e.g. /incident declare sev2 Chatbot invents refund policy
  <any other text>        a message (mention people as @bob)
  :as <name>              act as another user (:users lists them)
  :in #<channel>          switch channel (:channels lists them)
  :pin | :react <emoji> | :timeline | :edit <text> | :delete   on your last message in this channel
  :submit key=value …     submit the open form; keys are its block ids (:form shows them),
                          users by name, several with commas, times as 2026-11-23T09:00
  :help | :quit`;

/**
 * `npm run slack:local`: the project's local Slack and the real bot, for trying commands by hand.
 * The local Slack lives in memory, so both start fresh by default: the SQLite file (default
 * data/local.db) is replaced. `--keep` keeps the database; the local Slack then numbers its ids
 * above every id the database holds, so a new channel never collides with an old incident's.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      port: { type: 'string', default: '3000' },
      'sim-port': { type: 'string', default: '4000' },
      db: { type: 'string', default: 'data/local.db' },
      keep: { type: 'boolean', default: false },
    },
  });
  if (!values.keep) for (const suffix of ['', '-wal', '-shm']) rmSync(`${values.db}${suffix}`, { force: true });
  mkdirSync(dirname(values.db!), { recursive: true });
  const database = openDatabase(values.db!);
  const sim = new SlackSim({
    signingSecret: LOCAL_SIGNING_SECRET,
    botToken: LOCAL_BOT_TOKEN,
    port: Number(values['sim-port']),
    idFloor: highestSlackId(database),
  });
  await sim.start();
  const people = [...sim.users.values()].filter((u) => !u.isBot);
  const general = sim.createChannel('general', { members: people.map((u) => u.id) });
  const incidents = sim.createChannel('incidents', { members: people.map((u) => u.id) });
  const config = loadConfig({
    SLACK_BOT_TOKEN: LOCAL_BOT_TOKEN,
    SLACK_SIGNING_SECRET: LOCAL_SIGNING_SECRET,
    SLACK_API_URL: sim.apiUrl,
    PORT: values.port,
    DATABASE_PATH: values.db,
    INCIDENTS_CHANNEL: incidents.id,
    LOG_LEVEL: 'warn',
  });
  // Whatever people typed (and the bot echoed) reaches a terminal: no control sequences.
  const out = (line: string) => process.stdout.write(`${terminalSafe(line)}\n`);
  const slack = await createSlackApp({ config, database, logger: createLogger({ level: 'warn', write: (l) => out(`  ! ${l}`) }) });
  const port = await slack.start();
  sim.setAppUrl(`http://127.0.0.1:${port}/slack/events`);

  let user = people[0].id;
  let channel = general.id;
  const name = (id: string) => sim.users.get(id)?.name ?? id;
  const transcript = createTranscript(sim, out, name);
  const idOf = (n: string) => people.find((u) => u.name === n.replace(/^@/, '') || u.id === n)?.id;
  const lastMine = () => [...sim.messages(channel)].reverse().find((m) => m.user === user);
  const settle = async () => {
    await slack.settle().catch((error: unknown) => out(`  ! ${error instanceof Error ? error.message : String(error)}`));
    transcript.showNew();
  };

  out(`Local Slack on ${sim.baseUrl} · bot on http://127.0.0.1:${port}/slack/events · database ${values.db}${values.keep ? ' (kept)' : ' (fresh; --keep keeps it)'}`);
  out(`Users: ${people.map((u) => `@${u.name}`).join(' ')} · channels #general (${general.id}), #incidents (${incidents.id})`);
  out(`Raw signed HTTP, from another shell:  npm run -s sign -- --command "list" --channel ${general.id} --url http://127.0.0.1:${port}/slack/events | sh`);
  out(HELP);

  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const prompt = () => rl.setPrompt(`@${name(user)} in #${sim.channels.get(channel)?.name}> `);
  prompt();
  rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    try {
      if (!line) {
        // nothing
      } else if (line === ':quit') {
        break;
      } else if (line === ':help') {
        out(HELP);
      } else if (line === ':users') {
        out(people.map((u) => `@${u.name} (${u.id})`).join('  '));
      } else if (line === ':channels') {
        out([...sim.channels.values()].filter((c) => !c.isIm).map((c) => `#${c.name} (${c.id})${c.members.has(user) ? '' : ' — not a member'}`).join('\n'));
      } else if (line.startsWith(':as ')) {
        user = idOf(line.slice(4).trim()) ?? user;
      } else if (line.startsWith(':in ')) {
        const ch = sim.channelByName(line.slice(4).trim().replace(/^#/, ''));
        if (ch) channel = ch.id;
        else out('No such channel (:channels lists them).');
      } else if (line.startsWith('/incident')) {
        await sim.sendCommand({ user, channel, text: line.replace(/^\/incident\s*/, '') });
      } else if (line === ':pin' || line.startsWith(':react') || line === ':timeline' || line.startsWith(':edit ') || line === ':delete') {
        const m = lastMine();
        if (!m) out('You have no message in this channel yet.');
        else if (line === ':pin') await sim.userPins({ user, channel, ts: m.ts });
        else if (line === ':timeline') await sim.messageShortcut({ user, channel, messageTs: m.ts, callbackId: CALLBACK.addToTimelineShortcut });
        else if (line.startsWith(':edit ')) await sim.userEdits({ user, channel, ts: m.ts, text: line.slice(6) });
        else if (line === ':delete') await sim.userDeletes({ channel, ts: m.ts });
        else await sim.userReacts({ user, channel, ts: m.ts, name: line.split(/\s+/)[1]?.replace(/:/g, '') || 'pushpin' });
      } else if (line === ':form') {
        const view = sim.lastView();
        const blocks = ((view?.view as { blocks?: { type: string; block_id: string; element?: { type: string } }[] })?.blocks ?? []).filter((b) => b.type === 'input');
        out(view?.open ? blocks.map((b) => `${b.block_id} (${b.element?.type})`).join('\n') : 'No form is open.');
      } else if (line.startsWith(':submit')) {
        const view = sim.lastView();
        const blocks = (view?.view as { blocks?: { block_id: string; element?: { type: string } }[] })?.blocks ?? [];
        const form: Record<string, unknown> = {};
        for (const pair of line.slice(7).trim().match(/(\w+)=("[^"]*"|\S+)/g) ?? []) {
          const [key, rawValue] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1).replace(/^"|"$/g, '')];
          const type = blocks.find((b) => b.block_id === key)?.element?.type ?? '';
          const asUser = (v: string) => idOf(v) ?? v;
          if (type === 'multi_users_select') form[key] = rawValue.split(',').map(asUser);
          else if (type === 'users_select') form[key] = asUser(rawValue);
          else if (type === 'checkboxes' || type.startsWith('multi_')) form[key] = rawValue.split(',');
          else if (type === 'datetimepicker') form[key] = Math.floor(Date.parse(`${rawValue}Z`) / 1000);
          else form[key] = rawValue;
        }
        const answer = await sim.submitView({ user, values: form });
        if (answer.body?.response_action === 'errors') out(`  form errors: ${JSON.stringify(answer.body.errors)}`);
      } else if (line.startsWith(':')) {
        out('Unknown command (:help).');
      } else {
        if (!sim.channels.get(channel)?.members.has(user)) await sim.userJoins({ user, channel }).catch(() => undefined);
        sim.channels.get(channel)?.members.add(user);
        await sim.userPosts({ user, channel, text: line });
      }
      await settle();
    } catch (error) {
      out(`  ${error instanceof Error ? error.message : String(error)}`);
    }
    prompt();
    rl.prompt();
  }
  // Leaving the loop does not release stdin: readline stops reading but the handle stays open
  // and keeps the process alive after everything else has stopped.
  rl.close();
  process.stdin.destroy();
  await slack.stop();
  await database.close();
  await sim.stop();
}

/** The highest number in any Slack id the database holds (C00000007 → 7), so new ids start above it. */
function highestSlackId(database: ReturnType<typeof openDatabase>): number {
  const rows = database.sqlite.prepare('select channel_id as id from incidents union select origin_channel_id from incidents').all() as { id: string | null }[];
  let max = 0;
  for (const { id } of rows) {
    const n = id ? Number(/^[A-Z](\d+)$/.exec(id)?.[1] ?? 0) : 0;
    if (n > max) max = n;
  }
  return max;
}

main().catch((error: unknown) => {
  process.stderr.write(`slack:local failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

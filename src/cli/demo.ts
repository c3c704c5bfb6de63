import { terminalSafe } from '../domain/text';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { runDemo } from '../demo/run-demo';
import { listScenarios, SCENARIO_DIR } from '../demo/scenario';

/**
 * `npm run demo [-- <scenario>]`: plays a realistic AI-safety incident through the real bot and
 * the local Slack — no credentials, no network — and writes the post-mortem draft to demo-output/.
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { out: { type: 'string', default: 'demo-output' }, list: { type: 'boolean' } },
  });
  const all = listScenarios();
  if (values.list) {
    for (const s of all) process.stdout.write(`${relative(SCENARIO_DIR, s).replace(/\.json$/, '')}\n`);
    return;
  }
  const wanted = positionals[0] ?? 'hiring-model-bias';
  const path = all.find((s) => s.endsWith(`/${wanted}.json`) || s === wanted);
  if (!path) {
    process.stderr.write(`No scenario "${wanted}". Available: ${all.map((s) => relative(SCENARIO_DIR, s).replace(/\.json$/, '')).join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  const started = Date.now();
  const result = await runDemo(path, { outDir: values.out!, print: (line) => process.stdout.write(`${terminalSafe(line)}\n`) });
  const cwd = process.cwd();
  process.stdout.write(
    [
      '',
      `✔ Played "${result.scenario.name}" in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      `  Post-mortem draft: ${relative(cwd, result.postmortemPath)}`,
      `  Database (inspect with sqlite3 or \`DATABASE_PATH=${relative(cwd, result.databaseLocation)} npm run postmortem -- INC-${result.incidentIds.at(-1)}\`): ${relative(cwd, result.databaseLocation)}`,
      `  Other scenarios: npm run demo -- --list`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

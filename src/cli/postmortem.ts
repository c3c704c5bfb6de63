import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadDotEnv } from '../config';
import { incidentKey } from '../domain/channel-name';
import { compilePostmortem } from '../domain/postmortem';
import { terminalSafe } from '../domain/text';
import { loadPostmortemInput } from '../services/compile-postmortem';
import { createServiceContext } from '../services/context';
import { findIncident, runAsMain, withCliDatabase, type CliIo } from './support';

const USAGE = 'usage: npm run postmortem -- <INC-7 | 7 | channel id> [--out file.md]';

/**
 * Prints an incident's latest stored post-mortem draft — the same Markdown that was uploaded to
 * Slack. Before any draft exists it prints an unsaved preview compiled from what is recorded.
 */
export async function runPostmortemCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const target = parsed.positionals[0];
  if (parsed.values.help || !target) {
    io.err(`${USAGE}\n`);
    return parsed.values.help ? 0 : 2;
  }
  return withCliDatabase(env, io, async (database, path) => {
    const ctx = createServiceContext(database);
    const incident = await findIncident(database, target);
    if (!incident) {
      io.err(`No incident matches "${target}" in ${path}.\n`);
      return 1;
    }
    const stored = await ctx.repos.postmortem.latestDraft(incident.id);
    let markdown: string;
    if (stored) {
      markdown = stored.markdown;
    } else {
      io.err(`${incidentKey(incident.id)} has no stored draft yet (it is compiled on resolve); printing an unsaved preview.\n`);
      markdown = compilePostmortem(await loadPostmortemInput(ctx.repos, incident.id, { users: {}, generatedAt: new Date(), version: 1 }));
    }
    if (parsed.values.out) {
      writeFileSync(parsed.values.out, markdown);
      io.err(`Wrote ${incidentKey(incident.id)} post-mortem draft${stored ? ` v${stored.version}` : ' preview'} to ${parsed.values.out}\n`);
    } else {
      // A draft stored by an older version may still hold ESC sequences; the terminal never gets them.
      io.out(terminalSafe(markdown));
    }
    return 0;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  loadDotEnv();
  await runAsMain(runPostmortemCli);
}

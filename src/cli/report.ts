import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadDotEnv, loadRegulatoryConfig } from '../config';
import { incidentKey } from '../domain/channel-name';
import { DomainError } from '../domain/errors';
import { terminalSafe } from '../domain/text';
import { createServiceContext } from '../services/context';
import { regulatoryExport } from '../services/regulatory-export';
import { findIncident, runAsMain, withCliDatabase, type CliIo } from './support';

const USAGE = 'usage: npm run report -- <INC-7 | 7 | channel id> --regime <ai-act | gdpr | nis2 | your regime> [--format md|json] [--out file]';

/**
 * The regulator-ready export of one incident for one regime: Markdown (default) or JSON with the
 * keys documented in the README. Provider and contact come from REGULATORY_PROVIDER_NAME/CONTACT.
 */
export async function runReportCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { regime: { type: 'string', short: 'r' }, format: { type: 'string', short: 'f', default: 'md' }, out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const target = parsed.positionals[0];
  const format = parsed.values.format;
  if (parsed.values.help || !target || !parsed.values.regime || (format !== 'md' && format !== 'json')) {
    io.err(`${USAGE}\n`);
    return parsed.values.help ? 0 : 2;
  }
  let regulatory;
  try {
    regulatory = loadRegulatoryConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  return withCliDatabase(env, io, async (database, path) => {
    const ctx = createServiceContext(database, () => new Date(), { regulatory });
    const incident = await findIncident(database, target!);
    if (!incident) {
      io.err(`No incident matches "${target}" in ${path}.\n`);
      return 1;
    }
    let result;
    try {
      result = await regulatoryExport(ctx, ctx.repos, incident.id, parsed.values.regime!, format, regulatory.provider);
    } catch (error) {
      if (error instanceof DomainError) {
        io.err(`${error.message}\n`);
        return 2;
      }
      throw error;
    }
    if (parsed.values.out) {
      writeFileSync(parsed.values.out, result.content);
      io.err(`Wrote the ${incidentKey(incident.id)} ${parsed.values.regime} export to ${parsed.values.out}\n`);
    } else io.out(terminalSafe(result.content));
    return 0;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  loadDotEnv();
  await runAsMain(runReportCli);
}

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadDatabasePath, loadDotEnv, loadRegulatoryConfig } from '../config';
import { openDatabase } from '../db/client';
import { incidentKey, parseIncidentKey } from '../domain/channel-name';
import { DomainError } from '../domain/errors';
import { terminalSafe } from '../domain/text';
import { createServiceContext } from '../services/context';
import { regulatoryExport } from '../services/regulatory-export';

const USAGE = 'usage: npm run report -- <INC-7 | 7 | channel id> --regime <ai-act | gdpr | nis2 | your regime> [--format md|json] [--out file]';

/**
 * The regulator-ready export of one incident for one regime: Markdown (default) or JSON with the
 * keys documented in the README. Provider and contact come from REGULATORY_PROVIDER_NAME/CONTACT.
 */
export async function runReportCli(argv: string[], env: NodeJS.ProcessEnv, io: { out: (s: string) => void; err: (s: string) => void }): Promise<number> {
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
  let path;
  let regulatory;
  try {
    path = loadDatabasePath(env);
    regulatory = loadRegulatoryConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const database = openDatabase(path);
  try {
    const ctx = createServiceContext(database, () => new Date(), { regulatory });
    const number = parseIncidentKey(target);
    const incident = number !== null ? await ctx.repos.incidents.byId(number) : await ctx.repos.incidents.byChannel(target);
    if (!incident) {
      io.err(`No incident matches "${target}" in ${path}.\n`);
      return 1;
    }
    let result;
    try {
      result = await regulatoryExport(ctx, ctx.repos, incident.id, parsed.values.regime, format, regulatory.provider);
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
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  loadDotEnv();
  process.exitCode = await runReportCli(process.argv.slice(2), process.env, {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  });
}

import { parseArgs } from 'node:util';
import { loadDotEnv } from '../config';
import { incidentKey } from '../domain/channel-name';
import type { ChainBreak } from '../domain/timeline-chain';
import { verifyTimeline } from '../services/verify-timeline';
import { findIncident, runAsMain, withCliDatabase, type CliIo } from './support';

const USAGE = 'usage: npm run verify -- <INC-7 | 7 | channel id>';

const entry = (id: number | null) => (id === null ? 'the start of the timeline' : `entry #${id}`);

/** The first break in words a person (or an auditor) can act on. */
export function describeBreak(b: ChainBreak): string {
  switch (b.code) {
    case 'content_changed':
      return `entry #${b.entryId} was changed after it was written: its content no longer hashes to its stored digest (stored ${b.stored ?? 'none'}, recomputed ${b.expected}).`;
    case 'link_broken':
      return `entry #${b.entryId} does not follow ${entry(b.afterId)}: an entry between them was removed, or #${b.entryId} was inserted or moved (it points to ${b.storedPrev ?? 'nothing'}, expected ${b.expectedPrev}).`;
    case 'unchained':
      return `entry #${b.entryId} has no digest: it was written behind the bot's back.`;
    case 'tail_missing':
      return `the last ${b.expectedEntries - b.foundEntries} entr${b.expectedEntries - b.foundEntries === 1 ? 'y was' : 'ies were'} removed: the chain ends at ${entry(b.missingAfterId)} but its recorded head is entry #${b.headEntryId} (${b.expectedEntries} entries recorded, ${b.foundEntries} found).`;
    case 'head_mismatch':
      return b.headDigest === null
        ? `the chain's recorded head is missing (deleted); recomputed head ${b.computed ?? 'none'}.`
        : `the chain's recorded head (entry #${b.headEntryId}, ${b.headDigest}) does not match the entries (recomputed ${b.computed ?? 'none'}).`;
  }
}

/**
 * Recomputes an incident's timeline hash chain and names the first broken entry. Exit code 0: the
 * chain holds; 1: it is broken or the incident is unknown; 2: usage or configuration.
 */
export async function runVerifyCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
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
    const incident = await findIncident(database, target);
    if (!incident) {
      io.err(`No incident matches "${target}" in ${path}.\n`);
      return 1;
    }
    const key = incidentKey(incident.id);
    const report = await verifyTimeline(database.repos, incident.id);
    if (report.ok) {
      io.out(`${key}: timeline verified, ${report.entries} entries; head digest ${report.head ?? '(empty timeline)'}\n`);
      return 0;
    }
    io.out(`${key}: timeline BROKEN — ${describeBreak(report.firstBreak!)}\n`);
    return 1;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  loadDotEnv();
  await runAsMain(runVerifyCli);
}

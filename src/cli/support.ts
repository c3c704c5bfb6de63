import { ConfigError, loadDatabasePath } from '../config';
import { connectDatabase, type Database } from '../db/client';
import type { Incident } from '../domain/incident';
import { parseIncidentKey } from '../domain/channel-name';

/** Where a command-line tool writes: stdout for its result, stderr for everything said to the person. */
export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

/**
 * Opens the configured database for a command-line tool, runs `work` and closes it. A configuration
 * error is one line on stderr and exit code 2, never a stack trace.
 */
export async function withCliDatabase(env: NodeJS.ProcessEnv, io: CliIo, work: (database: Database, path: string) => Promise<number>): Promise<number> {
  let path: string;
  try {
    path = loadDatabasePath(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const database = await connectDatabase(path);
  try {
    return await work(database, path);
  } finally {
    await database.close();
  }
}

/** `INC-7`, `7` or an incident channel's id: the incident it names, or null. */
export async function findIncident(database: Database, target: string): Promise<Incident | null> {
  const number = parseIncidentKey(target);
  return (number !== null ? await database.repos.incidents.byId(number) : await database.repos.incidents.byChannel(target)) ?? null;
}

/** Runs a tool's `run…Cli(argv, env, io)` as the process's main: stdout, stderr and the exit code. */
export async function runAsMain(run: (argv: string[], env: NodeJS.ProcessEnv, io: CliIo) => Promise<number>): Promise<void> {
  process.exitCode = await run(process.argv.slice(2), process.env, { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) });
}

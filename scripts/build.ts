import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * `npm run build` (and `npm start`, which builds first): src/main.ts compiled into one ES module,
 * dependencies left in node_modules, run by plain node. Running the TypeScript through tsx costs
 * ~60 MB of resident memory for the loader and its transform caches, and seconds of start-up.
 *
 * The module lives two folders below the repository (dist/bot/main.mjs) so what src/ finds relative
 * to itself (`../../drizzle`, `../../drizzle-pg`, `../../manifest.yml`) is the repository's.
 */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BOT_MODULE = join(ROOT, 'dist', 'bot', 'main.mjs');

/**
 * The node options `npm start` gives the bot (package.json's `start`: `node <options>
 * dist/bot/main.mjs`), so the tests and the bench run it the same way. `--heap-growing-percent=50`
 * lets V8's old generation grow to 1.5× what survived the last full collection instead of up to
 * 4×: under a burst it otherwise grows with garbage and keeps the pages. `npm run bench`: 181 MB
 * resident after a million messages with it, 221–226 MB without, no measurable CPU per event and
 * idle CPU unchanged (~0.9%). Tighter settings cost elsewhere: `=20` held 172 MB but idled at
 * 4–5% CPU (background collections); `--optimize-for-size` held 139 MB for ~25% more CPU per event.
 */
export function startOptions(): string[] {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = start.trim().split(/\s+/);
  return words.slice(1, words.indexOf(relative(ROOT, BOT_MODULE)));
}

/** Compiles `entry` (default the bot) the way `npm start` runs it; returns the module's text. */
export async function compileBot(entry = join(ROOT, 'src', 'main.ts')): Promise<Uint8Array> {
  const result = await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', write: false, logLevel: 'warning' });
  return result.outputFiles[0]!.contents;
}

/**
 * Writes `contents` to `file` whole: under a temporary name, then renamed into place, so a process
 * starting at that moment (another test file, a second instance) never loads half a module.
 */
export function writeModule(file: string, contents: Uint8Array): string {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, contents);
  renameSync(partial, file);
  return file;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeModule(BOT_MODULE, await compileBot());
}

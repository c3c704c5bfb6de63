// Fails when src/db/schema.ts has changes that no migration in drizzle/ captures:
// drizzle-kit generates against a copy of drizzle/, and any new file means a missing migration.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';

// drizzle-kit only accepts an output folder relative to the project.
const tmp = mkdtempSync('.migrations-check-');
try {
  cpSync('drizzle', tmp, { recursive: true });
  const before = new Set(readdirSync(tmp));
  const output = execFileSync(
    'npx',
    ['drizzle-kit', 'generate', '--dialect', 'sqlite', '--schema', './src/db/schema.ts', '--out', tmp, '--name', 'unsaved'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const added = readdirSync(tmp).filter((f) => !before.has(f));
  if (added.length > 0 || !/No schema changes/.test(output)) {
    console.error('drizzle/ does not match src/db/schema.ts: run `npm run db:generate` and commit the new migration.');
    console.error(output);
    process.exitCode = 1;
  } else {
    console.log('drizzle/ matches src/db/schema.ts');
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

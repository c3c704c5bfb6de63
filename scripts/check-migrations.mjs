// Fails when the schema has changes that no migration captures, for each dialect:
// drizzle/ (SQLite, from src/db/schema.ts) and drizzle-pg/ (PostgreSQL, from src/db/schema-pg.ts,
// which is derived from schema.ts). drizzle-kit generates against a copy of each folder, and any
// new file means a missing migration.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';

const dialects = [
  { dialect: 'sqlite', schema: './src/db/schema.ts', out: 'drizzle', generate: 'npm run db:generate' },
  { dialect: 'postgresql', schema: './src/db/schema-pg.ts', out: 'drizzle-pg', generate: 'npm run db:generate:pg' },
];

for (const { dialect, schema, out, generate } of dialects) {
  // drizzle-kit only accepts an output folder relative to the project.
  const tmp = mkdtempSync('.migrations-check-');
  try {
    cpSync(out, tmp, { recursive: true });
    const before = new Set(readdirSync(tmp));
    const output = execFileSync('npx', ['drizzle-kit', 'generate', '--dialect', dialect, '--schema', schema, '--out', tmp, '--name', 'unsaved'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const added = readdirSync(tmp).filter((f) => !before.has(f));
    if (added.length > 0 || !/No schema changes/.test(output)) {
      console.error(`${out}/ does not match ${schema}: run \`${generate}\` and commit the new migration.`);
      console.error(output);
      process.exitCode = 1;
    } else {
      console.log(`${out}/ matches ${schema}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

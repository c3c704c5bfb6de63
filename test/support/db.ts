import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type OpenDatabase } from '../../src/db/client';

/** A real SQLite file in a fresh temp folder, migrated with the real migrations. */
export function tempDatabase(): { database: OpenDatabase; path: string; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-test-'));
  const path = join(dir, 'warroom.db');
  const database = openDatabase(path);
  return {
    database,
    path,
    dir,
    cleanup: () => {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

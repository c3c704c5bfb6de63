import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type SqliteDatabase } from '../../src/db/client';

/** A real SQLite file in a fresh temp folder, migrated with the real migrations. */
export function tempDatabase(): { database: SqliteDatabase; path: string; dir: string; cleanup: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-test-'));
  const path = join(dir, 'warroom.db');
  const database = openDatabase(path);
  return {
    database,
    path,
    dir,
    cleanup: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

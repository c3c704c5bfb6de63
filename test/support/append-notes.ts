/**
 * A second process writing to the same database: `node --import tsx test/support/append-notes.ts
 * <db path> <incident id> <count> <actor> [start at, epoch ms]` adds notes one transaction at a time, as an instance of
 * the bot would.
 */
import { openDatabase } from '../../src/db/client';
import { addNote } from '../../src/services/add-note';
import { createServiceContext } from '../../src/services/context';

const [path, incident, count, actor, startAt] = process.argv.slice(2);
const database = openDatabase(path!);
const ctx = createServiceContext(database);
// Both writers start together, whatever their start-up took.
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt ?? 0) - Date.now())));
for (let i = 0; i < Number(count); i++) {
  await addNote(ctx, { incidentId: Number(incident), actorId: actor!, text: `${actor} note ${i}` });
  // A bot does not write in a tight loop; without a pause SQLite's busy wait lets one writer
  // take the lock back every time and the other only gets in at the end.
  await new Promise((r) => setTimeout(r, 2));
}
await database.close();

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { createServiceContext } from '../../src/services/context';
import { declareIncident } from '../../src/services/declare-incident';
import { verifyTimeline } from '../../src/services/verify-timeline';
import { tempDatabase } from '../support/db';

const run = promisify(execFile);
const writer = fileURLToPath(new URL('../support/append-notes.ts', import.meta.url));

describe('timeline hash chain across processes', () => {
  it('two processes appending to one incident at once extend one chain, never fork it', async () => {
    const db = tempDatabase();
    try {
      const incident = await declareIncident(createServiceContext(db.database), { title: 'Two writers', severity: 'sev3', declaredBy: 'U1' });
      await db.database.close();
      const perWriter = 60;
      // Both writers wait for the same instant, long enough for a slow machine to start both.
      const startAt = Date.now() + 9000;
      await Promise.all(
        ['U_A', 'U_B'].map((actor) => run(process.execPath, ['--import', 'tsx', writer, db.path, String(incident.id), String(perWriter), actor, String(startAt)], { timeout: 60_000 })),
      );
      const reopened = openDatabase(db.path);
      try {
        const report = await verifyTimeline(reopened.repos, incident.id);
        expect(report.ok).toBe(true);
        const rows = await reopened.repos.timeline.chain(incident.id);
        expect(rows.filter((r) => r.kind === 'note')).toHaveLength(2 * perWriter);
        expect(new Set(rows.map((r) => r.prevDigest)).size).toBe(rows.length);
        // The two writers really did interleave (otherwise this proves nothing about racing).
        const authors = rows.filter((r) => r.kind === 'note').map((r) => r.actorId);
        const switches = authors.filter((a, i) => i > 0 && a !== authors[i - 1]).length;
        expect(switches).toBeGreaterThan(1);
        expect(report.entries).toBe(rows.length);
      } finally {
        await reopened.close();
      }
    } finally {
      await db.cleanup().catch(() => undefined);
    }
  }, 90_000);
});

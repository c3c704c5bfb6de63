import { and, asc, eq } from 'drizzle-orm';
import type { CapturedFile } from '../../domain/capture';
import { applyCorrections, corrected, type CaptureSource } from '../../domain/timeline';
import { entryDigest, genesisDigest } from '../../domain/timeline-chain';
import type { Db } from '../client';
import { timelineChainHeads, timelineEntries } from '../schema';
import type { TimelineRepository, TimelineRow } from './types';

export type NewChainedEntry = Omit<typeof timelineEntries.$inferInsert, 'id' | 'digest' | 'prevDigest' | 'retractedAt'>;

/**
 * The only way a timeline entry is written: the digest is computed from the incident's chain head
 * and the row and the new head are written together, in one (nested, when the caller has one open)
 * SQLite transaction, synchronously — nothing can run between reading the head and moving it.
 * Across processes the write lock (BEGIN IMMEDIATE) serialises writers; should two ever append
 * after the same head, the unique (incident, prev_digest) index refuses the second.
 */
export function appendChained(db: Db, row: NewChainedEntry): TimelineRow {
  return db.transaction((tx) => {
    const head = tx.select().from(timelineChainHeads).where(eq(timelineChainHeads.incidentId, row.incidentId)).get();
    const prevDigest = head?.digest ?? genesisDigest(row.incidentId);
    const digest = entryDigest(
      {
        incidentId: row.incidentId,
        kind: row.kind,
        source: row.source ?? 'bot',
        occurredAt: row.occurredAt,
        recordedAt: row.recordedAt,
        actorId: row.actorId ?? null,
        text: row.text,
        data: row.data ?? null,
        threadTs: row.threadTs ?? null,
        files: (row.files as CapturedFile[] | null | undefined) ?? null,
        correctsId: row.correctsId ?? null,
      },
      prevDigest,
    );
    const created = tx
      .insert(timelineEntries)
      .values({ ...row, source: row.source ?? 'bot', actorId: row.actorId ?? null, data: row.data ?? null, threadTs: row.threadTs ?? null, files: row.files ?? null, correctsId: row.correctsId ?? null, digest, prevDigest })
      .returning()
      .get();
    const entries = (head?.entries ?? 0) + 1;
    tx.insert(timelineChainHeads)
      .values({ incidentId: row.incidentId, digest, entryId: created.id, entries })
      .onConflictDoUpdate({ target: timelineChainHeads.incidentId, set: { digest, entryId: created.id, entries } })
      .run();
    return created;
  }, { behavior: 'immediate' });
}

/** An entry with its corrections applied (see `applyCorrections`). */
export async function currentEntry(db: Db, row: TimelineRow | undefined): Promise<TimelineRow | undefined> {
  if (!row) return undefined;
  const corrections = await db
    .select()
    .from(timelineEntries)
    .where(and(eq(timelineEntries.incidentId, row.incidentId), eq(timelineEntries.correctsId, row.id)))
    .orderBy(asc(timelineEntries.id));
  return corrections.length ? corrected(row, corrections) : row;
}

export function createTimelineRepository(db: Db): TimelineRepository {
  return {
    async addAutomatic(entry, now) {
      const row = appendChained(db, {
        incidentId: entry.incidentId,
        kind: entry.kind,
        source: 'bot' satisfies CaptureSource,
        text: entry.text,
        actorId: entry.actorId,
        occurredAt: entry.occurredAt,
        recordedAt: now,
        data: entry.data ?? null,
      });
      return row.id;
    },
    async addCorrection(c, now) {
      const text = c.correction.change === 'edited' ? 'Edited' : c.correction.change === 'retracted' ? 'Retracted' : 'Restored';
      return appendChained(db, {
        incidentId: c.incidentId,
        kind: 'entry_corrected',
        source: 'bot',
        text,
        actorId: c.actorId,
        occurredAt: c.occurredAt,
        recordedAt: now,
        data: { ...c.correction },
        correctsId: c.correctsId,
      }).id;
    },
    async forIncident(incidentId) {
      const rows = await db
        .select()
        .from(timelineEntries)
        .where(eq(timelineEntries.incidentId, incidentId))
        .orderBy(asc(timelineEntries.occurredAt), asc(timelineEntries.id));
      return applyCorrections(rows);
    },
    async chain(incidentId) {
      return db.select().from(timelineEntries).where(eq(timelineEntries.incidentId, incidentId)).orderBy(asc(timelineEntries.id));
    },
    async chainHead(incidentId) {
      return db.select().from(timelineChainHeads).where(eq(timelineChainHeads.incidentId, incidentId)).get();
    },
  };
}

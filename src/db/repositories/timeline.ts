import { and, asc, eq } from 'drizzle-orm';
import type { CapturedFile } from '../../domain/capture';
import { applyCorrections, corrected, type CaptureSource } from '../../domain/timeline';
import { entryDigest, genesisDigest } from '../../domain/timeline-chain';
import type { Db } from '../client';
import type { Dialect, Schema } from '../dialect';
import type { timelineEntries } from '../schema';
import type { TimelineRepository, TimelineRow } from './types';

export type NewChainedEntry = Omit<typeof timelineEntries.$inferInsert, 'id' | 'digest' | 'prevDigest' | 'retractedAt'>;

/** The row as written and its digest, chained after `prevDigest`. */
function chainedRow(row: NewChainedEntry, prevDigest: string) {
  const values = {
    ...row,
    source: row.source ?? 'bot',
    actorId: row.actorId ?? null,
    data: row.data ?? null,
    threadTs: row.threadTs ?? null,
    files: row.files ?? null,
    correctsId: row.correctsId ?? null,
  };
  const digest = entryDigest(
    {
      incidentId: row.incidentId,
      kind: row.kind,
      source: values.source,
      occurredAt: row.occurredAt,
      recordedAt: row.recordedAt,
      actorId: values.actorId,
      text: row.text,
      data: values.data,
      threadTs: values.threadTs,
      files: (values.files as CapturedFile[] | null) ?? null,
      correctsId: values.correctsId,
    },
    prevDigest,
  );
  return { ...values, digest, prevDigest };
}

/**
 * The only way a timeline entry is written: the digest is computed from the incident's chain head
 * and the row and the new head are written together, in one transaction (nested in the caller's
 * when one is open). SQLite: synchronously, under the write lock (BEGIN IMMEDIATE), so nothing
 * runs between reading the head and moving it. Postgres: the head row is locked (FOR UPDATE).
 * Should two writers ever append after the same head, the unique (incident, prev_digest) index
 * refuses the second.
 */
export async function appendChained(db: Db, schema: Schema, dialect: Dialect, row: NewChainedEntry): Promise<TimelineRow> {
  const { timelineChainHeads, timelineEntries } = schema;
  const nextHead = (created: TimelineRow, digest: string, entries: number) => ({ incidentId: row.incidentId, digest, entryId: created.id, entries });
  if (dialect === 'sqlite') {
    return db.transaction(
      (tx) => {
        const head = tx.select().from(timelineChainHeads).where(eq(timelineChainHeads.incidentId, row.incidentId)).get();
        const values = chainedRow(row, head?.digest ?? genesisDigest(row.incidentId));
        const created = tx.insert(timelineEntries).values(values).returning().get();
        const next = nextHead(created, values.digest, (head?.entries ?? 0) + 1);
        tx.insert(timelineChainHeads).values(next).onConflictDoUpdate({ target: timelineChainHeads.incidentId, set: next }).run();
        return created;
      },
      { behavior: 'immediate' },
    );
  }
  type AsyncTx = { transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> };
  return (db as unknown as AsyncTx).transaction(async (tx) => {
    const heads = tx.select().from(timelineChainHeads).where(eq(timelineChainHeads.incidentId, row.incidentId));
    const [head] = await (heads as unknown as { for(s: 'update'): Promise<(typeof timelineChainHeads.$inferSelect)[]> }).for('update');
    const values = chainedRow(row, head?.digest ?? genesisDigest(row.incidentId));
    const [created] = await tx.insert(timelineEntries).values(values).returning();
    const next = nextHead(created!, values.digest, (head?.entries ?? 0) + 1);
    await tx.insert(timelineChainHeads).values(next).onConflictDoUpdate({ target: timelineChainHeads.incidentId, set: next });
    return created!;
  });
}

/** An entry with its corrections applied (see `applyCorrections`). */
export async function currentEntry(db: Db, schema: Schema, row: TimelineRow | undefined): Promise<TimelineRow | undefined> {
  if (!row) return undefined;
  const { timelineEntries } = schema;
  const corrections = await db
    .select()
    .from(timelineEntries)
    .where(and(eq(timelineEntries.incidentId, row.incidentId), eq(timelineEntries.correctsId, row.id)))
    .orderBy(asc(timelineEntries.id));
  return corrections.length ? corrected(row, corrections) : row;
}

export function createTimelineRepository(db: Db, schema: Schema, dialect: Dialect): TimelineRepository {
  const { timelineChainHeads, timelineEntries } = schema;
  return {
    async addAutomatic(entry, now) {
      const row = await appendChained(db, schema, dialect, {
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
      const row = await appendChained(db, schema, dialect, {
        incidentId: c.incidentId,
        kind: 'entry_corrected',
        source: 'bot',
        text,
        actorId: c.actorId,
        occurredAt: c.occurredAt,
        recordedAt: now,
        data: { ...c.correction },
        correctsId: c.correctsId,
      });
      return row.id;
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
      const [head] = await db.select().from(timelineChainHeads).where(eq(timelineChainHeads.incidentId, incidentId)).limit(1);
      return head;
    },
  };
}

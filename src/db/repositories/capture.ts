import { and, asc, eq, gte, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import type { Dialect, Schema } from '../dialect';
import { insertManyIgnoringConflicts } from './insert-many';
import { appendChained, currentEntry } from './timeline';
import type { CaptureRepository, NewRawMessage } from './types';

/**
 * Raw messages, captured entries, their marks and revisions. Every human message in an incident
 * channel passes through `incidentIdForChannel` and `insertRaws`.
 */
export function createCaptureRepository(db: Db, schema: Schema, dialect: Dialect): CaptureRepository {
  const { incidents, rawMessages, timelineEntries, timelineMarks, timelineRevisions } = schema;
  // An incident's channel id is set once and never changes, so a hit can be remembered; a miss
  // cannot (the channel may become an incident's a moment later).
  const channelIncident = new Map<string, number>();

  /** One statement for a run of messages: building one per message was most of recording a burst. */
  async function insertRaws(rows: readonly NewRawMessage[]): Promise<boolean[]> {
    const inserted = await insertManyIgnoringConflicts<{ channelId: string; ts: string }>(db, dialect, rawMessages, rows, { channelId: rawMessages.channelId, ts: rawMessages.ts });
    const fresh = new Set(inserted.map((r) => `${r.channelId} ${r.ts}`));
    // A message twice in `rows` was inserted by its first occurrence only.
    return rows.map((r) => fresh.delete(`${r.channelId} ${r.ts}`));
  }

  return {
    async incidentIdForChannel(channelId) {
      const known = channelIncident.get(channelId);
      if (known !== undefined) return known;
      const [row] = await db.select({ id: incidents.id }).from(incidents).where(eq(incidents.channelId, channelId)).limit(1);
      if (row) channelIncident.set(channelId, row.id);
      return row?.id;
    },

    insertRaws,
    async insertRaw(row) {
      return (await insertRaws([row]))[0]!;
    },
    async raw(channelId, ts) {
      const [row] = await db
        .select()
        .from(rawMessages)
        .where(and(eq(rawMessages.channelId, channelId), eq(rawMessages.ts, ts)))
        .limit(1);
      return row;
    },
    async updateRaw(id, patch) {
      await db.update(rawMessages).set(patch).where(eq(rawMessages.id, id));
    },
    async rawForIncident(incidentId) {
      return db.select().from(rawMessages).where(eq(rawMessages.incidentId, incidentId)).orderBy(asc(rawMessages.postedAt), asc(rawMessages.id));
    },
    async rawSince(channelId, since) {
      return db
        .select()
        .from(rawMessages)
        .where(and(eq(rawMessages.channelId, channelId), gte(rawMessages.postedAt, since)))
        .orderBy(asc(rawMessages.postedAt), asc(rawMessages.id));
    },

    async entryByMessage(incidentId, messageTs) {
      const [row] = await db
        .select()
        .from(timelineEntries)
        .where(and(eq(timelineEntries.incidentId, incidentId), eq(timelineEntries.messageTs, messageTs)))
        .limit(1);
      return currentEntry(db, schema, row);
    },
    async entryById(id) {
      const [row] = await db.select().from(timelineEntries).where(eq(timelineEntries.id, id)).limit(1);
      return currentEntry(db, schema, row);
    },
    async insertEntry(row) {
      return appendChained(db, schema, dialect, row);
    },
    async updateEntry(id, patch) {
      await db.update(timelineEntries).set(patch).where(eq(timelineEntries.id, id));
    },

    async marks(entryId) {
      return db.select().from(timelineMarks).where(eq(timelineMarks.entryId, entryId)).orderBy(asc(timelineMarks.id));
    },
    async addMark(row) {
      await db.insert(timelineMarks).values(row);
    },
    async endMarks(ids, at) {
      if (ids.length === 0) return;
      await db.update(timelineMarks).set({ unmarkedAt: at }).where(inArray(timelineMarks.id, ids));
    },
    async markedMessageTs(incidentId, source) {
      const rows = await db
        .selectDistinct({ ts: timelineEntries.messageTs })
        .from(timelineMarks)
        .innerJoin(timelineEntries, eq(timelineMarks.entryId, timelineEntries.id))
        .where(
          and(
            eq(timelineEntries.incidentId, incidentId),
            eq(timelineMarks.source, source),
            isNull(timelineMarks.unmarkedAt),
            isNotNull(timelineEntries.messageTs),
          ),
        );
      return rows.map((r) => r.ts!);
    },

    async addRevision(entryId, text, replacedAt) {
      await db.insert(timelineRevisions).values({ entryId, text, replacedAt });
    },
    async revisions(entryId) {
      return db.select().from(timelineRevisions).where(eq(timelineRevisions.entryId, entryId)).orderBy(asc(timelineRevisions.id));
    },
  };
}

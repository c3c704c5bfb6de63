import { and, asc, eq, inArray, isNotNull, isNull, lt, max, sql } from 'drizzle-orm';
import type { CaptureSource, TimelineKind } from '../../domain/timeline';
import type { Db } from '../client';
import { incidents, processedEvents, rawMessages, timelineEntries, timelineMarks, timelineRevisions } from '../schema';

export type RawMessageRow = typeof rawMessages.$inferSelect;
export type MarkRow = typeof timelineMarks.$inferSelect;
export type RevisionRow = typeof timelineRevisions.$inferSelect;
type EntryRow = typeof timelineEntries.$inferSelect;

export interface NewRawMessage {
  incidentId: number;
  channelId: string;
  ts: string;
  threadTs: string | null;
  userId: string | null;
  text: string;
  /** JSON array of `{name, url}`, or null. */
  files: string | null;
  postedAt: Date;
  editedAt?: Date | null;
}

export interface NewCapturedEntry {
  incidentId: number;
  kind: Extract<TimelineKind, 'message' | 'note'>;
  source: CaptureSource;
  occurredAt: Date;
  recordedAt: Date;
  actorId: string | null;
  text: string;
  messageTs: string | null;
  threadTs: string | null;
  permalink: string | null;
  files: string | null;
}

/**
 * Raw messages, processed events, captured entries, their marks and revisions. Every human message
 * in an incident channel passes through `incidentIdForChannel`, `claimEvent` and `insertRaw`, so
 * those three are prepared once instead of being rebuilt by the query builder per event.
 */
export function createCaptureRepository(db: Db) {
  const incidentByChannel = db
    .select({ id: incidents.id })
    .from(incidents)
    .where(eq(incidents.channelId, sql.placeholder('channelId')))
    .prepare();
  const claim = db
    .insert(processedEvents)
    .values({ eventId: sql.placeholder('eventId'), type: sql.placeholder('type'), receivedAt: sql.placeholder('receivedAt') })
    .onConflictDoNothing()
    .prepare();
  const insertRaw = db
    .insert(rawMessages)
    .values({
      incidentId: sql.placeholder('incidentId'),
      channelId: sql.placeholder('channelId'),
      ts: sql.placeholder('ts'),
      threadTs: sql.placeholder('threadTs'),
      userId: sql.placeholder('userId'),
      text: sql.placeholder('text'),
      files: sql.placeholder('files'),
      postedAt: sql.placeholder('postedAt'),
    })
    .onConflictDoNothing()
    .prepare();

  return {
    incidentIdForChannel(channelId: string): number | undefined {
      return incidentByChannel.get({ channelId })?.id;
    },

    /** True the first time an event id is seen; Slack's retries resend the same id. */
    claimEvent(eventId: string, type: string, now: Date): boolean {
      return claim.run({ eventId, type, receivedAt: now }).changes > 0;
    },
    isEventProcessed(eventId: string): boolean {
      return db.select({ id: processedEvents.eventId }).from(processedEvents).where(eq(processedEvents.eventId, eventId)).get() !== undefined;
    },
    pruneEvents(before: Date): number {
      return db.delete(processedEvents).where(lt(processedEvents.receivedAt, before)).run().changes;
    },

    /** Stores a message unless it is already stored; true when it was new. */
    insertRaw(row: NewRawMessage): boolean {
      const { editedAt, ...values } = row;
      const fresh = insertRaw.run(values).changes > 0;
      // Only a message first seen through its edit has an edit time; the hot path never does.
      if (fresh && editedAt) {
        db.update(rawMessages)
          .set({ editedAt })
          .where(and(eq(rawMessages.channelId, row.channelId), eq(rawMessages.ts, row.ts)))
          .run();
      }
      return fresh;
    },
    raw(channelId: string, ts: string): RawMessageRow | undefined {
      return db
        .select()
        .from(rawMessages)
        .where(and(eq(rawMessages.channelId, channelId), eq(rawMessages.ts, ts)))
        .get();
    },
    updateRaw(id: number, patch: Partial<Pick<RawMessageRow, 'text' | 'files' | 'editedAt' | 'deletedAt'>>): void {
      db.update(rawMessages).set(patch).where(eq(rawMessages.id, id)).run();
    },
    rawForIncident(incidentId: number): RawMessageRow[] {
      return db.select().from(rawMessages).where(eq(rawMessages.incidentId, incidentId)).orderBy(asc(rawMessages.postedAt), asc(rawMessages.id)).all();
    },
    /**
     * The newest stored message ts of a channel: where catch-up resumes. Slack ts strings have a
     * fixed 10.6-digit shape, so their text order is their time order.
     */
    lastRawTs(channelId: string): string | null {
      return db.select({ ts: max(rawMessages.ts) }).from(rawMessages).where(eq(rawMessages.channelId, channelId)).get()?.ts ?? null;
    },

    entryByMessage(incidentId: number, messageTs: string): EntryRow | undefined {
      return db
        .select()
        .from(timelineEntries)
        .where(and(eq(timelineEntries.incidentId, incidentId), eq(timelineEntries.messageTs, messageTs)))
        .get();
    },
    insertEntry(row: NewCapturedEntry): EntryRow {
      return db.insert(timelineEntries).values(row).returning().get();
    },
    updateEntry(id: number, patch: Partial<Pick<EntryRow, 'text' | 'files' | 'permalink' | 'retractedAt' | 'messageTs'>>): void {
      db.update(timelineEntries).set(patch).where(eq(timelineEntries.id, id)).run();
    },

    marks(entryId: number): MarkRow[] {
      return db.select().from(timelineMarks).where(eq(timelineMarks.entryId, entryId)).orderBy(asc(timelineMarks.id)).all();
    },
    addMark(row: { entryId: number; source: CaptureSource; userId: string; markedAt: Date }): void {
      db.insert(timelineMarks).values(row).run();
    },
    endMarks(ids: number[], at: Date): void {
      if (ids.length === 0) return;
      db.update(timelineMarks).set({ unmarkedAt: at }).where(inArray(timelineMarks.id, ids)).run();
    },
    /** Message ts of the incident's entries that hold an active pin mark (to reconcile with pins.list). */
    pinnedMessageTs(incidentId: number): string[] {
      return db
        .selectDistinct({ ts: timelineEntries.messageTs })
        .from(timelineMarks)
        .innerJoin(timelineEntries, eq(timelineMarks.entryId, timelineEntries.id))
        .where(
          and(
            eq(timelineEntries.incidentId, incidentId),
            eq(timelineMarks.source, 'pin'),
            isNull(timelineMarks.unmarkedAt),
            isNotNull(timelineEntries.messageTs),
          ),
        )
        .all()
        .map((r) => r.ts!);
    },

    addRevision(entryId: number, text: string, replacedAt: Date): void {
      db.insert(timelineRevisions).values({ entryId, text, replacedAt }).run();
    },
    revisions(entryId: number): RevisionRow[] {
      return db.select().from(timelineRevisions).where(eq(timelineRevisions.entryId, entryId)).orderBy(asc(timelineRevisions.id)).all();
    },
  };
}
export type CaptureRepository = ReturnType<typeof createCaptureRepository>;

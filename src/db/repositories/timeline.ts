import { asc, eq } from 'drizzle-orm';
import type { CaptureSource, TimelineKind } from '../../domain/timeline';
import type { Db } from '../client';
import { timelineEntries } from '../schema';

export type TimelineRow = typeof timelineEntries.$inferSelect;

export interface NewAutomaticEntry {
  incidentId: number;
  kind: TimelineKind;
  text: string;
  actorId: string | null;
  occurredAt: Date;
  data?: Record<string, unknown>;
}

export function createTimelineRepository(db: Db) {
  return {
    /** Records something the bot did or saw. */
    addAutomatic(entry: NewAutomaticEntry, now: Date): number {
      const row = db
        .insert(timelineEntries)
        .values({
          incidentId: entry.incidentId,
          kind: entry.kind,
          source: 'bot' satisfies CaptureSource,
          text: entry.text,
          actorId: entry.actorId,
          occurredAt: entry.occurredAt,
          recordedAt: now,
          data: entry.data ? JSON.stringify(entry.data) : null,
        })
        .returning({ id: timelineEntries.id })
        .get();
      return row.id;
    },
    forIncident(incidentId: number): TimelineRow[] {
      return db
        .select()
        .from(timelineEntries)
        .where(eq(timelineEntries.incidentId, incidentId))
        .orderBy(asc(timelineEntries.occurredAt), asc(timelineEntries.id))
        .all();
    },
  };
}
export type TimelineRepository = ReturnType<typeof createTimelineRepository>;

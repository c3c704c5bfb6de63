import { asc, eq } from 'drizzle-orm';
import type { CaptureSource } from '../../domain/timeline';
import type { Db } from '../client';
import type { timelineEntries } from '../schema';
import type { Schema } from '../dialect';
import type { TimelineRepository } from './types';

export function createTimelineRepository(db: Db, schema: Schema): TimelineRepository {
  const { timelineEntries } = schema;
  return {
    async addAutomatic(entry, now) {
      const [row] = await db
        .insert(timelineEntries)
        .values({
          incidentId: entry.incidentId,
          kind: entry.kind,
          source: 'bot' satisfies CaptureSource,
          text: entry.text,
          actorId: entry.actorId,
          occurredAt: entry.occurredAt,
          recordedAt: now,
          data: entry.data ?? null,
        })
        .returning({ id: timelineEntries.id });
      return row!.id;
    },
    async forIncident(incidentId) {
      return db
        .select()
        .from(timelineEntries)
        .where(eq(timelineEntries.incidentId, incidentId))
        .orderBy(asc(timelineEntries.occurredAt), asc(timelineEntries.id));
    },
  };
}

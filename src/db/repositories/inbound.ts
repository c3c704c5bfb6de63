import { asc, count, eq, inArray, and, lt, ne } from 'drizzle-orm';
import type { Db } from '../client';
import type { Dialect, Schema } from '../dialect';
import { insertManyIgnoringConflicts } from './insert-many';
import type { InboundRepository, RequestLogRepository } from './types';

export function createInboundRepository(db: Db, schema: Schema, dialect: Dialect): InboundRepository {
  const { inboundEvents } = schema;
  return {
    async store(rows) {
      // One statement for a burst, not one per event: a statement per event was most of the cost of storing one.
      const inserted = await insertManyIgnoringConflicts<{ id: number }>(db, dialect, inboundEvents, rows, { id: inboundEvents.id }, inboundEvents.dedupeKey);
      return inserted.length;
    },
    async take(limit, ids) {
      return db
        .select()
        .from(inboundEvents)
        .where(and(eq(inboundEvents.state, 'pending'), ids ? inArray(inboundEvents.id, [...ids]) : undefined))
        .orderBy(asc(inboundEvents.id))
        .limit(limit);
    },
    async finish(ids, state, now, error) {
      if (ids.length === 0) return;
      await db.update(inboundEvents).set({ state, processedAt: now, error: error ?? null }).where(inArray(inboundEvents.id, [...ids]));
    },
    async pendingCount() {
      const [row] = await db.select({ n: count() }).from(inboundEvents).where(eq(inboundEvents.state, 'pending'));
      return Number(row?.n ?? 0);
    },
    async prune(before) {
      const rows = await db
        .delete(inboundEvents)
        .where(and(ne(inboundEvents.state, 'pending'), lt(inboundEvents.receivedAt, before)))
        .returning({ id: inboundEvents.id });
      return rows.length;
    },
  };
}

export function createRequestLogRepository(db: Db, schema: Schema, dialect: Dialect): RequestLogRepository {
  const { requestLog } = schema;
  return {
    async claim(keys, now) {
      const rows = [...new Set(keys)].map((key) => ({ key, receivedAt: now }));
      const inserted = await insertManyIgnoringConflicts<{ key: string }>(db, dialect, requestLog, rows, { key: requestLog.key }, requestLog.key);
      return new Set(inserted.map((r) => r.key));
    },
    async answer(key) {
      const [row] = await db.select({ response: requestLog.response }).from(requestLog).where(eq(requestLog.key, key)).limit(1);
      return row?.response ?? null;
    },
    async saveAnswer(key, response) {
      await db.update(requestLog).set({ response }).where(eq(requestLog.key, key));
    },
    async forget(key) {
      await db.delete(requestLog).where(eq(requestLog.key, key));
    },
    async prune(before) {
      const rows = await db.delete(requestLog).where(lt(requestLog.receivedAt, before)).returning({ key: requestLog.key });
      return rows.length;
    },
  };
}

import { asc, count, eq, inArray, and, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { inboundEvents, requestLog } from '../schema';
import type { InboundRepository, RequestLogRepository } from './types';

export function createInboundRepository(db: Db): InboundRepository {
  // Every event Slack sends passes here before its 200: the insert is built once.
  const insert = db
    .insert(inboundEvents)
    .values({
      dedupeKey: sql.placeholder('dedupeKey'),
      type: sql.placeholder('type'),
      channelId: sql.placeholder('channelId'),
      payload: sql.placeholder('payload'),
      receivedAt: sql.placeholder('receivedAt'),
    })
    .onConflictDoNothing({ target: inboundEvents.dedupeKey })
    .returning({ id: inboundEvents.id })
    .prepare();
  return {
    async store(row) {
      const inserted = insert.all({ dedupeKey: row.dedupeKey, type: row.type, channelId: row.channelId ?? null, payload: row.payload, receivedAt: row.receivedAt });
      return inserted.length > 0;
    },
    async take(limit, ids) {
      return db
        .select()
        .from(inboundEvents)
        .where(and(eq(inboundEvents.state, 'pending'), ids ? inArray(inboundEvents.id, [...ids]) : undefined))
        .orderBy(asc(inboundEvents.id))
        .limit(limit);
    },
    async finish(id, state, now, error) {
      await db.update(inboundEvents).set({ state, processedAt: now, error: error ?? null }).where(eq(inboundEvents.id, id));
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

export function createRequestLogRepository(db: Db): RequestLogRepository {
  return {
    async claim(key, now) {
      const inserted = await db.insert(requestLog).values({ key, receivedAt: now }).onConflictDoNothing().returning({ key: requestLog.key });
      return inserted.length > 0;
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

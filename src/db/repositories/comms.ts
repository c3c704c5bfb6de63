import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import type { Schema } from '../dialect';
import type { CommsRepository } from './types';

export function createCommsRepository(db: Db, schema: Schema): CommsRepository {
  const { commanderAcks, incidentComms, statusUpdates, updateMutes } = schema;
  /** The incident's row, created on first write. */
  async function upsert(incidentId: number, patch: Partial<typeof incidentComms.$inferInsert>, now: Date) {
    await db
      .insert(incidentComms)
      .values({ incidentId, ...patch, updatedAt: now })
      .onConflictDoUpdate({ target: incidentComms.incidentId, set: { ...patch, updatedAt: now } });
  }

  return {
    async get(incidentId) {
      const [row] = await db.select().from(incidentComms).where(eq(incidentComms.incidentId, incidentId)).limit(1);
      return row;
    },
    async setAnnouncement(incidentId, channelId, ts, now) {
      await upsert(incidentId, { announcementChannelId: channelId, announcementTs: ts }, now);
    },
    async setPlan(incidentId, plan, now) {
      await upsert(incidentId, { nextUpdateDueAt: plan?.dueAt ?? null, escalateAt: plan?.escalateAt ?? null }, now);
    },
    async setPinnedUpdate(incidentId, ts, now) {
      await upsert(incidentId, { pinnedUpdateTs: ts }, now);
    },

    async addUpdate(row) {
      const [created] = await db.insert(statusUpdates).values(row).returning();
      return created!;
    },
    async updates(incidentId) {
      return db.select().from(statusUpdates).where(eq(statusUpdates.incidentId, incidentId)).orderBy(asc(statusUpdates.postedAt), asc(statusUpdates.id));
    },
    async updateById(id) {
      const [row] = await db.select().from(statusUpdates).where(eq(statusUpdates.id, id)).limit(1);
      return row;
    },
    async lastUpdate(incidentId) {
      const [row] = await db
        .select()
        .from(statusUpdates)
        .where(eq(statusUpdates.incidentId, incidentId))
        .orderBy(desc(statusUpdates.postedAt), desc(statusUpdates.id))
        .limit(1);
      return row;
    },
    async setUpdateMessage(id, channelTs) {
      await db.update(statusUpdates).set({ channelTs }).where(eq(statusUpdates.id, id));
    },

    async mute(incidentId, userId, at) {
      const rows = await db.insert(updateMutes).values({ incidentId, userId, mutedAt: at }).onConflictDoNothing().returning({ userId: updateMutes.userId });
      return rows.length > 0;
    },
    async mutedUsers(incidentId) {
      const rows = await db.select({ userId: updateMutes.userId }).from(updateMutes).where(eq(updateMutes.incidentId, incidentId));
      return rows.map((r) => r.userId);
    },

    async addCommanderAck(incidentId, userId, at, via) {
      await db.insert(commanderAcks).values({ incidentId, userId, acknowledgedAt: at, via });
    },
    async commanderAcks(incidentId, userId) {
      return db
        .select()
        .from(commanderAcks)
        .where(and(eq(commanderAcks.incidentId, incidentId), eq(commanderAcks.userId, userId)))
        .orderBy(asc(commanderAcks.acknowledgedAt));
    },
  };
}

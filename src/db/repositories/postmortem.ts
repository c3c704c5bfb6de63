import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import type { Schema } from '../dialect';
import type { PostmortemRepository } from './types';

export function createPostmortemRepository(db: Db, schema: Schema): PostmortemRepository {
  const { correctiveActions, postmortemDrafts, resolutions } = schema;
  return {
    async resolution(incidentId) {
      const [row] = await db.select().from(resolutions).where(eq(resolutions.incidentId, incidentId)).limit(1);
      return row;
    },
    async saveResolution(row) {
      const { incidentId: _key, ...rest } = row;
      await db.insert(resolutions).values(row).onConflictDoUpdate({ target: resolutions.incidentId, set: rest });
    },
    async actions(incidentId) {
      return db.select().from(correctiveActions).where(eq(correctiveActions.incidentId, incidentId)).orderBy(asc(correctiveActions.id));
    },
    async addAction(row) {
      const [created] = await db.insert(correctiveActions).values(row).returning({ id: correctiveActions.id });
      return created!.id;
    },
    async updateAction(incidentId, id, patch) {
      await db
        .update(correctiveActions)
        .set(patch)
        .where(and(eq(correctiveActions.incidentId, incidentId), eq(correctiveActions.id, id)));
    },
    async removeActions(incidentId, ids) {
      if (ids.length === 0) return;
      await db.delete(correctiveActions).where(and(eq(correctiveActions.incidentId, incidentId), inArray(correctiveActions.id, ids)));
    },
    async latestDraft(incidentId) {
      const [row] = await db
        .select()
        .from(postmortemDrafts)
        .where(eq(postmortemDrafts.incidentId, incidentId))
        .orderBy(desc(postmortemDrafts.version))
        .limit(1);
      return row;
    },
    async draftByVersion(incidentId, version) {
      const [row] = await db
        .select()
        .from(postmortemDrafts)
        .where(and(eq(postmortemDrafts.incidentId, incidentId), eq(postmortemDrafts.version, version)))
        .limit(1);
      return row;
    },
    async draftBySource(sourceKey) {
      const [row] = await db.select().from(postmortemDrafts).where(eq(postmortemDrafts.sourceKey, sourceKey)).limit(1);
      return row;
    },
    async drafts(incidentId) {
      return db.select().from(postmortemDrafts).where(eq(postmortemDrafts.incidentId, incidentId)).orderBy(asc(postmortemDrafts.version));
    },
    async addDraft(row) {
      const [created] = await db.insert(postmortemDrafts).values(row).returning();
      return created!;
    },
    async setDraftFile(draftId, fileId) {
      await db.update(postmortemDrafts).set({ fileId }).where(eq(postmortemDrafts.id, draftId));
    },
  };
}

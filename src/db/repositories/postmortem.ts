import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { correctiveActions, postmortemDrafts, resolutions, roleAssignments } from '../schema';

export type ResolutionRow = typeof resolutions.$inferSelect;
export type CorrectiveActionRow = typeof correctiveActions.$inferSelect;
export type DraftRow = typeof postmortemDrafts.$inferSelect;

export function createPostmortemRepository(db: Db) {
  return {
    resolution(incidentId: number): ResolutionRow | undefined {
      return db.select().from(resolutions).where(eq(resolutions.incidentId, incidentId)).get();
    },
    saveResolution(row: typeof resolutions.$inferInsert): void {
      const { incidentId: _key, ...rest } = row;
      db.insert(resolutions).values(row).onConflictDoUpdate({ target: resolutions.incidentId, set: rest }).run();
    },
    actions(incidentId: number): CorrectiveActionRow[] {
      return db.select().from(correctiveActions).where(eq(correctiveActions.incidentId, incidentId)).orderBy(asc(correctiveActions.id)).all();
    },
    addAction(row: typeof correctiveActions.$inferInsert): number {
      return db.insert(correctiveActions).values(row).returning({ id: correctiveActions.id }).get().id;
    },
    updateAction(incidentId: number, id: number, patch: Partial<typeof correctiveActions.$inferInsert>): void {
      db.update(correctiveActions)
        .set(patch)
        .where(and(eq(correctiveActions.incidentId, incidentId), eq(correctiveActions.id, id)))
        .run();
    },
    removeActions(incidentId: number, ids: number[]): void {
      if (ids.length === 0) return;
      db.delete(correctiveActions)
        .where(and(eq(correctiveActions.incidentId, incidentId), inArray(correctiveActions.id, ids)))
        .run();
    },
    /** Every holder of every role, ended assignments included, in the order they started. */
    roleHistory(incidentId: number) {
      return db.select().from(roleAssignments).where(eq(roleAssignments.incidentId, incidentId)).orderBy(asc(roleAssignments.startedAt), asc(roleAssignments.id)).all();
    },
    latestDraft(incidentId: number): DraftRow | undefined {
      return db.select().from(postmortemDrafts).where(eq(postmortemDrafts.incidentId, incidentId)).orderBy(desc(postmortemDrafts.version)).get();
    },
    drafts(incidentId: number): DraftRow[] {
      return db.select().from(postmortemDrafts).where(eq(postmortemDrafts.incidentId, incidentId)).orderBy(asc(postmortemDrafts.version)).all();
    },
    nextDraftVersion(incidentId: number): number {
      return (this.latestDraft(incidentId)?.version ?? 0) + 1;
    },
    addDraft(row: typeof postmortemDrafts.$inferInsert): DraftRow {
      return db.insert(postmortemDrafts).values(row).returning().get();
    },
    setDraftFile(draftId: number, fileId: string): void {
      db.update(postmortemDrafts).set({ fileId }).where(eq(postmortemDrafts.id, draftId)).run();
    },
  };
}
export type PostmortemRepository = ReturnType<typeof createPostmortemRepository>;

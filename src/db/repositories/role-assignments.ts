import { and, asc, count, eq, isNotNull, isNull } from 'drizzle-orm';
import { roleSetFrom, type RoleSet } from '../../domain/raci';
import type { Role } from '../../domain/roles';
import type { Db } from '../client';
import { roleAssignments } from '../schema';

export type RoleAssignmentRow = typeof roleAssignments.$inferSelect;

export function createRoleAssignmentRepository(db: Db) {
  return {
    /** Who holds each role now, in the order they were assigned. */
    holders(incidentId: number): RoleSet {
      const rows = db
        .select({ role: roleAssignments.role, userId: roleAssignments.userId })
        .from(roleAssignments)
        .where(and(eq(roleAssignments.incidentId, incidentId), isNull(roleAssignments.endedAt)))
        .orderBy(asc(roleAssignments.id))
        .all();
      return roleSetFrom(rows);
    },
    /** Every assignment ever made, ended ones included, oldest first. */
    history(incidentId: number): RoleAssignmentRow[] {
      return db.select().from(roleAssignments).where(eq(roleAssignments.incidentId, incidentId)).orderBy(asc(roleAssignments.id)).all();
    },
    /**
     * Grows with every start and every end, so a form can tell whether the roles changed while it
     * was open without carrying the whole set in its metadata.
     */
    revision(incidentId: number): number {
      const started = db.select({ n: count() }).from(roleAssignments).where(eq(roleAssignments.incidentId, incidentId)).get()?.n ?? 0;
      const ended =
        db
          .select({ n: count() })
          .from(roleAssignments)
          .where(and(eq(roleAssignments.incidentId, incidentId), isNotNull(roleAssignments.endedAt)))
          .get()?.n ?? 0;
      return started + ended;
    },
    start(incidentId: number, a: { role: Role; userId: string; assignedBy: string; at: Date }): void {
      db.insert(roleAssignments).values({ incidentId, role: a.role, userId: a.userId, assignedBy: a.assignedBy, startedAt: a.at }).run();
    },
    /** Ends the open assignment of `userId` to `role`; returns whether there was one. */
    end(incidentId: number, a: { role: Role; userId: string; endedBy: string; at: Date }): boolean {
      const res = db
        .update(roleAssignments)
        .set({ endedAt: a.at, endedBy: a.endedBy })
        .where(
          and(
            eq(roleAssignments.incidentId, incidentId),
            eq(roleAssignments.role, a.role),
            eq(roleAssignments.userId, a.userId),
            isNull(roleAssignments.endedAt),
          ),
        )
        .run();
      return res.changes > 0;
    },
  };
}
export type RoleAssignmentRepository = ReturnType<typeof createRoleAssignmentRepository>;

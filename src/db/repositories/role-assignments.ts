import { and, asc, count, eq, isNotNull, isNull } from 'drizzle-orm';
import { roleSetFrom } from '../../domain/raci';
import type { Db } from '../client';
import type { Schema } from '../dialect';
import type { RoleAssignmentRepository } from './types';

export function createRoleAssignmentRepository(db: Db, schema: Schema): RoleAssignmentRepository {
  const { roleAssignments } = schema;
  const forIncident = (incidentId: number) => eq(roleAssignments.incidentId, incidentId);
  return {
    async holders(incidentId) {
      const rows = await db
        .select({ role: roleAssignments.role, userId: roleAssignments.userId })
        .from(roleAssignments)
        .where(and(forIncident(incidentId), isNull(roleAssignments.endedAt)))
        .orderBy(asc(roleAssignments.id));
      return roleSetFrom(rows);
    },
    async history(incidentId) {
      return db.select().from(roleAssignments).where(forIncident(incidentId)).orderBy(asc(roleAssignments.startedAt), asc(roleAssignments.id));
    },
    async revision(incidentId) {
      const [started] = await db.select({ n: count() }).from(roleAssignments).where(forIncident(incidentId));
      const [ended] = await db
        .select({ n: count() })
        .from(roleAssignments)
        .where(and(forIncident(incidentId), isNotNull(roleAssignments.endedAt)));
      return Number(started?.n ?? 0) + Number(ended?.n ?? 0);
    },
    async start(incidentId, a) {
      await db.insert(roleAssignments).values({ incidentId, role: a.role, userId: a.userId, assignedBy: a.assignedBy, startedAt: a.at });
    },
    async end(incidentId, a) {
      const ended = await db
        .update(roleAssignments)
        .set({ endedAt: a.at, endedBy: a.endedBy })
        .where(
          and(
            forIncident(incidentId),
            eq(roleAssignments.role, a.role),
            eq(roleAssignments.userId, a.userId),
            isNull(roleAssignments.endedAt),
          ),
        )
        .returning({ id: roleAssignments.id });
      return ended.length > 0;
    },
  };
}

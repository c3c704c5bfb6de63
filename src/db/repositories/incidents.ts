import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Incident } from '../../domain/incident';
import type { Role } from '../../domain/roles';
import { OPEN_STATUSES } from '../../domain/status';
import type { Db } from '../client';
import { incidents, roleAssignments } from '../schema';

export type IncidentPatch = Partial<Omit<Incident, 'id' | 'declaredAt' | 'declaredBy'>>;

export function createIncidentRepository(db: Db) {
  return {
    byId(id: number): Incident | undefined {
      return db.select().from(incidents).where(eq(incidents.id, id)).get();
    },
    byChannel(channelId: string): Incident | undefined {
      return db.select().from(incidents).where(eq(incidents.channelId, channelId)).get();
    },
    listOpen(): Incident[] {
      return db
        .select()
        .from(incidents)
        .where(inArray(incidents.status, [...OPEN_STATUSES]))
        .orderBy(asc(incidents.id))
        .all();
    },
    update(id: number, patch: IncidentPatch): void {
      db.update(incidents).set(patch).where(eq(incidents.id, id)).run();
    },
    /** Current holders of a role (several for SME, legal, stakeholders). */
    currentHolders(incidentId: number, role: Role): string[] {
      return db
        .select({ userId: roleAssignments.userId })
        .from(roleAssignments)
        .where(and(eq(roleAssignments.incidentId, incidentId), eq(roleAssignments.role, role), isNull(roleAssignments.endedAt)))
        .orderBy(asc(roleAssignments.id))
        .all()
        .map((r) => r.userId);
    },
    commanderOf(incidentId: number): string | null {
      return this.currentHolders(incidentId, 'commander')[0] ?? null;
    },
  };
}
export type IncidentRepository = ReturnType<typeof createIncidentRepository>;

import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Incident } from '../../domain/incident';
import { OPEN_STATUSES } from '../../domain/status';
import type { Db } from '../client';
import type { incidents } from '../schema';
import type { Dialect, Schema } from '../dialect';
import type { IncidentRepository } from './types';

/** The stored row minus catch-up's bookkeeping: the incident as the domain sees it. */
function toIncident(row: typeof incidents.$inferSelect): Incident {
  const { caughtUpTs: _watermark, ...incident } = row;
  return incident;
}

export function createIncidentRepository(db: Db, schema: Schema, dialect: Dialect): IncidentRepository {
  const { incidents, roleAssignments } = schema;
  return {
    async insert(row) {
      // Postgres: the next number inside the (serializable) transaction, not a sequence: a
      // sequence value taken by a transaction that is rolled back or run again is lost, and
      // people would see INC-1 followed by INC-3. SQLite's AUTOINCREMENT is transactional.
      const values = dialect === 'postgres' && row.id === undefined ? { ...row, id: sql<number>`(select coalesce(max(${incidents.id}), 0) + 1 from ${incidents})` } : row;
      const [created] = await db.insert(incidents).values(values).returning();
      return toIncident(created!);
    },
    async byId(id) {
      const [row] = await db.select().from(incidents).where(eq(incidents.id, id)).limit(1);
      return row && toIncident(row);
    },
    async byChannel(channelId) {
      const [row] = await db.select().from(incidents).where(eq(incidents.channelId, channelId)).limit(1);
      return row && toIncident(row);
    },
    async listOpen() {
      const rows = await db
        .select()
        .from(incidents)
        .where(inArray(incidents.status, [...OPEN_STATUSES]))
        .orderBy(asc(incidents.id));
      return rows.map(toIncident);
    },
    async update(id, patch) {
      await db.update(incidents).set(patch).where(eq(incidents.id, id));
    },
    async caughtUpTs(id) {
      const [row] = await db.select({ ts: incidents.caughtUpTs }).from(incidents).where(eq(incidents.id, id)).limit(1);
      return row?.ts ?? null;
    },
    async currentHolders(incidentId, role) {
      const rows = await db
        .select({ userId: roleAssignments.userId })
        .from(roleAssignments)
        .where(and(eq(roleAssignments.incidentId, incidentId), eq(roleAssignments.role, role), isNull(roleAssignments.endedAt)))
        .orderBy(asc(roleAssignments.id));
      return rows.map((r) => r.userId);
    },
    async commanderOf(incidentId) {
      return (await this.currentHolders(incidentId, 'commander'))[0] ?? null;
    },
  };
}

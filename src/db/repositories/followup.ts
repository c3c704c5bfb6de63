import { and, asc, desc, eq, gte, inArray, isNull } from 'drizzle-orm';
import { OPEN_ACTION_STATUSES } from '../../domain/corrective-action';
import type { Incident } from '../../domain/incident';
import type { Db } from '../client';
import type { incidents } from '../schema';
import type { Schema } from '../dialect';
import type { FollowupRepository } from './types';

function toIncident(row: typeof incidents.$inferSelect): Incident {
  const { caughtUpTs: _watermark, ...incident } = row;
  return incident;
}

/** Reads across incidents for the follow-through: actions by owner, reviews, the Home tab, stats. */
export function createFollowupRepository(db: Db, schema: Schema): FollowupRepository {
  const { correctiveActions, homeTabs, incidents, postmortemReviews, roleAssignments, timelineEntries } = schema;
  return {
    async actionById(id) {
      const [row] = await db.select().from(correctiveActions).where(eq(correctiveActions.id, id)).limit(1);
      return row;
    },
    async openActions() {
      return db
        .select()
        .from(correctiveActions)
        .where(inArray(correctiveActions.status, [...OPEN_ACTION_STATUSES]))
        .orderBy(asc(correctiveActions.id));
    },
    async actionsOwnedBy(userId) {
      return db
        .select()
        .from(correctiveActions)
        .where(and(eq(correctiveActions.ownerId, userId), inArray(correctiveActions.status, [...OPEN_ACTION_STATUSES])))
        .orderBy(asc(correctiveActions.id));
    },
    async actionsOfIncidents(ids) {
      if (ids.length === 0) return [];
      return db.select().from(correctiveActions).where(inArray(correctiveActions.incidentId, [...ids])).orderBy(asc(correctiveActions.id));
    },
    async review(incidentId) {
      const [row] = await db.select().from(postmortemReviews).where(eq(postmortemReviews.incidentId, incidentId)).limit(1);
      return row;
    },
    async setReview(row) {
      const { incidentId: _key, ...rest } = row;
      await db.insert(postmortemReviews).values(row).onConflictDoUpdate({ target: postmortemReviews.incidentId, set: rest });
    },
    async incidentsSince(since) {
      const rows = await db.select().from(incidents).where(gte(incidents.declaredAt, since)).orderBy(asc(incidents.id));
      return rows.map(toIncident);
    },
    async latestIncidents(limit) {
      const rows = await db.select().from(incidents).orderBy(desc(incidents.id)).limit(limit);
      return rows.map(toIncident);
    },
    async incidentsByIds(ids) {
      if (ids.length === 0) return [];
      const rows = await db.select().from(incidents).where(inArray(incidents.id, [...ids])).orderBy(asc(incidents.id));
      return rows.map(toIncident);
    },
    async incidentsDeclaredBy(userId, limit) {
      const rows = await db.select().from(incidents).where(eq(incidents.declaredBy, userId)).orderBy(desc(incidents.id)).limit(limit);
      return rows.map(toIncident);
    },
    async currentRolesOf(userId) {
      return db
        .select({ incidentId: roleAssignments.incidentId, role: roleAssignments.role })
        .from(roleAssignments)
        .where(and(eq(roleAssignments.userId, userId), isNull(roleAssignments.endedAt)))
        .orderBy(asc(roleAssignments.incidentId), asc(roleAssignments.id));
    },
    async relatedUsers(incidentId) {
      const ids = new Set<string>();
      const [incident] = await db.select({ declaredBy: incidents.declaredBy }).from(incidents).where(eq(incidents.id, incidentId)).limit(1);
      if (incident) ids.add(incident.declaredBy);
      for (const r of await db.select({ userId: roleAssignments.userId }).from(roleAssignments).where(and(eq(roleAssignments.incidentId, incidentId), isNull(roleAssignments.endedAt)))) {
        ids.add(r.userId);
      }
      for (const a of await db.select({ ownerId: correctiveActions.ownerId }).from(correctiveActions).where(eq(correctiveActions.incidentId, incidentId))) {
        if (a.ownerId) ids.add(a.ownerId);
      }
      return [...ids];
    },
    async noteHomeOpened(userId, at) {
      await db.insert(homeTabs).values({ userId, openedAt: at }).onConflictDoUpdate({ target: homeTabs.userId, set: { openedAt: at } });
    },
    async withHomeTab(userIds) {
      if (userIds.length === 0) return [];
      const rows = await db.select({ userId: homeTabs.userId }).from(homeTabs).where(inArray(homeTabs.userId, [...userIds]));
      return rows.map((r) => r.userId);
    },
    async members(ids) {
      const out = new Map<number, Set<string>>();
      if (ids.length === 0) return out;
      const add = (id: number, user: string | null) => {
        if (!user) return;
        const set = out.get(id) ?? new Set<string>();
        set.add(user);
        out.set(id, set);
      };
      const list = [...ids];
      for (const i of await db.select({ id: incidents.id, by: incidents.declaredBy }).from(incidents).where(inArray(incidents.id, list))) add(i.id, i.by);
      for (const r of await db.select({ id: roleAssignments.incidentId, user: roleAssignments.userId }).from(roleAssignments).where(inArray(roleAssignments.incidentId, list))) {
        add(r.id, r.user);
      }
      const moves = await db
        .select({ id: timelineEntries.incidentId, user: timelineEntries.actorId, kind: timelineEntries.kind })
        .from(timelineEntries)
        .where(and(inArray(timelineEntries.incidentId, list), inArray(timelineEntries.kind, ['member_joined', 'member_left'])))
        .orderBy(asc(timelineEntries.occurredAt), asc(timelineEntries.id));
      // Whoever left (and did not come back) is no longer a member, whatever role they held.
      for (const m of moves) {
        if (m.kind === 'member_joined') add(m.id, m.user);
        else if (m.user) out.get(m.id)?.delete(m.user);
      }
      return out;
    },
  };
}

import { randomUUID } from 'node:crypto';
import { type SQL, type SQLWrapper, and, asc, eq, gt, inArray, isNull, like, lt, lte, min, notExists, notInArray, or, sql, count } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { FINISHED_JOB_STATES, type JobState } from '../../engine/vocabulary';
import type { Db } from '../client';
import type { Dialect, Schema } from '../dialect';
import type { JobRepository } from './types';

const UNFINISHED: JobState[] = ['pending', 'running'];

/** Runs in all a job may have when its process keeps dying under it (see `claim`). */
export const TAKEOVER_ATTEMPTS = 30;

export function createJobRepository(db: Db, schema: Schema, dialect: Dialect): JobRepository {
  const { jobs } = schema;
  const earlier = alias(jobs, 'earlier');
  // A queued job waits until every earlier job of its queue has finished (done, failed or cancelled).
  const firstInQueue = or(
    isNull(jobs.queue),
    notExists(
      db
        .select({ one: sql`1` })
        .from(earlier)
        .where(and(eq(earlier.queue, jobs.queue), lt(earlier.id, jobs.id), inArray(earlier.state, UNFINISHED))),
    ),
  );

  /** Updates a job only while `owner` still holds its lease: a runner that lost it must not overwrite the new one's work. */
  const leased = (id: number, owner: string) => and(eq(jobs.id, id), eq(jobs.state, 'running'), eq(jobs.leaseOwner, owner));

  return {
    async enqueue(job, now) {
      const key = job.key ?? `${job.kind}:${randomUUID()}`;
      if (job.coalesce) {
        const [twin] = await db
          .select({ id: jobs.id })
          .from(jobs)
          .where(
            and(
              eq(jobs.kind, job.kind),
              job.incidentId == null ? isNull(jobs.incidentId) : eq(jobs.incidentId, job.incidentId),
              // Per-person work (a Home tab) coalesces within its own queue, not across people.
              job.queue ? eq(jobs.queue, job.queue) : undefined,
              eq(jobs.state, 'pending'),
              eq(jobs.attempts, 0),
            ),
          )
          .limit(1);
        if (twin) return { id: twin.id, created: false };
      }
      const [created] = await db
        .insert(jobs)
        .values({
          kind: job.kind,
          key,
          queue: job.queue ?? null,
          incidentId: job.incidentId ?? null,
          payload: job.payload,
          dueAt: job.dueAt,
          ...(job.maxAttempts ? { maxAttempts: job.maxAttempts } : {}),
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: jobs.key })
        .returning({ id: jobs.id });
      if (created) return { id: created.id, created: true };
      const [existing] = await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.key, key)).limit(1);
      return { id: existing!.id, created: false };
    },

    async claim(owner, now, leaseMs, limit, kinds = {}) {
      const { only, exclude = [] } = kinds;
      const ofKind = and(exclude.length ? notInArray(jobs.kind, [...exclude]) : undefined, only ? inArray(jobs.kind, [...only]) : undefined);
      const expired = and(eq(jobs.state, 'running'), lt(jobs.leaseExpiresAt, now));
      const due = and(eq(jobs.state, 'pending'), lte(jobs.dueAt, now));
      // Two walks of an index rather than one query with OR: SQLite answers the OR by sorting every
      // due job on each claim (thousands when a burst of scheduled work comes due), while
      // jobs_due_idx (state, due_at, then id) already holds pending jobs in due order, so this walk
      // stops after `limit`. Jobs whose process died come first: they were due before.
      // Both walks are subqueries of one UPDATE, so a claim is one statement, atomic on its own and
      // needing no transaction around it. Postgres: each walk locks its candidates and skips those
      // another instance is claiming at the same moment (SKIP LOCKED); the outer condition is
      // checked again on the row as it is when updated, so a job another instance claimed and
      // committed meanwhile is left alone. (SQLite has one writer at a time and needs neither.)
      const locking = <Q>(q: Q): Q => (dialect === 'postgres' ? (q as unknown as { for(s: 'update', o: { skipLocked: boolean }): Q }).for('update', { skipLocked: true }) : q);
      const walk = (where: SQL | undefined, rank: number, at: SQLWrapper, order: SQL[]) =>
        locking(
          db
            .select({ id: jobs.id, rank: sql<number>`${sql.raw(String(rank))}`.as('rank'), at: sql`${at}`.as('at') })
            .from(jobs)
            .where(and(where, firstInQueue, ofKind))
            .orderBy(...order)
            .limit(limit),
        );
      const expiredWalk = walk(expired, 0, jobs.leaseExpiresAt, [asc(jobs.leaseExpiresAt)]);
      const dueWalk = walk(due, 1, jobs.dueAt, [asc(jobs.dueAt), asc(jobs.id)]);
      const picked = sql`select c.id from (select * from ${expiredWalk} as e union all select * from ${dueWalk} as d) as c order by c.rank, c.at, c.id limit ${limit}`;
      return db
        .update(jobs)
        .set({
          state: 'running',
          leaseOwner: owner,
          leaseExpiresAt: new Date(now.getTime() + leaseMs),
          attempts: sql`${jobs.attempts} + 1`,
          // A job taken over because its process died did not fail: that run does not use up its
          // attempts, up to TAKEOVER_ATTEMPTS runs in all, so a job that itself kills the process
          // still stops. (A process restarted again and again would otherwise give up on whatever
          // was running each time it died.)
          maxAttempts: sql`case when ${jobs.state} = 'running' and ${jobs.maxAttempts} < ${TAKEOVER_ATTEMPTS} then ${jobs.maxAttempts} + 1 else ${jobs.maxAttempts} end`,
          updatedAt: now,
        })
        .where(and(inArray(jobs.id, sql`(${picked})`), or(due, expired)))
        .returning();
    },

    async extendLeases(owner, ids, until) {
      if (ids.length === 0) return;
      await db
        .update(jobs)
        .set({ leaseExpiresAt: until })
        .where(and(inArray(jobs.id, ids), eq(jobs.state, 'running'), eq(jobs.leaseOwner, owner)));
    },

    async complete(owner, outcomes, now) {
      if (outcomes.length === 0) return [];
      // Each job's result by its id, encoded by the column itself (JSON text; on Postgres jsonb, whose
      // encoder drops the NUL Postgres would refuse, and with it the whole statement).
      const json = (value: unknown) => (value == null ? null : jobs.result.mapToDriverValue(value));
      const cast = dialect === 'postgres' ? sql`::jsonb` : sql``;
      const results = sql`case ${jobs.id} ${sql.join(
        outcomes.map((o) => sql`when ${o.id} then ${json(o.result)}${cast}`),
        sql` `,
      )} end`;
      const rows = await db
        .update(jobs)
        .set({ state: 'done', result: results, lastError: null, leaseOwner: null, leaseExpiresAt: null, updatedAt: now, finishedAt: now })
        .where(and(inArray(jobs.id, outcomes.map((o) => o.id)), eq(jobs.state, 'running'), eq(jobs.leaseOwner, owner)))
        .returning({ id: jobs.id });
      return rows.map((r) => r.id);
    },

    async retryAt(id, owner, dueAt, error, now, options = {}) {
      const rows = await db
        .update(jobs)
        .set({
          state: 'pending',
          dueAt,
          lastError: error,
          leaseOwner: null,
          leaseExpiresAt: null,
          updatedAt: now,
          // Waiting out Slack's rate limit is not a failed attempt.
          ...(options.refundAttempt ? { attempts: sql`case when ${jobs.attempts} > 0 then ${jobs.attempts} - 1 else 0 end` } : {}),
        })
        .where(leased(id, owner))
        .returning({ id: jobs.id });
      return rows.length > 0;
    },

    async fail(id, owner, error, now) {
      const rows = await db
        .update(jobs)
        .set({ state: 'failed', lastError: error, leaseOwner: null, leaseExpiresAt: null, updatedAt: now, finishedAt: now })
        .where(leased(id, owner))
        .returning({ id: jobs.id });
      return rows.length > 0;
    },

    async release(owner, ids, now) {
      if (ids.length === 0) return;
      await db
        .update(jobs)
        // Handed back unfinished: not a failed attempt, but the next run must know there was one.
        .set({ state: 'pending', dueAt: now, leaseOwner: null, leaseExpiresAt: null, attempts: sql`case when ${jobs.attempts} > 0 then ${jobs.attempts} - 1 else 0 end`, lastError: 'stopped_while_running', updatedAt: now })
        .where(and(inArray(jobs.id, ids), eq(jobs.state, 'running'), eq(jobs.leaseOwner, owner)));
    },

    async cancel(filter, now) {
      const rows = await db
        .update(jobs)
        .set({ state: 'cancelled', updatedAt: now, finishedAt: now })
        .where(
          and(
            eq(jobs.state, 'pending'),
            filter.incidentId !== undefined ? eq(jobs.incidentId, filter.incidentId) : undefined,
            filter.kinds ? inArray(jobs.kind, [...filter.kinds]) : undefined,
            filter.keyPrefix ? like(jobs.key, `${filter.keyPrefix.replace(/[%_\\]/g, '\\$&')}%`) : undefined,
          ),
        )
        .returning({ id: jobs.id });
      return rows.length;
    },

    async byKey(key) {
      const [row] = await db.select().from(jobs).where(eq(jobs.key, key)).limit(1);
      return row;
    },

    async byId(id) {
      const [row] = await db.select().from(jobs).where(eq(jobs.id, id)).limit(1);
      return row;
    },

    async forIncident(incidentId, states) {
      return db
        .select()
        .from(jobs)
        .where(and(eq(jobs.incidentId, incidentId), states ? inArray(jobs.state, [...states]) : undefined))
        .orderBy(asc(jobs.id));
    },

    async retryNow(incidentId, now) {
      const rows = await db
        .update(jobs)
        .set({ state: 'pending', dueAt: now, attempts: 0, finishedAt: null, updatedAt: now })
        .where(
          and(
            eq(jobs.incidentId, incidentId),
            or(eq(jobs.state, 'failed'), and(eq(jobs.state, 'pending'), gt(jobs.attempts, 0), gt(jobs.dueAt, now))),
          ),
        )
        .returning({ id: jobs.id });
      return rows.length;
    },

    async nextWakeAt(excludeKinds = []) {
      // One statement, each half answered by a walk of its index from the first entry.
      const rows = await db
        .select({ at: min(jobs.dueAt) })
        .from(jobs)
        // Only jobs a claim could take: one behind an unfinished job of its queue is woken for by
        // that job's end (its runner nudges itself), not asked for every few milliseconds.
        .where(and(eq(jobs.state, 'pending'), firstInQueue, excludeKinds.length ? notInArray(jobs.kind, [...excludeKinds]) : undefined))
        .unionAll(db.select({ at: min(jobs.leaseExpiresAt) }).from(jobs).where(eq(jobs.state, 'running')));
      const times = rows.map((r) => r.at).filter((t): t is Date => t instanceof Date);
      return times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : null;
    },

    async countByState() {
      const rows = await db.select({ state: jobs.state, n: count() }).from(jobs).groupBy(jobs.state);
      return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
    },

    async countReady(now) {
      const [row] = await db
        .select({ n: count() })
        .from(jobs)
        .where(or(eq(jobs.state, 'running'), and(eq(jobs.state, 'pending'), lte(jobs.dueAt, now))));
      return Number(row?.n ?? 0);
    },

    async prune(before) {
      const rows = await db
        .delete(jobs)
        .where(and(inArray(jobs.state, [...FINISHED_JOB_STATES]), lt(jobs.finishedAt, before)))
        .returning({ id: jobs.id });
      return rows.length;
    },
  };
}

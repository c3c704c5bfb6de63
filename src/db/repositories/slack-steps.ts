import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { slackSteps } from '../schema';

export type StepRow = typeof slackSteps.$inferSelect;

export function createSlackStepRepository(db: Db) {
  return {
    add(incidentId: number, steps: readonly string[], now: Date): void {
      for (const step of steps) {
        db.insert(slackSteps).values({ incidentId, step, updatedAt: now }).onConflictDoNothing().run();
      }
    },
    forIncident(incidentId: number): StepRow[] {
      return db.select().from(slackSteps).where(eq(slackSteps.incidentId, incidentId)).orderBy(asc(slackSteps.updatedAt)).all();
    },
    get(incidentId: number, step: string): StepRow | undefined {
      return db
        .select()
        .from(slackSteps)
        .where(and(eq(slackSteps.incidentId, incidentId), eq(slackSteps.step, step)))
        .get();
    },
    /** Incidents whose Slack set-up is not finished (pending or failed steps). */
    unfinishedIncidentIds(): number[] {
      return db
        .selectDistinct({ id: slackSteps.incidentId })
        .from(slackSteps)
        .where(ne(slackSteps.state, 'done'))
        .orderBy(asc(slackSteps.incidentId))
        .all()
        .map((r) => r.id);
    },
    beginAttempt(incidentId: number, step: string, now: Date): number {
      const row = db
        .update(slackSteps)
        .set({ attempts: sql`${slackSteps.attempts} + 1`, updatedAt: now })
        .where(and(eq(slackSteps.incidentId, incidentId), eq(slackSteps.step, step)))
        .returning({ attempts: slackSteps.attempts })
        .get();
      return row?.attempts ?? 0;
    },
    complete(incidentId: number, step: string, result: unknown, now: Date): void {
      db.update(slackSteps)
        .set({ state: 'done', result: result === undefined ? null : JSON.stringify(result), lastError: null, updatedAt: now })
        .where(and(eq(slackSteps.incidentId, incidentId), eq(slackSteps.step, step)))
        .run();
    },
    fail(incidentId: number, step: string, error: string, now: Date): void {
      db.update(slackSteps)
        .set({ state: 'failed', lastError: error, updatedAt: now })
        .where(and(eq(slackSteps.incidentId, incidentId), eq(slackSteps.step, step)))
        .run();
    },
  };
}
export type SlackStepRepository = ReturnType<typeof createSlackStepRepository>;

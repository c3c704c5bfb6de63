import { and, asc, desc, eq } from 'drizzle-orm';
import { EMPTY_FACTS, type RegulatoryFacts } from '../../domain/regulatory-record';
import type { Db } from '../client';
import type { Schema } from '../dialect';
import type { RegulatoryRepository } from './types';

export function createRegulatoryRepository(db: Db, schema: Schema): RegulatoryRepository {
  const { incidentRegulatory, legalTimeChanges, regimeDecisions, regulatoryReports } = schema;
  return {
    async facts(incidentId) {
      const [row] = await db.select().from(incidentRegulatory).where(eq(incidentRegulatory.incidentId, incidentId)).limit(1);
      if (!row) return { ...EMPTY_FACTS, memberStates: [] };
      const { incidentId: _id, updatedAt: _at, ...facts } = row;
      return facts satisfies RegulatoryFacts;
    },
    async setFacts(incidentId, patch, now) {
      if (Object.keys(patch).length === 0) return;
      await db
        .insert(incidentRegulatory)
        .values({ incidentId, ...patch, updatedAt: now })
        .onConflictDoUpdate({ target: incidentRegulatory.incidentId, set: { ...patch, updatedAt: now } });
    },
    async addLegalTimeChange(row) {
      await db.insert(legalTimeChanges).values(row);
    },
    async legalTimeHistory(incidentId) {
      return db.select().from(legalTimeChanges).where(eq(legalTimeChanges.incidentId, incidentId)).orderBy(asc(legalTimeChanges.id));
    },
    async addDecision(row) {
      const [created] = await db.insert(regimeDecisions).values(row).returning();
      return created!;
    },
    async decisions(incidentId) {
      return db.select().from(regimeDecisions).where(eq(regimeDecisions.incidentId, incidentId)).orderBy(asc(regimeDecisions.id));
    },
    async currentDecisions(incidentId) {
      const rows = await db.select().from(regimeDecisions).where(eq(regimeDecisions.incidentId, incidentId)).orderBy(desc(regimeDecisions.id));
      const seen = new Set<string>();
      return rows.filter((r) => !seen.has(r.regime) && seen.add(r.regime));
    },
    async addReport(row) {
      const [created] = await db.insert(regulatoryReports).values(row).onConflictDoNothing().returning();
      return created;
    },
    async reports(incidentId) {
      return db.select().from(regulatoryReports).where(eq(regulatoryReports.incidentId, incidentId)).orderBy(asc(regulatoryReports.reportedAt), asc(regulatoryReports.id));
    },
    async report(incidentId, regime, stage) {
      const [row] = await db
        .select()
        .from(regulatoryReports)
        .where(and(eq(regulatoryReports.incidentId, incidentId), eq(regulatoryReports.regime, regime), eq(regulatoryReports.stage, stage)))
        .limit(1);
      return row;
    },
  };
}

import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import type { Schema } from '../dialect';
import type { EvidenceRepository } from './types';

/** Evidence snapshots and recorded skips: written once, never updated. */
export function createEvidenceRepository(db: Db, schema: Schema): EvidenceRepository {
  const { evidenceRecords } = schema;
  return {
    async add(row) {
      const [created] = await db.insert(evidenceRecords).values(row).returning();
      return created!;
    },
    async forIncident(incidentId) {
      return db.select().from(evidenceRecords).where(eq(evidenceRecords.incidentId, incidentId)).orderBy(asc(evidenceRecords.id));
    },
  };
}

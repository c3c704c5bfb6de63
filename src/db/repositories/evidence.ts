import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { evidenceRecords } from '../schema';
import type { EvidenceRepository } from './types';

/** Evidence snapshots and recorded skips: written once, never updated. */
export function createEvidenceRepository(db: Db): EvidenceRepository {
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

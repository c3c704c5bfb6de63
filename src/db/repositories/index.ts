import type { Db } from '../client';
import type { Dialect, Schema } from '../dialect';
import { createCaptureRepository } from './capture';
import { createCommsRepository } from './comms';
import { createInboundRepository, createRequestLogRepository } from './inbound';
import { createEvidenceRepository } from './evidence';
import { createFollowupRepository } from './followup';
import { createIncidentRepository } from './incidents';
import { createJobRepository } from './jobs';
import { createPostmortemRepository } from './postmortem';
import { createRegulatoryRepository } from './regulatory';
import { createRoleAssignmentRepository } from './role-assignments';
import { createTimelineRepository } from './timeline';
import type { Repositories } from './types';

export type * from './types';

/**
 * The one set of repositories both backends use. They are written with drizzle's query builder,
 * whose calls are the same for SQLite and Postgres; `schema` is the dialect's tables (Postgres's are
 * derived from SQLite's and read back as the same row shapes). The few statements that differ
 * (claiming jobs, among others) look at `dialect`.
 */
export function createRepositories(db: Db, schema: Schema, dialect: Dialect): Repositories {
  return {
    incidents: createIncidentRepository(db, schema, dialect),
    timeline: createTimelineRepository(db, schema, dialect),
    capture: createCaptureRepository(db, schema, dialect),
    roles: createRoleAssignmentRepository(db, schema),
    postmortem: createPostmortemRepository(db, schema),
    jobs: createJobRepository(db, schema, dialect),
    inbound: createInboundRepository(db, schema, dialect),
    requests: createRequestLogRepository(db, schema, dialect),
    comms: createCommsRepository(db, schema),
    followup: createFollowupRepository(db, schema),
    evidence: createEvidenceRepository(db, schema),
    regulatory: createRegulatoryRepository(db, schema),
  };
}

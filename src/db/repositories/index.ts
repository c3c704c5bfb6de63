import type { Db } from '../client';
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

export function createRepositories(db: Db): Repositories {
  return {
    incidents: createIncidentRepository(db),
    timeline: createTimelineRepository(db),
    capture: createCaptureRepository(db),
    roles: createRoleAssignmentRepository(db),
    postmortem: createPostmortemRepository(db),
    jobs: createJobRepository(db),
    inbound: createInboundRepository(db),
    requests: createRequestLogRepository(db),
    comms: createCommsRepository(db),
    followup: createFollowupRepository(db),
    evidence: createEvidenceRepository(db),
    regulatory: createRegulatoryRepository(db),
  };
}

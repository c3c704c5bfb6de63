import type { Db } from '../client';
import { createCaptureRepository } from './capture';
import { createIncidentRepository } from './incidents';
import { createPostmortemRepository } from './postmortem';
import { createRoleAssignmentRepository } from './role-assignments';
import { createSlackStepRepository } from './slack-steps';
import { createTimelineRepository } from './timeline';

export function createRepositories(db: Db) {
  return {
    capture: createCaptureRepository(db),
    incidents: createIncidentRepository(db),
    postmortem: createPostmortemRepository(db),
    roles: createRoleAssignmentRepository(db),
    slackSteps: createSlackStepRepository(db),
    timeline: createTimelineRepository(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;

import type { Db } from '../client';
import { createIncidentRepository } from './incidents';
import { createSlackStepRepository } from './slack-steps';
import { createTimelineRepository } from './timeline';

export function createRepositories(db: Db) {
  return {
    incidents: createIncidentRepository(db),
    slackSteps: createSlackStepRepository(db),
    timeline: createTimelineRepository(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;

import type { JobHandlers } from '../../engine/runner';
import { captureHandlers } from './capture';
import { catchUpHandlers } from './catch-up';
import { commsHandlers } from './comms';
import { followupHandlers } from './followup';
import { incidentHandlers } from './incident';
import { postmortemHandlers } from './postmortem';
import { regulatoryHandlers } from './regulatory';
import { reportHandlers } from './report';
import { setupHandlers } from './setup';
import type { JobDeps } from './support';

/** Every job kind's handler; the type makes a kind without one a compile error. */
export function createJobHandlers(deps: JobDeps): JobHandlers {
  return {
    ...setupHandlers(deps),
    ...incidentHandlers(deps),
    ...captureHandlers(deps),
    ...postmortemHandlers(deps),
    ...catchUpHandlers(deps),
    ...reportHandlers(deps),
    ...commsHandlers(deps),
    ...followupHandlers(deps),
    ...regulatoryHandlers(deps),
  };
}

import type { Incident } from '../../domain/incident';
import { nearestClock } from '../../domain/regimes';
import { loadRegulatoryState } from '../../services/regulatory';
import { slackDate } from '../blocks/incident-card';
import { nearestDeadlineLine } from '../blocks/regulatory';
import type { JobDeps } from './support';

/** The card's "next regulatory deadline" line, from the clocks as they are now. */
export async function cardDeadline(deps: JobDeps, incident: Incident): Promise<string | null> {
  if (incident.status === 'closed') return null;
  const state = await loadRegulatoryState(deps.ctx, deps.ctx.repos, incident, deps.ctx.now());
  return nearestDeadlineLine(deps.ctx.regulatory.regimes, nearestClock(state.clocks), slackDate);
}

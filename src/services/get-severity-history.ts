import type { TimelineRow } from '../db/repositories/types';
import { NotFoundError } from '../domain/errors';
import type { Severity } from '../domain/severity';
import { severityHistory, type SeverityHistory } from '../domain/severity-change';
import type { ServiceContext } from './context';

/** The severity history read from stored timeline rows (the post-mortem's input shares it). */
export function severityHistoryOf(timeline: readonly TimelineRow[], current: Severity): SeverityHistory {
  return severityHistory(
    timeline
      .filter((e) => e.kind === 'declared' || e.kind === 'severity_changed')
      .map((e) => ({ kind: e.kind, occurredAt: e.occurredAt, actorId: e.actorId, data: e.data ?? {}, retracted: e.retractedAt !== null })),
    current,
  );
}

/**
 * `{ initialSeverity, severityChanges: [{at, from, to, by, reason}] }` for an incident, exactly
 * the shape the post-mortem compiler takes.
 */
export async function getSeverityHistory(ctx: ServiceContext, incidentId: number): Promise<SeverityHistory> {
  const incident = await ctx.repos.incidents.byId(incidentId);
  if (!incident) throw new NotFoundError(`There is no incident ${incidentId}.`);
  return severityHistoryOf(await ctx.repos.timeline.forIncident(incidentId), incident.severity);
}

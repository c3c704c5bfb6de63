import { NotFoundError } from '../domain/errors';
import { severityHistory, type SeverityHistory } from '../domain/severity-change';
import type { ServiceContext } from './context';

/**
 * `{ initialSeverity, severityChanges: [{at, from, to, by, reason}] }` for an incident, exactly
 * the shape the post-mortem compiler takes.
 */
export function getSeverityHistory(ctx: ServiceContext, incidentId: number): SeverityHistory {
  const incident = ctx.repos.incidents.byId(incidentId);
  if (!incident) throw new NotFoundError(`There is no incident ${incidentId}.`);
  const entries = ctx.repos.timeline
    .forIncident(incidentId)
    .filter((e) => e.kind === 'declared' || e.kind === 'severity_changed')
    .map((e) => ({
      kind: e.kind,
      occurredAt: e.occurredAt,
      actorId: e.actorId,
      data: parseData(e.data),
      retracted: e.retractedAt !== null,
    }));
  return severityHistory(entries, incident.severity);
}

function parseData(data: string | null): Record<string, unknown> {
  if (!data) return {};
  const parsed: unknown = JSON.parse(data);
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

import type { WebClient } from '@slack/web-api';
import { checkPermission, PermissionError } from '../../domain/permissions';
import { localDay } from '../../domain/followup';
import type { Incident } from '../../domain/incident';
import { assertAnalysable, firstIncompletePart, type AnalysisPart } from '../../domain/postmortem-analysis';
import type { Repositories } from '../../db/repositories/types';
import { analysisState } from '../../services/save-analysis';
import { buildAnalysisModal } from '../blocks/analysis-modal';
import type { ListenerDeps } from '../deps';

/** The analysis modal of `part` (default: where the analysis has its first gap), as stored now. */
export async function analysisView(repos: Repositories, deps: ListenerDeps, incident: Incident, part: AnalysisPart | null, notice: string | null = null) {
  const stored = await repos.postmortem.resolution(incident.id);
  return buildAnalysisModal({
    incidentId: incident.id,
    title: incident.title,
    part: part ?? firstIncompletePart(await analysisState(repos, incident.id)),
    stored: stored ?? null,
    actions: await repos.postmortem.actions(incident.id),
    today: localDay(deps.ctx.now(), deps.settings.timeZone),
    notice,
  });
}

/** Refuses before the form opens: nobody should write an analysis they cannot save. */
export async function openAnalysisModal(deps: ListenerDeps, client: WebClient, triggerId: string, incident: Incident, actorId: string, part: AnalysisPart | null): Promise<void> {
  assertAnalysable(incident.status);
  const holders = await deps.ctx.repos.roles.holders(incident.id);
  const check = checkPermission('analyse', actorId, { declaredBy: incident.declaredBy, holders }, deps.settings.admins);
  if (!check.allowed) throw new PermissionError('analyse', [...check.permitted], check.ask);
  await client.views.open({ trigger_id: triggerId, view: await analysisView(deps.ctx.repos, deps, incident, part) });
}

import { planClose } from '../../../domain/closure';
import { analysisGaps } from '../../../domain/postmortem-analysis';
import { requireIncidentPermission } from '../../../services/permissions';
import { analysisState } from '../../../services/save-analysis';
import { buildCloseModal } from '../../blocks/close-modal';
import { incidentInChannel } from '../../incident-sync';
import type { SubcommandHandler } from './types';

/**
 * `/incident close`: a short form first — it says what the analysis still lacks (closing then needs
 * "Close anyway") and takes the post-mortem review date. The close itself happens on submit.
 */
export const handleClose: SubcommandHandler = async (deps, { command, ack, client }) => {
  const incident = await incidentInChannel(deps, command.channel_id, '`/incident close`');
  // Refused before the form opens: who may not close, and what cannot be closed (not resolved, already closed).
  await requireIncidentPermission(deps.ctx, deps.ctx.repos, incident, 'steer', command.user_id);
  planClose(incident, deps.ctx.now());
  const gaps = analysisGaps(await analysisState(deps.ctx.repos, incident.id));
  const review = await deps.ctx.repos.followup.review(incident.id);
  await ack();
  await client.views.open({
    trigger_id: command.trigger_id,
    view: buildCloseModal({ incidentId: incident.id, title: incident.title, gaps, reviewDate: review?.reviewDate ?? null, archive: deps.settings.archiveOnClose }),
  });
};

import type { BlockStaticSelectAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { incidentKey } from '../../../domain/channel-name';
import { requireOpen } from '../../../domain/closure';
import { DomainError } from '../../../domain/errors';
import { isBackward, isStatusTarget } from '../../../domain/lifecycle';
import { changeSeverity } from '../../../services/change-severity';
import { changeStatus } from '../../../services/change-status';
import { refreshIncidentSurfaces } from '../../../services/refresh-incident';
import { buildEditDetailsModal } from '../../blocks/edit-modal';
import { buildStatusNoteModal } from '../../blocks/status-note-modal';
import type { ListenerDeps } from '../../deps';
import { describeSlackError } from '../../errors';
import { actionHandler, incidentOfAction, type ActionArgs } from '../guard';
import { openResolveModal } from '../resolve-modal-opener';
import { needsEvidence } from '../../../services/regulatory';
import { checkEvidenceFormAllowed, openEvidenceModal } from '../evidence-modal-opener';

type SelectBody = SlackActionMiddlewareArgs<BlockStaticSelectAction>['body'];
const selected = (args: ActionArgs) => (args.action as unknown as { selected_option: { value: string } }).selected_option.value;
const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, replace_original: false, text });

/**
 * A card select shows the value that was clicked; when the change is refused, the card is put back
 * to the stored state so it never shows something that did not happen.
 */
async function restoringCard<T>(deps: ListenerDeps, incidentId: number, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) await refreshIncidentSurfaces(deps.ctx, incidentId);
    throw error;
  }
}

/**
 * The card's status select. Forward moves apply at once; a backward move re-opens the incident and
 * needs a note, which a select cannot carry, so it opens a small modal (views.open first).
 */
export function handleCardStatus(deps: ListenerDeps) {
  return actionHandler(deps, async (args) => {
    const { body, client, respond } = args;
    const to = selected(args);
    const actorId = body.user.id;
    const incident = await incidentOfAction(deps, body);
    await restoringCard(deps, incident.id, async () => {
      if (to === 'resolved' && incident.status !== 'resolved') {
        // The card's menu leads to the same short resolve form as `/incident resolve`.
        await openResolveModal(deps, client, (body as SelectBody).trigger_id, incident, actorId);
        await refreshIncidentSurfaces(deps.ctx, incident.id);
        return;
      }
      if (isStatusTarget(to) && isBackward(incident.status, to)) {
        await incidentOfAction(deps, body, 'steer');
        try {
          await client.views.open({ trigger_id: (body as SelectBody).trigger_id, view: buildStatusNoteModal({ incidentId: incident.id, from: incident.status, to }) });
        } catch (error) {
          deps.logger.warn('status.modal_failed', { error: describeSlackError(error) });
          await respond(ephemeral(`:warning: I could not open the form: ${describeSlackError(error)}. Use \`/incident status ${to} <why>\` instead.`));
        }
        // Until the re-opening is confirmed, the card shows the stored status.
        await refreshIncidentSurfaces(deps.ctx, incident.id);
        return;
      }
      // The first containment of an AI Act incident waits for the evidence form (a re-open reaches it from the note form).
      if (isStatusTarget(to) && (await needsEvidence(deps.ctx, deps.ctx.repos, incident, to))) {
        await checkEvidenceFormAllowed(deps, incident, actorId);
        try {
          await openEvidenceModal(deps, client, (body as SelectBody).trigger_id, incident, actorId, to, null);
        } catch (error) {
          deps.logger.warn('evidence.modal_failed', { error: describeSlackError(error) });
          await respond(ephemeral(`:warning: I could not open the evidence form: ${describeSlackError(error)}. Use \`/incident status ${to}\` instead.`));
        }
        // Until the evidence is recorded (or skipped), the card shows the stored status.
        await refreshIncidentSurfaces(deps.ctx, incident.id);
        return;
      }
      const result = await changeStatus(deps.ctx, { incidentId: incident.id, to, actorId });
      deps.logger.info('incident.status_changed', { inc: incidentKey(incident.id), from: result.change.from, to: result.change.to, by: actorId, via: 'card' });
    });
  });
}

/** The card's severity select: applied at once (a reason can be given with `/incident severity`). */
export function handleCardSeverity(deps: ListenerDeps) {
  return actionHandler(deps, async (args) => {
    const actorId = args.body.user.id;
    const incident = await incidentOfAction(deps, args.body);
    const result = await restoringCard(deps, incident.id, () => changeSeverity(deps.ctx, { incidentId: incident.id, to: selected(args), actorId }));
    deps.logger.info('incident.severity_changed', { inc: incidentKey(incident.id), from: result.change.from, to: result.change.to, by: actorId, via: 'card' });
  });
}

/** The card's "Edit details" button: ack, then `views.open` as the first Slack call. */
export function handleCardEdit(deps: ListenerDeps) {
  return actionHandler(deps, async ({ body, client, respond }) => {
    const incident = await incidentOfAction(deps, body, 'steer');
    requireOpen(incident, 'details');
    const view = buildEditDetailsModal(incident, await deps.ctx.repos.regulatory.facts(incident.id));
    try {
      await client.views.open({ trigger_id: (body as SelectBody).trigger_id, view });
    } catch (error) {
      deps.logger.warn('edit.modal_failed', { error: describeSlackError(error) });
      await respond(ephemeral(`:warning: I could not open the edit form: ${describeSlackError(error)}. Use \`/incident edit\` instead.`));
    }
  });
}

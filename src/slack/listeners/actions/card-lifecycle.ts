import type { AllMiddlewareArgs, BlockButtonAction, BlockStaticSelectAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { incidentKey } from '../../../domain/channel-name';
import { DomainError } from '../../../domain/errors';
import { isBackward, isStatusTarget } from '../../../domain/lifecycle';
import { changeSeverity } from '../../../services/change-severity';
import { changeStatus } from '../../../services/change-status';
import { buildEditDetailsModal } from '../../blocks/edit-modal';
import { buildStatusNoteModal } from '../../blocks/status-note-modal';
import type { ListenerDeps } from '../../deps';
import { describeSlackError } from '../../errors';
import { incidentInChannel, syncIncidentSurfaces } from '../../incident-sync';
import { afterSeverityChange, afterStatusChange } from '../../lifecycle-effects';

type SelectArgs = SlackActionMiddlewareArgs<BlockStaticSelectAction> & AllMiddlewareArgs;
type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, replace_original: false, text });

/**
 * The card's status select. Forward moves apply at once; a backward move re-opens the incident and
 * needs a note, which a select cannot carry, so it opens a small modal (views.open first).
 */
export function handleCardStatus(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: SelectArgs): Promise<void> => {
    await ack();
    const to = action.selected_option.value;
    const actorId = body.user.id;
    let incident;
    try {
      incident = incidentInChannel(deps, body.channel?.id ?? '');
    } catch (error) {
      if (error instanceof DomainError) {
        await respond(ephemeral(error.message));
        return;
      }
      throw error;
    }
    if (isStatusTarget(to) && isBackward(incident.status, to)) {
      try {
        await client.views.open({ trigger_id: body.trigger_id, view: buildStatusNoteModal({ incidentId: incident.id, from: incident.status, to }) });
      } catch (error) {
        deps.logger.warn('status.modal_failed', { error: describeSlackError(error) });
        await respond(ephemeral(`:warning: I could not open the form: ${describeSlackError(error)}. Use \`/incident status ${to} <why>\` instead.`));
      }
      // The select now shows the clicked value; until the change is confirmed the card shows the truth.
      await syncIncidentSurfaces(deps, client, incident.id);
      return;
    }
    let result;
    try {
      result = changeStatus(deps.ctx, { incidentId: incident.id, to, actorId });
    } catch (error) {
      if (error instanceof DomainError) {
        await respond(ephemeral(`:warning: ${error.message}`));
        await syncIncidentSurfaces(deps, client, incident.id);
        return;
      }
      throw error;
    }
    deps.logger.info('incident.status_changed', { inc: incidentKey(incident.id), from: result.change.from, to: result.change.to, by: actorId, via: 'card' });
    const problems = await deps.background.track(`status ${incidentKey(incident.id)}`, afterStatusChange(deps, client, result, actorId));
    if (problems.length) await respond(ephemeral(`:warning: ${problems.join(' ')}`));
  };
}

/** The card's severity select: applied at once (a reason can be given with `/incident severity`). */
export function handleCardSeverity(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: SelectArgs): Promise<void> => {
    await ack();
    const actorId = body.user.id;
    let result;
    try {
      const incident = incidentInChannel(deps, body.channel?.id ?? '');
      try {
        result = changeSeverity(deps.ctx, { incidentId: incident.id, to: action.selected_option.value, actorId });
      } catch (error) {
        await syncIncidentSurfaces(deps, client, incident.id);
        throw error;
      }
    } catch (error) {
      if (error instanceof DomainError) {
        await respond(ephemeral(`:warning: ${error.message}`));
        return;
      }
      throw error;
    }
    const key = incidentKey(result.incident.id);
    deps.logger.info('incident.severity_changed', { inc: key, from: result.change.from, to: result.change.to, by: actorId, via: 'card' });
    const problems = await deps.background.track(`severity ${key}`, afterSeverityChange(deps, client, result, actorId));
    if (problems.length) await respond(ephemeral(`:warning: ${problems.join(' ')}`));
  };
}

/** The card's "Edit details" button: ack, then `views.open` as the first Slack call. */
export function handleCardEdit(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    let view;
    try {
      const id = Number(action.value);
      const byId = Number.isInteger(id) && id > 0 ? deps.ctx.repos.incidents.byId(id) : undefined;
      view = buildEditDetailsModal(byId ?? incidentInChannel(deps, body.channel?.id ?? ''));
    } catch (error) {
      if (error instanceof DomainError) {
        await respond(ephemeral(error.message));
        return;
      }
      throw error;
    }
    try {
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (error) {
      deps.logger.warn('edit.modal_failed', { error: describeSlackError(error) });
      await respond(ephemeral(`:warning: I could not open the edit form: ${describeSlackError(error)}. Use \`/incident edit\` instead.`));
    }
  };
}

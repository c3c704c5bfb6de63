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
import { refreshIncidentSurfaces } from '../../../services/refresh-incident';
import { incidentInChannel } from '../../incident-sync';
import { openResolveModal } from '../resolve-modal-opener';

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
      incident = await incidentInChannel(deps, body.channel?.id ?? '');
    } catch (error) {
      if (error instanceof DomainError) {
        await respond(ephemeral(error.message));
        return;
      }
      throw error;
    }
    if (to === 'resolved' && incident.status !== 'resolved') {
      // The card's menu leads to the same short resolve form as `/incident resolve`.
      try {
        await openResolveModal(deps, client, body.trigger_id, incident);
      } catch (error) {
        await respond(ephemeral(`:warning: ${error instanceof DomainError ? error.message : `I could not open the form: ${describeSlackError(error)}. Use \`/incident resolve\` instead.`}`));
      }
      await refreshIncidentSurfaces(deps.ctx, incident.id);
      return;
    }
    if (isStatusTarget(to) && isBackward(incident.status, to)) {
      try {
        await client.views.open({ trigger_id: body.trigger_id, view: buildStatusNoteModal({ incidentId: incident.id, from: incident.status, to }) });
      } catch (error) {
        deps.logger.warn('status.modal_failed', { error: describeSlackError(error) });
        await respond(ephemeral(`:warning: I could not open the form: ${describeSlackError(error)}. Use \`/incident status ${to} <why>\` instead.`));
      }
      // The select now shows the clicked value; until the change is confirmed the card shows the truth.
      await refreshIncidentSurfaces(deps.ctx, incident.id);
      return;
    }
    let result;
    try {
      result = await changeStatus(deps.ctx, { incidentId: incident.id, to, actorId });
    } catch (error) {
      if (error instanceof DomainError) {
        await respond(ephemeral(`:warning: ${error.message}`));
        await refreshIncidentSurfaces(deps.ctx, incident.id);
        return;
      }
      throw error;
    }
    deps.logger.info('incident.status_changed', { inc: incidentKey(incident.id), from: result.change.from, to: result.change.to, by: actorId, via: 'card' });
  };
}

/** The card's severity select: applied at once (a reason can be given with `/incident severity`). */
export function handleCardSeverity(deps: ListenerDeps) {
  return async ({ ack, body, action, respond }: SelectArgs): Promise<void> => {
    await ack();
    const actorId = body.user.id;
    let result;
    try {
      const incident = await incidentInChannel(deps, body.channel?.id ?? '');
      try {
        result = await changeSeverity(deps.ctx, { incidentId: incident.id, to: action.selected_option.value, actorId });
      } catch (error) {
        await refreshIncidentSurfaces(deps.ctx, incident.id);
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
  };
}

/** The card's "Edit details" button: ack, then `views.open` as the first Slack call. */
export function handleCardEdit(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    let view;
    try {
      const id = Number(action.value);
      const byId = Number.isInteger(id) && id > 0 ? await deps.ctx.repos.incidents.byId(id) : undefined;
      view = buildEditDetailsModal(byId ?? (await incidentInChannel(deps, body.channel?.id ?? '')));
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

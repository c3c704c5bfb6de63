import type { AllMiddlewareArgs, BlockAction, BlockButtonAction, BlockOverflowAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { DomainError, NotFoundError } from '../../../domain/errors';
import { localDay } from '../../../domain/followup';
import { changeCorrectiveAction, type ChangeCorrectiveActionInput } from '../../../services/corrective-actions';
import { buildActionModal, type ActionForm } from '../../blocks/action-modals';
import { actionBlocks } from '../../blocks/corrective-actions';
import type { ListenerDeps } from '../../deps';
import { describeSlackError, userMessageFor } from '../../errors';
import { actionBlockId } from '../../ids';
import { incidentOfButton } from '../guard';
import { openAnalysisModal } from '../analysis-opener';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type OverflowArgs = SlackActionMiddlewareArgs<BlockOverflowAction> & AllMiddlewareArgs;
type Respond = ButtonArgs['respond'];

/** Tells the person what went wrong where they clicked: ephemeral in a channel or DM, a DM from the Home tab. */
async function tell(client: WebClient, body: BlockAction, respond: Respond, text: string): Promise<void> {
  if (body.container?.type === 'view' || !body.response_url) {
    await client.chat.postMessage({ channel: body.user.id, text });
    return;
  }
  await respond({ response_type: 'ephemeral', replace_original: false, text });
}

/**
 * The message the click came from, with this action's blocks re-rendered in place (lists and DMs
 * show the new state at once; Home tabs are re-published by a job).
 */
async function refreshInPlace(deps: ListenerDeps, body: BlockAction, respond: Respond, actionId: number): Promise<void> {
  const message = (body as { message?: { blocks?: { block_id?: string }[]; text?: string } }).message;
  if (body.container?.type === 'view' || !message?.blocks || !body.response_url) return;
  const action = await deps.ctx.repos.followup.actionById(actionId);
  const incident = action && (await deps.ctx.repos.incidents.byId(action.incidentId));
  if (!action || !incident) return;
  const prefix = actionBlockId(actionId);
  const mine = (b: { block_id?: string }) => b.block_id === prefix || b.block_id?.startsWith(`${prefix}:`);
  const at = message.blocks.findIndex(mine);
  if (at < 0) return;
  const head = message.blocks[at] as { text?: { text?: string } };
  // Lists across incidents name the incident in the action's line; keep the layout it had.
  const showIncident = !!head.text?.text?.includes('INC-');
  const fresh = actionBlocks(action, { incident, visibility: 'full' }, { today: localDay(deps.ctx.now(), deps.settings.timeZone), controls: true, showIncident });
  const blocks = [...message.blocks.slice(0, at).filter((b) => !mine(b)), ...fresh, ...message.blocks.slice(at).filter((b) => !mine(b))];
  await respond({ replace_original: true, text: message.text ?? 'Corrective action', blocks: blocks as never });
}

async function change(deps: ListenerDeps, actionId: number, actorId: string, c: ChangeCorrectiveActionInput['change']) {
  return changeCorrectiveAction(deps.ctx, { actionId, actorId, change: c });
}

/** Opens one of the action's small forms; `views.open` is the first Slack call, inside the trigger window. */
async function openForm(deps: ListenerDeps, client: WebClient, triggerId: string, actionId: number, form: ActionForm): Promise<void> {
  const action = await deps.ctx.repos.followup.actionById(actionId);
  if (!action) throw new NotFoundError('This corrective action no longer exists.');
  await client.views.open({ trigger_id: triggerId, view: buildActionModal(action, form) });
}

async function guarded(deps: ListenerDeps, client: WebClient, body: BlockAction, respond: Respond, work: () => Promise<void>) {
  try {
    await work();
  } catch (error) {
    if (error instanceof DomainError) {
      await tell(client, body, respond, `:warning: ${userMessageFor(error)}`);
      return;
    }
    if ((error as { data?: unknown }).data) {
      await tell(client, body, respond, `:warning: I could not open the form: ${describeSlackError(error)}.`);
      return;
    }
    throw error;
  }
}

export function handleActionDone(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: ButtonArgs) => {
    await ack();
    const id = Number(action.value);
    await guarded(deps, client, body, respond, async () => {
      await change(deps, id, body.user.id, { type: 'status', to: 'done' });
      await refreshInPlace(deps, body, respond, id);
    });
  };
}

export function handleActionForm(deps: ListenerDeps, form: ActionForm) {
  return async ({ ack, body, action, client, respond }: ButtonArgs) => {
    await ack();
    await guarded(deps, client, body, respond, () => openForm(deps, client, body.trigger_id, Number(action.value), form));
  };
}

/** The overflow menu: in progress and re-open apply at once; won't do and edit open a form. */
export function handleActionMore(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: OverflowArgs) => {
    await ack();
    const [verb, raw] = action.selected_option.value.split(':');
    const id = Number(raw);
    await guarded(deps, client, body, respond as never, async () => {
      if (verb === 'wont_do' || verb === 'edit') return openForm(deps, client, body.trigger_id, id, verb);
      if (verb === 'in_progress' || verb === 'open') {
        await change(deps, id, body.user.id, { type: 'status', to: verb });
        await refreshInPlace(deps, body, respond as never, id);
      }
    });
  };
}

/** "Post-mortem analysis" on the card or the Home tab: the analysis form at its first gap. */
export function handleAnalysisButton(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: ButtonArgs) => {
    await ack();
    await guarded(deps, client, body, respond, async () => {
      const incident = await incidentOfButton(deps, body, action.value);
      await openAnalysisModal(deps, client, body.trigger_id, incident, body.user.id, null);
    });
  };
}

import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { DomainError } from '../../../domain/errors';
import { severityLabel } from '../../../domain/severity';
import { acknowledgeCommand } from '../../../services/acknowledge-command';
import { assignRoles } from '../../../services/assign-roles';
import { declareIncident } from '../../../services/declare-incident';
import { muteUpdates } from '../../../services/mute-updates';
import { snoozeUpdateReminder } from '../../../services/snooze-update-reminder';
import { slackDate } from '../../blocks/incident-card';
import { context } from '../../blocks/limits';
import type { ListenerDeps } from '../../deps';
import { describeSlackError, userMessageFor } from '../../errors';
import { statusUpdateModalFor } from '../../status-update-form';
import { incidentOfButton } from '../guard';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, replace_original: false, text });


/** Domain refusals are answered to the person who clicked; anything else reaches app.error(). */
async function answering(respond: ButtonArgs['respond'], work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await respond(ephemeral(`:warning: ${userMessageFor(error)}`));
  }
}

/** "Post update" on the card or a reminder: the status-update form (checks, then `views.open` first). */
export function handlePostUpdateButton(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    await answering(respond, async () => {
      const view = await statusUpdateModalFor(deps, await incidentOfButton(deps, body, action.value), body.user.id);
      try {
        await client.views.open({ trigger_id: body.trigger_id, view });
      } catch (error) {
        deps.logger.warn('update.modal_failed', { error: describeSlackError(error) });
        await respond(ephemeral(`:warning: I could not open the status-update form: ${describeSlackError(error)}. Use \`/incident update\` instead.`));
      }
    });
  };
}

const snoozeValue = z.string().regex(/^\d+:\d+:\d+$/);

/** "Snooze 15 min" on a reminder. */
export function handleSnoozeButton(deps: ListenerDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    await answering(respond, async () => {
      const [incidentId, dueAtMs, atMs] = snoozeValue.parse(action.value).split(':').map(Number) as [number, number, number];
      const result = await snoozeUpdateReminder(deps.ctx, { incidentId, actorId: body.user.id, dueAtMs, atMs });
      const key = incidentKey(incidentId);
      if (result.snoozed) await respond(ephemeral(`:zzz: Snoozed: I will remind the war room about ${key}'s status update again ${slackDate(result.until)}.`));
      else if (result.reason === 'already') await respond(ephemeral(`:zzz: This reminder is already snoozed until ${slackDate(result.until!)}.`));
      else await respond(ephemeral(`This reminder is out of date: ${result.until ? `the next update for ${key} is due ${slackDate(result.until)}` : `${key} owes no update now`}.`));
    });
  };
}

/** "Mute updates" in a stakeholder's update DM. */
export function handleMuteButton(deps: ListenerDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    await answering(respond, async () => {
      const incident = await incidentOfButton(deps, body, action.value);
      await muteUpdates(deps.ctx, { incidentId: incident.id, userId: body.user.id });
      await respond(ephemeral(`:no_bell: Muted: you will not get status updates for ${incidentKey(incident.id)} by DM any more. You keep your role.`));
    });
  };
}

/** "Acknowledge" in the commander's briefing DM: the DM then shows it was acknowledged. */
export function handleAcknowledgeButton(deps: ListenerDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    await answering(respond, async () => {
      const incident = await incidentOfButton(deps, body, action.value);
      const result = await acknowledgeCommand(deps.ctx, { incidentId: incident.id, userId: body.user.id });
      const line = `:white_check_mark: You acknowledged command of ${incidentKey(incident.id)} (${severityLabel(incident.severity)}) ${slackDate(result.at)}.`;
      const original = (body as { message?: { blocks?: { type?: string }[]; text?: string } }).message;
      if (original?.blocks) {
        // The briefing stays; the button gives way to the acknowledgement.
        const blocks = [...original.blocks.filter((b) => b.type !== 'actions'), context([line])];
        await respond({ replace_original: true, text: original.text ?? line, blocks: blocks as never });
      } else {
        await respond(ephemeral(line));
      }
      deps.logger.info('commander.acknowledged', { inc: incidentKey(incident.id), via: 'button', already: result.acknowledged === 'already' ? true : undefined });
    });
  };
}

/** "Take command" when a SEV1/SEV2 commander has not acknowledged: a hand-over to the person who clicked. */
export function handleTakeCommandButton(deps: ListenerDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    await answering(respond, async () => {
      const incident = await incidentOfButton(deps, body, action.value);
      const result = await assignRoles(deps.ctx, {
        incidentId: incident.id,
        actorId: body.user.id,
        botUserId: deps.botUserId,
        change: { kind: 'assign', role: 'commander', users: [body.user.id] },
      });
      const key = incidentKey(incident.id);
      if (result.plan.changes.length === 0) await respond(ephemeral(`You are already the commander of ${key}.`));
      else await respond(ephemeral(`:white_check_mark: You are now the commander of ${key}.${incident.channelId ? ` War room: <#${incident.channelId}>` : ''}`));
      deps.logger.info('commander.taken', { inc: key, by: body.user.id });
    });
  };
}

const declareAnywaySchema = z.object({ severity: z.enum(['sev1', 'sev2', 'sev3', 'sev4']), title: z.string().min(1) });

/** "Declare anyway" under the fast path's duplicate warning: declares as `/incident declare sevN <title>` would have. */
export function handleDeclareAnywayButton(deps: ListenerDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    await answering(respond, async () => {
      const args = declareAnywaySchema.parse(JSON.parse(action.value ?? '{}'));
      const responseUrl = (body as { response_url?: string }).response_url ?? null;
      const incident = await declareIncident(deps.ctx, {
        title: args.title,
        severity: args.severity,
        declaredBy: body.user.id,
        originChannelId: body.channel?.id ?? null,
        responseUrl,
      });
      const key = incidentKey(incident.id);
      await respond({ replace_original: true, text: `:rotating_light: Declaring *${key}* (${severityLabel(incident.severity)}) anyway: opening the war room…` });
      deps.logger.info('incident.declared', { inc: key, severity: incident.severity, by: body.user.id, via: 'declare_anyway' });
    });
  };
}

import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { ValidationError } from '../../../domain/errors';
import { declareIncident } from '../../../services/declare-incident';
import type { ListenerDeps } from '../../deps';
import { userMessageFor } from '../../errors';
import { DECLARE_BLOCK, PRIVATE_OPTION } from '../../ids';
import { readView, type ViewStateValues } from '../../view-state';

const metadataSchema = z.object({
  originChannelId: z.string().nullable().optional(),
  responseUrl: z.url().nullable().optional(),
});

/** Declaration form submitted: invalid input is answered inside the form; the incident and its set-up jobs commit before the ack. */
export function handleDeclareSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const v = readView(view.state.values as ViewStateValues);
    const meta = metadataSchema.safeParse(safeJson(view.private_metadata));
    const commanderId = v.user(DECLARE_BLOCK.commander);
    // Slack's user picker offers bots; one users.info (cached) tells, well inside the 3 s.
    const unassignable = await deps.botUsers([commanderId]);
    let incident;
    try {
      incident = await declareIncident(deps.ctx, {
        title: v.text(DECLARE_BLOCK.title),
        severity: v.option(DECLARE_BLOCK.severity),
        category: v.option(DECLARE_BLOCK.category),
        harmLevel: v.option(DECLARE_BLOCK.harmLevel),
        affectedSystem: v.text(DECLARE_BLOCK.affectedSystem),
        affectedVersion: v.text(DECLARE_BLOCK.affectedVersion),
        summary: v.text(DECLARE_BLOCK.summary),
        commanderId,
        unassignable,
        impactStartedAt: v.dateTime(DECLARE_BLOCK.impactStarted),
        isPrivate: v.options(DECLARE_BLOCK.options).includes(PRIVATE_OPTION),
        declaredBy: body.user.id,
        originChannelId: meta.success ? (meta.data.originChannelId ?? null) : null,
        responseUrl: meta.success ? (meta.data.responseUrl ?? null) : null,
      });
    } catch (error) {
      if (error instanceof ValidationError) {
        await ack({ response_action: 'errors', errors: { [error.field ?? DECLARE_BLOCK.title]: error.message } });
        return;
      }
      await ack({ response_action: 'errors', errors: { [DECLARE_BLOCK.title]: userMessageFor(error) } });
      throw error;
    }
    await ack();
    deps.logger.info('incident.declared', { inc: incidentKey(incident.id), severity: incident.severity, by: body.user.id, via: 'modal' });
  };
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text || '{}');
  } catch {
    return {};
  }
}

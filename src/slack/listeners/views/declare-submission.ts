import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { declareIncident } from '../../../services/declare-incident';
import type { ListenerDeps } from '../../deps';
import { DECLARE_BLOCK, PRIVATE_OPTION } from '../../ids';
import { readView, type ViewStateValues } from '../../view-state';
import { formHandler, readMetadata } from '../guard';

const metadataSchema = z.object({
  originChannelId: z.string().regex(/^[CGD][A-Z0-9]+$/).nullable().optional(),
  responseUrl: z.url().nullable().optional(),
});

/** Declaration form submitted: invalid input is answered inside the form; the incident and its set-up jobs commit before the ack. */
export function handleDeclareSubmission(deps: ListenerDeps) {
  return formHandler(deps, async ({ ack, body, view }) => {
    const meta = readMetadata(view, metadataSchema);
    const v = readView(view.state.values as ViewStateValues);
    const commanderId = v.user(DECLARE_BLOCK.commander);
    // Slack's user picker offers bots; one users.info (cached) tells, well inside the 3 s.
    const unassignable = await deps.botUsers([commanderId]);
    const incident = await declareIncident(deps.ctx, {
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
      originChannelId: meta.originChannelId ?? null,
      // Only a Slack response URL is ever posted to: a forged one must not make the bot call anywhere else.
      responseUrl: meta.responseUrl && deps.isSlackResponseUrl(meta.responseUrl) ? meta.responseUrl : null,
    });
    await ack();
    deps.logger.info('incident.declared', { inc: incidentKey(incident.id), severity: incident.severity, by: body.user.id, via: 'modal' });
  });
}

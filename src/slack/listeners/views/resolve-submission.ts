import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { DomainError, ValidationError } from '../../../domain/errors';
import { FISHBONE_CATEGORIES, WHYS_MAX } from '../../../domain/resolution';
import { resolveIncident } from '../../../services/resolve-incident';
import type { ListenerDeps } from '../../deps';
import { userMessageFor } from '../../errors';
import { RESOLVE_BLOCK } from '../../ids';
import { readView, type ViewStateValues } from '../../view-state';

const metadataSchema = z.object({ incidentId: z.number().int().positive(), actionIds: z.array(z.number().int().nullable()) });

/**
 * Resolution submitted: validated inside the form, then stored with the `resolved` transition;
 * the card, the channel and the post-mortem draft follow after the ack.
 */
export function handleResolveSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const meta = metadataSchema.safeParse(JSON.parse(view.private_metadata || '{}'));
    if (!meta.success) {
      await ack({ response_action: 'errors', errors: { [RESOLVE_BLOCK.summary]: 'This form is out of date; open it again with `/incident resolve`.' } });
      return;
    }
    const v = readView(view.state.values as ViewStateValues);
    const actorId = body.user.id;
    let result;
    try {
      result = await resolveIncident(deps.ctx, {
        incidentId: meta.data.incidentId,
        actorId,
        resolution: {
          summary: v.text(RESOLVE_BLOCK.summary),
          impact: v.text(RESOLVE_BLOCK.impact),
          trigger: v.text(RESOLVE_BLOCK.trigger),
          rootCause: v.text(RESOLVE_BLOCK.rootCause),
          whys: Array.from({ length: WHYS_MAX }, (_, i) => v.text(RESOLVE_BLOCK.why(i + 1))),
          factors: Object.fromEntries(FISHBONE_CATEGORIES.map((c) => [c, v.text(RESOLVE_BLOCK.factor(c))])) as Record<(typeof FISHBONE_CATEGORIES)[number], string>,
          wentWell: v.text(RESOLVE_BLOCK.wentWell),
          wentWrong: v.text(RESOLVE_BLOCK.wentWrong),
          gotLucky: v.text(RESOLVE_BLOCK.gotLucky),
          actions: meta.data.actionIds.map((id, i) => ({
            id,
            description: v.text(RESOLVE_BLOCK.actionText(i + 1)),
            ownerId: v.user(RESOLVE_BLOCK.actionOwner(i + 1)),
            dueDate: v.date(RESOLVE_BLOCK.actionDue(i + 1)),
            measure: v.text(RESOLVE_BLOCK.actionMeasure(i + 1)),
          })),
        },
      });
    } catch (error) {
      const field = error instanceof ValidationError && error.field ? error.field : RESOLVE_BLOCK.summary;
      await ack({ response_action: 'errors', errors: { [field]: userMessageFor(error) } });
      if (error instanceof DomainError) return;
      throw error;
    }
    await ack();
    const key = incidentKey(result.incident.id);
    deps.logger.info('incident.resolved', { inc: key, by: actorId, actions: result.actionCount, transition: result.statusChange ? 'resolved' : 'updated' });
  };
}

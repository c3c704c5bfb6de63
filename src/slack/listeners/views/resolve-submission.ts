import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { DomainError, ValidationError } from '../../../domain/errors';
import { resolveIncident } from '../../../services/resolve-incident';
import type { ListenerDeps } from '../../deps';
import { userMessageFor } from '../../errors';
import { RESOLVE_BLOCK } from '../../ids';
import { readView, type ViewStateValues } from '../../view-state';

const metadataSchema = z.object({ incidentId: z.number().int().positive() });

/** The short resolve submitted: the incident is resolved and the first draft compiled after the ack. */
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
        howStopped: v.text(RESOLVE_BLOCK.summary),
        impact: v.text(RESOLVE_BLOCK.impact),
        resolvedAt: v.dateTime(RESOLVE_BLOCK.resolvedAt),
        admins: deps.settings.admins,
      });
    } catch (error) {
      const field = error instanceof ValidationError && error.field ? error.field : RESOLVE_BLOCK.summary;
      await ack({ response_action: 'errors', errors: { [field]: userMessageFor(error) } });
      if (error instanceof DomainError) return;
      throw error;
    }
    await ack();
    deps.logger.info('incident.resolved', { inc: incidentKey(result.incident.id), by: actorId, transition: result.statusChange ? 'resolved' : 'updated' });
  };
}

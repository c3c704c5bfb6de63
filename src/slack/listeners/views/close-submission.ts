import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { DomainError, ValidationError } from '../../../domain/errors';
import { closeIncident } from '../../../services/close-incident';
import type { ListenerDeps } from '../../deps';
import { userMessageFor } from '../../errors';
import { CLOSE_BLOCK } from '../../ids';
import { readView, type ViewStateValues } from '../../view-state';

const metadataSchema = z.object({ incidentId: z.number().int().positive() });

/** The close form submitted: the person saw what the analysis lacks, so closing is confirmed. */
export function handleCloseSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const meta = metadataSchema.safeParse(JSON.parse(view.private_metadata || '{}'));
    if (!meta.success) {
      await ack({ response_action: 'clear' });
      return;
    }
    const v = readView(view.state.values as ViewStateValues);
    let closed;
    try {
      closed = await closeIncident(deps.ctx, {
        incidentId: meta.data.incidentId,
        actorId: body.user.id,
        archive: deps.settings.archiveOnClose,
        confirmGaps: true,
        reviewDate: v.date(CLOSE_BLOCK.reviewDate),
        schedule: { cron: deps.settings.followupSchedule, timeZone: deps.settings.timeZone },
      });
    } catch (error) {
      await ack({ response_action: 'errors', errors: { [CLOSE_BLOCK.reviewDate]: userMessageFor(error) } });
      if (error instanceof DomainError || error instanceof ValidationError) return;
      throw error;
    }
    await ack();
    deps.logger.info('incident.closed', { inc: incidentKey(closed.id), by: body.user.id });
  };
}

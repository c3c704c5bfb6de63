import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { DomainError } from '../../../domain/errors';
import { UPDATE_FIELDS } from '../../../domain/status-update';
import { postStatusUpdate } from '../../../services/post-status-update';
import type { ListenerDeps } from '../../deps';
import { userMessageFor } from '../../errors';
import { UPDATE_BLOCK } from '../../ids';
import { readView, type ViewStateValues } from '../../view-state';

const metadataSchema = z.object({ incidentId: z.number().int().positive() });
const FIELDS = new Set<string>(UPDATE_FIELDS);

/**
 * Status update submitted: checked again (permission may have changed while the form was open)
 * and answered inside the form; once recorded, the posts, pin, thread reply and DMs follow the ack.
 */
export function handleStatusUpdateSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    let meta;
    try {
      meta = metadataSchema.parse(JSON.parse(view.private_metadata || '{}'));
    } catch {
      await ack({ response_action: 'errors', errors: { [UPDATE_BLOCK.currentStatus]: 'This form is out of date. Run `/incident update` again.' } });
      return;
    }
    const v = readView(view.state.values as ViewStateValues);
    const next = Number(v.option(UPDATE_BLOCK.nextUpdate));
    let update;
    try {
      update = await postStatusUpdate(deps.ctx, {
        incidentId: meta.incidentId,
        actorId: body.user.id,
        currentStatus: v.text(UPDATE_BLOCK.currentStatus),
        doingNow: v.text(UPDATE_BLOCK.doingNow),
        needs: v.text(UPDATE_BLOCK.needs),
        nextInMs: Number.isFinite(next) && next > 0 ? next : null,
        executiveSummary: v.text(UPDATE_BLOCK.executiveSummary),
      });
    } catch (error) {
      const field = error instanceof DomainError && error.field && FIELDS.has(error.field) ? error.field : UPDATE_BLOCK.currentStatus;
      await ack({ response_action: 'errors', errors: { [field]: userMessageFor(error) } });
      if (error instanceof DomainError) return;
      throw error;
    }
    await ack();
    deps.logger.info('incident.status_update', { inc: incidentKey(meta.incidentId), by: body.user.id, update: update.id });
  };
}

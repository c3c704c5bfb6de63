import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { postStatusUpdate } from '../../../services/post-status-update';
import type { ListenerDeps } from '../../deps';
import { UPDATE_BLOCK } from '../../ids';
import { readView, type ViewStateValues } from '../../view-state';
import { formHandler, readMetadata } from '../guard';

const metadataSchema = z.object({ incidentId: z.number().int().positive() });

/**
 * Status update submitted: checked again (permission may have changed while the form was open)
 * and answered inside the form; once recorded, the posts, pin, thread reply and DMs follow the ack.
 */
export function handleStatusUpdateSubmission(deps: ListenerDeps) {
  return formHandler(
    deps,
    async ({ ack, body, view }) => {
      const meta = readMetadata(view, metadataSchema);
      const v = readView(view.state.values as ViewStateValues);
      const next = Number(v.option(UPDATE_BLOCK.nextUpdate));
      const update = await postStatusUpdate(deps.ctx, {
        incidentId: meta.incidentId,
        actorId: body.user.id,
        currentStatus: v.text(UPDATE_BLOCK.currentStatus),
        doingNow: v.text(UPDATE_BLOCK.doingNow),
        needs: v.text(UPDATE_BLOCK.needs),
        nextInMs: Number.isFinite(next) && next > 0 ? next : null,
        executiveSummary: v.text(UPDATE_BLOCK.executiveSummary),
      });
      await ack();
      deps.logger.info('incident.status_update', { inc: incidentKey(meta.incidentId), by: body.user.id, update: update.id });
    },
    () => UPDATE_BLOCK.currentStatus,
  );
}

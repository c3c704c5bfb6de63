import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { closeIncident } from '../../../services/close-incident';
import type { ListenerDeps } from '../../deps';
import { CLOSE_BLOCK } from '../../ids';
import { readView, type ViewStateValues } from '../../view-state';
import { formHandler, readMetadata } from '../guard';

const metadataSchema = z.object({ incidentId: z.number().int().positive() });

/** The close form submitted: the person saw what the analysis lacks, so closing is confirmed. */
export function handleCloseSubmission(deps: ListenerDeps) {
  return formHandler(deps, async ({ ack, body, view }) => {
    const meta = readMetadata(view, metadataSchema);
    const v = readView(view.state.values as ViewStateValues);
    const closed = await closeIncident(deps.ctx, {
      incidentId: meta.incidentId,
      actorId: body.user.id,
      archive: deps.settings.archiveOnClose,
      confirmGaps: true,
      reviewDate: v.date(CLOSE_BLOCK.reviewDate),
      schedule: { cron: deps.settings.followupSchedule, timeZone: deps.settings.timeZone },
    });
    await ack();
    deps.logger.info('incident.closed', { inc: incidentKey(closed.id), by: body.user.id });
  });
}

import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { resolveIncident } from '../../../services/resolve-incident';
import type { ListenerDeps } from '../../deps';
import { RESOLVE_BLOCK } from '../../ids';
import { readView, type ViewStateValues } from '../../view-state';
import { formHandler, readMetadata } from '../guard';

const metadataSchema = z.object({ incidentId: z.number().int().positive() });

/** The short resolve submitted: the incident is resolved and the first draft compiled after the ack. */
export function handleResolveSubmission(deps: ListenerDeps) {
  return formHandler(deps, async ({ ack, body, view }) => {
    const meta = readMetadata(view, metadataSchema);
    const v = readView(view.state.values as ViewStateValues);
    const actorId = body.user.id;
    const result = await resolveIncident(deps.ctx, {
      incidentId: meta.incidentId,
      actorId,
      howStopped: v.text(RESOLVE_BLOCK.summary),
      impact: v.text(RESOLVE_BLOCK.impact),
      resolvedAt: v.dateTime(RESOLVE_BLOCK.resolvedAt),
    });
    await ack();
    deps.logger.info('incident.resolved', { inc: incidentKey(result.incident.id), by: actorId, transition: result.statusChange ? 'resolved' : 'updated' });
  });
}

import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { FISHBONE_CATEGORIES, WHYS_MAX } from '../../../domain/resolution';
import { resolveIncident } from '../../../services/resolve-incident';
import type { ListenerDeps } from '../../deps';
import { RESOLVE_BLOCK } from '../../ids';
import { readView, type ViewStateValues } from '../../view-state';
import { formHandler, readMetadata } from '../guard';

const metadataSchema = z.object({ incidentId: z.number().int().positive(), actionIds: z.array(z.number().int().nullable()) });

/**
 * Resolution submitted: validated inside the form, then stored with the `resolved` transition;
 * the card, the channel and the post-mortem draft follow after the ack.
 */
export function handleResolveSubmission(deps: ListenerDeps) {
  return formHandler(deps, async ({ ack, body, view }) => {
    const meta = readMetadata(view, metadataSchema);
    const v = readView(view.state.values as ViewStateValues);
    const actorId = body.user.id;
    const result = await resolveIncident(deps.ctx, {
      incidentId: meta.incidentId,
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
        actions: meta.actionIds.map((id, i) => ({
          id,
          description: v.text(RESOLVE_BLOCK.actionText(i + 1)),
          ownerId: v.user(RESOLVE_BLOCK.actionOwner(i + 1)),
          dueDate: v.date(RESOLVE_BLOCK.actionDue(i + 1)),
          measure: v.text(RESOLVE_BLOCK.actionMeasure(i + 1)),
        })),
      },
    });
    await ack();
    const key = incidentKey(result.incident.id);
    deps.logger.info('incident.resolved', { inc: key, by: actorId, actions: result.actionCount, transition: result.statusChange ? 'resolved' : 'updated' });
  });
}

import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { NotFoundError } from '../../../domain/errors';
import { ANALYSIS_PARTS, nextPart } from '../../../domain/postmortem-analysis';
import { FISHBONE_CATEGORIES, WHYS_MAX, type FishboneCategory } from '../../../domain/resolution';
import { addCorrectiveAction } from '../../../services/corrective-actions';
import { saveAnalysis } from '../../../services/save-analysis';
import type { ListenerDeps } from '../../deps';
import { ACTION_BLOCK, ANALYSIS_BLOCK } from '../../ids';
import { readView, type ViewStateValues } from '../../view-state';
import { analysisView } from '../analysis-opener';
import { formHandler, readMetadata } from '../guard';

const metadataSchema = z.object({ incidentId: z.number().int().positive(), part: z.enum(ANALYSIS_PARTS) });

const FIRST_FIELD = { cause: ANALYSIS_BLOCK.trigger, factors: ANALYSIS_BLOCK.factor('people'), actions: ACTION_BLOCK.title } as const;

/** Reads a corrective action's fields from a form that holds `actionInputs`. */
export function readActionFields(v: ReturnType<typeof readView>) {
  return {
    title: v.text(ACTION_BLOCK.title),
    ownerId: v.user(ACTION_BLOCK.owner),
    dueDate: v.date(ACTION_BLOCK.due),
    measure: v.text(ACTION_BLOCK.measure),
    severity: v.option(ACTION_BLOCK.severity),
    occurrence: v.option(ACTION_BLOCK.occurrence),
    detection: v.option(ACTION_BLOCK.detection),
  };
}

/**
 * One part of the analysis saved: it is stored (a new draft is compiled when it changed), then the
 * form moves on to the next part in place. The actions part adds one action per save and stays
 * open for the next; saved empty, it closes.
 */
export function handleAnalysisSubmission(deps: ListenerDeps) {
  return formHandler(
    deps,
    async ({ ack, body, view }) => {
      const { incidentId, part } = readMetadata(view, metadataSchema);
      const v = readView(view.state.values as ViewStateValues);
      const actorId = body.user.id;
      let notice: string;
      if (part === 'actions') {
        const fields = readActionFields(v);
        const empty = !fields.title && !fields.ownerId && !fields.dueDate && !fields.measure && !fields.severity && !fields.occurrence && !fields.detection;
        if (empty) {
          await ack({ response_action: 'clear' });
          return;
        }
        await addCorrectiveAction(deps.ctx, { incidentId, actorId, action: fields });
        notice = ':white_check_mark: Action added; a new draft is being compiled. Add another, or press Done.';
      } else {
        const saved =
          part === 'cause'
            ? await saveAnalysis(deps.ctx, {
                incidentId,
                actorId,
                part: {
                  part,
                  trigger: v.text(ANALYSIS_BLOCK.trigger),
                  rootCause: v.text(ANALYSIS_BLOCK.rootCause),
                  whys: Array.from({ length: WHYS_MAX }, (_, i) => v.text(ANALYSIS_BLOCK.why(i + 1))),
                },
              })
            : await saveAnalysis(deps.ctx, {
                incidentId,
                actorId,
                part: {
                  part,
                  factors: Object.fromEntries(FISHBONE_CATEGORIES.map((c) => [c, v.text(ANALYSIS_BLOCK.factor(c))])) as Record<FishboneCategory, string>,
                  wentWell: v.text(ANALYSIS_BLOCK.wentWell),
                  wentWrong: v.text(ANALYSIS_BLOCK.wentWrong),
                  gotLucky: v.text(ANALYSIS_BLOCK.gotLucky),
                },
              });
        notice = saved.changed ? ':white_check_mark: Saved; a new draft is being compiled.' : 'Nothing changed in that part.';
      }
      const incident = await deps.ctx.repos.incidents.byId(incidentId);
      if (!incident) throw new NotFoundError('This incident no longer exists.');
      const next = part === 'actions' ? 'actions' : nextPart(part)!;
      await ack({ response_action: 'update', view: await analysisView(deps.ctx.repos, deps, incident, next, notice) });
      deps.logger.info('analysis.saved', { inc: incidentKey(incidentId), part, by: actorId });
    },
    (_error, view) => FIRST_FIELD[readMetadata(view, metadataSchema).part],
  );
}

import { z } from 'zod';
import { planClose } from '../domain/closure';
import { DomainError } from '../domain/errors';
import { localDay } from '../domain/followup';
import { closingGaps, validateReviewDate, type AnalysisGap } from '../domain/postmortem-analysis';
import { incidentFor } from './follow-through-effects';
import { reviewReminderAt } from './followup';
import { analysisState } from './save-analysis';
import type { Incident } from '../domain/incident';
import { statusLabel } from '../domain/status';
import { commsAfterClose } from './comms-effects';
import { withTransaction, type ServiceContext } from './context';
import { enqueueJob, noticeInChannel, refreshSurfaces, scheduleForIncident } from './effects';
import { replanRegulatory } from './regulatory';
import type { Repositories } from '../db/repositories/types';

const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  actorId: z.string().min(1),
  archive: z.boolean().default(false),
  /** The person saw what the analysis still lacks and closes anyway. */
  confirmGaps: z.boolean().default(false),
  /** Post-mortem review meeting, `YYYY-MM-DD`; the commander is reminded the day before. */
  reviewDate: z.string().nullable().default(null),
  schedule: z.object({ cron: z.string(), timeZone: z.string() }).optional(),
});

/** Closing with the root cause or the actions missing needs a confirmation; `gaps` says what is missing. */
export class AnalysisIncompleteError extends DomainError {
  constructor(readonly gaps: AnalysisGap[]) {
    super('analysis_incomplete', 'The post-mortem analysis is incomplete; confirm to close anyway.');
  }
}

/**
 * Moves a resolved incident to `closed` (post-incident work done) and records it, with everything
 * Slack must show in the same transaction: a draft when none exists yet (a closed incident always
 * has one), the card, the closing notice, and the archive when configured.
 */
export async function closeIncident(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Promise<Incident> {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const incident = await incidentFor(ctx, tx, input.incidentId, 'steer', input.actorId);
    const { patch } = planClose(incident, now);
    const gaps = closingGaps(await analysisState(tx, incident.id));
    if (gaps.length && !input.confirmGaps) throw new AnalysisIncompleteError(gaps);
    const tz = input.schedule?.timeZone ?? 'UTC';
    const reviewDate = validateReviewDate(input.reviewDate, localDay(now, tz));
    await tx.incidents.update(incident.id, { ...patch, updatedAt: now });
    const entryId = await tx.timeline.addAutomatic(
      {
        incidentId: incident.id,
        kind: 'status_changed',
        text: `Status: ${statusLabel(incident.status)} → ${statusLabel('closed')}`,
        actorId: input.actorId,
        occurredAt: now,
        data: { from: incident.status, to: 'closed' },
      },
      now,
    );
    if (!(await tx.postmortem.latestDraft(incident.id))) {
      await scheduleForIncident(tx, now, 'postmortem.compile', { incidentId: incident.id, createdBy: input.actorId }, { key: `postmortem:entry:${entryId}` });
    }
    if (reviewDate) await scheduleReview(tx, now, incident.id, input.actorId, reviewDate, input.schedule ?? { cron: '0 9 * * *', timeZone: tz });
    // Severity feeds the triage; a closed incident sends no more reminders; a re-opened one resumes them.
    await replanRegulatory(ctx, tx, now, incident.id);
    await refreshSurfaces(tx, now, incident.id);
    await noticeInChannel(tx, now, incident.id, { type: 'closed', actorId: input.actorId, archive: input.archive }, `entry:${entryId}`);
    await commsAfterClose(tx, now, incident.id, input.actorId, entryId);
    if (input.archive) await scheduleForIncident(tx, now, 'channel.archive', { incidentId: incident.id }, { key: `archive:entry:${entryId}` });
    return (await tx.incidents.byId(incident.id))!;
  });
}

/** Stores the review date, notes it on the timeline and schedules the commander's reminder (once per date). */
async function scheduleReview(tx: Repositories, now: Date, incidentId: number, actorId: string, reviewDate: string, schedule: { cron: string; timeZone: string }) {
  const earlier = await tx.followup.review(incidentId);
  if (earlier?.reviewDate === reviewDate) return;
  await tx.followup.setReview({ incidentId, reviewDate, setBy: actorId, setAt: now });
  await tx.timeline.addAutomatic(
    { incidentId, kind: 'review_scheduled', text: `Post-mortem review set for ${reviewDate}`, actorId, occurredAt: now, data: { reviewDate, was: earlier?.reviewDate ?? null } },
    now,
  );
  if (earlier) await tx.jobs.cancel({ incidentId, kinds: ['postmortem.review_reminder'] }, now);
  await enqueueJob(tx, now, 'postmortem.review_reminder', { incidentId, reviewDate }, { incidentId, key: `review:${incidentId}:${reviewDate}`, dueAt: reviewReminderAt(reviewDate, schedule, now) });
}

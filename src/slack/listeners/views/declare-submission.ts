import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { ValidationError } from '../../../domain/errors';
import { isSeverity } from '../../../domain/severity';
import { declareIncident } from '../../../services/declare-incident';
import { findDuplicateIncidents } from '../../../services/find-duplicate-incidents';
import { buildDeclareModal } from '../../blocks/declare-modal';
import { withDuplicateWarning } from '../../blocks/duplicate-warning';
import type { ListenerDeps } from '../../deps';
import { userMessageFor } from '../../errors';
import { DECLARE_BLOCK, PRIVATE_OPTION } from '../../ids';
import { readView, type ViewStateValues } from '../../view-state';

const metadataSchema = z.object({
  originChannelId: z.string().nullable().optional(),
  responseUrl: z.url().nullable().optional(),
});
/** Open incidents the declarer was already shown as possible duplicates (see withDuplicateWarning). */
const seenSchema = z.object({ duplicatesSeen: z.array(z.number().int()).default([]) });

/** Declaration form submitted: invalid input is answered inside the form; the incident and its set-up jobs commit before the ack. */
export function handleDeclareSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const v = readView(view.state.values as ViewStateValues);
    const meta = metadataSchema.safeParse(safeJson(view.private_metadata));
    const commanderId = v.user(DECLARE_BLOCK.commander);
    // Slack's user picker offers bots; one users.info (cached) tells, well inside the 3 s.
    const unassignable = await deps.botUsers([commanderId]);
    // A title like an open incident's: the form shows the matches (a few local reads, well inside
    // the 3 s) and declares on the next submit, unless the title now matches another one.
    const title = v.text(DECLARE_BLOCK.title);
    const seen = seenSchema.safeParse(safeJson(view.private_metadata));
    const seenIds = seen.success ? seen.data.duplicatesSeen : [];
    const matches = title.trim() ? (await findDuplicateIncidents(deps.ctx, { title, declarerId: body.user.id })).filter((m) => !seenIds.includes(m.id)) : [];
    if (matches.length) {
      const severity = v.option(DECLARE_BLOCK.severity);
      const form = buildDeclareModal({
        title,
        severity: severity && isSeverity(severity) ? severity : null,
        declarerId: body.user.id,
        originChannelId: meta.success ? (meta.data.originChannelId ?? null) : null,
        responseUrl: meta.success ? (meta.data.responseUrl ?? null) : null,
      });
      await ack({ response_action: 'update', view: withDuplicateWarning(form, matches, seenIds) as never });
      deps.logger.info('declare.duplicate_warned', { matches: matches.length, by: body.user.id, via: 'modal' });
      return;
    }
    let incident;
    try {
      incident = await declareIncident(deps.ctx, {
        title: v.text(DECLARE_BLOCK.title),
        severity: v.option(DECLARE_BLOCK.severity),
        category: v.option(DECLARE_BLOCK.category),
        harmLevel: v.option(DECLARE_BLOCK.harmLevel),
        affectedSystem: v.text(DECLARE_BLOCK.affectedSystem),
        affectedVersion: v.text(DECLARE_BLOCK.affectedVersion),
        summary: v.text(DECLARE_BLOCK.summary),
        commanderId,
        unassignable,
        impactStartedAt: v.dateTime(DECLARE_BLOCK.impactStarted),
        isPrivate: v.options(DECLARE_BLOCK.options).includes(PRIVATE_OPTION),
        declaredBy: body.user.id,
        originChannelId: meta.success ? (meta.data.originChannelId ?? null) : null,
        responseUrl: meta.success ? (meta.data.responseUrl ?? null) : null,
      });
    } catch (error) {
      if (error instanceof ValidationError) {
        await ack({ response_action: 'errors', errors: { [error.field ?? DECLARE_BLOCK.title]: error.message } });
        return;
      }
      await ack({ response_action: 'errors', errors: { [DECLARE_BLOCK.title]: userMessageFor(error) } });
      throw error;
    }
    await ack();
    deps.logger.info('incident.declared', { inc: incidentKey(incident.id), severity: incident.severity, by: body.user.id, via: 'modal' });
  };
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text || '{}');
  } catch {
    return {};
  }
}

import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { isSeverity } from '../../../domain/severity';
import { declareIncident } from '../../../services/declare-incident';
import { findDuplicateIncidents } from '../../../services/find-duplicate-incidents';
import { buildDeclareModal } from '../../blocks/declare-modal';
import { readDetailsInput } from '../../blocks/details-inputs';
import { withDuplicateWarning } from '../../blocks/duplicate-warning';
import type { ListenerDeps } from '../../deps';
import { DECLARE_BLOCK, PRIVATE_OPTION } from '../../ids';
import { readView, type ViewStateValues } from '../../view-state';
import { formHandler, readMetadata } from '../guard';

const metadataSchema = z.object({
  originChannelId: z.string().regex(/^[CGD][A-Z0-9]+$/).nullable().optional(),
  responseUrl: z.url().nullable().optional(),
  /** Open incidents the declarer was already shown as possible duplicates (see withDuplicateWarning). */
  duplicatesSeen: z.array(z.number().int()).optional(),
});

/** Declaration form submitted: invalid input is answered inside the form; the incident and its set-up jobs commit before the ack. */
export function handleDeclareSubmission(deps: ListenerDeps) {
  return formHandler(deps, async ({ ack, body, view }) => {
    const meta = readMetadata(view, metadataSchema);
    const v = readView(view.state.values as ViewStateValues);
    const commanderId = v.user(DECLARE_BLOCK.commander);
    // Slack's user picker offers bots; one users.info (cached) tells, well inside the 3 s.
    const unassignable = await deps.botUsers([commanderId]);
    const originChannelId = meta.originChannelId ?? null;
    // Only a Slack response URL is ever posted to: a forged one must not make the bot call anywhere else.
    const responseUrl = meta.responseUrl && deps.isSlackResponseUrl(meta.responseUrl) ? meta.responseUrl : null;
    // A title like an open incident's: the form shows the matches (a few local reads, well inside
    // the 3 s) and declares on the next submit, unless the title now matches another one.
    const title = v.text(DECLARE_BLOCK.title);
    const seen = meta.duplicatesSeen ?? [];
    const matches = title.trim() ? (await findDuplicateIncidents(deps.ctx, { title, declarerId: body.user.id })).filter((m) => !seen.includes(m.id)) : [];
    if (matches.length) {
      const severity = v.option(DECLARE_BLOCK.severity);
      const form = buildDeclareModal({ title, severity: severity && isSeverity(severity) ? severity : null, declarerId: body.user.id, originChannelId, responseUrl });
      await ack({ response_action: 'update', view: withDuplicateWarning(form, matches, seen) as never });
      deps.logger.info('declare.duplicate_warned', { matches: matches.length, by: body.user.id, via: 'modal' });
      return;
    }
    const incident = await declareIncident(deps.ctx, {
      ...readDetailsInput(v),
      severity: v.option(DECLARE_BLOCK.severity),
      commanderId,
      unassignable,
      isPrivate: v.options(DECLARE_BLOCK.options).includes(PRIVATE_OPTION),
      declaredBy: body.user.id,
      originChannelId,
      responseUrl,
    });
    await ack();
    deps.logger.info('incident.declared', { inc: incidentKey(incident.id), severity: incident.severity, by: body.user.id, via: 'modal' });
  });
}

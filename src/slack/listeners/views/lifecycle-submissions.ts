import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { STATUS_TARGETS } from '../../../domain/lifecycle';
import { changeStatus } from '../../../services/change-status';
import { editIncidentDetails } from '../../../services/edit-incident-details';
import type { ListenerDeps } from '../../deps';
import { EDIT_BLOCK, STATUS_NOTE_BLOCK } from '../../ids';
import { readDetailsInput } from '../../blocks/details-inputs';
import { readView, type ViewStateValues } from '../../view-state';
import { formHandler, readMetadata } from '../guard';

const incidentMeta = z.object({ incidentId: z.number().int().positive() });
const statusNoteMeta = incidentMeta.extend({ to: z.enum(STATUS_TARGETS) });

/** The note of a backward status move made from the card; permission and state are checked again now. */
export function handleStatusNoteSubmission(deps: ListenerDeps) {
  return formHandler(deps, async ({ ack, body, view }) => {
    const meta = readMetadata(view, statusNoteMeta);
    const note = readView(view.state.values as ViewStateValues).text(STATUS_NOTE_BLOCK.note);
    const result = await changeStatus(deps.ctx, { incidentId: meta.incidentId, to: meta.to, note, actorId: body.user.id });
    await ack();
    deps.logger.info('incident.status_changed', { inc: incidentKey(meta.incidentId), from: result.change.from, to: result.change.to, by: body.user.id, via: 'card' });
  });
}

/** The edit-details form: invalid input is answered inside the form, each correction is an entry. */
export function handleEditSubmission(deps: ListenerDeps) {
  return formHandler(deps, async ({ ack, body, view }) => {
    const meta = readMetadata(view, incidentMeta);
    const v = readView(view.state.values as ViewStateValues);
    const result = await editIncidentDetails(deps.ctx, {
      incidentId: meta.incidentId,
      actorId: body.user.id,
      ...readDetailsInput(v),
      summary: v.text(EDIT_BLOCK.summary),
      affectedSystem: v.text(EDIT_BLOCK.affectedSystem),
      affectedVersion: v.text(EDIT_BLOCK.affectedVersion),
      impactStartedAt: v.dateTime(EDIT_BLOCK.impactStarted),
      detectedAt: v.dateTime(EDIT_BLOCK.detected),
      awareAt: v.dateTime(EDIT_BLOCK.aware),
      causalLinkAt: v.dateTime(EDIT_BLOCK.causalLink),
      legalReason: v.text(EDIT_BLOCK.legalReason),
    });
    await ack();
    deps.logger.info('incident.details_edited', { inc: incidentKey(meta.incidentId), fields: [...result.changes, ...result.legal].map((c) => c.field).join(','), by: body.user.id });
  });
}

import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { STATUS_TARGETS } from '../../../domain/lifecycle';
import { changeStatus } from '../../../services/change-status';
import { editIncidentDetails } from '../../../services/edit-incident-details';
import type { ListenerDeps } from '../../deps';
import { EDIT_BLOCK, EVIDENCE_BLOCK, SKIP_EVIDENCE_OPTION, STATUS_NOTE_BLOCK } from '../../ids';
import { buildEvidenceModal } from '../../blocks/evidence-modal';
import { readDetailsInput } from '../../blocks/details-inputs';
import { recordEvidenceAndMove } from '../../../services/record-evidence';
import { needsEvidence } from '../../../services/regulatory';
import { readView, type ViewStateValues } from '../../view-state';
import { formHandler, readMetadata } from '../guard';

const incidentMeta = z.object({ incidentId: z.number().int().positive() });
const statusNoteMeta = incidentMeta.extend({ to: z.enum(STATUS_TARGETS) });

/** The note of a backward status move made from the card; permission and state are checked again now. */
export function handleStatusNoteSubmission(deps: ListenerDeps) {
  return formHandler(deps, async ({ ack, body, view }) => {
    const meta = readMetadata(view, statusNoteMeta);
    const note = readView(view.state.values as ViewStateValues).text(STATUS_NOTE_BLOCK.note);
    const incident = await deps.ctx.repos.incidents.byId(meta.incidentId);
    if (incident && (await needsEvidence(deps.ctx, deps.ctx.repos, incident, meta.to))) {
      // Re-opening into Contained or Mitigated can be the first containment: the evidence form takes over.
      await ack({ response_action: 'update', view: buildEvidenceModal({ incidentId: meta.incidentId, to: meta.to, note: note || null, actorId: body.user.id }) });
      return;
    }
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

const evidenceMeta = statusNoteMeta.extend({ note: z.string().nullable() });

/**
 * The evidence form: the snapshot (or the skip and its reason) is recorded and the status change
 * made in one step; what is missing is answered inside the form, on the field it concerns.
 */
export function handleEvidenceSubmission(deps: ListenerDeps) {
  return formHandler(deps, async ({ ack, body, view }) => {
    const meta = readMetadata(view, evidenceMeta);
    const v = readView(view.state.values as ViewStateValues);
    const result = await recordEvidenceAndMove(deps.ctx, {
      incidentId: meta.incidentId,
      actorId: body.user.id,
      to: meta.to,
      note: meta.note,
      skip: v.options(EVIDENCE_BLOCK.skip).includes(SKIP_EVIDENCE_OPTION),
      skipReason: v.text(EVIDENCE_BLOCK.skipReason),
      modelRef: v.text(EVIDENCE_BLOCK.modelRef),
      promptsRef: v.text(EVIDENCE_BLOCK.promptsRef),
      samplesRef: v.text(EVIDENCE_BLOCK.samplesRef),
      logsRef: v.text(EVIDENCE_BLOCK.logsRef),
      preservedBy: v.user(EVIDENCE_BLOCK.preservedBy),
    });
    await ack();
    deps.logger.info('incident.evidence_recorded', { inc: incidentKey(meta.incidentId), outcome: result.outcome, to: result.change.to, by: body.user.id });
    deps.logger.info('incident.status_changed', { inc: incidentKey(meta.incidentId), from: result.change.from, to: result.change.to, by: body.user.id, via: 'evidence' });
  });
}

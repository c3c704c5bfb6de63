import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { DomainError, ValidationError } from '../../../domain/errors';
import { STATUS_TARGETS } from '../../../domain/lifecycle';
import { changeStatus } from '../../../services/change-status';
import { editIncidentDetails } from '../../../services/edit-incident-details';
import type { ListenerDeps } from '../../deps';
import { userMessageFor } from '../../errors';
import { EDIT_BLOCK, STATUS_NOTE_BLOCK } from '../../ids';
import { readView, type ViewStateValues } from '../../view-state';

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

const incidentMeta = z.object({ incidentId: z.number().int().positive() });
const statusNoteMeta = incidentMeta.extend({ to: z.enum(STATUS_TARGETS) });

function parseMetadata<T>(schema: z.ZodType<T>, text: string | undefined): T {
  // private_metadata is written by our own builders; anything else is a bug worth a loud failure.
  return schema.parse(JSON.parse(text || '{}'));
}

/** The note of a backward status move made from the card. */
export function handleStatusNoteSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view }: ViewArgs): Promise<void> => {
    const meta = parseMetadata(statusNoteMeta, view.private_metadata);
    const note = readView(view.state.values as ViewStateValues).text(STATUS_NOTE_BLOCK.note);
    let result;
    try {
      result = await changeStatus(deps.ctx, { incidentId: meta.incidentId, to: meta.to, note, actorId: body.user.id });
    } catch (error) {
      if (error instanceof DomainError) {
        await ack({ response_action: 'errors', errors: { [STATUS_NOTE_BLOCK.note]: error.message } });
        return;
      }
      await ack({ response_action: 'errors', errors: { [STATUS_NOTE_BLOCK.note]: userMessageFor(error) } });
      throw error;
    }
    await ack();
    const key = incidentKey(meta.incidentId);
    deps.logger.info('incident.status_changed', { inc: key, from: result.change.from, to: result.change.to, by: body.user.id, via: 'card' });
  };
}

const EDIT_FIELDS = new Set<string>(Object.values(EDIT_BLOCK));

/** The edit-details form: invalid input is answered inside the form, each correction is an entry. */
export function handleEditSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view }: ViewArgs): Promise<void> => {
    const meta = parseMetadata(incidentMeta, view.private_metadata);
    const v = readView(view.state.values as ViewStateValues);
    let result;
    try {
      result = await editIncidentDetails(deps.ctx, {
        incidentId: meta.incidentId,
        actorId: body.user.id,
        title: v.text(EDIT_BLOCK.title),
        summary: v.text(EDIT_BLOCK.summary),
        category: v.option(EDIT_BLOCK.category),
        harmLevel: v.option(EDIT_BLOCK.harmLevel),
        affectedSystem: v.text(EDIT_BLOCK.affectedSystem),
        affectedVersion: v.text(EDIT_BLOCK.affectedVersion),
        impactStartedAt: v.dateTime(EDIT_BLOCK.impactStarted),
        detectedAt: v.dateTime(EDIT_BLOCK.detected),
      });
    } catch (error) {
      if (error instanceof ValidationError || error instanceof DomainError) {
        const field = error.field && EDIT_FIELDS.has(error.field) ? error.field : EDIT_BLOCK.title;
        await ack({ response_action: 'errors', errors: { [field]: error.message } });
        return;
      }
      await ack({ response_action: 'errors', errors: { [EDIT_BLOCK.title]: userMessageFor(error) } });
      throw error;
    }
    await ack();
    const key = incidentKey(meta.incidentId);
    deps.logger.info('incident.details_edited', { inc: key, fields: result.changes.map((c) => c.field).join(','), by: body.user.id });
  };
}

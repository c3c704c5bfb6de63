import { z } from 'zod';
import { changeCorrectiveAction, type ChangeCorrectiveActionInput } from '../../../services/corrective-actions';
import { ACTION_FORMS } from '../../blocks/action-modals';
import type { ListenerDeps } from '../../deps';
import { ACTION_BLOCK } from '../../ids';
import { readView, type ViewStateValues } from '../../view-state';
import { formHandler, readMetadata } from '../guard';
import { readActionFields } from './analysis-submission';

const metadataSchema = z.object({ actionId: z.number().int().positive(), form: z.enum(ACTION_FORMS) });

const FIRST_FIELD = { reassign: ACTION_BLOCK.owner, due: ACTION_BLOCK.due, wont_do: ACTION_BLOCK.reason, edit: ACTION_BLOCK.title } as const;

/** Reassign, change the due date, won't do, or edit: the small forms behind an action's controls. */
export function handleActionSubmission(deps: ListenerDeps) {
  return formHandler(
    deps,
    async ({ ack, body, view }) => {
      const { actionId, form } = readMetadata(view, metadataSchema);
      const v = readView(view.state.values as ViewStateValues);
      const change: ChangeCorrectiveActionInput['change'] =
        form === 'reassign'
          ? { type: 'reassign', ownerId: v.user(ACTION_BLOCK.owner) ?? '' }
          : form === 'due'
            ? { type: 'due', dueDate: v.date(ACTION_BLOCK.due) ?? '' }
            : form === 'wont_do'
              ? { type: 'wont_do', reason: v.text(ACTION_BLOCK.reason) }
              : { type: 'edit', fields: readActionFields(v) };
      await changeCorrectiveAction(deps.ctx, { actionId, actorId: body.user.id, change });
      await ack();
      deps.logger.info('action.changed', { action: actionId, change: form, by: body.user.id });
    },
    (_error, view) => FIRST_FIELD[readMetadata(view, metadataSchema).form],
  );
}

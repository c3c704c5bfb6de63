import type { types } from '@slack/bolt';
import { WONT_DO_REASON_MAX } from '../../domain/corrective-action';
import { toMrkdwn } from '../../domain/text';
import type { CorrectiveActionRow } from '../../db/repositories/types';
import { ACTION_BLOCK, CALLBACK } from '../ids';
import { actionInputs } from './analysis-modal';
import { dateInput, textInput, userInput } from './form-inputs';
import { LIMITS, modalTitle, plain, privateMetadata, section } from './limits';

export const ACTION_FORMS = ['reassign', 'due', 'wont_do', 'edit'] as const;
export type ActionForm = (typeof ACTION_FORMS)[number];

export interface ActionModalMetadata {
  actionId: number;
  form: ActionForm;
}

const TITLE: Record<ActionForm, string> = { reassign: 'Reassign action', due: 'Change due date', wont_do: "Won't do", edit: 'Edit action' };
const SUBMIT: Record<ActionForm, string> = { reassign: 'Reassign', due: 'Save', wont_do: "Won't do", edit: 'Save' };

/** The small forms behind a corrective action's buttons. */
export function buildActionModal(action: CorrectiveActionRow, form: ActionForm): types.ModalView {
  const blocks: Record<string, unknown>[] = [section(`*${toMrkdwn(action.description)}*`)];
  if (form === 'reassign') blocks.push(userInput(ACTION_BLOCK.owner, 'New owner', { initial: action.ownerId, optional: false }));
  if (form === 'due') blocks.push(dateInput(ACTION_BLOCK.due, 'Due date', { initial: action.dueDate, optional: false }));
  if (form === 'wont_do') {
    blocks.push(textInput(ACTION_BLOCK.reason, 'Why it will not be done', { optional: false, multiline: true, max: WONT_DO_REASON_MAX, placeholder: 'Superseded by…, risk accepted by…, no longer applies because…' }));
  }
  if (form === 'edit') {
    blocks.push(
      ...actionInputs({
        title: action.description,
        ownerId: action.ownerId,
        dueDate: action.dueDate,
        measure: action.measure,
        severity: action.severity,
        occurrence: action.occurrence,
        detection: action.detection,
      }),
    );
  }
  const metadata: ActionModalMetadata = { actionId: action.id, form };
  return {
    type: 'modal' as const,
    callback_id: CALLBACK.correctiveActionModal,
    private_metadata: privateMetadata({ ...metadata }),
    title: modalTitle(TITLE[form]),
    submit: plain(SUBMIT[form], LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks,
  } as unknown as types.ModalView;
}

import type { types } from '@slack/bolt';
import { incidentKey } from '../../domain/channel-name';
import { REASON_MAX, type StatusTarget } from '../../domain/lifecycle';
import type { Status } from '../../domain/status';
import { statusLabel } from '../../domain/status';
import { CALLBACK, STATUS_NOTE_BLOCK } from '../ids';
import { inputBlock } from './input';
import { LIMITS, modalTitle, plain, privateMetadata, section } from './limits';

export interface StatusNoteMetadata {
  incidentId: number;
  to: StatusTarget;
}

/** A backward move from the card needs the note a select cannot carry: this asks for it. */
export function buildStatusNoteModal(p: { incidentId: number; from: Status; to: StatusTarget }): types.ModalView {
  const metadata: StatusNoteMetadata = { incidentId: p.incidentId, to: p.to };
  // Bolt's View union cannot describe the generic input helper; the limits are kept by the helpers.
  return {
    type: 'modal',
    callback_id: CALLBACK.statusNoteModal,
    private_metadata: privateMetadata({ ...metadata }),
    title: modalTitle('Re-open the incident'),
    submit: plain(`Move to ${statusLabel(p.to)}`, LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks: [
      section(`Moving *${incidentKey(p.incidentId)}* back from *${statusLabel(p.from)}* to *${statusLabel(p.to)}* re-opens it.`),
      inputBlock(
        STATUS_NOTE_BLOCK.note,
        'Why?',
        { type: 'plain_text_input', multiline: true, max_length: REASON_MAX, placeholder: plain('e.g. the fallback model drifts too', LIMITS.placeholder) },
        { hint: 'Recorded on the timeline with the change.' },
      ),
    ],
  } as unknown as types.ModalView;
}

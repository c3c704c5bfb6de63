import type { types } from '@slack/bolt';
import { incidentKey } from '../../domain/channel-name';
import { EVIDENCE_REF_MAX, SKIP_REASON_MAX } from '../../domain/evidence';
import type { StatusTarget } from '../../domain/lifecycle';
import { statusLabel } from '../../domain/status';
import { CALLBACK, EVIDENCE_BLOCK, SKIP_EVIDENCE_OPTION } from '../ids';
import { inputBlock } from './input';
import { LIMITS, modalTitle, option, plain, privateMetadata, section } from './limits';

export interface EvidenceModalMetadata {
  incidentId: number;
  to: StatusTarget;
  note: string | null;
}

const ref = (blockId: string, label: string, placeholder: string, hint: string) =>
  inputBlock(blockId, label, { type: 'plain_text_input', max_length: EVIDENCE_REF_MAX, placeholder: plain(placeholder, LIMITS.placeholder) }, { optional: true, hint });

/**
 * Asked before the first move to Contained or Mitigated of an incident the EU AI Act may cover.
 * Every input is optional to Slack: the domain decides what is missing (all four locations and who
 * preserved them, or, when skipping, a reason) and answers inside the form.
 */
export function buildEvidenceModal(p: EvidenceModalMetadata & { actorId: string }): types.ModalView {
  const metadata: EvidenceModalMetadata = { incidentId: p.incidentId, to: p.to, note: p.note };
  return {
    type: 'modal',
    callback_id: CALLBACK.evidenceModal,
    private_metadata: privateMetadata({ ...metadata }),
    title: modalTitle('Preserve the evidence'),
    submit: plain('Record and continue', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks: [
      section(
        `Before *${incidentKey(p.incidentId)}* moves to *${statusLabel(p.to)}*, record where the state of the AI system *before the change* is kept. ` +
          'The EU AI Act (Art. 73(6)) forbids altering the system in a way that could affect the later evaluation of the causes before the authority is informed.',
      ),
      ref(EVIDENCE_BLOCK.modelRef, 'Model / weights identifier or registry URI', 'e.g. mlflow://models/ranker/4.2.0', 'The exact version that was serving.'),
      ref(EVIDENCE_BLOCK.promptsRef, 'Prompts and configuration', 'e.g. git@configs:ranker/prod.yaml @ 4c1e9a2', 'System prompt, feature flags, thresholds: where the versions are kept.'),
      ref(EVIDENCE_BLOCK.samplesRef, 'Input/output samples', 'e.g. s3://evidence/INC-7/samples/', 'Where the inputs and outputs that show the harm are stored.'),
      ref(EVIDENCE_BLOCK.logsRef, 'Logs', 'e.g. s3://evidence/INC-7/logs/', 'Where the inference and application logs are preserved.'),
      inputBlock(EVIDENCE_BLOCK.preservedBy, 'Preserved by', { type: 'users_select', initial_user: p.actorId }, { optional: true }),
      inputBlock(
        EVIDENCE_BLOCK.skip,
        'Cannot preserve it first?',
        { type: 'checkboxes', options: [option('Proceed without a snapshot', SKIP_EVIDENCE_OPTION, 'Recorded on the timeline and flagged in the post-mortem')] },
        { optional: true },
      ),
      inputBlock(
        EVIDENCE_BLOCK.skipReason,
        'Why proceed without it?',
        { type: 'plain_text_input', multiline: true, max_length: SKIP_REASON_MAX, placeholder: plain('e.g. the model is still harming applicants; logs are retained 30 days', LIMITS.placeholder) },
        { optional: true, hint: 'Required when proceeding without a snapshot.' },
      ),
    ],
  } as unknown as types.ModalView;
}

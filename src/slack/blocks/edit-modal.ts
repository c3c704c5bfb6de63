import type { types } from '@slack/bolt';
import { incidentKey } from '../../domain/channel-name';
import type { Details } from '../../domain/incident-details';
import type { Incident } from '../../domain/incident';
import { effectiveAwareness, type RegulatoryFacts } from '../../domain/regulatory-record';
import { LEGAL_REASON_MAX } from '../../domain/details-edit';
import { CALLBACK, EDIT_BLOCK } from '../ids';
import { coreDetailInputs, impactStartedInput, regulatoryFactInputs, titleInput } from './details-inputs';
import { inputBlock, unixSeconds } from './input';
import { context, header, LIMITS, modalTitle, plain, privateMetadata } from './limits';

export interface IncidentModalMetadata {
  incidentId: number;
}

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * Corrects what was known at declaration, prefilled with the current values, and the legal times
 * (awareness, causal link) with a reason. The channel keeps its name: renaming would break every
 * link people already shared.
 */
export function buildEditDetailsModal(incident: Incident, facts: RegulatoryFacts): types.ModalView {
  const metadata: IncidentModalMetadata = { incidentId: incident.id };
  const details: Partial<Details> = { ...incident, ...facts };
  const awareness = effectiveAwareness(incident);
  const datetime = (d: Date | null) => (d ? { initial_date_time: unixSeconds(d) } : {});
  // Bolt's View union cannot describe the generic input helper; the limits are kept by the helpers.
  return {
    type: 'modal',
    callback_id: CALLBACK.editModal,
    private_metadata: privateMetadata({ ...metadata }),
    title: modalTitle(`Edit ${incidentKey(incident.id)}`),
    submit: plain('Save', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks: [
      titleInput(incident.title),
      ...coreDetailInputs(details),
      impactStartedInput(incident.impactStartedAt, 'Time to detect is measured from here.'),
      inputBlock(
        EDIT_BLOCK.detected,
        'When was it detected?',
        { type: 'datetimepicker', ...datetime(incident.detectedAt) },
        { hint: 'Time to declare is measured from here; it cannot be after the declaration.' },
      ),
      header('Legal clock'),
      inputBlock(
        EDIT_BLOCK.aware,
        'When did the organisation become aware?',
        { type: 'datetimepicker', ...datetime(incident.awareAt) },
        {
          optional: true,
          hint:
            awareness.basis === 'aware'
              ? 'Regulatory deadlines run from here. Empty it to follow the detection time again.'
              : `Empty: follows the ${awareness.basis === 'detected' ? 'detection' : 'declaration'} time (now ${utc(awareness.at)}). Regulatory deadlines run from here.`,
        },
      ),
      inputBlock(
        EDIT_BLOCK.causalLink,
        'When was a causal link with the AI system established (or found reasonably likely)?',
        { type: 'datetimepicker', ...datetime(facts.causalLinkAt) },
        { optional: true, hint: 'EU AI Act Art. 73: the report is due immediately after this.' },
      ),
      inputBlock(
        EDIT_BLOCK.legalReason,
        'Why did the awareness or causal-link time change?',
        { type: 'plain_text_input', max_length: LEGAL_REASON_MAX, placeholder: plain('Required when either time changes; kept in their history', LIMITS.placeholder) },
        { optional: true },
      ),
      ...regulatoryFactInputs(details),
      context(['Every correction is recorded on the timeline. The channel keeps its name.']),
    ],
  } as unknown as types.ModalView;
}

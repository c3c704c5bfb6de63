import { SEVERITIES, SEVERITY_INFO, type Severity } from '../../domain/severity';
import { CALLBACK, DECLARE_BLOCK, PRIVATE_OPTION } from '../ids';
import { coreDetailInputs, impactStartedInput, regulatoryFactInputs, titleInput } from './details-inputs';
import { inputBlock } from './input';
import { LIMITS, modalTitle, option, plain, privateMetadata } from './limits';

export interface DeclareModalInput {
  title: string;
  severity: Severity | null;
  declarerId: string;
  originChannelId: string | null;
  /** The command's response_url: the one way to answer the declarer in any channel, even a DM. */
  responseUrl: string | null;
}

export interface DeclareModalMetadata {
  originChannelId: string | null;
  responseUrl: string | null;
}

const severityOption = (s: Severity) => option(`${SEVERITY_INFO[s].label} — ${SEVERITY_INFO[s].meaning}`, s);

/** The declaration form: everything a responder knows in the first minute, most of it optional. */
export function buildDeclareModal(p: DeclareModalInput) {
  const severityOptions = SEVERITIES.map(severityOption);
  const metadata: DeclareModalMetadata = { originChannelId: p.originChannelId, responseUrl: p.responseUrl };
  return {
    type: 'modal' as const,
    callback_id: CALLBACK.declareModal,
    private_metadata: privateMetadata({ ...metadata }),
    title: modalTitle('Declare an incident'),
    submit: plain('Declare', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks: [
      titleInput(p.title),
      inputBlock(
        DECLARE_BLOCK.severity,
        'Severity',
        {
          type: 'static_select',
          placeholder: plain('When unsure, pick the higher severity', LIMITS.placeholder),
          options: severityOptions,
          ...(p.severity ? { initial_option: severityOption(p.severity) } : {}),
        },
        { hint: 'SEV1/SEV2 are announced to the incidents channel.' },
      ),
      ...coreDetailInputs(null),
      inputBlock(DECLARE_BLOCK.commander, 'Incident commander', { type: 'users_select', initial_user: p.declarerId }, {
        hint: 'The single decision maker (Accountable). Defaults to you.',
      }),
      impactStartedInput(null, 'Leave empty if unknown; it can be edited later.'),
      inputBlock(
        DECLARE_BLOCK.options,
        'Visibility',
        {
          type: 'checkboxes',
          options: [option('Private incident', PRIVATE_OPTION, 'Private channel; the announcement shows no details')],
        },
        { optional: true },
      ),
      ...regulatoryFactInputs(null),
    ],
  };
}

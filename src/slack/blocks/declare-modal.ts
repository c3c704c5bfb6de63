import { TITLE_MAX, SUMMARY_MAX, SYSTEM_MAX, VERSION_MAX } from '../../domain/declaration';
import { HARM_CATEGORIES, HARM_CATEGORY_INFO, HARM_LEVELS, HARM_LEVEL_INFO } from '../../domain/harm';
import { SEVERITIES, SEVERITY_INFO, type Severity } from '../../domain/severity';
import { CALLBACK, DECLARE_BLOCK, INPUT_ACTION, PRIVATE_OPTION } from '../ids';
import { LIMITS, modalTitle, option, plain, privateMetadata, truncate } from './limits';

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

function input(blockId: string, label: string, element: Record<string, unknown>, opts: { optional?: boolean; hint?: string } = {}) {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, LIMITS.inputLabel),
    optional: opts.optional ?? false,
    element: { action_id: INPUT_ACTION, ...element },
    ...(opts.hint ? { hint: plain(opts.hint, LIMITS.inputLabel) } : {}),
  };
}

/** The declaration form: everything a responder knows in the first minute, most of it optional. */
export function buildDeclareModal(p: DeclareModalInput) {
  const severityOptions = SEVERITIES.map(severityOption);
  const categoryOptions = HARM_CATEGORIES.map((c) => option(HARM_CATEGORY_INFO[c].label, c, HARM_CATEGORY_INFO[c].meaning));
  const levelOptions = HARM_LEVELS.map((l) => option(HARM_LEVEL_INFO[l].label, l, HARM_LEVEL_INFO[l].meaning));
  const metadata: DeclareModalMetadata = { originChannelId: p.originChannelId, responseUrl: p.responseUrl };
  return {
    type: 'modal' as const,
    callback_id: CALLBACK.declareModal,
    private_metadata: privateMetadata({ ...metadata }),
    title: modalTitle('Declare an incident'),
    submit: plain('Declare', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks: [
      input(DECLARE_BLOCK.title, 'Title', {
        type: 'plain_text_input',
        max_length: TITLE_MAX,
        placeholder: plain('e.g. Résumé screener downgrades one university', LIMITS.placeholder),
        ...(p.title ? { initial_value: truncate(p.title, TITLE_MAX) } : {}),
      }),
      input(
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
      input(DECLARE_BLOCK.category, 'Primary AI harm category', {
        type: 'static_select',
        placeholder: plain('What kind of harm?', LIMITS.placeholder),
        options: categoryOptions,
      }),
      input(DECLARE_BLOCK.harmLevel, 'Harm level', {
        type: 'radio_buttons',
        options: levelOptions,
        initial_option: levelOptions[0],
      }),
      input(
        DECLARE_BLOCK.affectedSystem,
        'Affected AI system or model',
        { type: 'plain_text_input', max_length: SYSTEM_MAX, placeholder: plain('e.g. resume-ranker', LIMITS.placeholder) },
        { optional: true },
      ),
      input(
        DECLARE_BLOCK.affectedVersion,
        'Model or system version',
        { type: 'plain_text_input', max_length: VERSION_MAX, placeholder: plain('e.g. 2026-10-24 / v3.2.1', LIMITS.placeholder) },
        { optional: true },
      ),
      input(
        DECLARE_BLOCK.summary,
        'What is happening, and who is affected?',
        { type: 'plain_text_input', multiline: true, max_length: SUMMARY_MAX },
        { optional: true },
      ),
      input(DECLARE_BLOCK.commander, 'Incident commander', { type: 'users_select', initial_user: p.declarerId }, {
        hint: 'The single decision maker (Accountable). Defaults to you.',
      }),
      input(DECLARE_BLOCK.impactStarted, 'When did impact start?', { type: 'datetimepicker' }, {
        optional: true,
        hint: 'Leave empty if unknown; it can be edited later.',
      }),
      input(
        DECLARE_BLOCK.options,
        'Visibility',
        {
          type: 'checkboxes',
          options: [option('Private incident', PRIVATE_OPTION, 'Private channel; the announcement shows no details')],
        },
        { optional: true },
      ),
    ],
  };
}

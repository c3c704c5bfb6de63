import type { types } from '@slack/bolt';
import { SUMMARY_MAX, SYSTEM_MAX, TITLE_MAX, VERSION_MAX } from '../../domain/declaration';
import { HARM_CATEGORIES, HARM_CATEGORY_INFO, HARM_LEVELS, HARM_LEVEL_INFO, type HarmCategory, type HarmLevel } from '../../domain/harm';
import { incidentKey } from '../../domain/channel-name';
import type { Incident } from '../../domain/incident';
import { CALLBACK, EDIT_BLOCK } from '../ids';
import { inputBlock, unixSeconds } from './input';
import { context, LIMITS, modalTitle, option, plain, privateMetadata, truncate } from './limits';

export interface IncidentModalMetadata {
  incidentId: number;
}

const categoryOption = (c: HarmCategory) => option(HARM_CATEGORY_INFO[c].label, c, HARM_CATEGORY_INFO[c].meaning);
const levelOption = (l: HarmLevel) => option(HARM_LEVEL_INFO[l].label, l, HARM_LEVEL_INFO[l].meaning);
const initialText = (value: string, max: number) => (value ? { initial_value: truncate(value, max) } : {});

/**
 * Corrects what was known at declaration, prefilled with the current values. The channel keeps
 * its name: renaming would break every link people already shared.
 */
export function buildEditDetailsModal(incident: Incident): types.ModalView {
  const metadata: IncidentModalMetadata = { incidentId: incident.id };
  // Bolt's View union cannot describe the generic input helper; the limits are kept by the helpers.
  return {
    type: 'modal',
    callback_id: CALLBACK.editModal,
    private_metadata: privateMetadata({ ...metadata }),
    title: modalTitle(`Edit ${incidentKey(incident.id)}`),
    submit: plain('Save', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks: [
      inputBlock(EDIT_BLOCK.title, 'Title', { type: 'plain_text_input', max_length: TITLE_MAX, ...initialText(incident.title, TITLE_MAX) }),
      inputBlock(
        EDIT_BLOCK.summary,
        'What is happening, and who is affected?',
        { type: 'plain_text_input', multiline: true, max_length: SUMMARY_MAX, ...initialText(incident.summary, SUMMARY_MAX) },
        { optional: true },
      ),
      inputBlock(EDIT_BLOCK.category, 'Primary AI harm category', {
        type: 'static_select',
        options: HARM_CATEGORIES.map(categoryOption),
        initial_option: categoryOption(incident.category),
      }),
      inputBlock(EDIT_BLOCK.harmLevel, 'Harm level', {
        type: 'radio_buttons',
        options: HARM_LEVELS.map(levelOption),
        initial_option: levelOption(incident.harmLevel),
      }),
      inputBlock(
        EDIT_BLOCK.affectedSystem,
        'Affected AI system or model',
        { type: 'plain_text_input', max_length: SYSTEM_MAX, ...initialText(incident.affectedSystem, SYSTEM_MAX) },
        { optional: true },
      ),
      inputBlock(
        EDIT_BLOCK.affectedVersion,
        'Model or system version',
        { type: 'plain_text_input', max_length: VERSION_MAX, ...initialText(incident.affectedVersion, VERSION_MAX) },
        { optional: true },
      ),
      inputBlock(
        EDIT_BLOCK.impactStarted,
        'When did impact start?',
        { type: 'datetimepicker', ...(incident.impactStartedAt ? { initial_date_time: unixSeconds(incident.impactStartedAt) } : {}) },
        { optional: true, hint: 'Time to detect is measured from here.' },
      ),
      inputBlock(
        EDIT_BLOCK.detected,
        'When was it detected?',
        { type: 'datetimepicker', ...(incident.detectedAt ? { initial_date_time: unixSeconds(incident.detectedAt) } : {}) },
        { hint: 'Time to declare is measured from here; it cannot be after the declaration.' },
      ),
      context(['Every correction is recorded on the timeline. The channel keeps its name.']),
    ],
  } as unknown as types.ModalView;
}

import type { types } from '@slack/bolt';
import { incidentKey } from '../../domain/channel-name';
import { RESOLVE_IMPACT_MAX } from '../../domain/postmortem-analysis';
import { toMrkdwn } from '../../domain/text';
import { CALLBACK, RESOLVE_BLOCK } from '../ids';
import { dateTimeInput, textInput } from './form-inputs';
import { context, LIMITS, modalTitle, plain, privateMetadata, section } from './limits';

export interface ResolveModalInput {
  incidentId: number;
  title: string;
  /** What stopped the harm, when known already (an earlier resolve, a status note). */
  howStopped?: string | null;
  impact?: string | null;
  /** Shown as the default resolution time. */
  now: Date;
}

/**
 * The short resolve: only what the commander knows when the harm stops. The analysis (root cause,
 * 5 Whys, fishbone, lessons, actions) is a separate form, filled in later.
 */
export function buildResolveModal(p: ResolveModalInput): types.ModalView {
  const blocks = [
    section(`*${incidentKey(p.incidentId)}: ${toMrkdwn(p.title)}*`),
    textInput(RESOLVE_BLOCK.summary, 'How was the harm stopped?', { initial: p.howStopped, multiline: true, optional: false, placeholder: 'Rolled back to the previous model and turned the filter on' }),
    textInput(RESOLVE_BLOCK.impact, 'Impact, in a sentence or two', { initial: p.impact, multiline: true, max: RESOLVE_IMPACT_MAX, placeholder: 'Who and what was affected, how many, for how long' }),
    dateTimeInput(RESOLVE_BLOCK.resolvedAt, 'Resolved at', { initial: p.now, hint: 'When the service recovered; now unless you say otherwise.' }),
    context(['The first post-mortem draft is compiled at once. The analysis — root cause, 5 Whys, contributing factors, lessons, corrective actions — comes later with `/incident analysis`.']),
  ];
  return {
    type: 'modal' as const,
    callback_id: CALLBACK.resolveModal,
    private_metadata: privateMetadata({ incidentId: p.incidentId }),
    title: modalTitle(`Resolve ${incidentKey(p.incidentId)}`),
    submit: plain('Resolve', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks,
  } as unknown as types.ModalView;
}

import type { types } from '@slack/bolt';
import { incidentKey } from '../../domain/channel-name';
import type { AnalysisGap } from '../../domain/postmortem-analysis';
import { toMrkdwn } from '../../domain/text';
import { CALLBACK, CLOSE_BLOCK } from '../ids';
import { dateInput } from './form-inputs';
import { context, LIMITS, modalTitle, plain, privateMetadata, section } from './limits';

const GAP_TEXT: Record<AnalysisGap, string> = {
  root_cause: 'the root cause',
  actions: 'corrective actions',
  whys: 'the 5 Whys',
  factors: 'contributing factors',
  lessons: 'lessons learned',
};

/**
 * Closing: says what the analysis still lacks (closing then needs a deliberate confirmation) and
 * lets the commander set the post-mortem review date.
 */
export function buildCloseModal(p: { incidentId: number; title: string; gaps: AnalysisGap[]; reviewDate: string | null; archive: boolean }): types.ModalView {
  const key = incidentKey(p.incidentId);
  const serious = p.gaps.filter((g) => g === 'root_cause' || g === 'actions');
  const blocks: Record<string, unknown>[] = [section(`*${key}: ${toMrkdwn(p.title)}*`)];
  if (serious.length) {
    blocks.push(
      section(
        `:warning: *The post-mortem analysis is missing ${serious.map((g) => GAP_TEXT[g]).join(' and ')}.* Closing says the post-incident work is done; ` +
          'the draft will keep its placeholders and nothing will remind anyone of actions that were never written down. ' +
          'Fill them in with `/incident analysis`, or close anyway.',
      ),
    );
  } else if (p.gaps.length) {
    blocks.push(context([`Still empty in the analysis: ${p.gaps.map((g) => GAP_TEXT[g]).join(', ')}.`]));
  }
  blocks.push(dateInput(CLOSE_BLOCK.reviewDate, 'Post-mortem review date', { initial: p.reviewDate, hint: 'The commander is reminded the day before.' }));
  if (p.archive) blocks.push(context(['The channel is archived when the incident is closed.']));
  return {
    type: 'modal' as const,
    callback_id: CALLBACK.closeModal,
    private_metadata: privateMetadata({ incidentId: p.incidentId, gaps: serious }),
    title: modalTitle(`Close ${key}`),
    submit: plain(serious.length ? 'Close anyway' : 'Close', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks,
  } as unknown as types.ModalView;
}

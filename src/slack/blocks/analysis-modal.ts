import type { types } from '@slack/bolt';
import { incidentKey } from '../../domain/channel-name';
import { ACTION_MEASURE_MAX, ACTION_TITLE_MAX, rankActions, type ActionFields } from '../../domain/corrective-action';
import { ANALYSIS_PARTS, type AnalysisPart } from '../../domain/postmortem-analysis';
import { FISHBONE_CATEGORIES, FISHBONE_INFO, WHYS_MAX } from '../../domain/resolution';
import { toMrkdwn } from '../../domain/text';
import type { CorrectiveActionRow, ResolutionRow } from '../../db/repositories/types';
import { ACTION_BLOCK, ANALYSIS_BLOCK, CALLBACK } from '../ids';
import { actionBlocks } from './corrective-actions';
import { dateInput, ratingInput, textInput, userInput } from './form-inputs';
import { context, header, LIMITS, modalTitle, plain, privateMetadata, section } from './limits';

export interface AnalysisModalInput {
  incidentId: number;
  title: string;
  part: AnalysisPart;
  stored: Pick<ResolutionRow, 'trigger' | 'rootCause' | 'whys' | 'factors' | 'wentWell' | 'wentWrong' | 'gotLucky'> | null;
  actions: CorrectiveActionRow[];
  today: string;
  /** A line at the top after a save ("Saved: root cause…"). */
  notice?: string | null;
}

export interface AnalysisModalMetadata {
  incidentId: number;
  part: AnalysisPart;
}

const PART_TITLE: Record<AnalysisPart, string> = {
  cause: 'Trigger, root cause and 5 Whys',
  factors: 'Contributing factors and lessons',
  actions: 'Corrective actions',
};

/** Actions listed in the actions part; the rest are in `/incident actions`. */
const LISTED_ACTIONS = 12;

/**
 * The analysis, one part per modal (each well under Slack's 100 blocks and readable in one screen):
 * each save stores that part and moves on to the next; "Done" ends the sitting at any point.
 */
export function buildAnalysisModal(p: AnalysisModalInput): types.ModalView {
  const step = ANALYSIS_PARTS.indexOf(p.part) + 1;
  const s = p.stored;
  const blocks: Record<string, unknown>[] = [
    section(`*${incidentKey(p.incidentId)}: ${toMrkdwn(p.title)}*\n*${step} of ${ANALYSIS_PARTS.length} · ${PART_TITLE[p.part]}*`),
  ];
  if (p.notice) blocks.push(context([p.notice]));
  if (p.part === 'cause') {
    blocks.push(
      context(['Describe what the system allowed and what people knew at the time — not who is to blame. Empty fields stay as placeholders in the draft.']),
      textInput(ANALYSIS_BLOCK.trigger, 'Trigger: what set it off', { initial: s?.trigger, multiline: true }),
      textInput(ANALYSIS_BLOCK.rootCause, 'Root cause: why the system allowed it', { initial: s?.rootCause, multiline: true }),
    );
    for (let n = 1; n <= WHYS_MAX; n++) {
      blocks.push(textInput(ANALYSIS_BLOCK.why(n), n === 1 ? 'Why 1: why did the harm happen?' : `Why ${n}: why was that?`, { initial: s?.whys[n - 1] }));
    }
  } else if (p.part === 'factors') {
    blocks.push(header('Contributing factors (fishbone)'));
    for (const c of FISHBONE_CATEGORIES) {
      blocks.push(textInput(ANALYSIS_BLOCK.factor(c), FISHBONE_INFO[c].label, { initial: s?.factors[c], multiline: true, placeholder: FISHBONE_INFO[c].prompt }));
    }
    blocks.push(
      header('Lessons learned'),
      textInput(ANALYSIS_BLOCK.wentWell, 'What went well', { initial: s?.wentWell, multiline: true }),
      textInput(ANALYSIS_BLOCK.wentWrong, 'What went wrong', { initial: s?.wentWrong, multiline: true }),
      textInput(ANALYSIS_BLOCK.gotLucky, 'Where we got lucky', { initial: s?.gotLucky, multiline: true }),
    );
  } else {
    const ranked = rankActions(p.actions);
    if (ranked.length) {
      blocks.push(header(`Recorded (${ranked.length})`));
      for (const a of ranked.slice(0, LISTED_ACTIONS)) {
        blocks.push(...actionBlocks(a, { incident: { id: p.incidentId } as never, visibility: 'full' }, { today: p.today, controls: false, showIncident: false }));
      }
      if (ranked.length > LISTED_ACTIONS) blocks.push(context([`…and ${ranked.length - LISTED_ACTIONS} more: \`/incident actions\` lists them all.`]));
    }
    blocks.push(header('Add a corrective action'), ...actionInputs(null), context(['Save adds it and keeps this form open for the next one; leave the action empty and save, or press Done, to finish.']));
  }
  const metadata: AnalysisModalMetadata = { incidentId: p.incidentId, part: p.part };
  if (blocks.length > LIMITS.modalBlocks) throw new Error(`analysis modal has ${blocks.length} blocks`);
  return {
    type: 'modal' as const,
    callback_id: CALLBACK.analysisModal,
    private_metadata: privateMetadata({ ...metadata }),
    title: modalTitle(`Analysis ${incidentKey(p.incidentId)}`),
    submit: plain(p.part === 'actions' ? 'Save action' : 'Save and continue', LIMITS.modalButton),
    close: plain('Done', LIMITS.modalButton),
    blocks,
  } as unknown as types.ModalView;
}

/** The SMART fields and the FMEA rating of one action (new, or prefilled to edit). */
export function actionInputs(a: ActionFields | null): Record<string, unknown>[] {
  return [
    textInput(ACTION_BLOCK.title, 'Action: what will be done', { initial: a?.title, max: ACTION_TITLE_MAX }),
    userInput(ACTION_BLOCK.owner, 'Owner', { initial: a?.ownerId }),
    dateInput(ACTION_BLOCK.due, 'Due date', { initial: a?.dueDate }),
    textInput(ACTION_BLOCK.measure, 'How success is measured', { initial: a?.measure, max: ACTION_MEASURE_MAX }),
    ratingInput(ACTION_BLOCK.severity, 'severity', a?.severity),
    ratingInput(ACTION_BLOCK.occurrence, 'occurrence', a?.occurrence),
    ratingInput(ACTION_BLOCK.detection, 'detection', a?.detection),
  ];
}

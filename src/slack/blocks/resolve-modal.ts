import { toMrkdwn } from '../../domain/text';
import type { types } from '@slack/bolt';
import { incidentKey } from '../../domain/channel-name';
import {
  ACTION_ROWS,
  ACTION_TEXT_MAX,
  FISHBONE_CATEGORIES,
  FISHBONE_INFO,
  RESOLUTION_TEXT_MAX,
  WHYS_MAX,
} from '../../domain/resolution';
import { CALLBACK, INPUT_ACTION, RESOLVE_BLOCK } from '../ids';
import { header, LIMITS, modalTitle, plain, privateMetadata, section, truncate } from './limits';

export interface ResolveModalInput {
  incidentId: number;
  title: string;
  /** What is already stored, when the incident was resolved before and re-opened. */
  existing: {
    summary?: string;
    impact?: string;
    trigger?: string;
    rootCause?: string;
    whys?: string[];
    factors?: Partial<Record<string, string>>;
    wentWell?: string;
    wentWrong?: string;
    gotLucky?: string;
  } | null;
  actions: { id: number; description: string; ownerId: string | null; dueDate: string | null; measure: string }[];
}

export interface ResolveModalMetadata {
  incidentId: number;
  /** Stored action id shown in each row (null = a new row). */
  actionIds: (number | null)[];
}

function textInput(blockId: string, label: string, opts: { initial?: string; multiline?: boolean; optional?: boolean; hint?: string; max?: number; placeholder?: string }) {
  const max = opts.max ?? RESOLUTION_TEXT_MAX;
  return {
    type: 'input',
    block_id: blockId,
    optional: opts.optional ?? true,
    label: plain(label, LIMITS.inputLabel),
    element: {
      type: 'plain_text_input',
      action_id: INPUT_ACTION,
      multiline: opts.multiline ?? false,
      max_length: max,
      ...(opts.initial ? { initial_value: truncate(opts.initial, max) } : {}),
      ...(opts.placeholder ? { placeholder: plain(opts.placeholder, LIMITS.placeholder) } : {}),
    },
    ...(opts.hint ? { hint: plain(opts.hint, LIMITS.inputLabel) } : {}),
  };
}

/**
 * The resolution form: what stopped the harm (required), then the analysis the post-mortem
 * draft is built from. Everything but the summary may stay empty.
 */
export function buildResolveModal(p: ResolveModalInput): types.ModalView {
  const e = p.existing ?? {};
  const blocks: Record<string, unknown>[] = [
    section(`*${incidentKey(p.incidentId)}: ${toMrkdwn(p.title)}*\nOnly the first field is required; empty fields become marked placeholders in the post-mortem draft. Describe what the system allowed and what people knew at the time — not who is to blame.`),
    textInput(RESOLVE_BLOCK.summary, 'Resolution: what stopped the harm?', { initial: e.summary, multiline: true, optional: false }),
    textInput(RESOLVE_BLOCK.impact, 'Impact: who and what was affected, how many, for how long', { initial: e.impact, multiline: true }),
    header('Root cause'),
    textInput(RESOLVE_BLOCK.trigger, 'Trigger: what set it off', { initial: e.trigger, multiline: true }),
    textInput(RESOLVE_BLOCK.rootCause, 'Root cause: why it could happen', { initial: e.rootCause, multiline: true }),
  ];
  for (let n = 1; n <= WHYS_MAX; n++) {
    blocks.push(
      textInput(RESOLVE_BLOCK.why(n), n === 1 ? 'Why 1: why did the harm happen?' : `Why ${n}: why was that?`, {
        initial: e.whys?.[n - 1],
      }),
    );
  }
  blocks.push(header('Contributing factors (fishbone)'));
  for (const c of FISHBONE_CATEGORIES) {
    blocks.push(textInput(RESOLVE_BLOCK.factor(c), FISHBONE_INFO[c].label, { initial: e.factors?.[c], multiline: true, placeholder: FISHBONE_INFO[c].prompt }));
  }
  blocks.push(
    header('Lessons learned'),
    textInput(RESOLVE_BLOCK.wentWell, 'What went well', { initial: e.wentWell, multiline: true }),
    textInput(RESOLVE_BLOCK.wentWrong, 'What went wrong', { initial: e.wentWrong, multiline: true }),
    textInput(RESOLVE_BLOCK.gotLucky, 'Where we got lucky', { initial: e.gotLucky, multiline: true }),
    header('Corrective actions'),
    section('Make each one SMART: a specific action, one owner, a due date, and how you will know it worked.'),
  );
  const actionIds: (number | null)[] = [];
  // 22 blocks precede the action rows; each row takes 4 of the modal's 100.
  const rows = Math.min(Math.max(ACTION_ROWS, p.actions.length), Math.floor((LIMITS.modalBlocks - 22) / 4));
  for (let n = 1; n <= rows; n++) {
    const a = p.actions[n - 1];
    actionIds.push(a?.id ?? null);
    blocks.push(
      textInput(RESOLVE_BLOCK.actionText(n), `Action ${n}`, { initial: a?.description, max: ACTION_TEXT_MAX }),
      {
        type: 'input',
        block_id: RESOLVE_BLOCK.actionOwner(n),
        optional: true,
        label: plain(`Action ${n} owner`, LIMITS.inputLabel),
        element: { type: 'users_select', action_id: INPUT_ACTION, ...(a?.ownerId ? { initial_user: a.ownerId } : {}) },
      },
      {
        type: 'input',
        block_id: RESOLVE_BLOCK.actionDue(n),
        optional: true,
        label: plain(`Action ${n} due date`, LIMITS.inputLabel),
        element: { type: 'datepicker', action_id: INPUT_ACTION, ...(a?.dueDate ? { initial_date: a.dueDate } : {}) },
      },
      textInput(RESOLVE_BLOCK.actionMeasure(n), `Action ${n}: how success is measured`, { initial: a?.measure, max: ACTION_TEXT_MAX }),
    );
  }
  if (blocks.length > LIMITS.modalBlocks) throw new Error(`resolution modal has ${blocks.length} blocks`);
  const metadata: ResolveModalMetadata = { incidentId: p.incidentId, actionIds };
  // Block Kit's element unions are stricter than these builders' shapes; the limits are checked above.
  return {
    type: 'modal' as const,
    callback_id: CALLBACK.resolveModal,
    private_metadata: privateMetadata({ ...metadata }),
    title: modalTitle(`Resolve ${incidentKey(p.incidentId)}`),
    submit: plain('Resolve', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks,
  } as unknown as types.ModalView;
}

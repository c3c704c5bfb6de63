import { INPUT_ACTION } from '../ids';
import { LIMITS, plain } from './limits';

/** An input block whose element answers to INPUT_ACTION, so `readView` finds it by block id alone. */
export function inputBlock(
  blockId: string,
  label: string,
  element: Record<string, unknown>,
  opts: { optional?: boolean; hint?: string } = {},
): Record<string, unknown> {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, LIMITS.inputLabel),
    optional: opts.optional ?? false,
    element: { action_id: INPUT_ACTION, ...element },
    ...(opts.hint ? { hint: plain(opts.hint, LIMITS.inputLabel) } : {}),
  };
}

/** Slack's datetimepicker speaks whole seconds. */
export const unixSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

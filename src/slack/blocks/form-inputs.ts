import { FMEA_INFO, FMEA_MAX, FMEA_MIN, type FmeaFactor } from '../../domain/corrective-action';
import { RESOLUTION_TEXT_MAX } from '../../domain/resolution';
import { inputBlock, unixSeconds } from './input';
import { LIMITS, option, plain, truncate } from './limits';

/** Builders for the inputs of the follow-through forms; every limit goes through limits.ts. */

export function textInput(
  blockId: string,
  label: string,
  opts: { initial?: string | null; multiline?: boolean; optional?: boolean; hint?: string; max?: number; placeholder?: string } = {},
) {
  const max = Math.min(opts.max ?? RESOLUTION_TEXT_MAX, LIMITS.inputMaxLength);
  return inputBlock(
    blockId,
    label,
    {
      type: 'plain_text_input',
      multiline: opts.multiline ?? false,
      max_length: max,
      ...(opts.initial ? { initial_value: truncate(opts.initial, max) } : {}),
      ...(opts.placeholder ? { placeholder: plain(opts.placeholder, LIMITS.placeholder) } : {}),
    },
    { optional: opts.optional ?? true, hint: opts.hint },
  );
}

export function userInput(blockId: string, label: string, opts: { initial?: string | null; optional?: boolean } = {}) {
  return inputBlock(blockId, label, { type: 'users_select', ...(opts.initial ? { initial_user: opts.initial } : {}) }, { optional: opts.optional ?? true });
}

export function dateInput(blockId: string, label: string, opts: { initial?: string | null; optional?: boolean; hint?: string } = {}) {
  return inputBlock(blockId, label, { type: 'datepicker', ...(opts.initial ? { initial_date: opts.initial } : {}) }, { optional: opts.optional ?? true, hint: opts.hint });
}

export function dateTimeInput(blockId: string, label: string, opts: { initial: Date; optional?: boolean; hint?: string }) {
  return inputBlock(blockId, label, { type: 'datetimepicker', initial_date_time: unixSeconds(opts.initial) }, { optional: opts.optional ?? true, hint: opts.hint });
}

/** A 1–10 FMEA rating; the ends of the scale are worded in the options. */
export function ratingInput(blockId: string, factor: FmeaFactor, initial: number | null | undefined) {
  const info = FMEA_INFO[factor];
  const options = [];
  for (let n = FMEA_MIN; n <= FMEA_MAX; n++) {
    options.push(option(n === FMEA_MIN ? `${n} — ${info.low}` : n === FMEA_MAX ? `${n} — ${info.high}` : String(n), String(n)));
  }
  const selected = initial ? options[initial - FMEA_MIN] : undefined;
  return inputBlock(
    blockId,
    `${info.label} (1–10)`,
    { type: 'static_select', placeholder: plain('Rate 1–10', LIMITS.placeholder), options, ...(selected ? { initial_option: selected } : {}) },
    { optional: true },
  );
}

import { plainFromForm } from '../domain/text';
import { INPUT_ACTION } from './ids';

/** `view.state.values` as Slack sends it: block id → action id → element state. */
export type ViewStateValues = Record<string, Record<string, ElementState>>;
interface ElementState {
  type?: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
  selected_user?: string | null;
  selected_users?: string[];
  selected_date?: string | null;
  selected_time?: string | null;
  selected_date_time?: number | null;
}

/** Typed readers over a submitted view; every input uses the action id INPUT_ACTION. */
export function readView(values: ViewStateValues | undefined) {
  const el = (block: string): ElementState | undefined => values?.[block]?.[INPUT_ACTION];
  return {
    /** Form text arrives as typed (not escaped); only unsafe characters are removed. */
    text: (block: string): string => plainFromForm(el(block)?.value),
    option: (block: string): string | null => el(block)?.selected_option?.value ?? null,
    options: (block: string): string[] => (el(block)?.selected_options ?? []).map((o) => o.value),
    user: (block: string): string | null => el(block)?.selected_user ?? null,
    users: (block: string): string[] => el(block)?.selected_users ?? [],
    date: (block: string): string | null => el(block)?.selected_date ?? null,
    dateTime: (block: string): Date | null => {
      const s = el(block)?.selected_date_time;
      return typeof s === 'number' ? new Date(s * 1000) : null;
    },
  };
}

import { ValidationError } from './errors';

/** Entries per page of `/incident timeline`: one section each, plus a header and a footer, under 50 blocks. */
export const TIMELINE_PAGE_SIZE = 40;

export interface TimelinePage<T> {
  items: T[];
  /** 1-based. */
  page: number;
  pages: number;
  /** Position of the first item in the whole timeline, 0-based. */
  offset: number;
}

/**
 * Oldest first, in pages of `pageSize`. Without a page the last one is shown: during an incident
 * the newest entries are the ones people ask for.
 */
export function pageOf<T>(items: readonly T[], requested: number | null, pageSize = TIMELINE_PAGE_SIZE): TimelinePage<T> {
  const pages = Math.max(1, Math.ceil(items.length / pageSize));
  const page = requested ?? pages;
  if (!Number.isInteger(page) || page < 1 || page > pages) {
    throw new ValidationError(`The timeline has ${pages} page${pages === 1 ? '' : 's'}; ask for one between 1 and ${pages}.`, 'page');
  }
  const offset = (page - 1) * pageSize;
  return { items: items.slice(offset, offset + pageSize), page, pages, offset };
}

/** `/incident timeline 2` → 2; empty → null (the last page). */
export function parsePageArg(args: string): number | null {
  const text = args.trim();
  if (!text) return null;
  if (!/^\d{1,6}$/.test(text)) throw new ValidationError('Give a page number, e.g. 2.', 'page', 'timeline');
  return Number(text);
}

const pad = (n: number) => String(n).padStart(2, '0');
const utcDay = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** Whether the moments fall on more than one UTC calendar day (then every time shows its date). */
export function spansDays(dates: readonly Date[]): boolean {
  const days = new Set(dates.map(utcDay));
  return days.size > 1;
}

/** `14:05` or, when the incident spans days, `2026-10-24 14:05` — always UTC, like the post-mortem. */
export function formatEntryTime(d: Date, withDate: boolean): string {
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return withDate ? `${utcDay(d)} ${time}` : time;
}

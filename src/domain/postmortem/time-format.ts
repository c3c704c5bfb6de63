/**
 * UTC formatting by hand: date-fns `format` works in the process's local zone, and a draft must
 * read the same wherever the bot runs.
 */
const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` */
export function utcDate(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** `HH:MM` */
export function utcTime(d: Date): string {
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** `YYYY-MM-DD HH:MM` */
export function utcDateTime(d: Date): string {
  return `${utcDate(d)} ${utcTime(d)}`;
}

/** `YYYY-MM-DD HH:MM UTC` — for prose, where the zone is not given by a column header. */
export function utcStamp(d: Date): string {
  return `${utcDateTime(d)} UTC`;
}

export type TimeStyle = 'time' | 'datetime';

/**
 * Tracks the span of every time the draft prints in short form. Times print as `HH:MM` only when
 * all of them fall on one UTC day; otherwise a bare time would be ambiguous.
 */
export class TimeSpan {
  private day: string | null = null;
  private multiDay = false;

  add(d: Date | null | undefined): void {
    if (!d || Number.isNaN(d.getTime()) || this.multiDay) return;
    const day = utcDate(d);
    if (this.day === null) this.day = day;
    else if (this.day !== day) this.multiDay = true;
  }

  style(): TimeStyle {
    return this.multiDay ? 'datetime' : 'time';
  }

  /** The single day, when the style is `time`. */
  singleDay(): string | null {
    return this.multiDay ? null : this.day;
  }
}

export function formatIn(style: TimeStyle, d: Date): string {
  return style === 'time' ? utcTime(d) : utcDateTime(d);
}

/** Slack channel names: lowercase letters, digits, `-` and `_`, at most 80 characters. */
export const CHANNEL_NAME_MAX = 80;
const VALID = /^[a-z0-9_-]{1,80}$/;

export function isValidChannelName(name: string): boolean {
  return VALID.test(name);
}

/** Turns a title into `a-z0-9-` words: accents folded, everything else becomes one hyphen. */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * `inc-<number>-<slug>`, cut at a word boundary to fit 80 characters. `attempt` > 0 adds a
 * `-<attempt+1>` suffix, used when Slack answers `name_taken` (archived channels keep their names).
 */
export function incidentChannelName(number: number, title: string, attempt = 0): string {
  const prefix = `inc-${number}`;
  const suffix = attempt > 0 ? `-${attempt + 1}` : '';
  const room = CHANNEL_NAME_MAX - prefix.length - suffix.length - 1;
  let slug = slugify(title);
  if (slug.length > room) {
    const cut = slug.slice(0, room);
    const lastHyphen = cut.lastIndexOf('-');
    slug = (lastHyphen > room / 2 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/, '');
  }
  return slug ? `${prefix}-${slug}${suffix}` : `${prefix}${suffix}`;
}

export function incidentKey(number: number): string {
  return `INC-${number}`;
}

/** Accepts `INC-7`, `inc-7`, `#7`, `7`. */
export function parseIncidentKey(raw: string): number | null {
  const match = /^(?:inc-?|#)?(\d{1,9})$/i.exec(raw.trim());
  return match ? Number(match[1]) : null;
}

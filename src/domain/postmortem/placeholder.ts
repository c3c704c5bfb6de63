/**
 * The one placeholder style of the draft. Every gap a human must fill looks the same, so a team
 * can search the file for `TODO (owner:` and know the draft is finished when none is left.
 */
export const PLACEHOLDER_MARK = 'TODO (owner:';

export type PlaceholderOwner = 'commander' | 'tech lead' | 'scribe' | 'comms lead' | 'legal' | 'action owners';

/** Inline form, for table cells and list items. */
export function todo(owner: PlaceholderOwner, what: string): string {
  return `_${PLACEHOLDER_MARK} ${owner}): ${what}_`;
}

/** Block form, on its own line as a quote so it stands out in the rendered draft. */
export function todoBlock(owner: PlaceholderOwner, what: string): string {
  return `> ${todo(owner, what)}`;
}

export function countPlaceholders(markdown: string): number {
  let count = 0;
  for (let i = markdown.indexOf(PLACEHOLDER_MARK); i >= 0; i = markdown.indexOf(PLACEHOLDER_MARK, i + 1)) count++;
  return count;
}

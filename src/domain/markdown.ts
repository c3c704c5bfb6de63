/**
 * Escaping for user-supplied text placed into generated Markdown (GitHub/GitLab flavour).
 *
 * The goal is structural safety, not stripping formatting: a title or a note must never open a
 * code fence that swallows the rest of the draft, end a table row, turn into a heading or inject
 * HTML. Inline emphasis a user typed (`*word*`, `_word_`) is left alone because it cannot escape
 * its line and teams edit the raw Markdown, where needless backslashes hurt.
 */

/** `<` and `>` always; `&` only where it would start an entity, so `R&D` stays readable. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&(?=#?[a-zA-Z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * Inline text on a single line: backticks (code spans, fences), pipes (tables), square brackets
 * followed by `(` or `:` (links, reference definitions) and HTML are neutralised.
 */
const INLINE_SPECIAL = /[`|\\<>&\]]/;

function escapeInlineChars(text: string): string {
  // Most timeline text has none of these; skipping the replace chain keeps long timelines cheap.
  if (!INLINE_SPECIAL.test(text)) return text;
  return escapeHtml(text.replace(/\\(?=[`|\\])/g, '\\\\'))
    .replace(/`/g, '\\`')
    .replace(/\|/g, '\\|')
    .replace(/\]\(/g, '\\](')
    .replace(/\]:/g, '\\]:');
}

/**
 * A line's start is where Markdown decides what block it is; these are the markers that would
 * change the block: heading, quote, list, ordered list, thematic break, setext underline, fence,
 * table delimiter row.
 */
function neutraliseLineStart(line: string): string {
  const trimmed = line.replace(/^[ \t]+/, '');
  if (/^#/.test(trimmed)) return `\\${trimmed}`;
  if (/^[-*+=_~]/.test(trimmed)) return `\\${trimmed}`;
  const ordered = /^(\d{1,9})([.)])/.exec(trimmed);
  if (ordered) return `${ordered[1]}\\${ordered[2]}${trimmed.slice(ordered[0].length)}`;
  return trimmed;
}

function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** A fragment inside a line (no trimming, no block-start handling): newlines become spaces. */
export function escapeInline(text: string): string {
  return escapeInlineChars(normaliseNewlines(text).replace(/\n/g, ' '));
}

/** One line of prose (list item, table-free sentence): newlines become spaces. */
export function escapeLine(text: string): string {
  const collapsed = normaliseNewlines(text).replace(/\s*\n\s*/g, ' ').trim();
  return neutraliseLineStart(escapeInlineChars(collapsed));
}

/** A heading's text: collapsed to one line; `#` escaped so a trailing run is not eaten as a closer. */
export function escapeHeading(text: string): string {
  const collapsed = normaliseNewlines(text).replace(/\s+/g, ' ').trim();
  return escapeInlineChars(collapsed).replace(/#/g, '\\#');
}

/**
 * A line that ends in an unescaped `\` would escape the `<` of the `<br>` joined after it (GitHub
 * then shows `<br>` as text and the row falls apart): double the last one.
 */
function escapeTrailingBackslash(line: string): string {
  const run = /\\+$/.exec(line)?.[0].length ?? 0;
  return run % 2 === 1 ? `${line}\\` : line;
}

/** A table cell: pipes escaped, newlines kept visible as `<br>`. */
export function escapeCell(text: string): string {
  if (!/[\r\n]/.test(text)) return escapeInlineChars(text.trim());
  const lines = normaliseNewlines(text)
    .split('\n')
    .map((line) => escapeTrailingBackslash(escapeInlineChars(line.trim())));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 0 && lines[0] === '') lines.shift();
  return lines.join('<br>');
}

/**
 * Multi-line prose as one or more paragraphs. Every line's start is neutralised (no user list,
 * heading or fence can form), runs of blank lines collapse to one paragraph break, and leading
 * indentation is dropped so nothing becomes an indented code block.
 */
export function escapeBlock(text: string): string {
  const out: string[] = [];
  let blank = false;
  for (const raw of normaliseNewlines(text).split('\n')) {
    const line = raw.trim();
    if (line === '') {
      blank = out.length > 0;
      continue;
    }
    if (blank) out.push('');
    blank = false;
    out.push(neutraliseLineStart(escapeInlineChars(line)));
  }
  return out.join('\n');
}

/** Only web and Slack deep links become links; anything else (e.g. `javascript:`) is not trusted. */
export function isSafeUrl(url: string): boolean {
  return /^(https?:\/\/|slack:\/\/)[^\s<>"]+$/i.test(url.trim());
}

/** `[label](url)`; an unsafe URL yields the label alone. */
export function mdLink(label: string, url: string | null | undefined): string {
  const text = escapeLinkLabel(label);
  if (!url || !isSafeUrl(url)) return text;
  const href = url.trim().replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\|/g, '%7C');
  return `[${text}](${href})`;
}

function escapeLinkLabel(label: string): string {
  return escapeInlineChars(normaliseNewlines(label).replace(/\s+/g, ' ').trim())
    .replace(/\[/g, '\\[')
    .replace(/\]/g, '\\]');
}

export type Align = 'left' | 'right' | 'center';

/**
 * A GitHub table. Cells are taken as already-escaped Markdown, so callers pass user text through
 * `escapeCell` and may add their own emphasis or links around it.
 */
export function mdTable(headers: readonly string[], rows: readonly (readonly string[])[], align?: readonly Align[]): string {
  const out: string[] = new Array(rows.length + 2);
  out[0] = `| ${headers.join(' | ')} |`;
  out[1] = `|${headers.map((_, i) => delimiter(align?.[i])).join('|')}|`;
  const width = headers.length;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    let line = '|';
    for (let c = 0; c < width; c++) {
      const cell = row[c] ?? '';
      line += ` ${cell === '' ? ' ' : cell} |`;
    }
    out[i + 2] = line;
  }
  return out.join('\n');
}

function delimiter(align: Align | undefined): string {
  switch (align) {
    case 'right':
      return '---:';
    case 'center':
      return ':---:';
    case 'left':
      return ':---';
    default:
      return '---';
  }
}

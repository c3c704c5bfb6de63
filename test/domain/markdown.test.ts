import { describe, expect, it } from 'vitest';
import { escapeBlock, escapeCell, escapeHeading, escapeHtml, escapeInline, escapeLine, isSafeUrl, mdLink, mdTable } from '../../src/domain/markdown';

/** Cells of one rendered table row, split on unescaped pipes. */
function cells(row: string): string[] {
  return row
    .replace(/^\|\s?/, '')
    .replace(/\s?\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('escapeCell', () => {
  it.each([
    ['pipe', 'a | b', 'a \\| b'],
    ['newline', 'line one\nline two', 'line one<br>line two'],
    ['CRLF', 'one\r\ntwo', 'one<br>two'],
    ['backticks', 'run `rm -rf` now', 'run \\`rm -rf\\` now'],
    ['fence', '```js\ncode\n```', '\\`\\`\\`js<br>code<br>\\`\\`\\`'],
    ['html', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['entity-looking ampersand', '&lt; 0.02', '&amp;lt; 0.02'],
    ['plain ampersand stays readable', 'R&D team', 'R&D team'],
    ['trailing blank lines', 'text\n\n', 'text'],
    ['link syntax', '[x](javascript:alert(1))', '[x\\](javascript:alert(1))'],
    // A line ending in `\` must not escape the `<` of the `<br>` after it.
    ['line ending in a backslash', 'C:\\temp\\\nnext', 'C:\\temp\\\\<br>next'],
    ['line ending in two backslashes', 'a\\\\\nb', 'a\\\\\\\\<br>b'],
    ['backslash on the last line', 'a\nb\\', 'a<br>b\\\\'],
  ])('%s', (_name, input, expected) => {
    expect(escapeCell(input)).toBe(expected);
  });

  it('keeps a hostile value inside its cell', () => {
    const hostile = 'a | b\n| c | d |\n---|---\n`x`';
    const table = mdTable(['Field', 'Value'], [['Title', escapeCell(hostile)]]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(3);
    expect(cells(lines[2]!)).toHaveLength(2);
  });
});

describe('escapeHeading', () => {
  it.each([
    ['newlines collapse', 'Bias in\nthe ranker', 'Bias in the ranker'],
    ['hash escaped', 'Model #3 broke ##', 'Model \\#3 broke \\#\\#'],
    ['leading hash', '# not a heading', '\\# not a heading'],
    ['backticks', 'use `v2`', 'use \\`v2\\`'],
    ['pipe', 'a|b', 'a\\|b'],
    ['html', '<b>bold</b>', '&lt;b&gt;bold&lt;/b&gt;'],
  ])('%s', (_name, input, expected) => {
    expect(escapeHeading(input)).toBe(expected);
  });

  it('a title with newlines, pipes and backticks stays on the heading line', () => {
    const heading = `# INC-7: ${escapeHeading('Bias |in| `ranker`\n# Second\n> quote')}`;
    expect(heading.split('\n')).toHaveLength(1);
  });
});

describe('escapeBlock', () => {
  it.each([
    ['heading marker', '# Root cause', '\\# Root cause'],
    ['quote marker', '> quoted', '&gt; quoted'],
    ['bullet', '- item', '\\- item'],
    ['star bullet', '* item', '\\* item'],
    ['plus bullet', '+ item', '\\+ item'],
    ['ordered list', '1. first', '1\\. first'],
    ['ordered list with paren', '2) second', '2\\) second'],
    ['thematic break', '---', '\\---'],
    ['setext underline', 'Title\n===', 'Title\n\\==='],
    ['fence', '```\ncode', '\\`\\`\\`\ncode'],
    ['tilde fence', '~~~', '\\~~~'],
    ['indented code', '    indented', 'indented'],
    ['blank lines collapse', 'a\n\n\n\nb', 'a\n\nb'],
    ['ordinary prose untouched', 'The model_v2 scored 0.3 lower (p < 0.01).', 'The model_v2 scored 0.3 lower (p &lt; 0.01).'],
    ['number not at list form', '2024 was fine', '2024 was fine'],
  ])('%s', (_name, input, expected) => {
    expect(escapeBlock(input)).toBe(expected);
  });
});

describe('escapeLine and escapeInline', () => {
  it('escapeLine collapses newlines and neutralises a leading marker', () => {
    expect(escapeLine('- first\n- second')).toBe('\\- first - second');
  });
  it('escapeInline keeps surrounding spaces', () => {
    expect(escapeInline(' a | b ')).toBe(' a \\| b ');
  });
  it('escapeHtml only escapes an ampersand that starts an entity', () => {
    expect(escapeHtml('a & b &amp; <c>')).toBe('a & b &amp;amp; &lt;c&gt;');
  });
});

describe('links', () => {
  it.each([
    ['https://acme.slack.com/archives/C1/p1', true],
    ['http://example.com/a', true],
    ['slack://channel?id=C1', true],
    ['javascript:alert(1)', false],
    ['data:text/html,x', false],
    ['https://exa mple.com', false],
  ])('isSafeUrl(%s) = %s', (url, safe) => {
    expect(isSafeUrl(url)).toBe(safe);
  });

  it('mdLink encodes parentheses and pipes and escapes the label', () => {
    expect(mdLink('a [b]', 'https://x.test/a_(b)|c')).toBe('[a \\[b\\]](https://x.test/a_%28b%29%7Cc)');
  });

  it('mdLink drops an unsafe URL', () => {
    expect(mdLink('file', 'javascript:alert(1)')).toBe('file');
    expect(mdLink('file', null)).toBe('file');
  });
});

describe('mdTable', () => {
  it('pads missing cells and renders alignment', () => {
    expect(mdTable(['#', 'A'], [['1']], ['right'])).toBe('| # | A |\n|---:|---|\n| 1 |   |');
  });
});

import { describe, expect, it } from 'vitest';
import { peopleIn, plainFromForm, plainFromSlack, resolvePeople, stripUnsafe, terminalSafe, toMrkdwn, truncateText } from '../../src/domain/text';

describe('plainFromSlack: Slack’s escaped text → what the person typed', () => {
  it.each([
    ['entities', 'p95 &lt; 300ms &amp;&amp; p99 &gt; 1s', 'p95 < 300ms && p99 > 1s'],
    ['an entity typed literally stays literal', '&amp;lt; is how HTML writes <', '&lt; is how HTML writes <'],
    ['labelled mention keeps the id', 'ask <@U123ABC|bob>', 'ask <@U123ABC>'],
    ['message-event mention', 'ping <@U123ABC>', 'ping <@U123ABC>'],
    ['workspace user id', 'ping <@W0123>', 'ping <@W0123>'],
    ['a typed-out mention becomes a reference, nothing more', '&lt;@U1&gt; said', '<@U1> said'],
    ['channel with name', 'see <#C42|recruiting-ml>', 'see #recruiting-ml'],
    ['channel without name', 'see <#C42>', 'see #C42'],
    ['channel with empty name', 'see <#C42|>', 'see #C42'],
    ['@channel', '<!channel> model down', '@channel model down'],
    ['@here', '<!here> model down', '@here model down'],
    ['@everyone', '<!everyone>', '@everyone'],
    ['user group', 'paging <!subteam^S0614TZR7|@ml-oncall>', 'paging @ml-oncall'],
    ['date falls back to its words', 'since <!date^1392734382^{date_short}|Feb 18, 2014>', 'since Feb 18, 2014'],
    ['disguised link shows where it goes', 'see <https://evil.example/x|runbook>', 'see runbook (https://evil.example/x)'],
    ['bare link', 'see <https://example.com/a?b=1&amp;c=2>', 'see https://example.com/a?b=1&c=2'],
    ['link labelled with itself', '<https://example.com|https://example.com>', 'https://example.com'],
    ['mailto', 'mail <mailto:sec@acme.example|sec@acme.example>', 'mail sec@acme.example'],
    ['emoji shortcodes untouched', 'rolled back :arrows_counterclockwise: at 02:00', 'rolled back :arrows_counterclockwise: at 02:00'],
    ['mrkdwn a person typed stays as typed', '*bold* _it_ ~x~ `code`', '*bold* _it_ ~x~ `code`'],
    ['control characters go', 'a\u0000b\u0007c\u001b[31mred\u0008', 'abc[31mred'],
    ['bidi overrides go', 'x\u202Egnp.exe\u202C y\u2066z\u2069', 'xgnp.exe yz'],
    ['newlines and tabs stay', 'a\r\nb\tc', 'a\nb\tc'],
    ['empty', '', ''],
  ])('%s', (_name, input, expected) => {
    expect(plainFromSlack(input)).toBe(expected);
  });

  it('null is empty', () => {
    expect(plainFromSlack(null)).toBe('');
  });
});

describe('plainFromForm: form values arrive as typed', () => {
  it.each([
    ['entities are what was typed', 'p95 &lt; 300ms', 'p95 &lt; 300ms'],
    ['angle brackets too', 'p95 < 300ms <!channel>', 'p95 < 300ms <!channel>'],
    ['unsafe characters go', 'ok\u001b]0;pwned\u0007 \u202Eevil', 'ok]0;pwned evil'],
  ])('%s', (_name, input, expected) => {
    expect(plainFromForm(input)).toBe(expected);
  });
});

describe('toMrkdwn: plain text → mrkdwn, once', () => {
  it.each([
    ['escapes &, <, >', 'p95 < 300ms & p99 > 1s', 'p95 &lt; 300ms &amp; p99 &gt; 1s'],
    ['a typed entity is shown as typed', '&lt;', '&amp;lt;'],
    ['broadcasts cannot form', '<!channel> <!here> <!everyone>', '&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt;'],
    ['links cannot be disguised', '<https://evil|runbook>', '&lt;https://evil|runbook&gt;'],
    ['person references pass', 'ask <@U123> & <@U_BOB>', 'ask <@U123> &amp; <@U_BOB>'],
    ['a decoded broadcast stays words', '@channel @here', '@channel @here'],
    ['emoji and times untouched', ':arrows_counterclockwise: 02:00', ':arrows_counterclockwise: 02:00'],
    ['unsafe characters go', 'a\u001b[2Jb\u202E', 'a[2Jb'],
  ])('%s', (_name, input, expected) => {
    expect(toMrkdwn(input)).toBe(expected);
  });

  it('round-trips what Slack sent, except that broadcasts and disguised links are defused', () => {
    const wire = 'p95 &lt; 300ms <!channel> <https://evil|runbook> <@U1|bob>';
    expect(toMrkdwn(plainFromSlack(wire))).toBe('p95 &lt; 300ms @channel runbook (https://evil) <@U1>');
  });
});

describe('resolvePeople and peopleIn', () => {
  const names: Record<string, string> = { U1: 'Bob Baker' };
  it('names people for readers outside Slack, ids when unknown', () => {
    expect(resolvePeople('ask <@U1> and <@U2>', (id) => names[id] ?? id)).toBe('ask @Bob Baker and @U2');
  });
  it('finds the referenced ids', () => {
    expect(peopleIn('<@U1> handed to <@W2>; <#C1> no')).toEqual(['U1', 'W2']);
  });
});

describe('truncateText', () => {
  it.each([
    ['short text stays', 'abc', 5, 'abc'],
    ['exact fit stays', 'abcde', 5, 'abcde'],
    ['cut with an ellipsis', 'abcdefgh', 5, 'abcd…'],
    ['never inside an entity', 'ab &amp; cd', 6, 'ab…'],
    ['an entity that fits is kept', 'a &amp; bcdef', 9, 'a &amp;…'],
    ['never inside a mention', 'ask <@U123ABC> now', 10, 'ask…'],
    ['never inside a link', 'see <https://x.example|docs> ok', 12, 'see…'],
    ['a lone < in plain text is not a token', 'p95 < 300ms and more', 12, 'p95 < 300ms…'],
    ['never between surrogates', 'ab😀cd', 4, 'ab…'],
    ['zero', 'abc', 0, ''],
  ])('%s', (_name, input, max, expected) => {
    const out = truncateText(input, max);
    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(max);
  });
});

describe('stripUnsafe / terminalSafe', () => {
  it.each([
    ['NUL BEL BS ESC DEL C1', 'a\u0000\u0007\u0008\u001b\u007f\u0085\u009bz', 'az'],
    ['LRE RLE PDF LRO RLO', '\u202A\u202B\u202C\u202D\u202Ex', 'x'],
    ['LRI RLI FSI PDI', '\u2066\u2067\u2068\u2069x', 'x'],
    ['keeps accents, emoji, tab and newline', 'Tomás 😀\t\n', 'Tomás 😀\t\n'],
  ])('%s', (_name, input, expected) => {
    expect(stripUnsafe(input)).toBe(expected);
    expect(terminalSafe(input)).toBe(expected);
  });
});

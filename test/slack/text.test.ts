import { describe, expect, it } from 'vitest';
import { plainFromSlack } from '../../src/slack/text';

describe('plainFromSlack', () => {
  it.each([
    ['Bias &amp; drift in &lt;ranker&gt;', 'Bias & drift in <ranker>'],
    ['Escalated by <@U123|bob>', 'Escalated by @bob'],
    ['ping <@U123>', 'ping @U123'],
    ['see <#C42|recruiting-ml>', 'see #recruiting-ml'],
    ['<!here> model down', '@here model down'],
    ['dash <https://grafana.example/d/1|dashboard>', 'dash dashboard'],
    ['raw <https://example.com/a?b=1&amp;c=2>', 'raw https://example.com/a?b=1&c=2'],
    ['&amp;lt; stays literal', '&lt; stays literal'],
  ])('%j → %j', (input, expected) => {
    expect(plainFromSlack(input)).toBe(expected);
  });
});

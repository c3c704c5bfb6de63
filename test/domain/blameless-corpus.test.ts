import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createBlamelessReviewer } from '../../src/domain/blameless';

/** The development corpus of real sentences (see test/fixtures/blameless/LICENSE.md); `npm run eval:blameless` prints the detail. */
const rows = readFileSync(fileURLToPath(new URL('../fixtures/blameless/corpus.tsv', import.meta.url)), 'utf8')
  .split('\n')
  .slice(1)
  .filter((l) => l.trim())
  .map((l) => {
    const [label, family, explicit, , text] = l.split('\t');
    return { label: label!, family: family!, explicit: explicit === 'explicit', text: text! };
  });

describe('blameless review on the development corpus', () => {
  const reviewer = createBlamelessReviewer();
  const flagged = rows.map((r) => ({ ...r, flagged: reviewer.reviewText(r.text, 'corpus').length > 0 }));
  const blaming = flagged.filter((r) => r.label === 'blaming');
  const neutral = flagged.filter((r) => r.label === 'neutral');
  const rate = (xs: typeof flagged) => xs.filter((r) => r.flagged).length / xs.length;

  it('has at least 300 real sentences with both labels', () => {
    expect(rows.length).toBeGreaterThanOrEqual(300);
    expect(blaming.length / rows.length).toBeGreaterThan(0.2);
  });

  it('finds most blaming sentences and almost no neutral ones', () => {
    expect(rate(blaming)).toBeGreaterThanOrEqual(0.6);
    expect(rate(blaming.filter((r) => r.explicit))).toBeGreaterThanOrEqual(0.9);
    expect(rate(neutral)).toBeLessThanOrEqual(0.03);
  });

  it('every false-positive trap family stays quiet', () => {
    const traps = neutral.filter((r) => r.family.startsWith('trap-'));
    expect(traps.filter((r) => r.flagged).map((r) => r.text)).toEqual([]);
  });
});

/**
 * Measures the blameless review on the development corpus (test/fixtures/blameless/corpus.tsv):
 * precision, recall and false-positive rate, overall and per family.
 *
 *   npm run eval:blameless            # the development part (tune on this)
 *   npm run eval:blameless -- --test  # also the held-back test part (look at it only at the end)
 *   npm run eval:blameless -- --misses  # list missed blaming and flagged neutral sentences (dev part)
 *
 * A sentence counts as flagged when the review reports at least one finding in it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createBlamelessReviewer } from '../src/domain/blameless';

interface Row {
  label: 'blaming' | 'neutral';
  family: string;
  explicit: boolean;
  source: string;
  text: string;
  split: 'dev' | 'test';
}

const CORPUS = fileURLToPath(new URL('../test/fixtures/blameless/corpus.tsv', import.meta.url));

/** FNV-1a: a stable split that does not move when rows are added or reordered. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function loadCorpus(path = CORPUS): Row[] {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.slice(1).map((line) => {
    const [label, family, explicit, source, text] = line.split('\t');
    if (label !== 'blaming' && label !== 'neutral') throw new Error(`bad label in: ${line}`);
    return {
      label,
      family: family ?? '-',
      explicit: explicit === 'explicit',
      source: source ?? '',
      text: text ?? '',
      split: fnv1a(text ?? '') % 4 === 0 ? 'test' : 'dev',
    };
  });
}

interface Scored extends Row {
  flagged: boolean;
  families: string[];
}

function score(rows: Row[]): Scored[] {
  const reviewer = createBlamelessReviewer();
  return rows.map((row) => {
    const findings = reviewer.reviewText(row.text, 'corpus');
    return { ...row, flagged: findings.length > 0, families: findings.map((f) => `${f.family}/${f.rule} "${f.phrase}"`) };
  });
}

const pct = (n: number, d: number) => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

function report(title: string, scored: Scored[]): void {
  const blaming = scored.filter((r) => r.label === 'blaming');
  const neutral = scored.filter((r) => r.label === 'neutral');
  const tp = blaming.filter((r) => r.flagged).length;
  const fp = neutral.filter((r) => r.flagged).length;
  const explicit = blaming.filter((r) => r.explicit);
  const implicit = blaming.filter((r) => !r.explicit);
  console.log(`\n${title}: ${scored.length} sentences (${blaming.length} blaming, ${neutral.length} neutral)`);
  console.log(`  precision            ${pct(tp, tp + fp)}  (${tp}/${tp + fp})`);
  console.log(`  recall               ${pct(tp, blaming.length)}  (${tp}/${blaming.length})`);
  console.log(`  false-positive rate  ${pct(fp, neutral.length)}  (${fp}/${neutral.length})`);
  console.log(`  recall, explicit     ${pct(explicit.filter((r) => r.flagged).length, explicit.length)}  (${explicit.filter((r) => r.flagged).length}/${explicit.length})`);
  console.log(`  recall, implicit     ${pct(implicit.filter((r) => r.flagged).length, implicit.length)}  (${implicit.filter((r) => r.flagged).length}/${implicit.length})`);
  console.log('  recall by family:');
  for (const family of [...new Set(blaming.map((r) => r.family))].sort()) {
    const rows = blaming.filter((r) => r.family === family);
    const hit = rows.filter((r) => r.flagged).length;
    console.log(`    ${family.padEnd(20)} ${pct(hit, rows.length)}  (${hit}/${rows.length})`);
  }
  console.log('  false positives by kind of neutral sentence:');
  for (const family of [...new Set(neutral.map((r) => r.family))].sort()) {
    const rows = neutral.filter((r) => r.family === family);
    const hit = rows.filter((r) => r.flagged).length;
    console.log(`    ${(family === '-' ? 'plain' : family).padEnd(20)} ${pct(hit, rows.length)}  (${hit}/${rows.length})`);
  }
}

function main(): void {
  const args = new Set(process.argv.slice(2));
  const scored = score(loadCorpus());
  const dev = scored.filter((r) => r.split === 'dev');
  report('Development part', dev);
  if (args.has('--test')) report('Held-back test part', scored.filter((r) => r.split === 'test'));
  if (args.has('--misses')) {
    console.log('\nMissed (dev):');
    for (const r of dev) if (r.label === 'blaming' && !r.flagged) console.log(`  [${r.family}] ${r.text}`);
    console.log('\nFlagged neutral (dev):');
    for (const r of dev) if (r.label === 'neutral' && r.flagged) console.log(`  [${r.family}] ${r.text}  → ${r.families.join(', ')}`);
  }
}

main();

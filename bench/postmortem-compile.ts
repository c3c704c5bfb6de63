import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { compilePostmortem, type PostmortemInput, type PostmortemTimelineEntry } from '../src/domain/postmortem';
import type { CaptureSource, TimelineKind } from '../src/domain/timeline';

/**
 * Post-mortem compile time against timeline size. The compiler must stay linear: a 100k-entry
 * timeline (a weeks-long incident with chatty automation) should cost ~10× a 10k one.
 */

const SIZES = [1_000, 10_000, 100_000];
const RUNS = 5;

/** A small deterministic PRNG (mulberry32) so every run builds the same incident. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOTES = [
  'Score distribution for the affected slice shifted down by ~0.3; other slices flat.',
  'Rolled back the canary to the last known-good model; watching the selection rate.',
  'The drift monitor failed to detect the shift because it tracked aggregate pass rates only.',
  'Bob should have checked the per-slice metrics before the rollout.',
  'Re-screening progress: 1,340 of 1,912 done | no offers affected so far.',
  'Evidence snapshot archived: weights hash, feature config, 500 samples.',
  'Asked <@U3> to confirm the fallback re-ranker thresholds with `fairness_gate.yaml`.',
];
const AUTOMATIC: [TimelineKind, string][] = [
  ['member_joined', '<@U4> joined the channel'],
  ['details_edited', 'Affected version changed to v4.2.1'],
  ['role_assigned', 'Subject-matter expert: <@U5>'],
];
const SOURCES: CaptureSource[] = ['pin', 'reaction', 'shortcut', 'note'];

/** An incident spanning ~a week with `entries` timeline entries, mixed automatic and captured. */
export function syntheticIncident(entries: number, seed = 42): PostmortemInput {
  const rand = prng(seed);
  const declaredAt = Date.UTC(2024, 2, 27, 14, 10);
  const span = 7 * 86_400_000;
  const users: Record<string, string> = {};
  for (let i = 1; i <= 40; i++) users[`U${i}`] = `Responder ${String.fromCharCode(65 + (i % 26))}${i}`;
  users.U8 = 'Bob Okafor';
  const timeline = new Array<PostmortemTimelineEntry>(entries);
  for (let i = 0; i < entries; i++) {
    // Roughly time-ordered with local jitter, as a real export would be.
    const t = declaredAt + Math.floor((i / entries) * span) + Math.floor(rand() * 600_000) - 300_000;
    const actorId = `U${1 + Math.floor(rand() * 40)}`;
    if (rand() < 0.3) {
      const [kind, text] = AUTOMATIC[Math.floor(rand() * AUTOMATIC.length)]!;
      timeline[i] = { occurredAt: new Date(t), kind, source: 'bot', text, actorId, permalink: null, retracted: false };
    } else {
      const ts = `${Math.floor(t / 1000)}.${String(i).padStart(6, '0')}`;
      timeline[i] = {
        occurredAt: new Date(t),
        kind: rand() < 0.5 ? 'note' : 'message',
        source: SOURCES[Math.floor(rand() * SOURCES.length)]!,
        text: NOTES[Math.floor(rand() * NOTES.length)]!,
        actorId,
        permalink: `https://acme.slack.com/archives/C1/p${ts.replace('.', '')}`,
        messageTs: ts,
        threadTs: rand() < 0.2 ? `${Math.floor(declaredAt / 1000)}.000001` : null,
        files: rand() < 0.05 ? [{ name: `evidence-${i}.json`, url: `https://files.slack.com/f/${i}` }] : undefined,
        retracted: rand() < 0.02,
      };
    }
  }
  return {
    incident: {
      number: 900,
      title: 'Synthetic: ranker skew across one slice',
      summary: 'Synthetic incident for the compile benchmark.',
      severity: 'sev1',
      status: 'resolved',
      category: 'bias',
      harmLevel: 'event',
      affectedSystem: 'talent-ranker',
      affectedVersion: 'v4.2.0',
      isPrivate: false,
      declaredBy: 'U1',
      channelName: 'inc-900-synthetic',
      impactStartedAt: new Date(declaredAt - 30 * 86_400_000),
      detectedAt: new Date(declaredAt - 1_800_000),
      declaredAt: new Date(declaredAt),
      acknowledgedAt: new Date(declaredAt + 120_000),
      containedAt: new Date(declaredAt + 7_000_000),
      mitigatedAt: new Date(declaredAt + 2 * 86_400_000),
      resolvedAt: new Date(declaredAt + span),
      closedAt: null,
      awareAt: new Date(declaredAt + 3_300_000),
    },
    initialSeverity: 'sev2',
    severityChanges: [{ at: new Date(declaredAt + 2_520_000), from: 'sev2', to: 'sev1', by: 'U1', reason: 'Discriminatory outcome at scale' }],
    timeline,
    roles: [
      { role: 'commander', userId: 'U1', assignedBy: 'U1', startedAt: new Date(declaredAt), endedAt: new Date(declaredAt + 15_000_000) },
      { role: 'commander', userId: 'U2', assignedBy: 'U1', startedAt: new Date(declaredAt + 15_000_000), endedAt: null },
      { role: 'tech_lead', userId: 'U3', assignedBy: 'U1', startedAt: new Date(declaredAt + 300_000), endedAt: null },
      { role: 'scribe', userId: 'U4', assignedBy: 'U1', startedAt: new Date(declaredAt + 600_000), endedAt: null },
    ],
    resolution: null,
    correctiveActions: [
      { description: 'Per-slice fairness gate', ownerId: 'U3', dueDate: '2024-04-30', measure: 'Replay is blocked', status: 'open' },
      { description: 'Slice drift alert', ownerId: null, dueDate: null, measure: '', status: 'open' },
    ],
    users,
    generatedAt: new Date(declaredAt + span + 86_400_000),
    version: 1,
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function runCompileBench(sizes: readonly number[] = SIZES, runs = RUNS): Promise<{ entries: number; ms: number }[]> {
  const results: { entries: number; ms: number }[] = [];
  for (const entries of sizes) {
    const input = syntheticIncident(entries);
    // Warm-up until the JIT and the heap have settled: at least three runs and one second
    // (small inputs otherwise measure tier-up, not the compiler).
    const warmStart = performance.now();
    for (let i = 0; i < 3 || (performance.now() - warmStart < 1000 && i < 100); i++) compilePostmortem(input);
    const times: number[] = [];
    // Small inputs get more runs (up to a second of measuring) so the median is not one noisy sample.
    const measureStart = performance.now();
    for (let i = 0; i < runs || (performance.now() - measureStart < 1000 && i < 50); i++) {
      const start = performance.now();
      const md = compilePostmortem(input);
      times.push(performance.now() - start);
      if (md.length === 0) throw new Error('empty draft');
    }
    results.push({ entries, ms: median(times) });
    await new Promise((resolve) => setImmediate(resolve));
  }
  return results;
}

function printTable(results: { entries: number; ms: number }[]): void {
  const rows = results.map((r) => [r.entries.toLocaleString('en-US'), r.ms.toFixed(1), ((r.ms / r.entries) * 1000).toFixed(2)]);
  const header = ['entries', 'median ms', 'ms per 1k entries'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1]!;
    const b = results[i]!;
    const ratio = b.ms / a.ms;
    const sizeRatio = b.entries / a.entries;
    console.log(`growth ${b.entries / 1000}k/${a.entries / 1000}k: ×${ratio.toFixed(1)} for ×${sizeRatio} entries (≈${sizeRatio} means linear)`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCompileBench()
    .then(printTable)
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}

import { describe, expect, it } from 'vitest';
import { durationStats, formatDuration, keyMetrics, measure, percentile, timeInSeverity, type IncidentTimestamps } from '../../src/domain/metrics';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const at = (iso: string) => new Date(`${iso}:00Z`);

describe('formatDuration', () => {
  it.each([
    [0, '0 min'],
    [30_000, '< 1 min'],
    [MIN, '1 min'],
    [45 * MIN, '45 min'],
    [59 * MIN + 59_000, '59 min'],
    [H, '1 h'],
    [2 * H + 5 * MIN, '2 h 05 min'],
    [23 * H + 59 * MIN, '23 h 59 min'],
    [D, '1 d'],
    [30 * D + 4 * H + 40 * MIN, '30 d 4 h'],
    [-45 * MIN, '45 min'],
    [Number.NaN, 'unknown'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('measure', () => {
  const e = (label: string, iso: string | null) => ({ label, at: iso ? at(iso) : null });
  it('ok', () => {
    expect(measure(e('a', '2024-01-01T10:00'), e('b', '2024-01-01T10:45'))).toEqual({ kind: 'ok', ms: 45 * MIN });
  });
  it('missing names the missing ends', () => {
    expect(measure(e('impact started', null), e('detected', null))).toEqual({ kind: 'missing', missing: ['impact started', 'detected'] });
  });
  it('an invalid date counts as missing', () => {
    expect(measure({ label: 'a', at: new Date('nope') }, e('b', '2024-01-01T10:00')).kind).toBe('missing');
  });
  it('negative is inconsistent, never a negative duration', () => {
    expect(measure(e('a', '2024-01-01T12:00'), e('b', '2024-01-01T10:00'))).toEqual({ kind: 'inconsistent', ms: -2 * H });
  });
});

describe('keyMetrics', () => {
  const base: IncidentTimestamps = {
    impactStartedAt: at('2024-02-26T09:00'),
    detectedAt: at('2024-03-27T13:40'),
    declaredAt: at('2024-03-27T14:10'),
    acknowledgedAt: at('2024-03-27T14:12'),
    containedAt: at('2024-03-27T16:05'),
    mitigatedAt: null,
    resolvedAt: at('2024-03-29T17:00'),
  };
  const text = (t: IncidentTimestamps) => Object.fromEntries(keyMetrics(t).map((m) => [m.id, m.text]));

  it.each<[string, Partial<IncidentTimestamps>, Record<string, string>]>([
    [
      'full record',
      {},
      { detect: '30 d 4 h', declare: '30 min', acknowledge: '2 min', contain: '1 h 55 min', resolve: '2 d 2 h', impact: '30 d 7 h' },
    ],
    ['no impact start', { impactStartedAt: null }, { detect: 'not recorded (no impact started time)', impact: 'not recorded (no impact started time)' }],
    ['not contained: impact runs to resolution', { containedAt: null }, { contain: 'not recorded (no contained time)', impact: '32 d 8 h' }],
    ['nothing after declaration', { containedAt: null, resolvedAt: null }, { impact: 'not recorded (no contained time)', resolve: 'not recorded (no resolved time)' }],
    [
      'detected before impact',
      { detectedAt: at('2024-02-26T07:00') },
      { detect: '⚠ inconsistent timestamps: detected is 2 h before impact started' },
    ],
    ['contained before declared', { containedAt: at('2024-03-27T13:10') }, { contain: '⚠ inconsistent timestamps: contained is 1 h before declared' }],
  ])('%s', (_name, patch, expected) => {
    expect(text({ ...base, ...patch })).toMatchObject(expected);
  });
});

describe('timeInSeverity', () => {
  const start = at('2024-03-27T14:00');
  const end = at('2024-03-27T18:00');
  it('no changes: all time at the initial severity', () => {
    expect(timeInSeverity('sev2', [], start, end).times).toEqual([{ severity: 'sev2', ms: 4 * H }]);
  });
  it('escalation then downgrade, in the order first held, unsorted input', () => {
    const r = timeInSeverity(
      'sev3',
      [
        { at: at('2024-03-27T16:00'), from: 'sev1', to: 'sev2' },
        { at: at('2024-03-27T14:30'), from: 'sev3', to: 'sev1' },
      ],
      start,
      end,
    );
    expect(r.times).toEqual([
      { severity: 'sev3', ms: 30 * MIN },
      { severity: 'sev1', ms: 90 * MIN },
      { severity: 'sev2', ms: 2 * H },
    ]);
  });
  it('returning to a severity sums its periods', () => {
    const r = timeInSeverity(
      'sev2',
      [
        { at: at('2024-03-27T15:00'), from: 'sev2', to: 'sev1' },
        { at: at('2024-03-27T16:00'), from: 'sev1', to: 'sev2' },
      ],
      start,
      end,
    );
    expect(r.times).toEqual([
      { severity: 'sev2', ms: 3 * H },
      { severity: 'sev1', ms: H },
    ]);
  });
  it('changes outside the window are ignored and counted', () => {
    const r = timeInSeverity('sev2', [{ at: at('2024-03-27T19:00'), from: 'sev2', to: 'sev4' }], start, end, true);
    expect(r).toEqual({ times: [{ severity: 'sev2', ms: 4 * H }], open: true, ignoredChanges: 1 });
  });
});

describe('percentile and durationStats', () => {
  it.each([
    [[], 50, null],
    [[5], 50, 5],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
    [[10, 1, 5], 100, 10],
    [[10, 1, 5], 0, 1],
  ])('percentile(%j, %d) = %s', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
  it('durationStats ignores non-finite values', () => {
    expect(durationStats([3, Number.NaN, 1, 2])).toEqual({ count: 3, median: 2, p90: 3, max: 3 });
  });
});

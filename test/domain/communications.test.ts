import { describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE } from '../../src/domain/cadence';
import { communicationsReport, severityAt } from '../../src/domain/communications';
import { validateStatusUpdate, nextUpdateChoices } from '../../src/domain/status-update';

const t = (hhmm: string) => new Date(`2024-05-14T${hhmm}:00Z`);
const MIN = 60_000;

describe('communicationsReport', () => {
  it('measures time to the first update and each gap against the cadence in force when it closed', () => {
    const report = communicationsReport({
      declaredAt: t('10:00'),
      initialSeverity: 'sev2',
      severityChanges: [{ at: t('10:50'), to: 'sev1' }],
      updates: [
        { at: t('10:40'), by: 'U1' },
        { at: t('11:30'), by: 'U2' },
        { at: t('11:50'), by: 'U2' },
      ],
      cadence: DEFAULT_CADENCE,
    });
    expect(report.count).toBe(3);
    expect(report.timeToFirstMs).toBe(40 * MIN);
    expect(report.gaps.map((g) => [g.ms / MIN, g.severity, g.fromDeclaration])).toEqual([
      [40, 'sev2', true],
      [50, 'sev1', false],
      [20, 'sev1', false],
    ]);
    expect(report.longest).toMatchObject({ from: t('10:40'), to: t('11:30'), cadenceMs: 30 * MIN });
    expect(report.overdueGaps).toBe(1);
  });

  it('no update: no time to first update and no gaps', () => {
    expect(communicationsReport({ declaredAt: t('10:00'), initialSeverity: 'sev1', severityChanges: [], updates: [], cadence: DEFAULT_CADENCE })).toEqual({
      count: 0,
      timeToFirstMs: null,
      gaps: [],
      longest: null,
      overdueGaps: 0,
    });
  });

  it('severityAt applies changes in time order', () => {
    const changes = [
      { at: t('11:00'), to: 'sev3' as const },
      { at: t('10:30'), to: 'sev1' as const },
    ];
    expect([t('10:00'), t('10:30'), t('10:45'), t('11:30')].map((at) => severityAt(at, 'sev2', changes))).toEqual(['sev2', 'sev1', 'sev1', 'sev3']);
  });
});

describe('validateStatusUpdate', () => {
  it('needs a current status and trims the rest', () => {
    expect(validateStatusUpdate({ currentStatus: '  Contained. ', doingNow: ' rolling back ', needs: null, nextInMs: null })).toEqual({
      currentStatus: 'Contained.',
      doingNow: 'rolling back',
      needs: '',
      nextInMs: null,
      executiveSummary: '',
    });
    expect(() => validateStatusUpdate({ currentStatus: '   ' })).toThrow(expect.objectContaining({ field: 'current_status' }));
    expect(() => validateStatusUpdate({ currentStatus: 'x'.repeat(1001) })).toThrow(expect.objectContaining({ field: 'current_status' }));
    expect(() => validateStatusUpdate({ currentStatus: 'ok', nextInMs: -1 })).toThrow(expect.objectContaining({ field: 'next_update' }));
    expect(() => validateStatusUpdate({ currentStatus: 'ok', executiveSummary: 'x'.repeat(1501) })).toThrow(expect.objectContaining({ field: 'executive_summary' }));
  });

  it('the form always offers the cadence among its choices', () => {
    expect(nextUpdateChoices(3000)[0]).toBe(3000);
    expect(nextUpdateChoices(30 * MIN).filter((ms) => ms === 30 * MIN)).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { dueState, planActionChange, rankActions, rankForOwner, rpn, smartFlags, validateAction } from '../../src/domain/corrective-action';
import { isoWeek, localDay, planDigests, planReminders } from '../../src/domain/followup';
import { analysisGaps, closingGaps, firstIncompletePart, validateResolve } from '../../src/domain/postmortem-analysis';
import { computeStats, percentile } from '../../src/domain/stats';
import { visibilityFor } from '../../src/domain/visibility';

const act = (id: number, s: number | null, o: number | null, d: number | null, dueDate: string | null = null) => ({ id, severity: s, occurrence: o, detection: d, dueDate });

describe('corrective actions: RPN ranking', () => {
  it.each([
    [{ severity: 9, occurrence: 6, detection: 8 }, 432],
    [{ severity: 1, occurrence: 1, detection: 1 }, 1],
    [{ severity: 10, occurrence: 10, detection: 10 }, 1000],
    [{ severity: 9, occurrence: null, detection: 8 }, null],
    [{}, null],
  ])('rpn(%o) = %s', (rating, expected) => {
    expect(rpn(rating)).toBe(expected);
  });

  it('ranks by RPN, unrated last, then the earliest due date (none last), then the order recorded', () => {
    const ranked = rankActions([
      act(1, null, null, null, '2026-01-01'),
      act(2, 5, 5, 5, '2026-03-01'),
      act(3, 9, 6, 8),
      act(4, 5, 5, 5, '2026-02-01'),
      act(5, 5, 5, 5, null),
      act(6, 5, 5, 5, '2026-02-01'),
    ]);
    expect(ranked.map((a) => a.id)).toEqual([3, 4, 6, 2, 5, 1]);
  });

  it('for an owner, overdue actions come first whatever their RPN', () => {
    const ranked = rankForOwner([act(1, 9, 9, 9, '2026-05-10'), act(2, 1, 1, 1, '2026-05-01')], '2026-05-05');
    expect(ranked.map((a) => a.id)).toEqual([2, 1]);
  });
});

describe('corrective actions: SMART flags and input', () => {
  it.each([
    [{ ownerId: 'U1', dueDate: '2026-01-01', measure: 'x', severity: 1, occurrence: 1, detection: 1 }, []],
    [{ ownerId: null, dueDate: null, measure: ' ', severity: null, occurrence: null, detection: null }, ['no_owner', 'no_due_date', 'no_measure', 'unrated']],
    [{ ownerId: 'U1', dueDate: '', measure: 'x', severity: 2, occurrence: null, detection: 3 }, ['no_due_date', 'unrated']],
  ])('%o → %o', (a, flags) => {
    expect(smartFlags(a)).toEqual(flags);
  });

  it('only the title is required; ratings are 1–10; dates are real calendar days', () => {
    const base = { title: '  Add   a gate ', ownerId: null, dueDate: null, measure: '', severity: '7', occurrence: null, detection: 10 };
    expect(validateAction(base)).toMatchObject({ title: 'Add a gate', severity: 7, occurrence: null, detection: 10 });
    expect(() => validateAction({ ...base, title: ' ' })).toThrow(expect.objectContaining({ field: 'title' }));
    expect(() => validateAction({ ...base, severity: '11' })).toThrow(expect.objectContaining({ field: 'severity' }));
    expect(() => validateAction({ ...base, occurrence: 0 })).toThrow(expect.objectContaining({ field: 'occurrence' }));
    expect(() => validateAction({ ...base, dueDate: '2026-02-30' })).toThrow(expect.objectContaining({ field: 'due' }));
  });

  it('changes: done stamps the time, won’t do needs a reason, reassigning names the new owner, same value is no change', () => {
    const a = { status: 'open' as const, title: 't', ownerId: 'U1', dueDate: '2026-01-10', measure: '', severity: null, occurrence: null, detection: null };
    const at = new Date('2026-01-05T10:00:00Z');
    expect(planActionChange(a, { type: 'status', to: 'done' }, at).patch).toEqual({ status: 'done', wontDoReason: null, doneAt: at });
    expect(() => planActionChange(a, { type: 'wont_do', reason: ' ' }, at)).toThrow(expect.objectContaining({ field: 'reason' }));
    expect(planActionChange(a, { type: 'reassign', ownerId: 'U2' }, at).newOwner).toBe('U2');
    expect(planActionChange(a, { type: 'reassign', ownerId: 'U1' }, at).summary.kind).toBe('unchanged');
    expect(planActionChange(a, { type: 'due', dueDate: '2026-01-10' }, at).summary.kind).toBe('unchanged');
  });

  it.each([
    [null, 'no_date'],
    ['2026-05-04', 'overdue'],
    ['2026-05-05', 'today'],
    ['2026-05-07', 'soon'],
    ['2026-05-08', 'later'],
  ])('due %s on 2026-05-05 is %s', (due, state) => {
    expect(dueState(due, '2026-05-05')).toBe(state);
  });
});

describe('reminders and digests', () => {
  const open = (id: number, dueDate: string | null, extra: Partial<{ ownerId: string | null; status: 'open' | 'done' | 'in_progress' }> = {}) => ({
    id,
    incidentId: 7,
    ownerId: 'U1',
    dueDate,
    status: 'open' as const,
    ...extra,
  });

  it('overdue actions are reminded once per day; coming-due ones once per due date; done or unowned ones never', () => {
    const plan = planReminders([open(1, '2026-05-01'), open(2, '2026-05-06'), open(3, '2026-05-20'), open(4, '2026-05-01', { status: 'done' }), open(5, '2026-05-01', { ownerId: null })], '2026-05-05');
    expect(plan.map((r) => [r.actionId, r.kind, r.key])).toEqual([
      [1, 'overdue', 'followup:overdue:1:2026-05-05'],
      [2, 'due_soon', 'followup:soon:2:2026-05-06'],
    ]);
    expect(planReminders([open(1, '2026-05-01')], '2026-05-06')[0]!.key).toBe('followup:overdue:1:2026-05-06');
  });

  it('one digest per commander and ISO week', () => {
    const digests = planDigests(
      [
        { ...open(1, null), incidentId: 2, commanderId: 'U9' },
        { ...open(2, null), incidentId: 1, commanderId: 'U9' },
        { ...open(3, null, { status: 'done' }), incidentId: 3, commanderId: 'U8' },
      ],
      '2026-01-01',
    );
    expect(digests).toEqual([{ userId: 'U9', incidentIds: [1, 2], key: 'followup:digest:U9:2026-W01' }]);
  });

  it.each([
    ['2026-01-01', '2026-W01'],
    ['2025-12-29', '2026-W01'],
    ['2027-01-03', '2026-W53'],
    ['2026-06-15', '2026-W25'],
  ])('isoWeek(%s) = %s', (day, week) => {
    expect(isoWeek(day)).toBe(week);
  });

  it('the local day follows the team’s time zone', () => {
    const at = new Date('2026-03-01T23:30:00Z');
    expect(localDay(at, 'UTC')).toBe('2026-03-01');
    expect(localDay(at, 'Europe/Paris')).toBe('2026-03-02');
    expect(localDay(at, 'America/New_York')).toBe('2026-03-01');
  });
});

describe('percentiles and stats', () => {
  it.each([
    [[], 50, null],
    [[7], 90, 7],
    [[1, 2, 3, 4], 50, 2.5],
    [[4, 1, 3, 2], 90, 3.7],
    [[10, 20], 90, 19],
    [[1, 2, 3, 4, 5], 0, 1],
    [[1, 2, 3, 4, 5], 100, 5],
  ])('percentile(%o, %d) = %s', (values, p, expected) => {
    const got = percentile(values, p);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(expected, 10);
  });

  it('counts the window only, skips negative spans, and sorts done actions into on time and late', () => {
    const to = new Date('2026-05-31T12:00:00Z');
    const inc = (id: number, declared: string, resolveMin: number | null) => ({
      id,
      severity: 'sev2' as const,
      category: 'bias' as const,
      impactStartedAt: null,
      detectedAt: null,
      declaredAt: new Date(declared),
      acknowledgedAt: null,
      containedAt: null,
      resolvedAt: resolveMin === null ? null : new Date(new Date(declared).getTime() + resolveMin * 60_000),
    });
    const s = computeStats({
      incidents: [inc(1, '2026-05-20T10:00:00Z', 60), inc(2, '2026-05-25T10:00:00Z', -5), inc(3, '2026-01-01T10:00:00Z', 10)],
      actions: [
        { incidentId: 1, status: 'done', dueDate: '2026-05-22', doneDay: '2026-05-22' },
        { incidentId: 1, status: 'done', dueDate: '2026-05-22', doneDay: '2026-05-23' },
        { incidentId: 3, status: 'done', dueDate: '2026-05-22', doneDay: '2026-05-23' },
      ],
      to,
      days: 30,
      today: '2026-05-31',
    });
    expect(s.total).toBe(2);
    expect(s.times.resolve.sev2).toEqual({ n: 1, p50: 3_600_000, p90: 3_600_000 });
    expect(s.actions).toMatchObject({ total: 2, doneOnTime: 1, doneLate: 1 });
    expect(s.weeks.at(-1)!.start).toBe('2026-05-25');
    expect(s.weeks.reduce((n, w) => n + w.counts.sev2, 0)).toBe(2);
  });
});

describe('the short resolve and the analysis gaps', () => {
  const ctx = { declaredAt: new Date('2026-05-01T10:00:00Z'), now: new Date('2026-05-01T12:00:00Z') };
  it('needs only what stopped the harm; the time defaults to now and cannot be in the future or before the declaration', () => {
    expect(validateResolve({ howStopped: ' Rolled back ', impact: '', resolvedAt: null }, ctx)).toEqual({ howStopped: 'Rolled back', impact: '', resolvedAt: ctx.now });
    expect(() => validateResolve({ howStopped: '', impact: 'x', resolvedAt: null }, ctx)).toThrow(expect.objectContaining({ field: 'summary' }));
    expect(() => validateResolve({ howStopped: 'x', impact: '', resolvedAt: new Date('2026-05-01T13:00:00Z') }, ctx)).toThrow(expect.objectContaining({ field: 'resolved_at' }));
    expect(() => validateResolve({ howStopped: 'x', impact: '', resolvedAt: new Date('2026-05-01T09:00:00Z') }, ctx)).toThrow(expect.objectContaining({ field: 'resolved_at' }));
  });

  it('closing asks for a confirmation when the root cause or the actions are missing; a sitting starts at the first gap', () => {
    const empty = { trigger: '', rootCause: '', whys: [], factors: {}, wentWell: '', wentWrong: '', gotLucky: '', actionCount: 0 };
    expect(closingGaps(null)).toEqual(['root_cause', 'actions']);
    expect(closingGaps({ ...empty, rootCause: 'x', actionCount: 1 })).toEqual([]);
    expect(analysisGaps({ ...empty, rootCause: 'x', whys: ['a'], actionCount: 1 })).toEqual(['factors', 'lessons']);
    expect(firstIncompletePart(null)).toBe('cause');
    expect(firstIncompletePart({ ...empty, rootCause: 'x', whys: ['a'] })).toBe('factors');
    expect(firstIncompletePart({ ...empty, rootCause: 'x', whys: ['a'], factors: { data: 'd' }, gotLucky: 'l' })).toBe('actions');
  });

  it('outside a private incident one sees only that it exists', () => {
    expect(visibilityFor({ isPrivate: false }, 'U1', new Set())).toBe('full');
    expect(visibilityFor({ isPrivate: true }, 'U1', new Set(['U2']))).toBe('limited');
    expect(visibilityFor({ isPrivate: true }, 'U2', new Set(['U2']))).toBe('full');
  });
});

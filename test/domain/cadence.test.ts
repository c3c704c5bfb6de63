import { describe, expect, it } from 'vitest';
import {
  cadenceText,
  DEFAULT_CADENCE,
  needsAcknowledgement,
  parseCadence,
  planAfterDeclaration,
  planAfterUpdate,
  replan,
  snoozedUntil,
} from '../../src/domain/cadence';

const t = (hhmm: string) => new Date(`2024-05-14T${hhmm}:00Z`);
const MIN = 60_000;

describe('cadence durations', () => {
  it.each([
    ['3s', 3000],
    ['30m', 30 * MIN],
    ['1h', 60 * MIN],
    ['1d', 24 * 60 * MIN],
    [' 4H ', 4 * 60 * MIN],
  ])('sev1=%s → %d ms', (text, ms) => expect(parseCadence(`sev1=${text}`)).toEqual({ ok: true, cadence: { ...DEFAULT_CADENCE, sev1: ms } }));

  it.each(['', '0m', '-5m', '1.5h', '30', 'm', '1w', '30 minutes', '1h30m', '500ms'])('sev1=%j is refused', (text) => expect(parseCadence(`sev1=${text}`).ok).toBe(false));
});

describe('parseCadence (UPDATE_CADENCE)', () => {
  it('takes the severities given and keeps the defaults for the others', () => {
    expect(parseCadence('sev1=3s,sev3=2h')).toEqual({ ok: true, cadence: { ...DEFAULT_CADENCE, sev1: 3000, sev3: 2 * 60 * MIN } });
    expect(parseCadence(' SEV2 = 45m ')).toEqual({ ok: true, cadence: { ...DEFAULT_CADENCE, sev2: 45 * MIN } });
  });

  it.each([
    ['sev5=1h', 'entry 1 of 1 must look like sev1=30m'],
    ['sev1=30m,sev2', 'entry 2 of 2 must look like sev1=30m'],
    ['sev1=30m,sev1=1h', 'entry 2 of 2 repeats a severity'],
    ['sev1=soon', 'entry 1 of 1 needs a whole positive duration in s, m, h or d'],
    [' , ', 'is empty'],
  ])('%j: %s (the value itself is never quoted)', (text, problem) => {
    const parsed = parseCadence(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problem).toContain(problem);
      expect(parsed.problem).not.toContain('soon');
    }
  });
});

describe('planning the next status update (time passed in)', () => {
  const base = { cadence: DEFAULT_CADENCE, status: 'investigating' as const };

  it('after a declaration: one cadence after it, escalated to the commander one cadence later', () => {
    expect(planAfterDeclaration({ ...base, severity: 'sev1', declaredAt: t('10:00'), now: t('10:00') })).toEqual({ dueAt: t('10:30'), escalateAt: t('11:00') });
    expect(planAfterDeclaration({ ...base, severity: 'sev3', declaredAt: t('10:00'), now: t('10:00') })).toEqual({ dueAt: t('14:00'), escalateAt: t('18:00') });
  });

  it('after an update: when its author promised the next one, else one cadence later', () => {
    expect(planAfterUpdate({ ...base, severity: 'sev2', postedAt: t('10:10'), nextInMs: null, now: t('10:10') })).toEqual({ dueAt: t('11:10'), escalateAt: t('12:10') });
    expect(planAfterUpdate({ ...base, severity: 'sev2', postedAt: t('10:10'), nextInMs: 15 * MIN, now: t('10:10') })).toEqual({ dueAt: t('10:25'), escalateAt: t('11:25') });
  });

  it('a severity change re-plans from the last update with the new cadence; a time already past is due now', () => {
    const last = t('10:00');
    expect(replan({ ...base, severity: 'sev1', declaredAt: t('09:00'), lastUpdateAt: last, now: t('10:05') })).toEqual({ dueAt: t('10:30'), escalateAt: t('11:00') });
    expect(replan({ ...base, severity: 'sev3', declaredAt: t('09:00'), lastUpdateAt: last, now: t('10:05') })).toEqual({ dueAt: t('14:00'), escalateAt: t('18:00') });
    // Escalated to SEV1 50 min after the last update: the update is already due.
    expect(replan({ ...base, severity: 'sev1', declaredAt: t('09:00'), lastUpdateAt: last, now: t('10:50') })).toEqual({ dueAt: t('10:50'), escalateAt: t('11:00') });
    // Without any update it counts from the declaration.
    expect(replan({ ...base, severity: 'sev2', declaredAt: t('09:00'), lastUpdateAt: null, now: t('09:10') })).toEqual({ dueAt: t('10:00'), escalateAt: t('11:00') });
  });

  it('a re-open counts from the re-opening', () => {
    expect(replan({ ...base, severity: 'sev2', declaredAt: t('09:00'), lastUpdateAt: t('09:30'), since: t('12:00'), now: t('12:00') })).toEqual({ dueAt: t('13:00'), escalateAt: t('14:00') });
  });

  it('nothing is planned once the incident is resolved or closed', () => {
    for (const status of ['resolved', 'closed'] as const) {
      expect(planAfterDeclaration({ ...base, status, severity: 'sev1', declaredAt: t('10:00'), now: t('10:00') })).toBeNull();
      expect(planAfterUpdate({ ...base, status, severity: 'sev1', postedAt: t('10:00'), nextInMs: null, now: t('10:00') })).toBeNull();
      expect(replan({ ...base, status, severity: 'sev1', declaredAt: t('10:00'), lastUpdateAt: null, now: t('10:00') })).toBeNull();
    }
  });

  it('a plan is the same whoever computes it and whenever (before the due time)', () => {
    const a = planAfterUpdate({ ...base, severity: 'sev1', postedAt: t('10:00'), nextInMs: null, now: t('10:00') });
    const b = planAfterUpdate({ ...base, severity: 'sev1', postedAt: t('10:00'), nextInMs: null, now: t('10:20') });
    expect(a).toEqual(b);
  });

  it('snooze, acknowledgement and wording', () => {
    expect(snoozedUntil(t('10:00'))).toEqual(t('10:15'));
    expect(['sev1', 'sev2', 'sev3', 'sev4'].map((s) => needsAcknowledgement(s as 'sev1'))).toEqual([true, true, false, false]);
    expect([3000, 30 * MIN, 60 * MIN, 4 * 60 * MIN, 24 * 60 * MIN, 90 * MIN].map(cadenceText)).toEqual(['3 s', '30 min', '1 h', '4 h', '1 d', '90 min']);
  });
});

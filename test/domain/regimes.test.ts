import { describe, expect, it } from 'vitest';
import {
  addSpan,
  addUtcMonths,
  AI_ACT,
  BUILTIN_REGIMES,
  computeClocks,
  GDPR,
  NIS2,
  nearestClock,
  nextOverdueReminder,
  parseOrganisationRegimes,
  planReminders,
  suggestTriage,
  type ClockInput,
  type TriageFacts,
} from '../../src/domain/regimes';

const base: TriageFacts = { severity: 'sev3', category: 'other', harmLevel: 'event', personalData: 'unknown', harmLimb: null, memberStates: [], peopleAffected: null };
const none = { nis2Entity: 'none' } as const;
const essential = { nis2Entity: 'essential' } as const;

const suggestionOf = (f: Partial<TriageFacts>, org: { nis2Entity: 'none' | 'essential' | 'important' } = none) =>
  Object.fromEntries(suggestTriage(BUILTIN_REGIMES, { ...base, ...f }, org).map((s) => [s.regime, [s.suggestion, ...s.reasons]]));

describe('triage follows the harm, not the category', () => {
  it.each([
    [
      'clinical assistant hallucinates drug dosages (SEV1, limb a)',
      { severity: 'sev1', category: 'hallucination', harmLimb: 'a' },
      none,
      { 'ai-act': ['likely', 'harm_limb_a'], gdpr: ['unlikely', 'personal_data_unknown'], nis2: ['unlikely', 'not_nis2_entity'] },
    ],
    [
      'prompt injection exfiltrating personal data',
      { severity: 'sev2', category: 'prompt_injection', personalData: 'yes' },
      none,
      { 'ai-act': ['possible', 'severe_event_without_harm_limb'], gdpr: ['likely', 'personal_data_involved'], nis2: ['unlikely', 'not_nis2_entity'] },
    ],
    [
      'bias incident, SEV1, not a NIS2 entity: no NIS2 alarm',
      { severity: 'sev1', category: 'bias', harmLimb: 'c', memberStates: ['FR'] },
      none,
      { 'ai-act': ['likely', 'harm_limb_c'], gdpr: ['unlikely', 'personal_data_unknown'], nis2: ['unlikely', 'not_nis2_entity'] },
    ],
    [
      'bias across two Member States is a widespread infringement',
      { severity: 'sev2', category: 'bias', harmLimb: 'c', memberStates: ['FR', 'DE'] },
      none,
      { 'ai-act': ['likely', 'harm_limb_c', 'widespread_infringement'], gdpr: ['unlikely', 'personal_data_unknown'], nis2: ['unlikely', 'not_nis2_entity'] },
    ],
    [
      'essential entity, SEV1: NIS2 significant',
      { severity: 'sev1', category: 'drift', personalData: 'no' },
      essential,
      { 'ai-act': ['possible', 'severe_event_without_harm_limb'], gdpr: ['unlikely', 'no_personal_data'], nis2: ['likely', 'nis2_entity_significant_incident'] },
    ],
    [
      'essential entity, SEV3 without infrastructure harm: not significant',
      { severity: 'sev3' },
      essential,
      { 'ai-act': ['unlikely', 'no_serious_harm_recorded'], gdpr: ['unlikely', 'personal_data_unknown'], nis2: ['unlikely', 'nis2_entity_not_significant'] },
    ],
    [
      'privacy category with personal data unknown: ask',
      { severity: 'sev3', category: 'privacy_leak', harmLevel: 'near_miss' },
      none,
      { 'ai-act': ['unlikely', 'no_serious_harm_recorded'], gdpr: ['possible', 'personal_data_unknown_privacy_category'], nis2: ['unlikely', 'not_nis2_entity'] },
    ],
  ] as const)('%s', (_name, facts, org, expected) => {
    expect(suggestionOf(facts as Partial<TriageFacts>, org)).toEqual(expected);
  });
});

const aware = new Date('2026-03-27T10:00:00Z');
const input = (over: Partial<ClockInput> = {}): ClockInput => ({
  awareness: aware,
  facts: { ...base, severity: 'sev1', harmLimb: 'a', personalData: 'yes' },
  org: essential,
  decisions: [],
  reports: [],
  ...over,
});

describe('deadlines (UTC)', () => {
  it('every built-in stage, counted from awareness, across the EU DST change of 29 March', () => {
    const clocks = computeClocks(BUILTIN_REGIMES, input(), aware);
    expect(clocks.map((c) => [c.regime, c.stage, c.dueAt.toISOString(), c.tier?.id ?? null, c.provisional, c.chainedOnDeadline])).toEqual([
      ['ai-act', 'report', '2026-04-06T10:00:00.000Z', 'death', true, false],
      ['gdpr', 'notification', '2026-03-30T10:00:00.000Z', null, true, false],
      ['nis2', 'early-warning', '2026-03-28T10:00:00.000Z', null, true, false],
      ['nis2', 'notification', '2026-03-30T10:00:00.000Z', null, true, false],
      ['nis2', 'final', '2026-04-30T10:00:00.000Z', null, true, true],
    ]);
    // 72 hours are 72 hours of real time even though Europe's clocks went forward on 29 March.
    expect(clocks[1]!.dueAt.getTime() - aware.getTime()).toBe(72 * 3_600_000);
  });

  it.each([
    ['limb b: 2 days', { harmLimb: 'b' }, '2026-03-29T10:00:00.000Z', 'widespread_or_infrastructure'],
    ['widespread: 2 days', { harmLimb: 'c', memberStates: ['FR', 'DE'] }, '2026-03-29T10:00:00.000Z', 'widespread_or_infrastructure'],
    ['limb a: 10 days (death until ruled out)', { harmLimb: 'a' }, '2026-04-06T10:00:00.000Z', 'death'],
    ['limb d: 15 days', { harmLimb: 'd' }, '2026-04-11T10:00:00.000Z', 'general'],
  ] as const)('AI Act tier %s', (_n, facts, due, tier) => {
    const [clock] = computeClocks([AI_ACT], input({ facts: { ...base, ...facts } as TriageFacts }), aware);
    expect(clock!.dueAt.toISOString()).toBe(due);
    expect(clock!.tier!.id).toBe(tier);
  });

  it.each([
    ['31 Jan + 1 month = 28 Feb', '2026-01-31T23:30:00Z', 1, '2026-02-28T23:30:00.000Z'],
    ['31 Jan + 1 month in a leap year = 29 Feb', '2028-01-31T08:00:00Z', 1, '2028-02-29T08:00:00.000Z'],
    ['31 Mar + 1 month = 30 Apr', '2026-03-31T12:00:00Z', 1, '2026-04-30T12:00:00.000Z'],
    ['15 Dec + 1 month crosses the year', '2026-12-15T00:00:00Z', 1, '2027-01-15T00:00:00.000Z'],
    ['30 Oct + 1 month across the October DST end', '2026-10-30T01:30:00Z', 1, '2026-11-30T01:30:00.000Z'],
  ])('%s', (_n, from, months, to) => {
    expect(addUtcMonths(new Date(from), months).toISOString()).toBe(to);
    expect(addSpan(new Date(from), { months }).toISOString()).toBe(to);
  });

  it('NIS2 final report runs one month from the notification actually made', () => {
    const reports = [{ regime: 'nis2', stage: 'notification', reportedAt: new Date('2026-01-31T09:00:00Z') }];
    const clocks = computeClocks([NIS2], input({ awareness: new Date('2026-01-29T12:00:00Z'), reports }), new Date('2026-02-01T00:00:00Z'));
    const final = clocks.find((c) => c.stage === 'final')!;
    expect(final.dueAt.toISOString()).toBe('2026-02-28T09:00:00.000Z');
    expect(final.chainedOnDeadline).toBe(false);
    expect(clocks.find((c) => c.stage === 'notification')!.state).toBe('reported');
    expect(clocks.find((c) => c.stage === 'early-warning')!.state).toBe('overdue');
  });

  it('decisions: applies is firm, unsure provisional, does not apply has no clock; unlikely regimes run none until Legal says applies', () => {
    const facts = { ...base, severity: 'sev3', personalData: 'no' } as TriageFacts;
    expect(computeClocks(BUILTIN_REGIMES, input({ facts, org: none }), aware)).toEqual([]);
    const clocks = computeClocks(
      BUILTIN_REGIMES,
      input({ facts, org: none, decisions: [{ regime: 'gdpr', decision: 'applies' }, { regime: 'ai-act', decision: 'unsure' }] }),
      aware,
    );
    expect(clocks.map((c) => [c.regime, c.provisional])).toEqual([['ai-act', true], ['gdpr', false]]);
    const ruledOut = computeClocks(BUILTIN_REGIMES, input({ decisions: [{ regime: 'gdpr', decision: 'does_not_apply' }] }), aware);
    expect(ruledOut.some((c) => c.regime === 'gdpr')).toBe(false);
  });

  it('a possible regime (a deciding fact unknown) runs no clock until Legal decides', () => {
    const facts = { ...base, severity: 'sev2', category: 'privacy_leak' } as TriageFacts;
    expect(suggestTriage(BUILTIN_REGIMES, facts, none).map((s) => s.suggestion)).toEqual(['possible', 'possible', 'unlikely']);
    expect(computeClocks(BUILTIN_REGIMES, input({ facts, org: none }), aware)).toEqual([]);
  });

  it('the nearest open clock is the earliest unreported deadline', () => {
    const reports = [{ regime: 'nis2', stage: 'early-warning', reportedAt: aware }];
    const nearest = nearestClock(computeClocks(BUILTIN_REGIMES, input({ reports }), aware))!;
    expect([nearest.regime, nearest.stage]).toEqual(['gdpr', 'notification']);
  });
});

describe('reminder planning', () => {
  const [gdpr] = computeClocks([GDPR], input(), aware);

  it('50%, 75%, 90% of the window and at the deadline, each with its own key', () => {
    const plan = planReminders(7, gdpr!, aware);
    expect(plan.map((r) => [r.threshold, r.at.toISOString()])).toEqual([
      ['p50', '2026-03-28T22:00:00.000Z'],
      ['p75', '2026-03-29T16:00:00.000Z'],
      ['p90', '2026-03-30T02:48:00.000Z'],
      ['due', '2026-03-30T10:00:00.000Z'],
    ]);
    expect(new Set(plan.map((r) => r.key)).size).toBe(4);
    expect(plan[0]!.key).toBe(`reg:7:gdpr:notification:${gdpr!.dueAt.getTime()}:p50`);
  });

  it('planned late: the latest passed threshold once, now, then the rest', () => {
    const now = new Date('2026-03-30T03:00:00Z');
    expect(planReminders(7, gdpr!, now).map((r) => [r.threshold, r.at.toISOString()])).toEqual([
      ['p90', now.toISOString()],
      ['due', '2026-03-30T10:00:00.000Z'],
    ]);
  });

  it('overdue: the deadline reminder (deduplicated by key) and the next daily one; each plans the next', () => {
    const now = new Date('2026-03-31T12:00:00Z');
    const [late] = computeClocks([GDPR], input(), now);
    const plan = planReminders(7, late!, now);
    expect(plan.map((r) => [r.threshold, r.at.toISOString()])).toEqual([
      ['due', now.toISOString()],
      ['overdue-2', '2026-04-01T10:00:00.000Z'],
    ]);
    expect(nextOverdueReminder(7, late!, 'overdue-2')).toMatchObject({ threshold: 'overdue-3', at: new Date('2026-04-02T10:00:00.000Z') });
    expect(nextOverdueReminder(7, late!, 'due')).toMatchObject({ threshold: 'overdue-1', at: new Date('2026-03-31T10:00:00.000Z') });
  });

  it('a reported stage plans nothing; moving awareness changes every key', () => {
    const [reported] = computeClocks([GDPR], input({ reports: [{ regime: 'gdpr', stage: 'notification', reportedAt: aware }] }), aware);
    expect(planReminders(7, reported!, aware)).toEqual([]);
    const [moved] = computeClocks([GDPR], input({ awareness: new Date('2026-03-27T09:00:00Z') }), aware);
    const before = new Set(planReminders(7, gdpr!, aware).map((r) => r.key));
    expect(planReminders(7, moved!, aware).some((r) => before.has(r.key))).toBe(false);
  });
});

describe('organisation-defined regimes', () => {
  it('parses a contract notice chained on an earlier stage and suggests it by its rule', () => {
    const parsed = parseOrganisationRegimes({
      regimes: [
        {
          id: 'acme-contract',
          name: 'ACME master agreement §9',
          authority: 'ACME security desk',
          suggestWhen: { severities: ['sev1'], personalData: true },
          stages: [
            { id: 'notice', label: 'Customer notice', within: { hours: 24 } },
            { id: 'rca', label: 'Root-cause report', within: { days: 30 }, after: 'notice' },
          ],
        },
      ],
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const [regime] = parsed.regimes;
    expect(suggestTriage(parsed.regimes, { ...base, personalData: 'yes' }, none)).toEqual([{ regime: 'acme-contract', suggestion: 'likely', reasons: ['organisation_rule_matched'] }]);
    const clocks = computeClocks([regime!], input({ facts: { ...base, personalData: 'yes' } }), aware);
    expect(clocks.map((c) => [c.stage, c.dueAt.toISOString()])).toEqual([
      ['notice', '2026-03-28T10:00:00.000Z'],
      ['rca', '2026-04-27T10:00:00.000Z'],
    ]);
  });

  it.each([
    [{ regimes: [{ id: 'gdpr', name: 'x', authority: 'y', stages: [{ id: 's', label: 'l', within: { hours: 1 } }] }] }, 'regimes.0.id: is the id of a built-in regime'],
    [{ regimes: [{ id: 'Bad Id', name: 'x', authority: 'y', stages: [{ id: 's', label: 'l', within: { hours: 1 } }] }] }, 'regimes.0.id: must be lower-case'],
    [{ regimes: [{ id: 'x', name: 'x', authority: 'y', stages: [{ id: 's', label: 'l', within: { hours: 1, days: 2 } }] }] }, 'regimes.0.stages.0.within: give exactly one of hours, days, months'],
    [{ regimes: [{ id: 'x', name: 'x', authority: 'y', stages: [{ id: 's', label: 'l', within: { hours: 1 }, after: 'later' }] }] }, 'regimes.0.stages.0.after: must name an earlier stage'],
    [{ regimes: [{ id: 'x', name: 'x', authority: 'y', secretToken: 'hunter2', stages: [{ id: 's', label: 'l', within: { hours: 1 } }] }] }, 'regimes.0: has a key that is not allowed here'],
  ])('refuses %j naming the place', (data, problem) => {
    const parsed = parseOrganisationRegimes(data);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.join('\n')).toContain(problem);
    expect(parsed.problems.join('\n')).not.toContain('hunter2');
  });
});

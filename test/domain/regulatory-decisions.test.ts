import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors';
import { BUILTIN_REGIMES } from '../../src/domain/regimes';
import { parseReportArgs, planTriage, validateReport } from '../../src/domain/regulatory-decisions';
import { effectiveAwareness } from '../../src/domain/regulatory-record';
import { buildRegulatoryExport } from '../../src/domain/regulatory-export';
import { hiringIncident } from './postmortem-fixtures';

const now = new Date('2026-11-23T12:00:00Z');

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).field;
  }
  return undefined;
}

describe('effectiveAwareness', () => {
  const declaredAt = new Date('2026-11-23T10:00:00Z');
  it.each([
    ['the recorded awareness', { awareAt: new Date('2026-11-23T09:00:00Z'), detectedAt: new Date('2026-11-23T09:30:00Z') }, 'aware', '2026-11-23T09:00:00.000Z'],
    ['else the detection (a corrected detection moves the clock)', { awareAt: null, detectedAt: new Date('2026-11-23T08:40:00Z') }, 'detected', '2026-11-23T08:40:00.000Z'],
    ['else the declaration', { awareAt: null, detectedAt: null }, 'declared', '2026-11-23T10:00:00.000Z'],
    ['an unreadable awareness is skipped', { awareAt: new Date('nope'), detectedAt: null }, 'declared', '2026-11-23T10:00:00.000Z'],
  ] as const)('%s', (_n, times, basis, at) => {
    const a = effectiveAwareness({ ...times, declaredAt });
    expect([a.basis, a.at.toISOString()]).toEqual([basis, at]);
  });
});

describe('planTriage', () => {
  const current = [{ regime: 'gdpr', decision: 'unsure' as const, reason: 'Checking with the DPO' }];

  it('records changed decisions only, each with its reason', () => {
    expect(
      planTriage(BUILTIN_REGIMES, current, [
        { regime: 'ai-act', decision: 'applies', reason: ' Annex III system ' },
        { regime: 'gdpr', decision: 'unsure', reason: 'Checking with the DPO' },
        { regime: 'nis2', decision: null, reason: '' },
      ]),
    ).toEqual([{ regime: 'ai-act', decision: 'applies', reason: 'Annex III system' }]);
  });

  it.each([
    ['a decision without a reason', [{ regime: 'ai-act', decision: 'applies', reason: ' ' }], 'reason:ai-act'],
    ['a reason without a decision', [{ regime: 'nis2', decision: null, reason: 'maybe' }], 'decision:nis2'],
    ['withdrawing a decision', [{ regime: 'gdpr', decision: null, reason: '' }], 'decision:gdpr'],
    ['an unknown decision', [{ regime: 'gdpr', decision: 'perhaps', reason: 'x' }], 'decision:gdpr'],
    ['an unknown regime', [{ regime: 'sox', decision: 'applies', reason: 'x' }], 'decision:sox'],
  ])('refuses %s on its field', (_n, choices, field) => {
    expect(fieldOf(() => planTriage(BUILTIN_REGIMES, current, choices))).toBe(field);
  });
});

describe('reports', () => {
  it('parses /incident report <regime> <stage> [reference] [what was sent]', () => {
    expect(parseReportArgs('gdpr notification CNIL-42 https://x.example/notice sent by mail')).toEqual({
      regime: 'gdpr',
      stage: 'notification',
      reference: 'CNIL-42',
      sent: 'https://x.example/notice sent by mail',
    });
    expect(parseReportArgs('nis2 early-warning')).toEqual({ regime: 'nis2', stage: 'early-warning', reference: '', sent: '' });
    expect(parseReportArgs('gdpr')).toBeNull();
  });

  it('validates regime, stage and time; the authority defaults to the regime’s', () => {
    expect(validateReport(BUILTIN_REGIMES, { regime: 'NIS2', stage: 'Final' }, now)).toMatchObject({ regime: 'nis2', stage: 'final', authority: 'CSIRT or competent authority', reportedAt: now });
    expect(fieldOf(() => validateReport(BUILTIN_REGIMES, { regime: 'sox', stage: 'x' }, now))).toBe('regime');
    expect(fieldOf(() => validateReport(BUILTIN_REGIMES, { regime: 'gdpr', stage: 'final' }, now))).toBe('stage');
    expect(fieldOf(() => validateReport(BUILTIN_REGIMES, { regime: 'gdpr', stage: 'notification', reportedAt: new Date('2026-11-24T00:00:00Z') }, now))).toBe('reported_at');
  });
});

describe('buildRegulatoryExport', () => {
  it('carries the serious-incident fields for the AI Act from the record', () => {
    const e = buildRegulatoryExport(hiringIncident(), 'ai-act', { name: 'Talent AG', contact: 'legal@talent.example' });
    expect(e).toMatchObject({
      schema: 'warroom.regulatory-report',
      schema_version: 1,
      provider: { name: 'Talent AG', contact: 'legal@talent.example' },
      member_states: ['DE', 'NL'],
      times: { aware_at: '2024-03-27T15:05:00.000Z', awareness_basis: 'aware', causal_link_at: '2024-03-27T14:45:00.000Z' },
      harm: { art_3_49_limb: 'c', people_affected: 1912, personal_data: 'no' },
      ai_system: { model_version_before: 'talent-ranker v4.2.0', model_version_after: 'talent-ranker v4.1.3' },
      triage: { suggestion: 'likely', reasons: ['harm_limb_c', 'widespread_infringement'], decision: 'applies', decided_by: 'U07HANNAH' },
      stages: [{ id: 'report', due_at: '2024-03-29T15:05:00.000Z', state: 'reported', provisional: false }],
      report_stage: null,
      disclosures: [{ stage: 'report', reference: 'BNetzA-KI-2024-0117' }],
      regime_fields: { serious_incident_tier: 'widespread_or_infrastructure', widespread_infringement: true },
    });
    expect(e.corrective_actions).toHaveLength(4);
    expect(e.investigation.status).toBe('concluded');
  });
});

import { describe, expect, it } from 'vitest';
import type { HarmCategory, HarmLevel } from '../../src/domain/harm';
import { EVIDENCE_REMINDER, addUtcMonths, regulatoryClockStart, triageRegulatory, type RegimeId } from '../../src/domain/regulatory';
import type { Severity } from '../../src/domain/severity';

const at = (iso: string) => new Date(`${iso}:00Z`);
const clocks = { awareAt: at('2024-03-27T15:05'), detectedAt: at('2024-03-27T13:40'), declaredAt: at('2024-03-27T14:10') };

describe('which regimes the triage raises', () => {
  it.each<[string, HarmCategory, Severity, HarmLevel, RegimeId[]]>([
    ['privacy leak, minor', 'privacy_leak', 'sev3', 'event', ['gdpr_art33']],
    ['privacy leak near miss still asks about GDPR', 'privacy_leak', 'sev4', 'near_miss', ['gdpr_art33']],
    ['privacy leak SEV2 event', 'privacy_leak', 'sev2', 'event', ['gdpr_art33', 'eu_ai_act_art73']],
    ['privacy leak SEV1 event: all three', 'privacy_leak', 'sev1', 'event', ['gdpr_art33', 'eu_ai_act_art73', 'nis2_art23']],
    ['bias SEV1 event', 'bias', 'sev1', 'event', ['eu_ai_act_art73', 'nis2_art23']],
    ['bias SEV2 event', 'bias', 'sev2', 'event', ['eu_ai_act_art73']],
    ['bias SEV2 near miss: not a serious incident', 'bias', 'sev2', 'near_miss', []],
    ['bias SEV3 event', 'bias', 'sev3', 'event', []],
    ['safety control failure SEV2 event', 'safety_control_failure', 'sev2', 'event', ['eu_ai_act_art73']],
    ['toxic content SEV1 issue', 'toxic_content', 'sev1', 'issue', ['nis2_art23']],
    ['hallucination SEV2 event', 'hallucination', 'sev2', 'event', []],
    ['drift SEV1 event', 'drift', 'sev1', 'event', ['nis2_art23']],
    ['misuse SEV4', 'misuse', 'sev4', 'event', []],
  ])('%s', (_name, category, severity, harmLevel, expected) => {
    const t = triageRegulatory({ category, severity, harmLevel, ...clocks });
    expect(t.regimes.map((r) => r.id)).toEqual(expected);
    expect(t.evidenceReminder).toBe(expected.length ? EVIDENCE_REMINDER : null);
  });
});

describe('deadlines', () => {
  const t = triageRegulatory({ category: 'privacy_leak', severity: 'sev1', harmLevel: 'event', ...clocks });
  const due = (id: RegimeId) => t.regimes.find((r) => r.id === id)!.deadlines.map((d) => d.dueAt.toISOString());

  it('GDPR: 72 h from awareness', () => {
    expect(due('gdpr_art33')).toEqual(['2024-03-30T15:05:00.000Z']);
  });
  it('AI Act: 2, 10 and 15 days from awareness', () => {
    expect(due('eu_ai_act_art73')).toEqual(['2024-03-29T15:05:00.000Z', '2024-04-06T15:05:00.000Z', '2024-04-11T15:05:00.000Z']);
  });
  it('NIS2: 24 h, 72 h, and one month after the notification', () => {
    expect(due('nis2_art23')).toEqual(['2024-03-28T15:05:00.000Z', '2024-03-30T15:05:00.000Z', '2024-04-30T15:05:00.000Z']);
  });
  it('phrased as prompts for Legal, never as conclusions', () => {
    for (const r of t.regimes) {
      expect(r.question).toMatch(/\?/);
      expect(`${r.name} ${r.raisedBecause} ${r.question}`).not.toMatch(/\b(?:must be reported|is required to report|applies\.)/i);
    }
    expect(t.regimes.find((r) => r.id === 'eu_ai_act_art73')!.question).toMatch(/To be assessed by Legal/);
  });
});

describe('clock start', () => {
  it.each<[string, { awareAt: Date | null; detectedAt: Date | null }, string, string]>([
    ['awareness recorded', clocks, 'aware', '2024-03-27T15:05:00.000Z'],
    ['falls back to detection', { ...clocks, awareAt: null }, 'detected', '2024-03-27T13:40:00.000Z'],
    ['falls back to declaration', { ...clocks, awareAt: null, detectedAt: null }, 'declared', '2024-03-27T14:10:00.000Z'],
    ['an invalid awareness date is not used', { ...clocks, awareAt: new Date('x') }, 'detected', '2024-03-27T13:40:00.000Z'],
  ])('%s', (_name, input, basis, iso) => {
    const c = regulatoryClockStart({ declaredAt: clocks.declaredAt, ...input });
    expect(c.basis).toBe(basis);
    expect(c.at.toISOString()).toBe(iso);
    expect(c.explanation.length).toBeGreaterThan(10);
  });
});

describe('addUtcMonths', () => {
  it.each([
    ['2024-01-31T10:00:00.000Z', 1, '2024-02-29T10:00:00.000Z'],
    ['2023-01-31T10:00:00.000Z', 1, '2023-02-28T10:00:00.000Z'],
    ['2024-12-15T23:30:00.000Z', 1, '2025-01-15T23:30:00.000Z'],
    ['2024-03-30T15:05:00.000Z', 1, '2024-04-30T15:05:00.000Z'],
    ['2024-03-31T00:00:00.000Z', -1, '2024-02-29T00:00:00.000Z'],
  ])('%s + %d month', (iso, n, expected) => {
    expect(addUtcMonths(new Date(iso), n).toISOString()).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { DomainError, ValidationError } from '../../src/domain/errors';
import { parseSeverityArgs, planSeverityChange, severityChangeText, severityHistory, type SeverityHistorySource } from '../../src/domain/severity-change';

describe('planSeverityChange', () => {
  it.each([
    ['sev3', 'sev1', 'escalated', true],
    ['sev3', 'sev2', 'escalated', true],
    ['sev2', 'sev1', 'escalated', true],
    ['sev4', 'sev3', 'escalated', false],
    ['sev1', 'sev2', 'downgraded', false],
    ['sev2', 'sev4', 'downgraded', false],
    ['sev4', 'SEV 1', 'escalated', true],
    ['sev3', '2', 'escalated', true],
  ] as const)('%s → %s is %s, announced: %s', (from, to, direction, announce) => {
    const change = planSeverityChange(from, to, null);
    expect(change.direction).toBe(direction);
    expect(change.announce).toBe(announce);
  });

  it.each([
    ['sev2', 'sev2', DomainError, 'already'],
    ['sev2', 'sev5', ValidationError, 'Pick one of'],
    ['sev2', 'critical', ValidationError, 'Pick one of'],
  ] as const)('%s → %s is refused', (from, to, type, message) => {
    expect(() => planSeverityChange(from, to, null)).toThrow(type);
    expect(() => planSeverityChange(from, to, null)).toThrow(message);
  });

  it('keeps a cleaned reason and words the entry', () => {
    const change = planSeverityChange('sev3', 'sev1', '  harm   confirmed ');
    expect(change.reason).toBe('harm confirmed');
    expect(severityChangeText(change)).toBe('Escalated: SEV3 → SEV1 — harm confirmed');
  });
});

describe('parseSeverityArgs', () => {
  it.each([
    ['sev1', { to: 'sev1', reason: null }],
    ['SEV2 many users affected', { to: 'SEV2', reason: 'many users affected' }],
    ['sev 3 limited', { to: 'sev 3', reason: 'limited' }],
    ['4', { to: '4', reason: null }],
  ])('%j', (args, expected) => {
    expect(parseSeverityArgs(args)).toEqual(expected);
  });

  it.each(['', 'high', 'severe sev1'])('%j asks for a severity', (args) => {
    expect(() => parseSeverityArgs(args)).toThrow(ValidationError);
  });
});

describe('severityHistory', () => {
  const e = (kind: string, minute: number, data: Record<string, unknown>, retracted = false): SeverityHistorySource => ({
    kind,
    occurredAt: new Date(Date.UTC(2026, 10, 23, 10, minute)),
    actorId: 'U1',
    data,
    retracted,
  });

  it.each([
    ['no changes: the current severity throughout', [e('declared', 0, { severity: 'sev2' })], 'sev2', 'sev2', 0],
    [
      'changes in any order are sorted; the declared severity is the initial one',
      [e('severity_changed', 30, { from: 'sev3', to: 'sev1', reason: 'worse' }), e('declared', 0, { severity: 'sev3' }), e('status_changed', 10, {})],
      'sev1',
      'sev3',
      1,
    ],
    ['without a declared entry the first change says where it started', [e('severity_changed', 5, { from: 'sev4', to: 'sev2' })], 'sev2', 'sev4', 1],
    ['a malformed change is skipped', [e('declared', 0, { severity: 'sev3' }), e('severity_changed', 5, { from: 'bogus', to: 'sev1' })], 'sev1', 'sev3', 0],
  ] as const)('%s', (_name, entries, current, initial, changes) => {
    const h = severityHistory(entries, current);
    expect(h.initialSeverity).toBe(initial);
    expect(h.severityChanges).toHaveLength(changes);
  });

  it('gives exactly {at, from, to, by, reason}', () => {
    const h = severityHistory([e('declared', 0, { severity: 'sev3' }), e('severity_changed', 30, { from: 'sev3', to: 'sev1', reason: 'worse' }), e('severity_changed', 40, { from: 'sev1', to: 'sev2', reason: null })], 'sev2');
    expect(h.severityChanges).toEqual([
      { at: new Date(Date.UTC(2026, 10, 23, 10, 30)), from: 'sev3', to: 'sev1', by: 'U1', reason: 'worse' },
      { at: new Date(Date.UTC(2026, 10, 23, 10, 40)), from: 'sev1', to: 'sev2', by: 'U1' },
    ]);
  });
});

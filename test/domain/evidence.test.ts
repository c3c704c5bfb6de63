import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors';
import { decideEvidence, evidenceDigest, evidenceGate, evidenceRequired } from '../../src/domain/evidence';
import type { HarmCategory, HarmLevel } from '../../src/domain/harm';
import type { Severity } from '../../src/domain/severity';
import type { Status } from '../../src/domain/status';

const at = (s: string) => new Date(`${s}Z`);
function incident(p: { severity?: Severity; category?: HarmCategory; harmLevel?: HarmLevel; status?: Status; containedAt?: Date | null; mitigatedAt?: Date | null } = {}) {
  return {
    severity: p.severity ?? 'sev2',
    category: p.category ?? 'bias',
    harmLevel: p.harmLevel ?? 'event',
    status: p.status ?? 'investigating',
    awareAt: null,
    detectedAt: null,
    declaredAt: at('2026-11-02T09:00'),
    containedAt: p.containedAt ?? null,
    mitigatedAt: p.mitigatedAt ?? null,
  };
}

describe('evidenceRequired: where the AI Act applies or is unsure', () => {
  it.each([
    [{ decision: null, suggestion: 'likely' }, true],
    [{ decision: null, suggestion: 'possible' }, false],
    [{ decision: null, suggestion: 'unlikely' }, false],
    [{ decision: 'applies', suggestion: 'unlikely' }, true],
    [{ decision: 'unsure', suggestion: 'possible' }, true],
    [{ decision: 'does_not_apply', suggestion: 'likely' }, false],
  ] as const)('%o → %s', (standing, expected) => {
    expect(evidenceRequired(standing)).toBe(expected);
  });
});

describe('evidenceGate', () => {
  it.each([
    ['first containment of an AI Act incident', incident(), 'contained', 0, 'snapshot_required'],
    ['first move straight to mitigated', incident(), 'mitigated', 0, 'snapshot_required'],
    ['a snapshot or skip is recorded', incident(), 'contained', 1, 'not_needed'],
    ['resolving is not a move the gate asks about', incident(), 'resolved', 0, 'not_needed'],
    ['moving back to investigating', incident({ status: 'contained' }), 'investigating', 0, 'not_needed'],
    ['already contained before the rule existed', incident({ status: 'contained', containedAt: at('2026-11-02T10:00') }), 'mitigated', 0, 'not_needed'],
  ] as const)('%s', (_, inc, to, recorded, code) => {
    expect(evidenceGate(inc, to, recorded, true).code).toBe(code);
  });
  it('an incident outside the AI Act is never asked', () => {
    expect(evidenceGate(incident(), 'contained', 0, false)).toEqual({ code: 'not_needed', why: 'ai_act_not_raised' });
  });
});

describe('decideEvidence', () => {
  const full = { modelRef: 'm', promptsRef: 'p', samplesRef: 's', logsRef: 'l', preservedBy: 'U1', skip: false, skipReason: null };
  it('a complete snapshot', () => {
    expect(decideEvidence(full)).toEqual({ outcome: 'preserved', modelRef: 'm', promptsRef: 'p', samplesRef: 's', logsRef: 'l', preservedBy: 'U1' });
  });
  it.each([
    ['modelRef', 'model_ref'],
    ['promptsRef', 'prompts_ref'],
    ['samplesRef', 'samples_ref'],
    ['logsRef', 'logs_ref'],
    ['preservedBy', 'preserved_by'],
  ])('refuses a snapshot without %s, on its field', (key, field) => {
    let error: unknown;
    try {
      decideEvidence({ ...full, [key]: '  ' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
  });
  it('a skip needs a reason of at least a sentence, and ignores the snapshot fields', () => {
    expect(() => decideEvidence({ ...full, skip: true, skipReason: '' })).toThrow(/Say why/);
    expect(() => decideEvidence({ ...full, skip: true, skipReason: 'urgent' })).toThrow(/Say why/);
    expect(decideEvidence({ ...full, skip: true, skipReason: '  harm is ongoing, rolling back now  ' })).toEqual({ outcome: 'skipped', reason: 'harm is ongoing, rolling back now' });
  });
});

describe('evidenceDigest', () => {
  const content = {
    incidentId: 7,
    decision: { outcome: 'preserved', modelRef: 'm', promptsRef: 'p', samplesRef: 's', logsRef: 'l', preservedBy: 'U1' } as const,
    forStatus: 'contained' as const,
    recordedBy: 'U2',
    recordedAt: at('2026-11-02T10:00'),
  };
  it('is SHA-256 hex, stable, and changes with any field', () => {
    const d = evidenceDigest(content);
    expect(d).toMatch(/^[0-9a-f]{64}$/);
    expect(evidenceDigest({ ...content })).toBe(d);
    expect(evidenceDigest({ ...content, decision: { ...content.decision, logsRef: 'l2' } })).not.toBe(d);
    expect(evidenceDigest({ ...content, recordedAt: at('2026-11-02T10:01') })).not.toBe(d);
  });
});

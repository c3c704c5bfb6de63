import { describe, expect, it } from 'vitest';
import { detailChangeText, legalTimeChangeText, planDetailsEdit, type DetailsEditInput } from '../../src/domain/details-edit';
import { ValidationError } from '../../src/domain/errors';
import { EMPTY_FACTS } from '../../src/domain/regulatory-record';

const now = new Date('2026-11-23T12:00:00Z');
const declaredAt = new Date('2026-11-23T10:00:00.456Z');
const current = {
  ...EMPTY_FACTS,
  awareAt: null,
  title: 'Hiring model bias',
  summary: '',
  category: 'other',
  harmLevel: 'event',
  affectedSystem: '',
  affectedVersion: '',
  impactStartedAt: null,
  detectedAt: declaredAt,
  declaredAt,
} as const satisfies Parameters<typeof planDetailsEdit>[0];
/** The form as Slack hands it back untouched: the datetimepicker drops the milliseconds. */
const unchanged: DetailsEditInput = {
  title: current.title,
  summary: '',
  category: 'other',
  harmLevel: 'event',
  affectedSystem: '',
  affectedVersion: '',
  impactStartedAt: null,
  detectedAt: new Date('2026-11-23T10:00:00Z'),
};

describe('planDetailsEdit', () => {
  it('an untouched form changes nothing', () => {
    expect(planDetailsEdit(current, unchanged, now)).toEqual({ patch: {}, facts: {}, changes: [], legal: [], legalReason: null });
  });

  it.each([
    ['title', { title: '  Hiring model bias against one university ' }, [{ field: 'title', from: 'Hiring model bias', to: 'Hiring model bias against one university' }]],
    ['category and level', { category: 'bias', harmLevel: 'near_miss' }, [
      { field: 'category', from: 'other', to: 'bias' },
      { field: 'harmLevel', from: 'event', to: 'near_miss' },
    ]],
    ['system and version', { affectedSystem: 'resume-ranker', affectedVersion: 'v3.2' }, [
      { field: 'affectedSystem', from: '', to: 'resume-ranker' },
      { field: 'affectedVersion', from: '', to: 'v3.2' },
    ]],
    ['impact started', { impactStartedAt: new Date('2026-11-22T08:00:00Z') }, [{ field: 'impactStartedAt', from: null, to: '2026-11-22T08:00:00.000Z' }]],
    ['detected earlier', { detectedAt: new Date('2026-11-23T09:15:00Z') }, [{ field: 'detectedAt', from: '2026-11-23T10:00:00.000Z', to: '2026-11-23T09:15:00.000Z' }]],
  ] as const)('%s', (_name, edit, changes) => {
    expect(planDetailsEdit(current, { ...unchanged, ...edit }, now).changes).toEqual(changes);
  });

  it.each([
    ['empty title', { title: '  ' }, 'title'],
    ['long title', { title: 'x'.repeat(151) }, 'title'],
    ['long summary', { summary: 'x'.repeat(2901) }, 'summary'],
    ['unknown category', { category: 'weird' }, 'category'],
    ['unknown harm level', { harmLevel: 'catastrophe' }, 'harm_level'],
    ['long system', { affectedSystem: 'x'.repeat(151) }, 'affected_system'],
    ['long version', { affectedVersion: 'x'.repeat(76) }, 'affected_version'],
    ['impact in the future', { impactStartedAt: new Date('2026-11-24T00:00:00Z') }, 'impact_started'],
    ['no detection time', { detectedAt: null }, 'detected'],
    ['detected after declaration', { detectedAt: new Date('2026-11-23T11:00:00Z') }, 'detected'],
    ['impact after detection', { impactStartedAt: new Date('2026-11-23T10:00:30Z'), detectedAt: new Date('2026-11-23T09:00:00Z') }, 'impact_started'],
  ] as const)('%s is refused on field %s', (_name, edit, field) => {
    try {
      planDetailsEdit(current, { ...unchanged, ...edit }, now);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
  });

  it('words each correction for the timeline', () => {
    expect(detailChangeText({ field: 'category', from: 'other', to: 'bias' })).toBe('Harm category: Other → Bias / fairness violation');
    expect(detailChangeText({ field: 'affectedSystem', from: '', to: 'ranker' })).toBe('Affected system: (empty) → “ranker”');
    expect(detailChangeText({ field: 'impactStartedAt', from: null, to: '2026-11-22T08:00:00.000Z' })).toBe('Impact started: (empty) → 2026-11-22 08:00 UTC');
  });
});

describe('regulatory facts and legal times in the edit', () => {
  it('lists changed facts apart from the incident patch', () => {
    const plan = planDetailsEdit(current, { ...unchanged, personalData: 'yes', memberStates: ['FR', 'DE'], peopleAffected: '1,200', harmLimb: 'a', versions: { modelBefore: 'v7' } }, now);
    expect(plan.patch).toEqual({});
    expect(plan.facts).toEqual({ personalData: 'yes', memberStates: ['FR', 'DE'], peopleAffected: 1200, harmLimb: 'a', modelBefore: 'v7' });
    expect(plan.changes.map((c) => detailChangeText(c))).toEqual([
      'Personal data: Unknown yet → Yes — personal data involved',
      'People affected: (empty) → 1200',
      'Member States: (empty) → France, Germany',
      'Art. 3(49) harm: (empty) → (a) Death or serious harm to health',
      'Model version before: (empty) → “v7”',
    ]);
  });

  it('"none" clears the harm limb; unknown values are refused on their field', () => {
    expect(planDetailsEdit({ ...current, harmLimb: 'c' }, { ...unchanged, harmLimb: 'none' }, now).facts).toEqual({ harmLimb: null });
    for (const [edit, field] of [
      [{ personalData: 'maybe' }, 'personal_data'],
      [{ memberStates: ['XX'] }, 'member_states'],
      [{ peopleAffected: '-3' }, 'people_affected'],
      [{ peopleAffected: '2.5' }, 'people_affected'],
      [{ detectionSource: 'psychic' }, 'detection_source'],
      [{ harmLimb: 'e' }, 'harm_limb'],
      [{ versions: { datasetAfter: 'x'.repeat(151) } }, 'dataset_after'],
    ] as const) {
      expect(() => planDetailsEdit(current, { ...unchanged, ...edit } as never, now)).toThrow(expect.objectContaining({ field }));
    }
  });

  it('a legal time change needs a reason and is listed with from and to', () => {
    const aware = new Date('2026-11-23T09:40:00Z');
    expect(() => planDetailsEdit(current, { ...unchanged, awareAt: aware }, now)).toThrow(expect.objectContaining({ field: 'legal_reason' }));
    const plan = planDetailsEdit(current, { ...unchanged, awareAt: aware, legalReason: 'Support ticket read at 09:40' }, now);
    expect(plan.legal).toEqual([{ field: 'awareAt', from: null, to: aware }]);
    expect(plan.patch).toEqual({ awareAt: aware });
    expect(plan.legalReason).toBe('Support ticket read at 09:40');
    expect(legalTimeChangeText(plan.legal[0]!, plan.legalReason)).toBe('Awareness time: (follows detection) → 2026-11-23 09:40 UTC — Support ticket read at 09:40');
    // Back to following detection is a change too; the future is refused.
    expect(planDetailsEdit({ ...current, awareAt: aware }, { ...unchanged, awareAt: null, legalReason: 'x' }, now).legal).toEqual([{ field: 'awareAt', from: aware, to: null }]);
    expect(() => planDetailsEdit(current, { ...unchanged, causalLinkAt: new Date('2026-11-24T00:00:00Z'), legalReason: 'x' }, now)).toThrow(expect.objectContaining({ field: 'causal_link' }));
  });
});

describe('facts left out of an edit', () => {
  it('keep their values; the form’s empty values clear them', () => {
    const withFacts = { ...current, personalData: 'yes', memberStates: ['FR'], peopleAffected: 12, detectionSource: 'audit', harmLimb: 'a', modelBefore: 'v1' } as const;
    const bare = { title: current.title, detectedAt: unchanged.detectedAt };
    expect(planDetailsEdit(withFacts as never, bare, now).changes).toEqual([]);
    expect(planDetailsEdit(withFacts as never, { ...bare, memberStates: [], peopleAffected: '', versions: { modelBefore: '' }, harmLimb: 'none' }, now).facts).toEqual({
      peopleAffected: null,
      memberStates: [],
      harmLimb: null,
      modelBefore: '',
    });
  });
});

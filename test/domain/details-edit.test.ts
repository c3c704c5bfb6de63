import { describe, expect, it } from 'vitest';
import { detailChangeText, planDetailsEdit, type DetailsEditInput } from '../../src/domain/details-edit';
import { ValidationError } from '../../src/domain/errors';
import type { Incident } from '../../src/domain/incident';

const now = new Date('2026-11-23T12:00:00Z');
const declaredAt = new Date('2026-11-23T10:00:00.456Z');
const current: Pick<Incident, 'title' | 'summary' | 'category' | 'harmLevel' | 'affectedSystem' | 'affectedVersion' | 'impactStartedAt' | 'detectedAt' | 'declaredAt'> = {
  title: 'Hiring model bias',
  summary: '',
  category: 'other',
  harmLevel: 'event',
  affectedSystem: '',
  affectedVersion: '',
  impactStartedAt: null,
  detectedAt: declaredAt,
  declaredAt,
};
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
    expect(planDetailsEdit(current, unchanged, now)).toEqual({ patch: {}, changes: [] });
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

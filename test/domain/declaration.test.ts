import { describe, expect, it } from 'vitest';
import { validateDeclaration } from '../../src/domain/declaration';
import { ValidationError } from '../../src/domain/errors';

const now = new Date('2026-11-23T03:00:00Z');
const base = { title: 'Hiring model bias', severity: 'sev2', declaredBy: 'U1' };

describe('validateDeclaration', () => {
  it('fills defaults: category other, harm level event, declarer as commander', () => {
    expect(validateDeclaration(base, now)).toMatchObject({
      title: 'Hiring model bias',
      severity: 'sev2',
      category: 'other',
      harmLevel: 'event',
      commanderId: 'U1',
      isPrivate: false,
      impactStartedAt: null,
    });
  });

  it('collapses a multi-line title onto one line', () => {
    expect(validateDeclaration({ ...base, title: 'line one\n  line two ' }, now).title).toBe('line one line two');
  });

  it.each([
    [{ title: '  ' }, 'title'],
    [{ title: 'x'.repeat(151) }, 'title'],
    [{ severity: null }, 'severity'],
    [{ severity: 'sev9' }, 'severity'],
    [{ category: 'bad' }, 'category'],
    [{ harmLevel: 'catastrophe' }, 'harm_level'],
    [{ summary: 'x'.repeat(3000) }, 'summary'],
    [{ affectedSystem: 'x'.repeat(151) }, 'affected_system'],
    [{ affectedVersion: 'x'.repeat(76) }, 'affected_version'],
    [{ impactStartedAt: new Date('2026-11-24T00:00:00Z') }, 'impact_started'],
  ])('rejects %j on field %s', (patch, field) => {
    try {
      validateDeclaration({ ...base, ...patch } as never, now);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors';
import { validateResolution, type ResolutionInput } from '../../src/domain/resolution';

const empty: ResolutionInput = {
  summary: 'Rolled back to the last known-good model.',
  impact: '',
  rootCause: '',
  trigger: '',
  whys: ['', '', '', '', ''],
  factors: { people: '', process: '', technology: '', data: '' },
  wentWell: '',
  wentWrong: '',
  gotLucky: '',
  actions: [],
};
const row = (p: Partial<ResolutionInput['actions'][number]>) => ({ description: '', ownerId: null, dueDate: null, measure: '', ...p });

describe('validateResolution', () => {
  it('needs only the resolution summary', () => {
    const r = validateResolution(empty);
    expect(r.summary).toBe('Rolled back to the last known-good model.');
    expect(r.whys).toEqual([]);
    expect(r.actions).toEqual([]);
  });

  it('keeps the 5 Whys in order and closes gaps', () => {
    expect(validateResolution({ ...empty, whys: ['a', '', 'c', ' ', 'e'] }).whys).toEqual(['a', 'c', 'e']);
  });

  it.each([
    [{ summary: '   ' }, 'summary'],
    [{ impact: 'x'.repeat(3001) }, 'impact'],
    [{ whys: ['x'.repeat(3001)] }, 'why_1'],
    [{ actions: [row({}), row({ ownerId: 'U1' })] }, 'action_2_text'],
    [{ actions: [row({ description: 'x'.repeat(301) })] }, 'action_1_text'],
    [{ actions: [row({ description: 'Add a fairness gate', dueDate: '2026-02-30' })] }, 'action_1_due'],
    [{ actions: [row({ description: 'Add a fairness gate', dueDate: 'tomorrow' })] }, 'action_1_due'],
  ])('rejects %j on field %s', (patch, field) => {
    try {
      validateResolution({ ...empty, ...patch } as ResolutionInput);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
  });

  it('keeps filled action rows, drops empty ones, and reports stored rows that were emptied', () => {
    const r = validateResolution({
      ...empty,
      actions: [
        row({ id: 4, description: ' Add a subgroup fairness gate to release ', ownerId: 'U1', dueDate: '2026-12-15', measure: 'Gate blocks a biased candidate in CI' }),
        row({ id: 5 }),
        row({}),
        row({ description: 'Monitor rank parity weekly' }),
      ],
    });
    expect(r.actions).toEqual([
      { id: 4, description: 'Add a subgroup fairness gate to release', ownerId: 'U1', dueDate: '2026-12-15', measure: 'Gate blocks a biased candidate in CI' },
      { id: null, description: 'Monitor rank parity weekly', ownerId: null, dueDate: null, measure: '' },
    ]);
    expect(r.removedActionIds).toEqual([5]);
  });
});

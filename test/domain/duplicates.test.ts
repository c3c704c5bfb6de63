import { describe, expect, it } from 'vitest';
import { findDuplicates, normaliseTitle, titleMatch, type OpenIncidentSummary } from '../../src/domain/duplicates';

describe('normaliseTitle', () => {
  it('keeps the words that matter, in order', () => {
    expect(normaliseTitle('The Chatbot leaks PII!')).toEqual(['chatbot', 'leaks', 'pii']);
    expect(normaliseTitle('Résumé screener — downgrades   Northfield')).toEqual(['resume', 'screener', 'downgrades', 'northfield']);
    expect(normaliseTitle('  ')).toEqual([]);
  });
});

describe('titleMatch', () => {
  it.each([
    ['Chatbot leaks PII', 'chatbot leaks pii', 'same_words'],
    ['PII leaks chatbot', 'Chatbot leaks PII', 'same_words'],
    ['The résumé screener downgrades Northfield', 'Resume screener downgrades Northfield', 'same_words'],
    ['Résumé screener', 'Résumé screener downgrades Northfield graduates', 'contained'],
    ['Hiring model bias against Northfield graduates since March', 'hiring model bias', 'contains'],
  ])('%j vs %j → %s', (a, b, reason) => expect(titleMatch(a, b)).toBe(reason));

  it.each([
    ['Outage', 'Checkout outage in EU'],
    ['Chatbot leaks PII', 'Chatbot leaks API keys'],
    ['Model drift', 'Drift in the fraud model'],
    ['', 'Anything'],
    ['!!!', '???'],
  ])('%j vs %j → no match', (a, b) => expect(titleMatch(a, b)).toBeNull());
});

describe('findDuplicates', () => {
  const open = (p: Partial<OpenIncidentSummary> & { id: number; title: string }): OpenIncidentSummary => ({
    severity: 'sev2',
    status: 'investigating',
    isPrivate: false,
    channelId: `C${p.id}`,
    visible: true,
    ...p,
  });

  it('lists open matches most severe first, and leaves resolved incidents out', () => {
    const matches = findDuplicates('Chatbot leaks PII', [
      open({ id: 1, title: 'chatbot leaks pii', severity: 'sev3' }),
      open({ id: 2, title: 'Chatbot leaks PII to other users', severity: 'sev1' }),
      open({ id: 3, title: 'Chatbot leaks PII', status: 'resolved' }),
      open({ id: 4, title: 'Unrelated' }),
    ]);
    expect(matches.map((m) => [m.id, m.reason])).toEqual([
      [2, 'contained'],
      [1, 'same_words'],
    ]);
  });

  it('a private incident the declarer is not part of shows only its number, severity and that it is private', () => {
    const [hidden] = findDuplicates('Chatbot leaks PII', [open({ id: 8, title: 'Chatbot leaks PII', severity: 'sev1', isPrivate: true, visible: false })]);
    expect(hidden).toEqual({ id: 8, severity: 'sev1', reason: 'same_words', private: true, visible: false });
    expect(JSON.stringify(hidden)).not.toMatch(/leaks|C8/i);
    const [shown] = findDuplicates('Chatbot leaks PII', [open({ id: 8, title: 'Chatbot leaks PII', isPrivate: true, visible: true })]);
    expect(shown).toMatchObject({ id: 8, private: true, visible: true, title: 'Chatbot leaks PII', channelId: 'C8' });
  });
});

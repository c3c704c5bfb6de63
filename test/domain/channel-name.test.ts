import { describe, expect, it } from 'vitest';
import { incidentChannelName, incidentKey, isValidChannelName, parseIncidentKey, slugify } from '../../src/domain/channel-name';

describe('slugify', () => {
  it.each([
    ['Résumé screener downgrades one university', 'resume-screener-downgrades-one-university'],
    ['  Chatbot: JAILBREAK via "DAN" prompt!!  ', 'chatbot-jailbreak-via-dan-prompt'],
    ['PII in model output (EU users)', 'pii-in-model-output-eu-users'],
    ['Ünïcödé — ñoño', 'unicode-nono'],
    ['日本語のみ', ''],
    ['a_b c', 'a-b-c'],
    ['---', ''],
  ])('%j → %j', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });
});

describe('incidentChannelName', () => {
  it.each([
    [7, 'Hiring model bias', 0, 'inc-7-hiring-model-bias'],
    [7, 'Hiring model bias', 1, 'inc-7-hiring-model-bias-2'],
    [12, '日本語のみ', 0, 'inc-12'],
    [12, '日本語のみ', 2, 'inc-12-3'],
    [1, 'UPPER case', 0, 'inc-1-upper-case'],
  ])('(%i, %j, attempt %i) → %j', (n, title, attempt, name) => {
    expect(incidentChannelName(n, title, attempt)).toBe(name);
  });

  it.each([
    ['a very long title '.repeat(20)],
    ['x'.repeat(300)],
    ['word '.repeat(100)],
  ])('stays a valid name of at most 80 characters for long titles, with or without suffix', (title) => {
    for (const attempt of [0, 1, 9, 99]) {
      const name = incidentChannelName(123456, title, attempt);
      expect(name.length).toBeLessThanOrEqual(80);
      expect(isValidChannelName(name)).toBe(true);
      expect(name.startsWith('inc-123456-')).toBe(true);
      expect(name).not.toMatch(/--|-$/);
    }
  });

  it('cuts long titles at a word boundary', () => {
    const name = incidentChannelName(3, 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi');
    expect(name).toBe('inc-3-alpha-beta-gamma-delta-epsilon-zeta-eta-theta-iota-kappa-lambda-mu-nu-xi');
  });

  it('gives distinct names for distinct attempts', () => {
    const names = new Set(Array.from({ length: 20 }, (_, i) => incidentChannelName(5, 'same title', i)));
    expect(names.size).toBe(20);
  });
});

describe('incident keys', () => {
  it.each([
    ['INC-7', 7],
    ['inc-42', 42],
    ['inc7', 7],
    ['#9', 9],
    ['13', 13],
    [' INC-3 ', 3],
    ['INC-', null],
    ['C0123ABC', null],
    ['7a', null],
  ])('parseIncidentKey(%j) → %j', (raw, n) => {
    expect(parseIncidentKey(raw)).toBe(n);
  });

  it('formats numbers as INC-n', () => {
    expect(incidentKey(1)).toBe('INC-1');
  });
});

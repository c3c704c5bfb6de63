import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors';
import { formatEntryTime, pageOf, parsePageArg, spansDays } from '../../src/domain/timeline-view';

const items = Array.from({ length: 95 }, (_, i) => i);

describe('pageOf', () => {
  it.each([
    [null, 3, [80, 94]],
    [1, 1, [0, 39]],
    [2, 2, [40, 79]],
    [3, 3, [80, 94]],
  ] as const)('page %s → page %d holding %j', (requested, page, [first, last]) => {
    const p = pageOf(items, requested, 40);
    expect(p.page).toBe(page);
    expect(p.pages).toBe(3);
    expect(p.items[0]).toBe(first);
    expect(p.items.at(-1)).toBe(last);
    expect(p.offset).toBe(first);
  });

  it('an empty timeline is one empty page', () => {
    expect(pageOf([], null)).toEqual({ items: [], page: 1, pages: 1, offset: 0 });
  });

  it.each([0, 4, 1.5])('page %s is refused', (page) => {
    expect(() => pageOf(items, page, 40)).toThrow(ValidationError);
  });
});

describe('parsePageArg', () => {
  it.each([
    ['', null],
    [' 2 ', 2],
    ['10', 10],
  ])('%j → %s', (text, page) => {
    expect(parsePageArg(text)).toBe(page);
  });
  it.each(['two', '-1', '1.5'])('%j is refused', (text) => {
    expect(() => parsePageArg(text)).toThrow(ValidationError);
  });
});

describe('dates on multi-day incidents', () => {
  it.each([
    [['2026-11-23T00:00:00Z', '2026-11-23T23:59:59Z'], false],
    [['2026-11-23T23:59:00Z', '2026-11-24T00:01:00Z'], true],
    [['2026-11-23T12:00:00Z'], false],
    [[], false],
  ])('%j spans days: %s', (dates, expected) => {
    expect(spansDays(dates.map((d) => new Date(d)))).toBe(expected);
  });

  it.each([
    ['2026-11-23T09:05:59Z', false, '09:05'],
    ['2026-11-23T09:05:59Z', true, '2026-11-23 09:05'],
  ])('%s with date %s → %s (UTC)', (iso, withDate, shown) => {
    expect(formatEntryTime(new Date(iso), withDate)).toBe(shown);
  });
});

import { describe, expect, it } from 'vitest';
import { TimeSpan, formatIn, utcDate, utcDateTime, utcStamp, utcTime } from '../../src/domain/postmortem/time-format';

describe('UTC formatting', () => {
  const d = new Date('2024-03-05T07:04:59Z');
  it.each([
    [utcDate, '2024-03-05'],
    [utcTime, '07:04'],
    [utcDateTime, '2024-03-05 07:04'],
    [utcStamp, '2024-03-05 07:04 UTC'],
  ] as const)('%o', (fn, expected) => {
    expect(fn(d)).toBe(expected);
  });
});

describe('TimeSpan: HH:MM only when every time is on one UTC day', () => {
  it.each<[string, string[], 'time' | 'datetime', string | null]>([
    ['one entry', ['2024-03-27T14:10:00Z'], 'time', '2024-03-27'],
    ['same UTC day', ['2024-03-27T00:00:00Z', '2024-03-27T23:59:00Z'], 'time', '2024-03-27'],
    ['crosses midnight UTC', ['2024-03-27T23:50:00Z', '2024-03-28T00:10:00Z'], 'datetime', null],
    ['local evening, next UTC day', ['2024-03-27T20:00:00-05:00', '2024-03-27T12:00:00Z'], 'datetime', null],
    ['month-long impact', ['2024-02-26T09:00:00Z', '2024-03-27T14:10:00Z'], 'datetime', null],
  ])('%s', (_name, isos, style, day) => {
    const span = new TimeSpan();
    for (const iso of isos) span.add(new Date(iso));
    span.add(null);
    span.add(new Date('invalid'));
    expect(span.style()).toBe(style);
    expect(span.singleDay()).toBe(day);
  });

  it('formatIn follows the style', () => {
    const d = new Date('2024-03-27T14:10:00Z');
    expect(formatIn('time', d)).toBe('14:10');
    expect(formatIn('datetime', d)).toBe('2024-03-27 14:10');
  });
});

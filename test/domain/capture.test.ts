import { describe, expect, it } from 'vitest';
import { capturedFiles, hasActiveMark, isHumanMessage, isTimelineReaction, marksToEnd, slackTsToDate, tsAfter, validateNote, type MarkLike } from '../../src/domain/capture';
import { ValidationError } from '../../src/domain/errors';

describe('Slack timestamps', () => {
  it.each([
    ['1700000000.000100', 1_700_000_000_000],
    ['1700000000.123456', 1_700_000_000_123],
    ['1700000000.5', 1_700_000_000_500],
    ['1700000000', 1_700_000_000_000],
  ])('%s → %d ms', (ts, ms) => {
    expect(slackTsToDate(ts).getTime()).toBe(ms);
  });

  it.each([
    ['1700000001.000000', '1700000000.999999', true],
    ['1700000000.000200', '1700000000.000100', true],
    ['1700000000.5', '1700000000.400000', true],
    ['1700000000.000100', '1700000000.000100', false],
    ['1699999999.999999', '1700000000.000000', false],
  ])('%s after %s: %s', (a, b, expected) => {
    expect(tsAfter(a, b)).toBe(expected);
  });
});

describe('isHumanMessage', () => {
  it.each([
    [{ user: 'U1' }, true],
    [{ user: 'U1', subtype: 'file_share' }, true],
    [{ user: 'U1', subtype: 'thread_broadcast' }, true],
    [{ user: 'U1', subtype: 'channel_join' }, false],
    [{ user: 'U1', subtype: 'bot_message', bot_id: 'B2' }, false],
    [{ user: 'U2', bot_id: 'B2' }, false],
    [{ user: 'UBOT' }, false],
    [{}, false],
  ])('%j → %s', (m, expected) => {
    expect(isHumanMessage(m, 'UBOT')).toBe(expected);
  });
});

describe('isTimelineReaction', () => {
  it.each([
    ['pushpin', 'pushpin', true],
    ['pushpin::skin-tone-2', 'pushpin', true],
    ['pushpin', ':pushpin:', true],
    ['round_pushpin', 'pushpin', false],
    ['bookmark', 'bookmark', true],
    ['eyes', 'pushpin', false],
  ])('%s with emoji %s → %s', (reaction, emoji, expected) => {
    expect(isTimelineReaction(reaction, emoji)).toBe(expected);
  });
});

describe('capturedFiles', () => {
  it('keeps a name and the most shareable link', () => {
    expect(
      capturedFiles([
        { id: 'F1', name: 'chart.png', permalink: 'https://acme.slack.com/files/U1/F1/chart.png', url_private: 'https://files.slack.com/F1' },
        { id: 'F2', title: 'Eval run', url_private: 'https://files.slack.com/F2' },
        { id: 'F3' },
      ]),
    ).toEqual([
      { name: 'chart.png', url: 'https://acme.slack.com/files/U1/F1/chart.png' },
      { name: 'Eval run', url: 'https://files.slack.com/F2' },
      { name: 'F3', url: null },
    ]);
    expect(capturedFiles(undefined)).toEqual([]);
  });
});

describe('validateNote', () => {
  it('trims and bounds a note', () => {
    expect(validateNote('  rolled back ')).toBe('rolled back');
    expect(() => validateNote('   ')).toThrow(ValidationError);
    expect(() => validateNote('x'.repeat(2901))).toThrow('under 2900');
  });
});

describe('marks', () => {
  const t = new Date('2026-11-23T10:00:00Z');
  const marks: (MarkLike & { id: number })[] = [
    { id: 1, source: 'pin', userId: 'U1', unmarkedAt: null },
    { id: 2, source: 'reaction', userId: 'U2', unmarkedAt: null },
    { id: 3, source: 'reaction', userId: 'U3', unmarkedAt: t },
    { id: 4, source: 'reaction', userId: 'U3', unmarkedAt: null },
  ];
  it.each([
    ['a pin is the channel’s: anyone un-pins it', 'pin', 'U9', [1]],
    ['a reaction is one person’s', 'reaction', 'U2', [2]],
    ['only active marks end', 'reaction', 'U3', [4]],
    ['nobody’s mark: nothing ends', 'reaction', 'U9', []],
    ['a shortcut cannot be taken back by a reaction', 'shortcut', 'U1', []],
  ] as const)('%s', (_name, source, user, ids) => {
    expect(marksToEnd(marks, source, user).map((m) => m.id)).toEqual(ids);
  });

  it.each([
    [[], false],
    [[{ source: 'pin', userId: 'U1', unmarkedAt: t }], false],
    [[{ source: 'pin', userId: 'U1', unmarkedAt: t }, { source: 'note', userId: 'U1', unmarkedAt: null }], true],
  ] as const)('hasActiveMark(%j) → %s', (list, expected) => {
    expect(hasActiveMark(list)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/incident';
import { validateMessageBlocks } from '../../src/slack-sim';
import { buildTimelineMessage, type TimelineViewEntry } from '../../src/slack/blocks/timeline';

const declaredAt = new Date('2026-11-23T09:00:00Z');
const incident = { id: 7, declaredAt } as Incident;
const entry = (over: Partial<TimelineViewEntry>): TimelineViewEntry => ({
  kind: 'message',
  source: 'pin',
  occurredAt: declaredAt,
  actorId: 'U1',
  text: 'hello',
  permalink: null,
  files: null,
  messageTs: '1.1',
  threadTs: null,
  retractedAt: null,
  ...over,
});
const allText = (m: ReturnType<typeof buildTimelineMessage>) => JSON.stringify(m.blocks);

describe('buildTimelineMessage', () => {
  it('keeps every page within Block Kit limits however long the entries', () => {
    const entries = Array.from({ length: 130 }, (_, i) => entry({ text: 'y'.repeat(i % 2 ? 40_000 : 10), occurredAt: new Date(declaredAt.getTime() + i * 60_000) }));
    for (const page of [1, 2, 3, 4]) {
      const m = buildTimelineMessage({ incident, entries, page, timelineEmoji: 'pushpin' });
      expect(m.blocks.length).toBeLessThanOrEqual(50);
      const check = validateMessageBlocks(m.blocks);
      expect(check.errors).toEqual([]);
      expect(check.tooLong).toBeFalsy();
    }
  });

  it('encodes every entry the same way: no broadcast can form, people stay mentions', () => {
    const m = buildTimelineMessage({
      incident,
      entries: [entry({ text: 'all hands <!channel> now, ask <@U2>' }), entry({ kind: 'details_edited', source: 'bot', text: 'Title: “a” → “<b>”' })],
      page: null,
      timelineEmoji: 'pushpin',
    });
    expect(allText(m)).not.toContain('<!channel>');
    expect(allText(m)).toContain('&lt;!channel&gt;');
    expect(allText(m)).toContain('<@U2>');
    expect(allText(m)).toContain('&lt;b&gt;');
  });

  it('hides retracted entries and says how many', () => {
    const m = buildTimelineMessage({ incident, entries: [entry({}), entry({ text: 'gone', retractedAt: declaredAt })], page: null, timelineEmoji: 'pushpin' });
    expect(allText(m)).not.toContain('gone');
    expect(allText(m)).toContain('1 retracted entry is hidden');
    expect(allText(m)).toContain(':pushpin:');
  });
});

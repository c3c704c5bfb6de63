import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/slack/pacer';

/** Real timers on a shortened "minute": each case takes a few hundred milliseconds. */
describe('catch-up pacer', () => {
  it('lets a method make its tier of calls in any minute, and the next one waits for the oldest to age out', async () => {
    const pace = createPacer({ perMinute: { 'conversations.history': 3 }, minuteMs: 250 });
    const t0 = Date.now();
    for (let i = 0; i < 3; i++) await pace('conversations.history');
    expect(Date.now() - t0).toBeLessThan(100);
    await pace('conversations.history');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    // Methods without a tier are not held back.
    const t1 = Date.now();
    await pace('chat.postMessage');
    expect(Date.now() - t1).toBeLessThan(50);
  });

  it("after a 429, nobody calls that method again until its Retry-After has passed", async () => {
    const pace = createPacer({ perMinute: { 'pins.list': 100 }, minuteMs: 1000 });
    await pace('pins.list');
    pace.limited('pins.list', 300);
    const t0 = Date.now();
    await Promise.all([pace('pins.list'), pace('pins.list')]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    // Another method's tier is untouched.
    const t1 = Date.now();
    await pace('conversations.history');
    expect(Date.now() - t1).toBeLessThan(50);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAckPacer, SLACK_ACK_WINDOW_MS } from '../../src/slack/ack-pacer';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ack pacer', () => {
  const pacer = () => createAckPacer({ quietMs: 4, maxWaitMs: 150, now: () => Date.now() });

  it('lets follow-up work run at once when nothing is arriving', async () => {
    let done = false;
    void pacer().quiet().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
  });

  it('waits for a quiet spell after the last arrival', async () => {
    const p = pacer();
    p.arrived()(); // acknowledged at once
    let done = false;
    void p.quiet().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(2);
    p.arrived()(); // acknowledged at once
    await vi.advanceTimersByTimeAsync(3);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    expect(done).toBe(true);
  });

  it('waits while a request that arrived is not yet acknowledged (its replay record being written)', async () => {
    const p = pacer();
    const acked = p.arrived();
    let done = false;
    void p.quiet().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(40);
    expect(done).toBe(false);
    acked();
    acked(); // told twice (its ack, then its end): counted once
    await vi.advanceTimersByTimeAsync(2);
    expect(done).toBe(true);
    // A second request acknowledged at once does not hold anyone.
    p.arrived()();
    let again = false;
    void p.quiet().then(() => (again = true));
    await vi.advanceTimersByTimeAsync(5);
    expect(again).toBe(true);
  });

  it('many follow-ups waiting cost no polling: they share one timer, then go one per turn', async () => {
    const p = pacer();
    const acked = p.arrived();
    const timers = vi.spyOn(globalThis, 'setTimeout');
    let done = 0;
    for (let i = 0; i < 50; i++) void p.quiet().then(() => (done += 1));
    await vi.advanceTimersByTimeAsync(30);
    expect(done).toBe(0);
    acked();
    await vi.advanceTimersByTimeAsync(60);
    expect(done).toBe(50);
    // One bound each, and one for the quiet spell after the ack: not one per waiter per millisecond.
    expect(timers.mock.calls.length).toBeLessThanOrEqual(52);
    timers.mockRestore();
  });

  it('a request arriving while follow-ups go one by one is acknowledged before the rest go', async () => {
    const p = pacer();
    p.arrived()();
    await vi.advanceTimersByTimeAsync(10);
    const order: string[] = [];
    let late: (() => void) | null = null;
    const followUps = [1, 2, 3].map((i) =>
      p.quiet().then(() => {
        order.push(`follow-up ${i}`);
        // A request reaches the bot while the first follow-up runs.
        if (i === 1) late = p.arrived();
      }),
    );
    await vi.advanceTimersByTimeAsync(20);
    expect(order).toEqual(['follow-up 1']);
    order.push('late request acked');
    late!();
    await vi.advanceTimersByTimeAsync(20);
    await Promise.all(followUps);
    expect(order).toEqual(['follow-up 1', 'late request acked', 'follow-up 2', 'follow-up 3']);
  });

  it("a request whose listener hangs holds the others' follow-ups only for Slack's ack window", async () => {
    const p = pacer();
    p.arrived(); // never acknowledged
    let first = false;
    void p.quiet().then(() => (first = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(first).toBe(false);
    await vi.advanceTimersByTimeAsync(60);
    expect(first).toBe(true); // the bound
    await vi.advanceTimersByTimeAsync(SLACK_ACK_WINDOW_MS);
    // Slack gave up on that ack long ago: follow-ups go as soon as the bot is quiet again.
    let later = false;
    void p.quiet().then(() => (later = true));
    await vi.advanceTimersByTimeAsync(1);
    expect(later).toBe(true);
  });

  it('a hung request that passes the window while others wait does not delay the release the last fresh ack brings', async () => {
    const p = pacer();
    p.arrived(); // never acknowledged
    await vi.advanceTimersByTimeAsync(SLACK_ACK_WINDOW_MS - 50);
    const acked = p.arrived();
    let done = false;
    void p.quiet().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(80); // the hung one is past the window now
    expect(done).toBe(false);
    acked();
    await vi.advanceTimersByTimeAsync(5);
    expect(done).toBe(true); // not at the 150 ms bound
  });

  it('never waits longer than the bound, however busy arrivals are', async () => {
    const p = pacer();
    let done = false;
    p.arrived();
    void p.quiet().then(() => (done = true));
    for (let t = 0; t < 149; t++) {
      p.arrived();
      await vi.advanceTimersByTimeAsync(1);
    }
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    expect(done).toBe(true);
  });
});

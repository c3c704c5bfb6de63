import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAckPacer } from '../../src/slack/ack-pacer';

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

/**
 * Keeps acks ahead of follow-up work. When many requests arrive together (50 people typing
 * `/incident declare` in the first minute of an outage), the synchronous part of each one's
 * follow-up — building and sending `views.open` — would run before later requests are even parsed,
 * and their acks would slip toward Slack's 3-second limit. Follow-up work therefore waits for a
 * short quiet spell in arrivals, bounded so the trigger window is never at risk.
 */
export function createAckPacer(options: { quietMs?: number; maxWaitMs?: number; now?: () => number } = {}) {
  const quietMs = options.quietMs ?? 4;
  const maxWaitMs = options.maxWaitMs ?? 150;
  const now = options.now ?? (() => performance.now());
  let lastArrival = Number.NEGATIVE_INFINITY;
  return {
    arrived(): void {
      lastArrival = now();
    },
    async quiet(): Promise<void> {
      const start = now();
      for (;;) {
        const t = now();
        const sinceArrival = t - lastArrival;
        if (sinceArrival >= quietMs || t - start >= maxWaitMs) return;
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(quietMs - sinceArrival, maxWaitMs - (t - start)))));
      }
    },
  };
}
export type AckPacer = ReturnType<typeof createAckPacer>;

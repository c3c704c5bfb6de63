/**
 * Keeps acks ahead of follow-up work. When many requests arrive together (50 people typing
 * `/incident declare` in the first minute of an outage), the synchronous part of each one's
 * follow-up — building and sending `views.open` — would run before later requests are even parsed,
 * and their acks would slip toward Slack's 3-second limit. Follow-up work therefore waits until no
 * request that has arrived is still waiting for its ack (its replay record being written, say) and
 * nothing new arrived for a short spell, bounded so the trigger window is never at risk.
 */
export function createAckPacer(options: { quietMs?: number; maxWaitMs?: number; now?: () => number } = {}) {
  const quietMs = options.quietMs ?? 4;
  const maxWaitMs = options.maxWaitMs ?? 150;
  const now = options.now ?? (() => performance.now());
  let lastArrival = Number.NEGATIVE_INFINITY;
  let unacked = 0;
  return {
    /** A request arrived; call what this returns once it has been acknowledged (or has failed). */
    arrived(): () => void {
      lastArrival = now();
      unacked += 1;
      let acked = false;
      return () => {
        if (acked) return;
        acked = true;
        unacked -= 1;
      };
    },
    async quiet(): Promise<void> {
      const start = now();
      for (;;) {
        const t = now();
        const sinceArrival = t - lastArrival;
        if ((unacked === 0 && sinceArrival >= quietMs) || t - start >= maxWaitMs) return;
        const wait = unacked > 0 ? 1 : quietMs - sinceArrival;
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(wait, maxWaitMs - (t - start)))));
      }
    },
  };
}
export type AckPacer = ReturnType<typeof createAckPacer>;

/** Slack waits this long for an ack before it shows the person an error (and, for events, retries). */
export const SLACK_ACK_WINDOW_MS = 3_000;

/**
 * Keeps acks ahead of follow-up work. When many requests arrive together (50 people typing
 * `/incident declare` in the first minute of an outage), the synchronous part of each one's
 * follow-up — building and sending `views.open` — would run before later requests are even parsed,
 * and their acks would slip toward Slack's 3-second limit. Follow-up work therefore waits until no
 * request that has arrived is still waiting for its ack (its replay record being written, say) and
 * nothing new arrived for a short spell, bounded so the trigger window is never at risk. Then the
 * follow-ups go one per turn of the event loop: a request that reached the socket meanwhile is
 * parsed, counted and acknowledged before the next one starts, instead of after all of them.
 *
 * Waiting costs nothing while it lasts: the waiters share one timer, set only while the bot is
 * between its last ack and the end of the quiet spell (fifty follow-ups each polling every
 * millisecond would take the very CPU the acks need).
 */
export function createAckPacer(options: { quietMs?: number; maxWaitMs?: number; now?: () => number } = {}) {
  const quietMs = options.quietMs ?? 4;
  const maxWaitMs = options.maxWaitMs ?? 150;
  const now = options.now ?? (() => performance.now());
  let lastArrival = Number.NEGATIVE_INFINITY;
  /** Requests not yet acknowledged, by arrival time. */
  const unacked = new Set<{ at: number }>();
  /**
   * Whether a request within Slack's ack window is still unacknowledged. One whose listener hangs
   * past the window (Slack has given up on its ack anyway) stops holding the others' follow-ups back.
   */
  const holding = () => {
    const t = now();
    for (const r of unacked) if (t - r.at >= SLACK_ACK_WINDOW_MS) unacked.delete(r);
    return unacked.size > 0;
  };
  const waiting = new Set<() => void>();
  let timer: NodeJS.Timeout | null = null;
  let turn: NodeJS.Immediate | null = null;

  /** Looks again after the I/O of this turn of the event loop (arrivals) has been handled. */
  const nextTurn = () => {
    turn ??= setImmediate(() => {
      turn = null;
      check();
    });
  };

  /** Lets the first waiter go if the bot is quiet, and looks again on the next turn; else when it may be. */
  const check = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (waiting.size === 0 || holding()) return; // each ack looks again
    const left = quietMs - (now() - lastArrival);
    if (left > 0) {
      timer = setTimeout(check, Math.max(1, Math.ceil(left)));
      return;
    }
    const [first] = waiting;
    first!();
    if (waiting.size > 0) nextTurn();
  };

  return {
    /** A request arrived; call what this returns once it has been acknowledged (or has failed). */
    arrived(): () => void {
      const request = { at: now() };
      lastArrival = request.at;
      unacked.add(request);
      return () => {
        if (unacked.delete(request)) nextTurn();
      };
    },
    /** Resolves when this follow-up may run: its turn after the bot went quiet, or after maxWaitMs. */
    quiet(): Promise<void> {
      return new Promise<void>((resolve) => {
        const go = () => {
          clearTimeout(bound);
          waiting.delete(go);
          resolve();
        };
        const bound = setTimeout(go, maxWaitMs);
        waiting.add(go);
        nextTurn();
      });
    },
  };
}
export type AckPacer = ReturnType<typeof createAckPacer>;

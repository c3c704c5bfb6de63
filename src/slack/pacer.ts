/**
 * Keeps bulk reads (catch-up) inside Slack's per-method rate-limit tiers, so a catch-up over many
 * channels slows itself down instead of drawing 429s that would also hit live work. Each method
 * may make at most its tier's calls in any minute (a sliding window: the call after the last one
 * allowed waits until the oldest of the minute is a minute old). A 429 that gets through anyway
 * (another process of the bot, another app's share) stops every caller of that method for the
 * `Retry-After` Slack gave, not only the job that drew it. The minute is counted with a margin
 * (5%): Slack counts a call when it arrives, and calls sent a minute apart can arrive closer.
 */
export const SLACK_TIERS_PER_MINUTE: Record<string, number> = {
  'conversations.history': 50, // Tier 3
  'conversations.replies': 50, // Tier 3
  'pins.list': 20, // Tier 2
};

export interface Pace {
  /** Resolves when a call to `method` may be made now (and counts it). */
  (method: string): Promise<void>;
  /** Slack answered a call to `method` with 429: nobody calls it again for `retryAfterMs`. */
  limited(method: string, retryAfterMs: number): void;
}

export interface PacerOptions {
  perMinute?: Record<string, number>;
  /** Length of a "minute" (the benchmark replays Slack's limits on a shorter clock). */
  minuteMs?: number;
  now?: () => number;
}

export function createPacer(options: PacerOptions = {}): Pace {
  const limits = { ...SLACK_TIERS_PER_MINUTE, ...options.perMinute };
  const minuteMs = Math.ceil((options.minuteMs ?? 60_000) * 1.05);
  const now = options.now ?? (() => Date.now());
  const methods = new Map<string, { calls: number[]; blockedUntil: number; queue: Promise<void> }>();
  const stateOf = (method: string) => {
    let state = methods.get(method);
    if (!state) methods.set(method, (state = { calls: [], blockedUntil: 0, queue: Promise.resolve() }));
    return state;
  };

  const pace = ((method: string): Promise<void> => {
    const perMinute = limits[method];
    if (!perMinute) return Promise.resolve();
    const m = stateOf(method);
    // Callers take turns, so each sees the calls the one before it made.
    const turn = m.queue.then(async () => {
      for (;;) {
        const t = now();
        while (m.calls.length && m.calls[0]! <= t - minuteMs) m.calls.shift();
        const wait = Math.max(m.blockedUntil - t, m.calls.length >= perMinute ? m.calls[0]! + minuteMs - t : 0);
        if (wait <= 0) {
          m.calls.push(t);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    });
    m.queue = turn;
    return turn;
  }) as Pace;
  pace.limited = (method, retryAfterMs) => {
    const m = stateOf(method);
    m.blockedUntil = Math.max(m.blockedUntil, now() + retryAfterMs);
  };
  return pace;
}

/**
 * Keeps bulk reads (catch-up) inside Slack's per-method rate-limit tiers, so a catch-up over many
 * channels slows itself down instead of drawing 429s that would also hit live work. Each method
 * gets a bucket that holds a minute's allowance and refills continuously.
 */
export const SLACK_TIERS_PER_MINUTE: Record<string, number> = {
  'conversations.history': 50, // Tier 3
  'conversations.replies': 50, // Tier 3
  'pins.list': 20, // Tier 2
};

export function createPacer(options: { perMinute?: Record<string, number>; now?: () => number } = {}) {
  const limits = { ...SLACK_TIERS_PER_MINUTE, ...options.perMinute };
  const now = options.now ?? (() => Date.now());
  const buckets = new Map<string, { tokens: number; at: number; queue: Promise<void> }>();

  return function pace(method: string): Promise<void> {
    const perMinute = limits[method];
    if (!perMinute) return Promise.resolve();
    let bucket = buckets.get(method);
    if (!bucket) {
      bucket = { tokens: perMinute, at: now(), queue: Promise.resolve() };
      buckets.set(method, bucket);
    }
    const b = bucket;
    // Callers take turns, so each sees the tokens the one before it left.
    const turn = b.queue.then(async () => {
      for (;;) {
        const t = now();
        b.tokens = Math.min(perMinute, b.tokens + ((t - b.at) * perMinute) / 60_000);
        b.at = t;
        if (b.tokens >= 1) {
          b.tokens -= 1;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - b.tokens) * 60_000) / perMinute)));
      }
    });
    b.queue = turn;
    return turn;
  };
}
export type Pace = ReturnType<typeof createPacer>;

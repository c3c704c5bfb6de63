import type { SlackSim } from '../../src/slack-sim';
import type { SimMessage } from '../../src/slack-sim/types';
import type { TestDatabase } from './db';
import { sleep } from './harness';

/** Small seeded generator (mulberry32): a failing run is replayed with the seed it printed. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (lo: number, hi: number) => Math.floor(lo + next() * (hi - lo + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

/** Work the bot still owes: stored events not applied, jobs running or due within `horizonMs`. */
export async function owedWork(db: Pick<TestDatabase, 'query'>, horizonMs: number): Promise<{ events: number; jobs: { kind: string; state: string; attempts: number; last_error: string | null }[] }> {
  const [pending] = await db.query<{ n: number }>(`select count(*) as n from inbound_events where state = 'pending'`);
  const jobs = await db.query<{ kind: string; state: string; attempts: number; last_error: string | null }>(
    `select kind, state, attempts, last_error from jobs where state = 'running' or (state = 'pending' and due_at <= ?)`,
    [new Date(Date.now() + horizonMs)],
  );
  return { events: pending!.n, jobs };
}

/**
 * Waits, from outside the bot's process, until it owes nothing: every stored event applied, no
 * job running or due soon (scheduled reminders far ahead do not count), and Slack has nothing of
 * its own left to deliver — three looks in a row.
 */
export async function waitQuiet(db: Pick<TestDatabase, 'query'>, sim: SlackSim, timeoutMs = 30_000, horizonMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let calm = 0;
  while (calm < 3) {
    const owed = await owedWork(db, horizonMs);
    calm = owed.events === 0 && owed.jobs.length === 0 && sim.pendingDeliveries === 0 ? calm + 1 : 0;
    if (Date.now() > deadline) throw new Error(`the bot did not settle: ${JSON.stringify(owed)}, deliveries ${sim.pendingDeliveries}`);
    await sleep(150);
  }
}

/** The job key a bot message carries in its metadata (postOnce), if any. */
export function jobKeyOf(m: SimMessage): string | undefined {
  const meta = m.metadata as { event_payload?: { job?: unknown } } | undefined;
  return typeof meta?.event_payload?.job === 'string' ? meta.event_payload.job : undefined;
}

/** Bot messages that carry the same job key more than once, anywhere in the workspace: a job's post seen twice. */
export function duplicatePosts(sim: SlackSim): string[] {
  const seen = new Map<string, number>();
  for (const ch of sim.channels.values()) {
    for (const m of sim.messages(ch.id)) {
      const key = m.user === sim.botUserId || m.botId ? jobKeyOf(m) : undefined;
      if (key) seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  }
  return [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
}

import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client';
import type { JobRow } from '../db/repositories/types';
import type { Logger } from '../logger';
import type { JobKind, JobPayloads } from './job-kinds';

/** A claimed job as its handler sees it. */
export interface RunningJob<K extends JobKind = JobKind> {
  id: number;
  kind: K;
  key: string;
  incidentId: number | null;
  payload: JobPayloads[K];
  /** Failed attempts so far, this one included (waiting out a 429 does not count). */
  attempt: number;
  /**
   * An earlier run may have done part of the work: look before creating. True after a failed
   * attempt, a lease taken over, a 429 waited out, or a stop that handed the job back — not only
   * when `attempt` > 1, since the last two do not count as attempts.
   */
  rerun: boolean;
  createdAt: Date;
}

export type JobHandler<K extends JobKind> = (job: RunningJob<K>) => Promise<unknown>;
export type JobHandlers = { [K in JobKind]: JobHandler<K> };

/** How a failure should be treated; the Slack layer knows which Slack errors are worth a retry. */
export interface FailureVerdict {
  retry: boolean;
  /** Slack's Retry-After, when it gave one: waiting it out is not a failed attempt. */
  retryAfterMs?: number;
  /** Short code for logs and reports (`channel_not_found`, `http_503`, `timeout`…). */
  code: string;
}

export interface RunnerOptions {
  db: Database;
  logger: Logger;
  handlers: JobHandlers;
  classify: (error: unknown) => FailureVerdict;
  /** Called in the same transaction that marks a job failed for good (to enqueue a report). */
  onFailed?: (job: JobRow, verdict: FailureVerdict, tx: Database['repos']) => Promise<void>;
  /** Called in the same transaction that schedules a retry. */
  onRetry?: (job: JobRow, verdict: FailureVerdict, tx: Database['repos']) => Promise<void>;
  now?: () => Date;
  /** Identifies this process's leases. */
  owner?: string;
  /** How long a claim lasts without a heartbeat; a dead process's jobs are taken over after it. */
  leaseMs?: number;
  concurrency?: number;
  /** Kinds that may only run this many at a time in this process (catch-up must leave room for live work). */
  kindLimits?: Partial<Record<JobKind, number>>;
  /** Longest sleep between looks at the table (jobs enqueued by another process are found this fast). */
  pollMs?: number;
  /** First retry delay; doubles per attempt up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * Runs due jobs: claims them under a lease (owner + expiry, renewed by a heartbeat while they
 * run), executes the handler registered for their kind, and records the outcome — done, retried
 * with backoff (Slack's Retry-After when given), or failed for good. Nothing about a job's progress
 * lives only in memory: a process that dies leaves leases that expire, and whoever claims next
 * runs the job again (handlers are idempotent).
 */
export class JobRunner {
  readonly owner: string;
  private readonly db: Database;
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  /** Kinds limited to so many running at a time in this process, and their limits. */
  private readonly limits: [string, number][];
  private readonly running = new Map<number, { kind: string; promise: Promise<void> }>();
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private ticking = false;
  /** Looking up when the next job is due (between ticks, after `ticking` is cleared). */
  private waking = false;
  /** Jobs done whose outcome awaits the next statement that records outcomes (see `record`). */
  private readonly finished: { id: number; result: unknown; resolve: (recorded: boolean) => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;
  private again = false;
  private stopped = true;

  constructor(private readonly options: RunnerOptions) {
    this.db = options.db;
    this.log = options.logger.child({ src: 'jobs' });
    this.now = options.now ?? (() => new Date());
    this.owner = options.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.concurrency = options.concurrency ?? 8;
    this.pollMs = options.pollMs ?? 1000;
    this.backoffMs = options.backoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
    this.limits = Object.entries(options.kindLimits ?? {}) as [string, number][];
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.heartbeat = setInterval(() => void this.renewLeases(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.heartbeat.unref();
    this.nudge();
  }

  /** Something was enqueued or finished: look for due work now instead of at the next poll. */
  nudge(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), 0);
  }

  get active(): number {
    return this.running.size;
  }

  /**
   * Stops claiming, waits (bounded) for running jobs, and hands back the leases of those still
   * running so a restart or another instance takes them at once instead of after the lease.
   */
  async stop(timeoutMs = 10_000): Promise<boolean> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.timer = null;
    const deadline = Date.now() + timeoutMs;
    // A claim in flight (a network round trip on Postgres) adds its jobs to `running` when it ends;
    // a wake-up lookup in flight would otherwise run on a database closed after this returns.
    while ((this.ticking || this.waking) && Date.now() < deadline) await sleep(5);
    while (this.running.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.running.values()].map((r) => r.promise)), sleep(Math.max(1, deadline - Date.now()))]);
    }
    const left = [...this.running.keys()];
    if (left.length) {
      await this.db.repos.jobs.release(this.owner, left, this.now()).catch((error: unknown) => this.log.warn('jobs.release_failed', { error: String(error) }));
      this.log.warn('jobs.stopped_with_running', { count: left.length });
    }
    return left.length === 0;
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    this.ticking = true;
    let claimedAll = false;
    try {
      do {
        this.again = false;
        claimedAll = await this.claimAndRun();
      } while ((this.again || claimedAll) && !this.stopped && this.running.size < this.concurrency);
    } catch (error) {
      this.log.error('jobs.claim_failed', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      this.ticking = false;
    }
    if (!this.stopped) await this.sleepUntilDue();
  }

  /** Claims what fits in the free slots; true when every slot asked for was filled. */
  private async claimAndRun(): Promise<boolean> {
    const free = this.concurrency - this.running.size;
    if (free <= 0) return false;
    // Each claim is one statement, atomic on its own (see the repository): no transaction around
    // them, which on Postgres would be a SERIALIZABLE one colliding with the other instances'
    // claims over the same index range. What one claim took runs even if the next one fails.
    const now = this.now();
    let claimed = this.launch(await this.db.repos.jobs.claim(this.owner, now, this.leaseMs, free, { exclude: this.limits.map(([kind]) => kind) }));
    for (const [kind, max] of this.limits) {
      const room = Math.min(max - this.busy(kind), free - claimed);
      if (room > 0) claimed += this.launch(await this.db.repos.jobs.claim(this.owner, now, this.leaseMs, room, { only: [kind] }));
    }
    return claimed > 0 && claimed >= free;
  }

  private busy(kind: string): number {
    return [...this.running.values()].filter((r) => r.kind === kind).length;
  }

  private launch(claimed: JobRow[]): number {
    for (const job of claimed) {
      const promise = this.run(job).finally(() => {
        this.running.delete(job.id);
        this.nudge();
      });
      this.running.set(job.id, { kind: job.kind, promise });
    }
    return claimed.length;
  }

  private async sleepUntilDue(): Promise<void> {
    if (this.stopped || this.timer) return;
    // Every slot taken: the next job to finish looks for work (nudge), so there is nothing to ask
    // the database (under a burst of due work that would be a query per job run).
    if (this.running.size >= this.concurrency) return this.arm(Number.POSITIVE_INFINITY);
    const until = await this.untilNextWake();
    if (this.stopped || this.timer || this.ticking) return;
    // A due job blocked behind its queue keeps the next wake in the past: don't spin on it.
    this.arm(Math.max(until, this.running.size > 0 ? 25 : 5));
  }

  /**
   * The one timer: a claim at the next due time when it comes within `pollMs`, else a poll then
   * (for work another instance enqueued).
   */
  private arm(untilMs: number): void {
    const claim = untilMs <= this.pollMs;
    this.timer = setTimeout(() => void (claim ? this.tick() : this.poll()), Math.min(untilMs, this.pollMs));
    this.timer.unref?.();
  }

  /** Milliseconds until the next job is due or a lease runs out (Infinity: none, or the lookup failed). */
  private async untilNextWake(): Promise<number> {
    this.waking = true;
    try {
      // A lane this process has full (catch-up, one at a time) is not waited for: the job running in
      // it nudges the runner when it ends. Else a thousand catch-ups due at once would keep the next
      // wake in the past, and the runner asking again every few milliseconds, for most of an hour.
      const full = this.limits.filter(([kind, max]) => this.busy(kind) >= max).map(([kind]) => kind);
      const next = await this.db.repos.jobs.nextWakeAt(full);
      return next ? next.getTime() - this.now().getTime() : Number.POSITIVE_INFINITY;
    } catch (error) {
      this.log.warn('jobs.wake_lookup_failed', { error: String(error) });
      return Number.POSITIVE_INFINITY;
    } finally {
      this.waking = false;
    }
  }

  /**
   * The clock's poll, with nothing known to be due: one light query (when is the next job due?)
   * and claims only if something is, instead of claiming every time (most polls find nothing).
   */
  private async poll(): Promise<void> {
    this.timer = null;
    if (this.stopped || this.ticking) return;
    const until = await this.untilNextWake();
    if (this.stopped || this.timer || this.ticking) return;
    if (until <= 0) return void this.tick();
    this.arm(until);
  }

  private async renewLeases(): Promise<void> {
    if (this.running.size === 0) return;
    try {
      await this.db.repos.jobs.extendLeases(this.owner, [...this.running.keys()], new Date(this.now().getTime() + this.leaseMs));
    } catch (error) {
      this.log.warn('jobs.heartbeat_failed', { error: String(error) });
    }
  }

  private async run(row: JobRow): Promise<void> {
    const log = this.log.child({ job: row.key, kind: row.kind, ...(row.incidentId ? { inc: `INC-${row.incidentId}` } : {}) });
    const handler = (this.options.handlers as Record<string, JobHandler<JobKind>>)[row.kind];
    const job: RunningJob = {
      id: row.id,
      kind: row.kind as JobKind,
      key: row.key,
      incidentId: row.incidentId,
      payload: row.payload as JobPayloads[JobKind],
      attempt: row.attempts,
      rerun: row.attempts > 1 || row.lastError !== null,
      createdAt: row.createdAt,
    };
    const started = Date.now();
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind ${row.kind}`);
      if (row.attempts > row.maxAttempts) throw new PermanentJobError(`gave up after ${row.maxAttempts} attempts`);
      const result = await handler(job);
      const recorded = await this.record(row.id, result ?? null);
      if (!recorded) log.warn('jobs.lease_lost', { attempt: row.attempts });
      else log.debug('jobs.done', { attempt: row.attempts, ms: Date.now() - started });
    } catch (error) {
      await this.failed(row, error, log);
    }
  }

  /**
   * Records a job done. Jobs that finish while an earlier record is on its way to the database are
   * recorded together by the next statement (group commit): no waiting is added, and under load
   * one statement records many. The job's slot is freed only once its outcome is stored.
   */
  private record(id: number, result: unknown): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.finished.push({ id, result, resolve, reject });
      void this.flushFinished();
    });
  }

  private async flushFinished(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.finished.length > 0) {
        const batch = this.finished.splice(0);
        try {
          const recorded = new Set(await this.db.repos.jobs.complete(this.owner, batch, this.now()));
          for (const done of batch) done.resolve(recorded.has(done.id));
        } catch (error) {
          // Each job then takes the failure path on its own (classified, retried with backoff).
          for (const done of batch) done.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async failed(row: JobRow, error: unknown, log: Logger): Promise<void> {
    const verdict: FailureVerdict = error instanceof PermanentJobError ? { retry: false, code: error.message } : this.options.classify(error);
    const now = this.now();
    const rateLimited = verdict.retryAfterMs !== undefined;
    if (verdict.retry && (rateLimited || row.attempts < row.maxAttempts)) {
      const delay = verdict.retryAfterMs ?? this.backoff(row.attempts);
      await this.db.transaction(async (tx) => {
        const recorded = await tx.jobs.retryAt(row.id, this.owner, new Date(now.getTime() + delay), verdict.code, now, { refundAttempt: rateLimited });
        if (recorded && this.options.onRetry) await this.options.onRetry(row, verdict, tx);
      });
      log.info('jobs.retry', { attempt: row.attempts, error: verdict.code, in_ms: delay });
      return;
    }
    await this.db.transaction(async (tx) => {
      const recorded = await tx.jobs.fail(row.id, this.owner, verdict.code, now);
      if (recorded && this.options.onFailed) await this.options.onFailed(row, verdict, tx);
    });
    log.warn('jobs.failed', { attempt: row.attempts, error: verdict.code });
  }

  private backoff(attempt: number): number {
    const base = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** Math.max(0, attempt - 1));
    // Jitter, so jobs failed by one Slack outage do not all come back in the same second.
    return Math.round(base * (0.75 + Math.random() * 0.5));
  }
}

/** Thrown by a handler for a failure no retry can fix (the incident is gone, the input is invalid). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

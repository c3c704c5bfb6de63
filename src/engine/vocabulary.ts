/**
 * The engine's own vocabulary, shared by the schema, the repositories and the runner (no drizzle
 * import here, so the schema of every dialect takes its enum values from one place).
 */

/**
 * pending: waiting for its due time (or for the job before it in its queue);
 * running: claimed under a lease; done / failed / cancelled: finished for good.
 */
export const JOB_STATES = ['pending', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const FINISHED_JOB_STATES: readonly JobState[] = ['done', 'failed', 'cancelled'];

/** pending: stored and acknowledged, not yet applied; done: applied; ignored: nothing to do; failed: see `error`. */
export const INBOUND_STATES = ['pending', 'done', 'ignored', 'failed'] as const;
export type InboundState = (typeof INBOUND_STATES)[number];

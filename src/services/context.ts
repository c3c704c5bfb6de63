import type { Database } from '../db/client';
import type { Repositories } from '../db/repositories/types';

export interface ServiceContext {
  db: Database;
  /** Usable anywhere: inside `withTransaction` a call joins the transaction. */
  repos: Repositories;
  now: () => Date;
  /** WARROOM_ADMINS: may steer and staff any incident. */
  admins: readonly string[];
}

export function createServiceContext(db: Database, now: () => Date = () => new Date(), settings: { admins?: readonly string[] } = {}): ServiceContext {
  return { db, repos: db.repos, now, admins: settings.admins ?? [] };
}

/**
 * Runs `work` in one transaction and hands it the transaction's repositories. Jobs enqueued
 * inside commit with the change or not at all. Never call Slack (or await anything slow) inside.
 */
export function withTransaction<T>(ctx: ServiceContext, work: (tx: Repositories) => Promise<T>): Promise<T> {
  return ctx.db.transaction(work);
}

import type { Db } from '../db/client';
import { createRepositories, type Repositories } from '../db/repositories';

export interface ServiceContext {
  db: Db;
  repos: Repositories;
  now: () => Date;
}

export function createServiceContext(db: Db, now: () => Date = () => new Date()): ServiceContext {
  return { db, repos: createRepositories(db), now };
}

/**
 * better-sqlite3 runs on one connection, so repositories built on `db` take part in the
 * transaction; the callback must stay synchronous (no await, no Slack calls).
 */
export function inTransaction<T>(ctx: ServiceContext, work: () => T): T {
  return ctx.db.transaction(() => work());
}

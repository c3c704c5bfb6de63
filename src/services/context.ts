import type { Database } from '../db/client';
import type { Repositories } from '../db/repositories/types';
import { DEFAULT_COMMS_POLICY, type CommsPolicy } from '../domain/cadence';
import { BUILTIN_REGIMES, type Nis2Entity, type RegimeDef } from '../domain/regimes';

/** Regulatory settings: the regimes (built-ins + REGULATORY_REGIMES_FILE) and NIS2_ENTITY. */
export interface RegulatorySettings {
  regimes: readonly RegimeDef[];
  nis2Entity: Nis2Entity;
  /** REGULATORY_PROVIDER_NAME / _CONTACT: who the export names as provider. */
  provider?: { name: string; contact: string };
}
export const DEFAULT_REGULATORY: RegulatorySettings = { regimes: BUILTIN_REGIMES, nis2Entity: 'none' };

export interface ServiceContext {
  db: Database;
  /** Usable anywhere: inside `withTransaction` a call joins the transaction. */
  repos: Repositories;
  now: () => Date;
  /** WARROOM_ADMINS: may steer and staff any incident. */
  admins: readonly string[];
  /** Status-update cadence and acknowledgement timeout (UPDATE_CADENCE, ACK_TIMEOUT). */
  comms: CommsPolicy;
  regulatory: RegulatorySettings;
}

export function createServiceContext(
  db: Database,
  now: () => Date = () => new Date(),
  settings: { admins?: readonly string[]; comms?: CommsPolicy; regulatory?: RegulatorySettings } = {},
): ServiceContext {
  return { db, repos: db.repos, now, admins: settings.admins ?? [], comms: settings.comms ?? DEFAULT_COMMS_POLICY, regulatory: settings.regulatory ?? DEFAULT_REGULATORY };
}

/**
 * Runs `work` in one transaction and hands it the transaction's repositories. Jobs enqueued
 * inside commit with the change or not at all. Never call Slack (or await anything slow) inside.
 */
export function withTransaction<T>(ctx: ServiceContext, work: (tx: Repositories) => Promise<T>): Promise<T> {
  return ctx.db.transaction(work);
}

import { isFirstCommanderAction } from '../domain/raci';
import type { Repositories } from '../db/repositories/types';
import { recordCommanderAck } from './comms-effects';

/**
 * Stamps `acknowledged_at` (domain: the commander's first action) when `actorId` is the current
 * commander and nothing was stamped yet, and notes that this commander acknowledged (a commander
 * after a hand-over owes an acknowledgement of their own). Call inside the acting service's transaction.
 */
export async function acknowledgeIfCommander(tx: Repositories, incidentId: number, actorId: string, now: Date): Promise<void> {
  const incident = await tx.incidents.byId(incidentId);
  if (!incident) return;
  if (isFirstCommanderAction(incident, actorId, await tx.incidents.commanderOf(incidentId))) {
    await tx.incidents.update(incidentId, { acknowledgedAt: now });
  }
  await recordCommanderAck(tx, incidentId, actorId, now, 'action');
}

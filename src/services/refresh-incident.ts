import { withTransaction, type ServiceContext } from './context';
import { refreshSurfaces } from './effects';

/** Brings the card and topic back to the stored state (a card control showed a value that was refused). */
export async function refreshIncidentSurfaces(ctx: ServiceContext, incidentId: number): Promise<void> {
  const now = ctx.now();
  await withTransaction(ctx, (tx) => refreshSurfaces(tx, now, incidentId));
}

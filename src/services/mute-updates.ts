import { z } from 'zod';
import { incidentKey } from '../domain/channel-name';
import { NotFoundError } from '../domain/errors';
import { withTransaction, type ServiceContext } from './context';

const inputSchema = z.object({ incidentId: z.number().int().positive(), userId: z.string().min(1) });

/** An Informed stakeholder stops getting this incident's status updates by DM (kept across restarts). */
export async function muteUpdates(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Promise<{ muted: boolean }> {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    if (!(await tx.incidents.byId(input.incidentId))) throw new NotFoundError(`${incidentKey(input.incidentId)} does not exist.`);
    // A DM already waiting for this person checks the mute when it runs and is dropped.
    return { muted: await tx.comms.mute(input.incidentId, input.userId, now) };
  });
}

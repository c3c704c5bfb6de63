import { z } from 'zod';
import { incidentKey } from '../domain/channel-name';
import { DomainError, NotFoundError } from '../domain/errors';
import { currentCommander, hasAcknowledged, recordCommanderAck } from './comms-effects';
import { withTransaction, type ServiceContext } from './context';

const inputSchema = z.object({ incidentId: z.number().int().positive(), userId: z.string().min(1) });

export type AcknowledgeResult = { acknowledged: 'now' | 'already'; at: Date };

/**
 * The commander's "Acknowledge" button: the same acknowledgement as a first action in the war
 * room (`acknowledged_at` keeps the first one, which time to acknowledge measures).
 */
export async function acknowledgeCommand(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Promise<AcknowledgeResult> {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const incident = await tx.incidents.byId(input.incidentId);
    if (!incident) throw new NotFoundError(`${incidentKey(input.incidentId)} does not exist.`);
    const commander = await currentCommander(tx, incident.id);
    if (commander?.userId !== input.userId) {
      throw new DomainError('not_commander', `You are no longer the commander of ${incidentKey(incident.id)}${commander ? `; <@${commander.userId}> is` : ''}.`);
    }
    if (await hasAcknowledged(tx, incident.id, input.userId, commander.since)) {
      const acks = await tx.comms.commanderAcks(incident.id, input.userId);
      return { acknowledged: 'already', at: acks.find((a) => a.acknowledgedAt.getTime() >= commander.since.getTime())!.acknowledgedAt };
    }
    await recordCommanderAck(tx, incident.id, input.userId, now, 'button');
    if (incident.acknowledgedAt === null) await tx.incidents.update(incident.id, { acknowledgedAt: now });
    return { acknowledged: 'now', at: now };
  });
}

import { z } from 'zod';
import { withTransaction, type ServiceContext } from './context';

const inputSchema = z.object({
  channelId: z.string().min(1),
  userId: z.string().min(1),
  inviterId: z.string().min(1).nullable(),
  at: z.date(),
});

/** Someone joined the war room: who was there, from when, is part of the story. */
export async function recordMemberJoined(
  ctx: ServiceContext,
  raw: z.input<typeof inputSchema>,
): Promise<{ outcome: 'recorded' | 'not_incident'; entryId: number | null }> {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const incidentId = await tx.capture.incidentIdForChannel(input.channelId);
    if (incidentId === undefined) return { outcome: 'not_incident' as const, entryId: null };
    const entryId = await tx.timeline.addAutomatic(
      {
        incidentId,
        kind: 'member_joined',
        text: 'Joined the channel',
        actorId: input.userId,
        occurredAt: input.at,
        data: input.inviterId ? { inviter: input.inviterId } : undefined,
      },
      now,
    );
    return { outcome: 'recorded' as const, entryId };
  });
}

const leftSchema = z.object({ channelId: z.string().min(1), userId: z.string().min(1), at: z.date() });

/** Someone left the war room: from then on a private incident is no longer theirs to see in full. */
export async function recordMemberLeft(ctx: ServiceContext, raw: z.input<typeof leftSchema>): Promise<{ outcome: 'recorded' | 'not_incident'; entryId: number | null }> {
  const input = leftSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const incidentId = await tx.capture.incidentIdForChannel(input.channelId);
    if (incidentId === undefined) return { outcome: 'not_incident' as const, entryId: null };
    const entryId = await tx.timeline.addAutomatic({ incidentId, kind: 'member_left', text: 'Left the channel', actorId: input.userId, occurredAt: input.at }, now);
    return { outcome: 'recorded' as const, entryId };
  });
}

import { z } from 'zod';
import { inTransaction, type ServiceContext } from './context';
import { claimOnce, eventRef } from './timeline-input';

const inputSchema = z.object({
  channelId: z.string().min(1),
  userId: z.string().min(1),
  inviterId: z.string().min(1).nullable(),
  at: z.date(),
  ...eventRef,
});

/** Someone joined the war room: who was there, from when, is part of the story. */
export function recordMemberJoined(
  ctx: ServiceContext,
  raw: z.input<typeof inputSchema>,
): { outcome: 'recorded' | 'duplicate' | 'not_incident'; entryId: number | null } {
  const input = inputSchema.parse(raw);
  const incidentId = ctx.repos.capture.incidentIdForChannel(input.channelId);
  if (incidentId === undefined) return { outcome: 'not_incident', entryId: null };
  const now = ctx.now();
  return inTransaction(ctx, () => {
    if (!claimOnce(ctx, input.eventId, input.eventType ?? 'member_joined_channel', now)) return { outcome: 'duplicate' as const, entryId: null };
    const entryId = ctx.repos.timeline.addAutomatic(
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

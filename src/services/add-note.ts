import { z } from 'zod';
import { validateNote } from '../domain/capture';
import { NotFoundError } from '../domain/errors';
import { acknowledgeIfCommander } from './acknowledge';
import { withTransaction, type ServiceContext } from './context';
import { scheduleForIncident } from './effects';
import { slackTs } from './timeline-input';

const inputSchema = z.object({ incidentId: z.number().int().positive(), actorId: z.string().min(1), text: z.string() });

/**
 * `/incident note <text>`: a timeline entry written by a person, marked by them, and its echo in
 * the channel (the visible acknowledgement) enqueued with it.
 */
export async function addNote(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Promise<{ entryId: number; text: string }> {
  const input = inputSchema.parse(raw);
  const text = validateNote(input.text);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    if (!(await tx.incidents.byId(input.incidentId))) throw new NotFoundError(`There is no incident ${input.incidentId}.`);
    const entry = await tx.capture.insertEntry({
      incidentId: input.incidentId,
      kind: 'note',
      source: 'note',
      occurredAt: now,
      recordedAt: now,
      actorId: input.actorId,
      text,
      messageTs: null,
      threadTs: null,
      permalink: null,
      files: null,
    });
    await tx.capture.addMark({ entryId: entry.id, source: 'note', userId: input.actorId, markedAt: now });
    await acknowledgeIfCommander(tx, input.incidentId, input.actorId, now);
    await scheduleForIncident(tx, now, 'note.post', { incidentId: input.incidentId, entryId: entry.id }, { key: `note:${entry.id}` });
    return { entryId: entry.id, text };
  });
}

const attachSchema = z.object({ entryId: z.number().int().positive(), messageTs: slackTs, permalink: z.string().nullable() });

/**
 * Links a note to the message the bot posted for it, so responders see the note and a pin or
 * timeline reaction on that message marks the note instead of creating a second entry.
 */
export async function attachNoteMessage(ctx: ServiceContext, raw: z.input<typeof attachSchema>): Promise<void> {
  const input = attachSchema.parse(raw);
  await ctx.repos.capture.updateEntry(input.entryId, { messageTs: input.messageTs, permalink: input.permalink });
}

import { z } from 'zod';
import { acknowledgeIfCommander } from './acknowledge';
import { validateNote } from '../domain/capture';
import { NotFoundError } from '../domain/errors';
import { inTransaction, type ServiceContext } from './context';
import { slackTs } from './timeline-input';

const inputSchema = z.object({ incidentId: z.number().int().positive(), actorId: z.string().min(1), text: z.string() });

/** `/incident note <text>`: a timeline entry written by a person, marked by them. */
export function addNote(ctx: ServiceContext, raw: z.input<typeof inputSchema>): { entryId: number; text: string } {
  const input = inputSchema.parse(raw);
  const text = validateNote(input.text);
  const now = ctx.now();
  return inTransaction(ctx, () => {
    if (!ctx.repos.incidents.byId(input.incidentId)) throw new NotFoundError(`There is no incident ${input.incidentId}.`);
    const entry = ctx.repos.capture.insertEntry({
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
    ctx.repos.capture.addMark({ entryId: entry.id, source: 'note', userId: input.actorId, markedAt: now });
    acknowledgeIfCommander(ctx, input.incidentId, input.actorId, now);
    return { entryId: entry.id, text };
  });
}

const attachSchema = z.object({ entryId: z.number().int().positive(), messageTs: slackTs, permalink: z.string().nullable() });

/**
 * Links a note to the message the bot posted for it, so responders see the note and a pin or
 * timeline reaction on that message marks the note instead of creating a second entry.
 */
export function attachNoteMessage(ctx: ServiceContext, raw: z.input<typeof attachSchema>): void {
  const input = attachSchema.parse(raw);
  ctx.repos.capture.updateEntry(input.entryId, { messageTs: input.messageTs, permalink: input.permalink });
}

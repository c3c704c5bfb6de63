import { addNote } from '../../../services/add-note';
import { incidentInChannel } from '../../incident-sync';
import type { SubcommandHandler } from './types';

/**
 * `/incident note <text>`: the note is on the timeline, and its echo in the channel enqueued,
 * before the ack; the echo is linked to the entry when it is posted.
 */
export const handleNote: SubcommandHandler = async (deps, { command, ack }, text) => {
  const incident = await incidentInChannel(deps, command.channel_id, '`/incident note`');
  await addNote(deps.ctx, { incidentId: incident.id, actorId: command.user_id, text });
  await ack();
};

import { incidentKey } from '../../../domain/channel-name';
import { addNote, attachNoteMessage } from '../../../services/add-note';
import { buildNoteMessage } from '../../blocks/lifecycle-messages';
import { describeSlackError, slackErrorCode } from '../../errors';
import { incidentInChannel } from '../../incident-sync';
import type { SubcommandHandler } from './types';

/**
 * `/incident note <text>`: the note is on the timeline before the ack; then the bot posts it in the
 * channel (the visible acknowledgement) and links the entry to that message.
 */
export const handleNote: SubcommandHandler = async (deps, { command, ack, client, respond }, text) => {
  const incident = incidentInChannel(deps, command.channel_id, '`/incident note`');
  const note = addNote(deps.ctx, { incidentId: incident.id, actorId: command.user_id, text });
  const channelId = incident.channelId!;
  const key = incidentKey(incident.id);
  await ack();
  try {
    const posted = await client.chat.postMessage({ channel: channelId, ...buildNoteMessage(note.text, command.user_id) });
    const permalink = await client.chat
      .getPermalink({ channel: channelId, message_ts: posted.ts! })
      .then((r) => r.permalink ?? null)
      .catch((error: unknown) => {
        deps.logger.warn('timeline.permalink_failed', { inc: key, error: slackErrorCode(error) });
        return null;
      });
    attachNoteMessage(deps.ctx, { entryId: note.entryId, messageTs: posted.ts!, permalink });
  } catch (error) {
    deps.logger.warn('timeline.note_echo_failed', { inc: key, error: slackErrorCode(error) });
    await respond({
      response_type: 'ephemeral',
      text: `:memo: Noted on the ${key} timeline, but I could not post it in the channel: ${describeSlackError(error)}.`,
    });
  }
};

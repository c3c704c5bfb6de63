import { incidentKey } from '../../../domain/channel-name';
import { requestPostmortem } from '../../../services/compile-postmortem';
import { incidentInChannel } from '../../incident-sync';
import type { SubcommandHandler } from './types';

/** `/incident postmortem`: a new draft version from everything recorded so far, compiled and uploaded by a job. */
export const handlePostmortem: SubcommandHandler = async (deps, { command, ack }) => {
  const incident = await incidentInChannel(deps, command.channel_id, '`/incident postmortem`');
  await requestPostmortem(deps.ctx, { incidentId: incident.id, createdBy: command.user_id });
  await ack({ response_type: 'ephemeral', text: `Compiling the post-mortem draft for ${incidentKey(incident.id)}; it will appear in this channel.` });
};

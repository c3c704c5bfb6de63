import { incidentKey } from '../../../domain/channel-name';
import { incidentInChannel } from '../../incident-sync';
import { deliverPostmortem } from '../../postmortem-delivery';
import type { SubcommandHandler } from './types';

/** `/incident postmortem`: compile a new draft version from everything recorded so far. */
export const handlePostmortem: SubcommandHandler = async (deps, { command, ack, client, respond }) => {
  const incident = incidentInChannel(deps, command.channel_id, '`/incident postmortem`');
  const key = incidentKey(incident.id);
  await ack({ response_type: 'ephemeral', text: `Compiling the post-mortem draft for ${key}…` });
  const delivered = await deps.background.track(`postmortem ${key}`, deliverPostmortem(deps, client, incident.id, command.user_id));
  await respond({
    response_type: 'ephemeral',
    text: delivered.uploadError
      ? `:warning: Draft v${delivered.draft.version} is saved, but the upload failed: ${delivered.uploadError}. Print it with \`npm run postmortem -- ${key}\`.`
      : `:page_facing_up: Draft v${delivered.draft.version} of the ${key} post-mortem is in this channel.`,
  });
};

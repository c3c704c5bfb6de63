import { DomainError } from '../../../domain/errors';
import { describeSlackError, userMessageFor } from '../../errors';
import { incidentInChannel } from '../../incident-sync';
import { statusUpdateModalFor } from '../../status-update-form';
import type { SubcommandHandler } from './types';

/** `/incident update` opens the status-update form (checked first, then `views.open` as the first Slack call). */
export const handleUpdate: SubcommandHandler = async (deps, { command, ack, client, respond }) => {
  const incident = await incidentInChannel(deps, command.channel_id, '`/incident update`');
  let view;
  try {
    view = await statusUpdateModalFor(deps, incident, command.user_id);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await ack({ response_type: 'ephemeral', text: `:warning: ${userMessageFor(error)}` });
    return;
  }
  await ack();
  try {
    await client.views.open({ trigger_id: command.trigger_id, view });
  } catch (error) {
    deps.logger.warn('update.modal_failed', { error: describeSlackError(error) });
    await respond({ response_type: 'ephemeral', text: `:warning: I could not open the status-update form: ${describeSlackError(error)}. Please try again.` });
  }
};

import { incidentKey } from '../../../domain/channel-name';
import { closeIncident } from '../../../services/close-incident';
import { incidentInChannel } from '../../incident-sync';
import type { SubcommandHandler } from './types';

/**
 * `/incident close`: post-incident work done. The close and everything Slack must show for it (a
 * draft when none exists, the card, the notice, the archive when ARCHIVE_ON_CLOSE is set) are
 * committed together before the ack.
 */
export const handleClose: SubcommandHandler = async (deps, { command, ack }) => {
  const incident = await incidentInChannel(deps, command.channel_id, '`/incident close`');
  const closed = await closeIncident(deps.ctx, { incidentId: incident.id, actorId: command.user_id, archive: deps.settings.archiveOnClose });
  const key = incidentKey(closed.id);
  await ack({ response_type: 'ephemeral', text: `Closing ${key}…` });
  deps.logger.info('incident.closed', { inc: key, by: command.user_id });
};

import { incidentKey } from '../../../domain/channel-name';
import { planClose } from '../../../domain/closure';
import { closeIncident } from '../../../services/close-incident';
import { describeSlackError, isSlackError } from '../../errors';
import { incidentInChannel, syncIncidentSurfaces } from '../../incident-sync';
import { deliverPostmortem } from '../../postmortem-delivery';
import type { SubcommandHandler } from './types';

/**
 * `/incident close`: post-incident work done. A draft is compiled first when none exists (a
 * closed incident always has one), and the channel is archived when ARCHIVE_ON_CLOSE is set.
 */
export const handleClose: SubcommandHandler = async (deps, { command, ack, client, respond }) => {
  const incident = incidentInChannel(deps, command.channel_id, '`/incident close`');
  planClose(incident, deps.ctx.now());
  const key = incidentKey(incident.id);
  await ack({ response_type: 'ephemeral', text: `Closing ${key}…` });
  await deps.background.track(
    `close ${key}`,
    (async () => {
      if (!deps.ctx.repos.postmortem.latestDraft(incident.id)) await deliverPostmortem(deps, client, incident.id, command.user_id);
      const closed = closeIncident(deps.ctx, { incidentId: incident.id, actorId: command.user_id });
      deps.logger.info('incident.closed', { inc: key, by: command.user_id });
      await syncIncidentSurfaces(deps, client, closed.id);
      const channel = closed.channelId!;
      await client.chat.postMessage({
        channel,
        text: `:white_check_mark: ${key} is closed by <@${command.user_id}>. Corrective actions stay tracked; the post-mortem draft is above.${deps.settings.archiveOnClose ? ' This channel is now archived.' : ''}`,
      });
      if (deps.settings.archiveOnClose) {
        try {
          await client.conversations.archive({ channel });
        } catch (error) {
          if (!isSlackError(error, 'already_archived')) {
            await respond({ response_type: 'ephemeral', text: `${key} is closed, but archiving the channel failed: ${describeSlackError(error)}.` });
            return;
          }
        }
      }
    })(),
  );
};

import { incidentKey, parseIncidentKey } from '../../../domain/channel-name';
import { ForbiddenError, NotFoundError } from '../../../domain/errors';
import { severityLabel } from '../../../domain/severity';
import { mustRedact } from '../../../domain/visibility';
import { requestSync } from '../../../services/sync-incident';
import { incidentInChannel } from '../../incident-sync';
import type { SubcommandHandler } from './types';

/**
 * `/incident sync [INC-7]`: retries now whatever failed or is waiting to be retried for the
 * incident, reads back what its channel said while the bot was not listening, and refreshes the
 * card. Works in the incident's channel, or anywhere with the incident's number.
 */
export const handleSync: SubcommandHandler = async (deps, { command, ack }, text) => {
  const ref = parseIncidentKey(text);
  const incident = ref !== null ? await deps.ctx.repos.incidents.byId(ref) : await incidentInChannel(deps, command.channel_id, '`/incident sync`');
  if (!incident) throw new NotFoundError(`There is no incident ${incidentKey(ref!)}.`);
  const key = incidentKey(incident.id);
  if (mustRedact(incident, incident.channelId === command.channel_id || (await deps.isMember(incident.channelId, command.user_id)))) {
    // Number, severity, "private" — nothing else to someone outside its channel.
    throw new ForbiddenError(`${key} (${severityLabel(incident.severity)}) is private: run \`/incident sync\` in its channel.`);
  }
  const report = await requestSync(deps.ctx, { incidentId: incident.id, responseUrl: command.response_url });
  const lines = [`:arrows_counterclockwise: Syncing *${key}*…`];
  if (report.retried) lines.push(`Retrying ${report.retried} unfinished task${report.retried === 1 ? '' : 's'} now.`);
  for (const f of report.failing) lines.push(`• \`${f.kind}\` had failed: ${f.error}.`);
  await ack({ response_type: 'ephemeral', text: lines.join('\n') });
};

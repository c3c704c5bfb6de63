import { incidentKey } from '../../../domain/channel-name';
import { parseSeverityArgs } from '../../../domain/severity-change';
import { severityLabel } from '../../../domain/severity';
import { changeSeverity } from '../../../services/change-severity';
import { incidentInChannel } from '../../incident-sync';
import type { SubcommandHandler } from './types';

/** `/incident severity <sev1..sev4> [reason]`; escalation to SEV1/SEV2 is announced. */
export const handleSeverity: SubcommandHandler = async (deps, { command, ack }, text) => {
  const incident = await incidentInChannel(deps, command.channel_id, '`/incident severity`');
  if (!text.trim()) {
    await ack({
      response_type: 'ephemeral',
      text: `*${incidentKey(incident.id)}* is *${severityLabel(incident.severity)}*. Change it with \`/incident severity <sev1|sev2|sev3|sev4> [reason]\`.`,
    });
    return;
  }
  const { to, reason } = parseSeverityArgs(text);
  const result = await changeSeverity(deps.ctx, { incidentId: incident.id, to, reason, actorId: command.user_id });
  const key = incidentKey(result.incident.id);
  const announced = result.change.announce && deps.settings.incidentsChannel ? ` (announced in <#${deps.settings.incidentsChannel}>)` : '';
  await ack({ response_type: 'ephemeral', text: `*${key}* is now *${severityLabel(result.change.to)}*${announced}.` });
  deps.logger.info('incident.severity_changed', { inc: key, from: result.change.from, to: result.change.to, by: command.user_id });
};

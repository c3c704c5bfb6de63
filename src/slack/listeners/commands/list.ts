import { mustRedact, redact } from '../../../domain/visibility';
import { buildIncidentList, type ListedIncident } from '../../blocks/messages';
import type { SubcommandHandler } from './types';

/**
 * `/incident list`, wherever it is typed. A private incident is listed in full only to members of
 * its channel; to anyone else as its number, severity and "private".
 */
export const handleList: SubcommandHandler = async (deps, { ack, command }) => {
  const { incidents } = deps.ctx.repos;
  const items = await Promise.all(
    (await incidents.listOpen()).map(async (incident): Promise<ListedIncident> => {
      if (mustRedact(incident, incident.isPrivate && (await deps.isMember(incident.channelId, command.user_id)))) {
        return { redacted: redact(incident), declaredAt: incident.declaredAt };
      }
      return { incident, commanderId: await incidents.commanderOf(incident.id) };
    }),
  );
  await ack({ response_type: 'ephemeral', ...buildIncidentList(items, deps.ctx.now()) });
};

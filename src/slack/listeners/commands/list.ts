import { buildIncidentList } from '../../blocks/messages';
import type { SubcommandHandler } from './types';

export const handleList: SubcommandHandler = async (deps, { ack }) => {
  const { incidents } = deps.ctx.repos;
  const items = incidents.listOpen().map((incident) => ({ incident, commanderId: incidents.commanderOf(incident.id) }));
  await ack({ response_type: 'ephemeral', ...buildIncidentList(items, deps.ctx.now()) });
};

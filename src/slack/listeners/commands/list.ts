import { buildIncidentList } from '../../blocks/messages';
import type { SubcommandHandler } from './types';

export const handleList: SubcommandHandler = async (deps, { ack }) => {
  const { incidents } = deps.ctx.repos;
  const items = await Promise.all((await incidents.listOpen()).map(async (incident) => ({ incident, commanderId: await incidents.commanderOf(incident.id) })));
  await ack({ response_type: 'ephemeral', ...buildIncidentList(items, deps.ctx.now()) });
};

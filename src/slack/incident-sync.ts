import { NotFoundError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import type { ListenerDeps } from './deps';

/** The incident whose war-room channel this is; a clear answer when it is not one. */
export async function incidentInChannel(deps: ListenerDeps, channelId: string, what = 'This command'): Promise<Incident> {
  const incident = await deps.ctx.repos.incidents.byChannel(channelId);
  if (!incident) {
    throw new NotFoundError(`${what} works inside an incident channel. Use \`/incident list\` to find one.`);
  }
  return incident;
}

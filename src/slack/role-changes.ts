import type { Incident } from '../domain/incident';
import { checkRolesOpen } from '../domain/raci';
import { requireIncidentPermission } from '../services/permissions';
import { buildRolesModal } from './blocks/roles-modal';
import type { ListenerDeps } from './deps';

/** The RACI form for an incident as its roles stand now. */
export async function rolesModalFor(deps: ListenerDeps, incident: Incident) {
  return buildRolesModal({
    incident,
    holders: await deps.ctx.repos.roles.holders(incident.id),
    revision: await deps.ctx.repos.roles.revision(incident.id),
  });
}

/**
 * Whether `actorId` may open the RACI form for this incident; the same rules are checked again
 * on submit, because permission can change while the form is open.
 */
export async function checkRolesEditable(deps: ListenerDeps, incident: Incident, actorId: string): Promise<void> {
  checkRolesOpen(incident);
  await requireIncidentPermission(deps.ctx, deps.ctx.repos, incident, 'change_roles', actorId);
}

import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { ROLES, ROLE_INFO, isRole, type Role } from '../../../domain/roles';
import { assignRoles } from '../../../services/assign-roles';
import type { ListenerDeps } from '../../deps';
import { ROLES_BLOCK } from '../../ids';
import { readView, type ViewStateValues } from '../../view-state';
import { formHandler, readMetadata } from '../guard';

const metadataSchema = z.object({
  incidentId: z.number().int().positive(),
  revision: z.number().int().nonnegative(),
});

/**
 * RACI form submitted: rules and permission are checked again (they may have changed while the
 * form was open) and answered inside the form, on the role's block; the invites, summary and DMs
 * are jobs committed with the change.
 */
export function handleRolesSubmission(deps: ListenerDeps) {
  return formHandler(
    deps,
    async ({ ack, body, view }) => {
      const meta = readMetadata(view, metadataSchema);
      const v = readView(view.state.values as ViewStateValues);
      const roles: Partial<Record<Role, string[]>> = {};
      for (const role of ROLES) {
        const block = ROLES_BLOCK[role];
        roles[role] = ROLE_INFO[role].multiple ? v.users(block) : [v.user(block)].filter((u): u is string => !!u);
      }
      const bots = await deps.botUsers(Object.values(roles).flat());
      const result = await assignRoles(deps.ctx, {
        incidentId: meta.incidentId,
        actorId: body.user.id,
        botUserId: deps.botUserId,
        bots,
        expectedRevision: meta.revision,
        change: { kind: 'replace', roles },
      });
      await ack();
      if (result.plan.changes.length) deps.logger.info('roles.changed', { inc: incidentKey(result.incident.id), by: body.user.id, changes: result.plan.changes.length });
    },
    (error) => ROLES_BLOCK[error.field && isRole(error.field) ? error.field : 'commander'],
  );
}

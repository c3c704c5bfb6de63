import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { DomainError } from '../../../domain/errors';
import { ROLES, ROLE_INFO, isRole, type Role } from '../../../domain/roles';
import { assignRoles } from '../../../services/assign-roles';
import type { ListenerDeps } from '../../deps';
import { userMessageFor } from '../../errors';
import { ROLES_BLOCK } from '../../ids';
import { readView, type ViewStateValues } from '../../view-state';

const metadataSchema = z.object({
  incidentId: z.number().int().positive(),
  revision: z.number().int().nonnegative(),
});

function parseMetadata(text: string | undefined) {
  try {
    return metadataSchema.safeParse(JSON.parse(text || '{}'));
  } catch {
    return metadataSchema.safeParse({});
  }
}

/** The form's error key for a domain error: its role's block, else the commander's. */
const blockFor = (field: string | undefined) => ROLES_BLOCK[field && isRole(field) ? field : 'commander'];

/**
 * RACI form submitted: rules and permission are checked again (they may have changed while the
 * form was open) and answered inside the form; once recorded, the Slack side runs after the ack.
 */
export function handleRolesSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const meta = parseMetadata(view.private_metadata);
    if (!meta.success) {
      // Its length only: private_metadata comes from the client and may carry a response_url.
      deps.logger.warn('roles.bad_metadata', { bytes: (view.private_metadata ?? '').length });
      await ack({ response_action: 'errors', errors: { [ROLES_BLOCK.commander]: 'This form is out of date. Run `/incident roles` again.' } });
      return;
    }
    const v = readView(view.state.values as ViewStateValues);
    const roles: Partial<Record<Role, string[]>> = {};
    for (const role of ROLES) {
      const block = ROLES_BLOCK[role];
      roles[role] = ROLE_INFO[role].multiple ? v.users(block) : [v.user(block)].filter((u): u is string => !!u);
    }

    const bots = await deps.botUsers(Object.values(roles).flat());
    let result;
    try {
      result = await assignRoles(deps.ctx, {
        incidentId: meta.data.incidentId,
        actorId: body.user.id,
        admins: deps.settings.admins,
        botUserId: deps.botUserId,
        bots,
        expectedRevision: meta.data.revision,
        change: { kind: 'replace', roles },
      });
    } catch (error) {
      if (error instanceof DomainError) {
        await ack({ response_action: 'errors', errors: { [blockFor(error.field)]: error.message } });
        return;
      }
      await ack({ response_action: 'errors', errors: { [ROLES_BLOCK.commander]: userMessageFor(error) } });
      throw error;
    }
    await ack();
    if (result.plan.changes.length) deps.logger.info('roles.changed', { inc: incidentKey(result.incident.id), by: body.user.id, changes: result.plan.changes.length });
  };
}

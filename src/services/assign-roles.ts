import { z } from 'zod';
import { incidentKey } from '../domain/channel-name';
import { DomainError, NotFoundError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import {
  checkCanChangeRoles,
  checkRolesOpen,
  isFirstCommanderAction,
  planRoleChanges,
  withAssignment,
  withRoles,
  type RolePlan,
  type RoleSet,
} from '../domain/raci';
import { ROLES } from '../domain/roles';
import { inTransaction, type ServiceContext } from './context';

const userIds = z.array(z.string().min(1));

const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  actorId: z.string().min(1),
  /** WARROOM_ADMINS: may change roles on any incident. */
  admins: z.array(z.string()).default([]),
  /** The bot's own user id, which can never hold a role. */
  botUserId: z.string().nullable().optional(),
  /** Other bot users among the people named (looked up by the caller): no bot holds a role. */
  bots: z.array(z.string()).default([]),
  /** The role revision the form was opened at; a mismatch means someone else changed roles since. */
  expectedRevision: z.number().int().nonnegative().optional(),
  change: z.discriminatedUnion('kind', [
    /** The given roles get exactly these holders; roles left out keep theirs (the RACI modal). */
    z.object({ kind: z.literal('replace'), roles: z.partialRecord(z.enum(ROLES), userIds) }),
    /** `/incident assign <role> @user…`. */
    z.object({ kind: z.literal('assign'), role: z.enum(ROLES), users: userIds.min(1) }),
  ]),
});

export type AssignRolesInput = z.input<typeof inputSchema>;

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
    this.name = 'ConflictError';
  }
}

export interface AssignRolesResult {
  /** The incident after the change (acknowledged_at and updated_at may have moved). */
  incident: Incident;
  actorId: string;
  before: RoleSet;
  plan: RolePlan;
  /** True when this was the commander's first action, which acknowledged the incident. */
  acknowledged: boolean;
}

/**
 * Records role changes: the permission and RACI rules are checked, ended assignments are closed,
 * new ones opened, and each change gets a timeline entry — all in one transaction. Returns what
 * changed so the Slack layer can invite, announce and DM; it never calls Slack itself.
 */
export function assignRoles(ctx: ServiceContext, raw: AssignRolesInput): AssignRolesResult {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  return inTransaction(ctx, () => {
    const incident = ctx.repos.incidents.byId(input.incidentId);
    if (!incident) throw new NotFoundError(`${incidentKey(input.incidentId)} does not exist.`);
    const key = incidentKey(incident.id);
    checkRolesOpen(incident);
    const before = ctx.repos.roles.holders(incident.id);
    const commanderId = before.commander[0] ?? null;
    // Checked before the revision so a user who lost the right while the form was open is told why.
    checkCanChangeRoles({ actorId: input.actorId, declaredBy: incident.declaredBy, commanderId, admins: input.admins });
    if (input.expectedRevision !== undefined && ctx.repos.roles.revision(incident.id) !== input.expectedRevision) {
      throw new ConflictError(
        `Someone changed the roles of ${key} while this form was open. Close it and run \`/incident roles\` again to see the latest.`,
      );
    }

    const desired =
      input.change.kind === 'assign' ? withAssignment(before, input.change.role, input.change.users) : withRoles(before, input.change.roles);
    const plan = planRoleChanges(before, desired, input.actorId, now, { unassignable: [...(input.botUserId ? [input.botUserId] : []), ...input.bots] });
    if (plan.changes.length === 0) return { incident, actorId: input.actorId, before, plan, acknowledged: false };

    for (const e of plan.end) ctx.repos.roles.end(incident.id, e);
    for (const s of plan.start) ctx.repos.roles.start(incident.id, s);
    for (const entry of plan.entries) {
      ctx.repos.timeline.addAutomatic({ incidentId: incident.id, ...entry }, now);
    }
    const acknowledged = isFirstCommanderAction(incident, input.actorId, commanderId);
    ctx.repos.incidents.update(incident.id, acknowledged ? { acknowledgedAt: now, updatedAt: now } : { updatedAt: now });
    return { incident: ctx.repos.incidents.byId(incident.id)!, actorId: input.actorId, before, plan, acknowledged };
  });
}

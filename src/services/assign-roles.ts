import { z } from 'zod';
import { incidentKey } from '../domain/channel-name';
import { DomainError, NotFoundError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import {
  checkRolesOpen,
  isFirstCommanderAction,
  planRoleChanges,
  withAssignment,
  withRoles,
  type RolePlan,
  type RoleSet,
} from '../domain/raci';
import { ROLES } from '../domain/roles';
import { commsAfterRoleChange } from './comms-effects';
import { withTransaction, type ServiceContext } from './context';
import { noticeInChannel, refreshSurfaces, scheduleForIncident } from './effects';
import { requireIncidentPermission } from './permissions';

const userIds = z.array(z.string().min(1));

const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  actorId: z.string().min(1),
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
export async function assignRoles(ctx: ServiceContext, raw: AssignRolesInput): Promise<AssignRolesResult> {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const incident = await tx.incidents.byId(input.incidentId);
    if (!incident) throw new NotFoundError(`${incidentKey(input.incidentId)} does not exist.`);
    const key = incidentKey(incident.id);
    checkRolesOpen(incident);
    const before = await tx.roles.holders(incident.id);
    const commanderId = before.commander[0] ?? null;
    // Checked before the revision so a user who lost the right while the form was open is told why.
    await requireIncidentPermission(ctx, tx, incident, 'change_roles', input.actorId);
    if (input.expectedRevision !== undefined && (await tx.roles.revision(incident.id)) !== input.expectedRevision) {
      throw new ConflictError(
        `Someone changed the roles of ${key} while this form was open. Close it and run \`/incident roles\` again to see the latest.`,
      );
    }

    const desired =
      input.change.kind === 'assign' ? withAssignment(before, input.change.role, input.change.users) : withRoles(before, input.change.roles);
    const plan = planRoleChanges(before, desired, input.actorId, now, { unassignable: [...(input.botUserId ? [input.botUserId] : []), ...input.bots] });
    if (plan.changes.length === 0) return { incident, actorId: input.actorId, before, plan, acknowledged: false };

    for (const e of plan.end) await tx.roles.end(incident.id, e);
    for (const s of plan.start) await tx.roles.start(incident.id, s);
    let firstEntry = 0;
    for (const entry of plan.entries) {
      const id = await tx.timeline.addAutomatic({ incidentId: incident.id, ...entry }, now);
      firstEntry ||= id;
    }
    const acknowledged = isFirstCommanderAction(incident, input.actorId, commanderId);
    await tx.incidents.update(incident.id, acknowledged ? { acknowledgedAt: now, updatedAt: now } : { updatedAt: now });

    // Invite first (the queue keeps the order), then the summary, which reports who Slack refused.
    const cause = `entry:${firstEntry}`;
    const gained = plan.gained.map((g) => g.userId);
    const inviteKey = `invite:${cause}`;
    if (gained.length) await scheduleForIncident(tx, now, 'roles.invite', { incidentId: incident.id, users: gained, actorId: input.actorId }, { key: inviteKey });
    await noticeInChannel(
      tx,
      now,
      incident.id,
      { type: 'roles', actorId: input.actorId, changes: plan.changes, inviteJobKey: gained.length ? inviteKey : null },
      cause,
    );
    if (plan.commanderChanged) await refreshSurfaces(tx, now, incident.id);
    await commsAfterRoleChange(tx, now, ctx.comms, incident.id, plan, input.actorId);
    // The actor knows already.
    for (const g of plan.gained.filter((g) => g.userId !== input.actorId)) {
      await scheduleForIncident(
        tx,
        now,
        'roles.dm',
        { incidentId: incident.id, userId: g.userId, roles: g.roles, assignedBy: input.actorId, inviteJobKey: gained.length ? inviteKey : null },
        { key: `role-dm:${cause}:${g.userId}` },
      );
    }
    return { incident: (await tx.incidents.byId(incident.id))!, actorId: input.actorId, before, plan, acknowledged };
  });
}

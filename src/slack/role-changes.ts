import type { WebClient } from '@slack/web-api';
import { incidentKey } from '../domain/channel-name';
import type { Incident } from '../domain/incident';
import { checkCanChangeRoles, checkRolesOpen } from '../domain/raci';
import type { AssignRolesResult } from '../services/assign-roles';
import { buildRaciSummary, buildRoleDm } from './blocks/raci-messages';
import { buildRolesModal } from './blocks/roles-modal';
import type { ListenerDeps } from './deps';
import { describeSlackError, slackErrorCode } from './errors';
import { syncIncidentSurfaces } from './incident-sync';
import { inviteUsers, type InviteResult } from './war-room-setup';

/** conversations.invite takes at most 100 users per call. */
const INVITE_BATCH = 100;

/** The RACI form for an incident as its roles stand now. */
export function rolesModalFor(deps: ListenerDeps, incident: Incident) {
  return buildRolesModal({
    incident,
    holders: deps.ctx.repos.roles.holders(incident.id),
    revision: deps.ctx.repos.roles.revision(incident.id),
  });
}

export interface RolePublishReport {
  notInvited: InviteResult['skipped'];
  /** What could not be done in Slack, worded for the person who made the change. */
  problems: string[];
}

async function inviteAll(client: WebClient, channel: string, users: string[]): Promise<InviteResult> {
  const result: InviteResult = { invited: [], skipped: [] };
  for (let i = 0; i < users.length; i += INVITE_BATCH) {
    const part = await inviteUsers(client, channel, users.slice(i, i + INVITE_BATCH));
    result.invited.push(...part.invited);
    result.skipped.push(...part.skipped);
  }
  return result;
}

/**
 * The Slack side of a committed role change: invite the people who gained a role, post the RACI
 * summary, refresh card and topic when the commander changed, and DM each new holder. The change
 * is already recorded, so a Slack failure is logged and reported to the actor, never rolled back.
 */
export async function publishRoleChanges(deps: ListenerDeps, client: WebClient, result: AssignRolesResult): Promise<RolePublishReport> {
  const { incident, plan, actorId } = result;
  const report: RolePublishReport = { notInvited: [], problems: [] };
  if (plan.changes.length === 0) return report;
  const log = deps.logger.child({ inc: incidentKey(incident.id) });
  const channel = incident.channelId;
  if (!channel) {
    report.problems.push('The incident channel does not exist yet, so nobody was invited; run `/incident sync`.');
    return report;
  }

  const gained = plan.gained.map((g) => g.userId);
  try {
    report.notInvited = (await inviteAll(client, channel, gained)).skipped;
  } catch (error) {
    log.warn('roles.invite_failed', { error: slackErrorCode(error) });
    report.problems.push(`I could not invite the new role holders: ${describeSlackError(error)}.`);
  }
  const rejected = new Set(report.notInvited.map((s) => s.user));

  const summary = client.chat.postMessage({
    channel,
    ...buildRaciSummary({ incident, holders: plan.after, actorId, entries: plan.entries, notInvited: report.notInvited }),
  });
  // The actor knows already; someone Slack refused to invite cannot be messaged either.
  const dmTargets = plan.gained.filter((g) => g.userId !== actorId && !rejected.has(g.userId));
  const dms = dmTargets.map((g) =>
    client.chat.postMessage({ channel: g.userId, ...buildRoleDm({ incident, roles: g.roles, assignedBy: actorId }) }),
  );
  const surfaces = plan.commanderChanged ? syncIncidentSurfaces(deps, client, incident.id) : Promise.resolve();

  const [summaryResult, ...dmResults] = await Promise.allSettled([summary, ...dms]);
  await surfaces;
  if (summaryResult!.status === 'rejected') {
    log.warn('roles.summary_failed', { error: slackErrorCode(summaryResult!.reason) });
    report.problems.push(`I could not post the RACI summary in <#${channel}>: ${describeSlackError(summaryResult!.reason)}.`);
  }
  dmResults.forEach((r, i) => {
    if (r.status === 'fulfilled') return;
    const user = dmTargets[i]!.userId;
    log.warn('roles.dm_failed', { user, error: slackErrorCode(r.reason) });
    report.problems.push(`I could not DM <@${user}> about their role: ${describeSlackError(r.reason)}.`);
  });
  log.info('roles.changed', { by: actorId, changes: plan.changes.length, commander: plan.after.commander[0] });
  return report;
}

/** What the actor should hear about a change Slack only partly carried out; null when all went well. */
export function actorNotice(incident: Pick<Incident, 'id'>, report: RolePublishReport): string | null {
  const lines = [
    ...report.notInvited.map((s) => `Could not invite <@${s.user}>: ${describeSlackError({ data: { error: s.error } })}. The role is recorded.`),
    ...report.problems,
  ];
  if (lines.length === 0) return null;
  return [`:warning: The roles of ${incidentKey(incident.id)} are saved, but:`, ...lines.map((l) => `• ${l}`)].join('\n');
}

/**
 * Tells the actor what went wrong after a form submit, which has no response_url: ephemeral in
 * the war room, or a DM when they are not a member.
 */
export async function reportToActor(deps: ListenerDeps, client: WebClient, incident: Incident, actorId: string, report: RolePublishReport) {
  const text = actorNotice(incident, report);
  if (!text) return;
  if (incident.channelId) {
    try {
      await client.chat.postEphemeral({ channel: incident.channelId, user: actorId, text });
      return;
    } catch (error) {
      deps.logger.info('roles.report_ephemeral_failed', { error: slackErrorCode(error) });
    }
  }
  await client.chat.postMessage({ channel: actorId, text });
}

/**
 * Whether `actorId` may open the RACI form for this incident; the same rules are checked again
 * on submit, because permission can change while the form is open.
 */
export function checkRolesEditable(deps: ListenerDeps, incident: Incident, actorId: string): void {
  checkRolesOpen(incident);
  checkCanChangeRoles({
    actorId,
    declaredBy: incident.declaredBy,
    commanderId: deps.ctx.repos.incidents.commanderOf(incident.id),
    admins: deps.settings.admins,
  });
}

import { toMrkdwn } from '../../domain/text';
import { cadenceText } from '../../domain/cadence';
import { incidentKey } from '../../domain/channel-name';
import type { Incident } from '../../domain/incident';
import { raciMatrix, type PlannedTimelineEntry, type RoleSet } from '../../domain/raci';
import { RACI_WORD, ROLE_INFO, type Role } from '../../domain/roles';
import { SEVERITY_INFO, type Severity } from '../../domain/severity';
import { subcommandUsage } from './help';
import { STATUS_INFO } from '../../domain/status';
import { describeSlackError } from '../errors';
import { context, LIMITS, section, truncate } from './limits';

/**
 * What holding the role means in this incident, for the person who just got it. `cadence`: the
 * configured status-update cadence of the incident's severity, in words (`30 min`).
 */
export function roleBriefing(role: Role, severity: Severity, cadence: string): string[] {
  const info = ROLE_INFO[role];
  const sev = SEVERITY_INFO[severity];
  const lines = [`*${info.label}* — ${RACI_WORD[info.raci]}. ${info.duty}`];
  if (role === 'commander') {
    lines.push(`Staff the war room with ${subcommandUsage('roles')}; hand your role over with ${subcommandUsage('assign')} when you step away.`);
    lines.push(`At ${sev.label} a status update is due every ${cadence}.`);
  }
  if (role === 'comms_lead') lines.push(`At ${sev.label} a status update is due every ${cadence}; you write it (${subcommandUsage('update')}).`);
  if (role === 'scribe') {
    lines.push(`Mark key messages for the timeline (pin them or react with the timeline emoji), or use ${subcommandUsage('note')}.`);
  }
  if (role === 'legal' && severity === 'sev1') {
    lines.push('This is a SEV1: regulatory triage is required (EU AI Act Art. 73, GDPR Art. 33, NIS2 Art. 23 clocks may be running).');
  }
  if (role === 'stakeholder') lines.push('No action is needed from you; you are kept informed.');
  return lines;
}

/**
 * Mentions that always fit: a long list is cut at whole mentions with a count, never half-way
 * through `<@U…>`, which would render as garbage.
 */
export function mentionList(users: readonly string[], max = 20): string {
  if (users.length === 0) return '_nobody_';
  const shown = users.slice(0, max).map((u) => `<@${u}>`);
  const hidden = users.length - shown.length;
  return hidden > 0 ? `${shown.join(', ')} and ${hidden} more` : shown.join(', ');
}

export interface RaciSummaryInput {
  incident: Pick<Incident, 'id' | 'title'>;
  holders: RoleSet;
  actorId: string;
  entries: Pick<PlannedTimelineEntry, 'text'>[];
  /** Newly assigned people Slack would not let into the channel. */
  notInvited: { user: string; error: string }[];
}

/** The RACI summary posted in the war room after a change: who is A, R, C and I, and what changed. */
export function buildRaciSummary(p: RaciSummaryInput) {
  const key = incidentKey(p.incident.id);
  const groups = raciMatrix(p.holders).map((g) => {
    const lines = g.roles.map((r) => `• ${r.label}: ${mentionList(r.holders)}`);
    return section(`*${g.word} (${g.letter})*\n${lines.join('\n')}`);
  });
  const changes = p.entries.map((e) => `• ${toMrkdwn(e.text)}`);
  const blocks: Record<string, unknown>[] = [
    section(`:busts_in_silhouette: *Roles for ${key}* — updated by <@${p.actorId}>`),
    ...groups,
  ];
  if (changes.length) blocks.push(section(`*Changes*\n${changes.join('\n')}`));
  if (p.notInvited.length) {
    const lines = p.notInvited.map((s) => `• Could not invite <@${s.user}>: ${describeSlackError({ data: { error: s.error } })}.`);
    blocks.push(section(`:warning: *Not in the channel*\n${lines.join('\n')}\nThe role is recorded; pick someone else or invite them by hand.`));
  }
  blocks.push(context([`${key}: ${toMrkdwn(p.incident.title)} · change roles with \`/incident roles\``]));
  const commander = p.holders.commander[0];
  const text = `Roles for ${key} updated by <@${p.actorId}>. Commander: ${commander ? `<@${commander}>` : 'unassigned'}.`;
  return { text: truncate(text, LIMITS.messageText), blocks: blocks.slice(0, LIMITS.messageBlocks) };
}

export interface RoleDmInput {
  incident: Pick<Incident, 'id' | 'title' | 'severity' | 'status' | 'channelId'>;
  roles: Role[];
  assignedBy: string;
  /** Who gets the DM; when it is the person who assigned (a declarer commanding), the DM says so. */
  recipientId?: string;
  /** The configured status-update cadence of the incident's severity. */
  cadenceMs: number;
}

/** The DM a newly assigned person gets: the role, what it means in this incident, and the way in. */
export function buildRoleDm({ incident, roles, assignedBy, recipientId, cadenceMs }: RoleDmInput) {
  const key = incidentKey(incident.id);
  const sev = SEVERITY_INFO[incident.severity].label;
  const where = incident.channelId ? `<#${incident.channelId}>` : 'the incident channel (not created yet)';
  const blocks: Record<string, unknown>[] = [
    section(
      `:wave: ${recipientId === assignedBy ? 'You hold' : `<@${assignedBy}> gave you`} ${roles.length === 1 ? 'a role' : 'roles'} in *${key}: ${toMrkdwn(incident.title)}* ` +
        `(${sev} · ${STATUS_INFO[incident.status].label}).`,
    ),
    ...roles.map((role) => section(roleBriefing(role, incident.severity, cadenceText(cadenceMs)).join('\n'))),
    section(`Join the war room: ${where}`),
  ];
  const names = roles.map((r) => ROLE_INFO[r].label).join(', ');
  const text = `Your role${roles.length === 1 ? '' : 's'} in ${key}: ${names}. War room: ${where}`;
  return { text: truncate(text, LIMITS.messageText), blocks };
}

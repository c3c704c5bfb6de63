/**
 * Who may do what to an incident: the one rule every command, card control, form submission and
 * job consults. The domain answers with codes and people; each medium words the refusal itself.
 */
import { ForbiddenError } from './errors';
import type { RoleSet } from './raci';
import type { Role } from './roles';

/**
 * steer: severity, status, details, resolve, close, re-open;
 * change_roles: staff or re-staff the war room;
 * post_update: the status update (issue of the communications lead first);
 * analyse: the post-mortem analysis and corrective actions;
 * triage: regulatory decisions (applies / does not apply / unsure);
 * log_report: the disclosure log (a report made to an authority) and the regulator-ready export;
 * annotate: notes and timeline marks (anyone who can see the channel).
 */
export const INCIDENT_ACTIONS = ['steer', 'change_roles', 'post_update', 'analyse', 'triage', 'log_report', 'annotate'] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

/** Who a rule names, in the order a refusal lists them. */
export type Permitted = 'commander' | 'declarer' | 'responsible' | 'legal' | 'admin' | 'anyone';

/** The Responsible roles of the RACI matrix. */
export const RESPONSIBLE_ROLES: readonly Role[] = ['tech_lead', 'comms_lead', 'scribe'];

const RULES: Record<IncidentAction, readonly Permitted[]> = {
  steer: ['commander', 'declarer', 'responsible', 'admin'],
  change_roles: ['commander', 'declarer', 'admin'],
  post_update: ['commander', 'responsible', 'admin'],
  analyse: ['commander', 'responsible', 'admin'],
  // Legal decides; the commander stands in while nobody holds the Legal role.
  triage: ['legal', 'admin'],
  // The commander often sends the report themselves; Legal keeps the log too.
  log_report: ['legal', 'commander', 'admin'],
  annotate: ['anyone'],
};

export interface PermissionSubject {
  declaredBy: string;
  holders: RoleSet;
}

export interface PermissionCheck {
  allowed: boolean;
  /** The groups the rule names (with the commander standing in for an empty Legal). */
  permitted: readonly Permitted[];
  /** Someone to ask: the commander when there is one, else the declarer. */
  ask: string | null;
}

export function checkPermission(action: IncidentAction, actorId: string, incident: PermissionSubject, admins: readonly string[]): PermissionCheck {
  let permitted = RULES[action];
  if (action === 'triage' && incident.holders.legal.length === 0) permitted = ['commander', 'admin'];
  const commander = incident.holders.commander[0] ?? null;
  const is: Record<Permitted, boolean> = {
    anyone: true,
    commander: actorId === commander,
    declarer: actorId === incident.declaredBy,
    responsible: RESPONSIBLE_ROLES.some((role) => incident.holders[role].includes(actorId)),
    legal: incident.holders.legal.includes(actorId),
    admin: admins.includes(actorId),
  };
  const ask = action === 'triage' && incident.holders.legal.length ? incident.holders.legal[0]! : (commander ?? incident.declaredBy);
  return { allowed: permitted.some((p) => is[p]), permitted, ask };
}

/** A refusal: nothing was changed. `action`, `permitted` and `ask` let each medium say who may. */
export class PermissionError extends ForbiddenError {
  constructor(
    readonly action: IncidentAction,
    readonly permitted: readonly Permitted[],
    readonly ask: string | null,
  ) {
    super(permissionText(action, permitted, ask));
    this.name = 'PermissionError';
  }
}

/** Throws a PermissionError unless `actorId` may do `action`. */
export function requirePermission(action: IncidentAction, actorId: string, incident: PermissionSubject, admins: readonly string[]): void {
  const check = checkPermission(action, actorId, incident, admins);
  if (!check.allowed) throw new PermissionError(action, check.permitted, check.ask);
}

const WHO: Record<Permitted, string> = {
  commander: 'the commander',
  declarer: 'the declarer',
  responsible: 'a responsible role (technical lead, communications lead, scribe)',
  legal: 'the Legal / Compliance role',
  admin: 'a war-room admin',
  anyone: 'anyone',
};

const WHAT: Record<IncidentAction, string> = {
  steer: 'change this incident',
  change_roles: 'change roles',
  post_update: 'post a status update',
  analyse: 'edit the post-mortem analysis',
  triage: 'decide the regulatory triage',
  log_report: 'log or export a regulatory report',
  annotate: 'add to the timeline',
};

/** `the commander, the declarer or a war-room admin`. */
export function permittedPhrase(permitted: readonly Permitted[]): string {
  const names = permitted.map((p) => WHO[p]);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? 'nobody');
}

export function actionPhrase(action: IncidentAction): string {
  return WHAT[action];
}

/** Plain-text wording without the person to ask (each medium names them its own way). */
export function permissionText(action: IncidentAction, permitted: readonly Permitted[], _ask: string | null): string {
  return `Only ${permittedPhrase(permitted)} can ${actionPhrase(action)}. Nothing was changed.`;
}

import { toMrkdwn } from '../../domain/text';
import { HARM_CATEGORY_INFO, HARM_LEVEL_INFO } from '../../domain/harm';
import { incidentKey } from '../../domain/channel-name';
import type { Incident } from '../../domain/incident';
import { SEVERITY_INFO } from '../../domain/severity';
import { STATUS_INFO } from '../../domain/status';
import { cardBlockId } from '../ids';
import { fieldsSection, header, section, context, LIMITS, truncate } from './limits';
import { cardActions } from './card-actions';

const SEVERITY_EMOJI = { sev1: ':red_circle:', sev2: ':large_orange_circle:', sev3: ':large_yellow_circle:', sev4: ':white_circle:' } as const;

/** `<!date^…>` renders in each reader's own time zone; the fallback is UTC. */
export function slackDate(date: Date): string {
  const seconds = Math.floor(date.getTime() / 1000);
  const fallback = `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${seconds}^{date_short_pretty} {time}|${fallback}>`;
}

export interface CardInput {
  incident: Incident;
  commanderId: string | null;
  /** The nearest open regulatory deadline, worded (nearestDeadlineLine); none = no line. */
  nextDeadline?: string | null;
}

/** The pinned incident card: the single place responders look for the current state. */
export function buildIncidentCard({ incident, commanderId, nextDeadline }: CardInput) {
  const key = incidentKey(incident.id);
  const system = [incident.affectedSystem, incident.affectedVersion].filter(Boolean).join(' @ ') || '_not given_';
  const blocks: Record<string, unknown>[] = [
    { ...header(`${key}: ${incident.title}`), block_id: cardBlockId(incident.id) },
    fieldsSection([
      `*Severity*\n${SEVERITY_EMOJI[incident.severity]} ${SEVERITY_INFO[incident.severity].label}`,
      `*Status*\n${STATUS_INFO[incident.status].label}`,
      `*Harm category*\n${HARM_CATEGORY_INFO[incident.category].label}`,
      `*Harm level*\n${HARM_LEVEL_INFO[incident.harmLevel].label}`,
      `*Affected system*\n${toMrkdwn(system)}`,
      `*Commander*\n${commanderId ? `<@${commanderId}>` : '_unassigned_'}`,
      `*Declared*\n${slackDate(incident.declaredAt)} by <@${incident.declaredBy}>`,
      ...(incident.impactStartedAt ? [`*Impact started*\n${slackDate(incident.impactStartedAt)}`] : []),
    ]),
    section(`*Summary*\n${incident.summary ? toMrkdwn(incident.summary) : '_No summary yet._'}`),
  ];
  if (nextDeadline) blocks.push(section(nextDeadline));
  const actions = cardActions(incident);
  if (actions) blocks.push(actions);
  blocks.push(context([`${key} · ${incident.isPrivate ? 'private incident · ' : ''}this card updates as the incident changes`]));
  // Fallback text is mrkdwn too: the title is encoded like everywhere else, or a `<!channel>` in it would ping.
  const text = `${key} ${SEVERITY_INFO[incident.severity].label} ${STATUS_INFO[incident.status].label}: ${toMrkdwn(incident.title)}`;
  return { text: truncate(text, LIMITS.messageText), blocks };
}

import type { Incident } from './incident';

/**
 * A private incident is seen in full only by the members of its channel. Anyone else, on every
 * surface (lists, the App Home, DMs, announcements, error replies), sees at most its number, its
 * severity and that it is private.
 */
export interface RedactedIncident {
  id: number;
  severity: Incident['severity'];
  isPrivate: true;
}

export function mustRedact(incident: Pick<Incident, 'isPrivate'>, isChannelMember: boolean): boolean {
  return incident.isPrivate && !isChannelMember;
}

export function redact(incident: Pick<Incident, 'id' | 'severity'>): RedactedIncident {
  return { id: incident.id, severity: incident.severity, isPrivate: true };
}

/**
 * Who may see what of an incident outside its channel. People outside a private incident's channel
 * see at most its number, its severity and that it is private.
 */
export type Visibility = 'full' | 'limited';

/**
 * `members`: the people known to be in the incident's channel — the declarer, everyone who held a
 * role, and everyone the bot saw join.
 */
export function visibilityFor(incident: { isPrivate: boolean }, userId: string, members: ReadonlySet<string>): Visibility {
  if (!incident.isPrivate) return 'full';
  return members.has(userId) ? 'full' : 'limited';
}

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

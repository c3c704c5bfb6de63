import type { HarmCategory, HarmLevel } from './harm';
import { severityLabel, type Severity } from './severity';
import { statusLabel, type Status } from './status';

/** The incident as the domain sees it (persistence-agnostic). */
export interface Incident {
  id: number;
  title: string;
  summary: string;
  severity: Severity;
  status: Status;
  category: HarmCategory;
  harmLevel: HarmLevel;
  affectedSystem: string;
  affectedVersion: string;
  isPrivate: boolean;
  declaredBy: string;
  originChannelId: string | null;
  channelId: string | null;
  channelName: string | null;
  cardTs: string | null;
  impactStartedAt: Date | null;
  detectedAt: Date | null;
  declaredAt: Date;
  acknowledgedAt: Date | null;
  containedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  awareAt: Date | null;
  updatedAt: Date;
}

/** Slack limits topics to 250 characters. */
export const TOPIC_MAX = 250;

/** `SEV1 · Investigating · IC: <@U1>` — what the channel topic shows at a glance. */
export function channelTopic(incident: Pick<Incident, 'severity' | 'status'>, commanderId: string | null): string {
  const parts = [severityLabel(incident.severity), statusLabel(incident.status)];
  parts.push(commanderId ? `IC: <@${commanderId}>` : 'IC: unassigned');
  return parts.join(' · ');
}

export function channelPurpose(incident: Pick<Incident, 'summary' | 'title'>): string {
  const text = incident.summary || incident.title;
  return text.length > TOPIC_MAX ? `${text.slice(0, TOPIC_MAX - 1)}…` : text;
}

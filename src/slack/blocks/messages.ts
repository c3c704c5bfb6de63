import { toMrkdwn } from '../../domain/text';
import { formatDistanceStrict } from 'date-fns';
import { incidentKey } from '../../domain/channel-name';
import type { Incident } from '../../domain/incident';
import type { RedactedIncident } from '../../domain/visibility';
import { SEVERITY_INFO } from '../../domain/severity';
import { STATUS_INFO } from '../../domain/status';
import { announceBlockId } from '../ids';
import { capBlocks, context, LIMITS, section, truncate } from './limits';

/** An open incident as the person asking may see it: in full, or (private, not a member) redacted. */
export type ListedIncident = { incident: Incident; commanderId: string | null } | { redacted: RedactedIncident; declaredAt: Date };

/** `/incident list`: one section per open incident, most severe first. */
export function buildIncidentList(items: ListedIncident[], now: Date) {
  if (items.length === 0) {
    return { text: 'No open incidents. :tada:', blocks: [section('No open incidents. :tada:')] };
  }
  const key = (item: ListedIncident) => ('incident' in item ? item.incident : item.redacted);
  const sorted = [...items].sort((a, b) => key(a).severity.localeCompare(key(b).severity) || key(a).id - key(b).id);
  const rows: Record<string, unknown>[] = sorted.map((item) => {
    if (!('incident' in item)) {
      return section(`*${incidentKey(item.redacted.id)}* · ${SEVERITY_INFO[item.redacted.severity].label} · :lock: private`);
    }
    const { incident, commanderId } = item;
    const channel = incident.channelId ? `<#${incident.channelId}>` : '_channel not created yet_';
    const age = formatDistanceStrict(incident.declaredAt, now);
    return section(
      `*${incidentKey(incident.id)}* · ${SEVERITY_INFO[incident.severity].label} · ${STATUS_INFO[incident.status].label} · ${toMrkdwn(incident.title)}\n` +
        `${channel} · IC ${commanderId ? `<@${commanderId}>` : '_unassigned_'} · open for ${age}`,
    );
  });
  const blocks = capBlocks([section(`*${items.length} open incident${items.length === 1 ? '' : 's'}*`), ...rows], LIMITS.messageBlocks, (hidden) =>
    context([`…and ${hidden} more.`]),
  );
  return { text: `${items.length} open incident${items.length === 1 ? '' : 's'}`, blocks };
}

/** Announcement in the incidents channel; a private incident reveals only that it exists. */
export function buildAnnouncement(incident: Incident) {
  const key = incidentKey(incident.id);
  const sev = SEVERITY_INFO[incident.severity].label;
  if (incident.isPrivate) {
    // Number, severity, "private": nothing else, not even who declared it.
    const said = `A private ${sev} incident (${key}) was declared.`;
    return { text: said, blocks: [section(`:lock: ${said}`, { block_id: announceBlockId(incident.id) })] };
  }
  const title = toMrkdwn(incident.title);
  const text = `:rotating_light: *${key}* ${sev} declared by <@${incident.declaredBy}>: *${title}*\nJoin <#${incident.channelId}> to help.`;
  // The fallback is written from the same values, not by stripping the mrkdwn above.
  const fallback = truncate(`${key} ${sev} declared by <@${incident.declaredBy}>: ${title}`, 300);
  return { text: fallback, blocks: [section(text, { block_id: announceBlockId(incident.id) })] };
}

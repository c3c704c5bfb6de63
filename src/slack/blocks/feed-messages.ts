import { incidentKey } from '../../domain/channel-name';
import type { Incident } from '../../domain/incident';
import { formatDuration } from '../../domain/metrics';
import { severityLabel } from '../../domain/severity';
import { statusLabel } from '../../domain/status';
import { toMrkdwn } from '../../domain/text';
import type { FeedEvent } from '../../engine/job-kinds';
import { announceBlockId } from '../ids';
import { slackDate } from './incident-card';
import { buildAnnouncement } from './messages';
import { context, fieldsSection, section, truncate } from './limits';

const FALLBACK_MAX = 300;

export interface LiveAnnouncementInput {
  incident: Incident;
  commanderId: string | null;
  lastUpdateAt: Date | null;
}

/**
 * The announcement in the incidents channel as a live board entry: edited in place after every
 * change. A private incident's announcement says only that it exists, and its edits say no more.
 */
export function buildLiveAnnouncement({ incident, commanderId, lastUpdateAt }: LiveAnnouncementInput) {
  if (incident.isPrivate) return buildAnnouncement(incident);
  const key = incidentKey(incident.id);
  const title = toMrkdwn(incident.title);
  const over = incident.status === 'resolved' || incident.status === 'closed';
  const icon = over ? ':large_green_circle:' : ':rotating_light:';
  const join = incident.channelId ? (over ? `\nWar room: <#${incident.channelId}>` : `\nJoin <#${incident.channelId}> to help.`) : '';
  const status =
    over && incident.resolvedAt
      ? `${statusLabel(incident.status)} after ${formatDuration(incident.resolvedAt.getTime() - incident.declaredAt.getTime())}`
      : statusLabel(incident.status);
  const blocks = [
    section(`${icon} *${key}*: *${title}*${join}`, { block_id: announceBlockId(incident.id) }),
    fieldsSection([
      `*Severity*\n${severityLabel(incident.severity)}`,
      `*Status*\n${status}`,
      `*Commander*\n${commanderId ? `<@${commanderId}>` : '_unassigned_'}`,
      `*Last update*\n${lastUpdateAt ? slackDate(lastUpdateAt) : '_none yet_'}`,
    ]),
    context([`Declared ${slackDate(incident.declaredAt)} by <@${incident.declaredBy}> · this message follows the incident; updates are in its thread`]),
  ];
  const text = `${key} ${severityLabel(incident.severity)} ${statusLabel(incident.status)}: ${title}`;
  return { text: truncate(text, FALLBACK_MAX), blocks };
}

export interface FeedReplyInput {
  incident: Incident;
  event: Exclude<FeedEvent, { type: 'update' }>;
  /** For a resolution: a link to the post-mortem draft, when there is one. */
  draft?: { version: number; permalink: string | null } | null;
}

/**
 * A reply in the announcement's thread. A private incident's reply names only its number and
 * severity; returns null when there is nothing it may say.
 */
export function buildFeedReply({ incident, event, draft }: FeedReplyInput): { text: string; blocks: Record<string, unknown>[] } | null {
  const key = incidentKey(incident.id);
  // Shown and fallback text are written from the same values (never by stripping mrkdwn).
  let shown: string;
  let plainText: string;
  switch (event.type) {
    case 'severity': {
      const verb = event.direction === 'escalated' ? 'escalated' : 'downgraded';
      if (incident.isPrivate) {
        plainText = `A private incident (${key}) was ${verb} to ${severityLabel(event.to)}.`;
        shown = `:lock: ${plainText}`;
        break;
      }
      const icon = event.direction === 'escalated' ? ':arrow_double_up:' : ':arrow_double_down:';
      shown = `${icon} *${key}* ${verb} ${severityLabel(event.from)} → *${severityLabel(event.to)}* by <@${event.actorId}>.`;
      plainText = `${key} ${verb} ${severityLabel(event.from)} → ${severityLabel(event.to)} by <@${event.actorId}>.`;
      break;
    }
    case 'reopened':
      if (incident.isPrivate) return null;
      shown = `:leftwards_arrow_with_hook: *${key}* was re-opened by <@${event.actorId}>: ${statusLabel(event.from)} → *${statusLabel(event.to)}*.`;
      plainText = `${key} was re-opened by <@${event.actorId}>: ${statusLabel(event.from)} → ${statusLabel(event.to)}.`;
      break;
    case 'resolved': {
      if (incident.isPrivate) return null;
      const lasted = incident.resolvedAt ? ` after ${formatDuration(incident.resolvedAt.getTime() - incident.declaredAt.getTime())}` : '';
      const name = draft ? `Post-mortem draft v${draft.version}` : '';
      shown =
        `:large_green_circle: *${key}* was resolved by <@${event.actorId}>${lasted} (declared ${slackDate(incident.declaredAt)}).` +
        (draft ? (draft.permalink ? ` <${draft.permalink}|${name}>.` : ` ${name} is in the war room.`) : '');
      plainText = `${key} was resolved by <@${event.actorId}>${lasted}.${draft ? ` ${name} is ready.` : ''}`;
      break;
    }
    case 'closed':
      if (incident.isPrivate) return null;
      shown = `:white_check_mark: *${key}* was closed by <@${event.actorId}>.`;
      plainText = `${key} was closed by <@${event.actorId}>.`;
      break;
  }
  return { text: truncate(plainText, FALLBACK_MAX), blocks: [section(shown)] };
}

import { incidentKey } from '../../domain/channel-name';
import { detailChangeText, type DetailChange } from '../../domain/details-edit';
import type { Incident } from '../../domain/incident';
import type { StatusChange } from '../../domain/lifecycle';
import type { SeverityChange } from '../../domain/severity-change';
import { SEVERITY_INFO, severityLabel } from '../../domain/severity';
import { statusLabel } from '../../domain/status';
import { context, escapeMrkdwn, section } from './limits';

const plainText = (text: string) => text.replace(/[*_~`]/g, '').slice(0, 300);

/** Posted in the war room, so everyone sees the move and who made it. */
export function buildStatusNotice(change: Pick<StatusChange, 'from' | 'to' | 'direction' | 'note'>, actorId: string) {
  const text =
    change.direction === 'backward'
      ? `:leftwards_arrow_with_hook: <@${actorId}> re-opened the incident: *${statusLabel(change.from)}* → *${statusLabel(change.to)}*`
      : `:arrows_counterclockwise: <@${actorId}> moved the incident to *${statusLabel(change.to)}* (was ${statusLabel(change.from)})`;
  const blocks: Record<string, unknown>[] = [section(text)];
  if (change.note) blocks.push(context([`Note: ${escapeMrkdwn(change.note)}`]));
  return { text: plainText(text), blocks };
}

export function buildSeverityNotice(change: Pick<SeverityChange, 'from' | 'to' | 'direction' | 'reason'>, actorId: string) {
  const arrow = change.direction === 'escalated' ? ':arrow_double_up:' : ':arrow_double_down:';
  const text = `${arrow} <@${actorId}> ${change.direction} the incident to *${severityLabel(change.to)}* (was ${severityLabel(change.from)})`;
  const blocks: Record<string, unknown>[] = [section(text)];
  const cadence = SEVERITY_INFO[change.to].updateCadenceMinutes;
  const lines = [change.reason ? `Reason: ${escapeMrkdwn(change.reason)}` : null, cadence ? `Status updates are due every ${cadence >= 60 ? `${cadence / 60} h` : `${cadence} min`}.` : null];
  const extra = lines.filter(Boolean).join(' · ');
  if (extra) blocks.push(context([extra]));
  return { text: plainText(text), blocks };
}

export function buildDetailsNotice(changes: readonly DetailChange[], actorId: string) {
  const text = `:pencil2: <@${actorId}> corrected the incident details`;
  const lines = changes.map((c) => `• ${escapeMrkdwn(detailChangeText(c))}`).join('\n');
  return { text: plainText(text), blocks: [section(text), section(lines)] };
}

/**
 * Escalation to SEV1/SEV2 in the incidents channel. A private incident only says that it exists
 * and how severe it now is: no title, no channel, no reason.
 */
export function buildEscalationAnnouncement(incident: Incident, change: Pick<SeverityChange, 'from' | 'to' | 'reason'>, actorId: string) {
  const key = incidentKey(incident.id);
  const sev = severityLabel(change.to);
  const text = incident.isPrivate
    ? `:lock: A private incident (${key}) was escalated to ${sev} by <@${actorId}>.`
    : `:arrow_double_up: *${key}* escalated ${severityLabel(change.from)} → *${sev}* by <@${actorId}>: *${escapeMrkdwn(incident.title)}*` +
      (change.reason ? `\nReason: ${escapeMrkdwn(change.reason)}` : '') +
      (incident.channelId ? `\nJoin <#${incident.channelId}> to help.` : '');
  return { text: plainText(text), blocks: [section(text)] };
}

/** The bot's echo of `/incident note`, so the note is visible in the channel, not only on the timeline. */
export function buildNoteMessage(text: string, actorId: string) {
  const body = `:memo: *Timeline note* by <@${actorId}>\n${text}`;
  return { text: plainText(`Timeline note: ${text}`), blocks: [section(body)] };
}

/** Posted when the resolution is saved; the draft follows in its own message. */
export function buildResolvedNotice(p: { incidentId: number; actorId: string; actionCount: number; firstTime: boolean }) {
  const key = incidentKey(p.incidentId);
  const text = p.firstTime
    ? `:large_green_circle: ${key} is resolved by <@${p.actorId}>. ${p.actionCount} corrective action${p.actionCount === 1 ? '' : 's'} recorded; compiling the post-mortem draft…`
    : `:memo: <@${p.actorId}> updated the resolution of ${key}; compiling a new post-mortem draft…`;
  return { text: plainText(text), blocks: [section(text)] };
}

export function buildClosedNotice(p: { incidentId: number; actorId: string; archive: boolean }) {
  const key = incidentKey(p.incidentId);
  const text =
    `:white_check_mark: ${key} is closed by <@${p.actorId}>. The post-mortem draft is above.` + (p.archive ? ' This channel is now archived.' : '');
  return { text: plainText(text), blocks: [section(text)] };
}

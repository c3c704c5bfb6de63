import { toMrkdwn } from '../../domain/text';
import { cadenceText } from '../../domain/cadence';
import { incidentKey } from '../../domain/channel-name';
import { detailChangeText, type DetailChange } from '../../domain/details-edit';
import type { Incident } from '../../domain/incident';
import type { StatusChange } from '../../domain/lifecycle';
import type { SeverityChange } from '../../domain/severity-change';
import { severityLabel } from '../../domain/severity';
import { statusLabel, type Status } from '../../domain/status';
import { context, section, truncate } from './limits';

/**
 * Fallback `text` (notifications, screen readers) says the same as the blocks, written from the
 * same plain values through the same encoder — never by stripping mrkdwn, which mangles
 * `:arrows_counterclockwise:` and `02:00`.
 */
const FALLBACK_MAX = 300;
const fallback = (text: string) => truncate(text, FALLBACK_MAX);

/** Posted in the war room, so everyone sees the move and who made it. */
export function buildStatusNotice(change: Pick<StatusChange, 'from' | 'to' | 'direction' | 'note'>, actorId: string) {
  const text =
    change.direction === 'backward'
      ? `:leftwards_arrow_with_hook: <@${actorId}> re-opened the incident: *${statusLabel(change.from)}* → *${statusLabel(change.to)}*`
      : `:arrows_counterclockwise: <@${actorId}> moved the incident to *${statusLabel(change.to)}* (was ${statusLabel(change.from)})`;
  const blocks: Record<string, unknown>[] = [section(text)];
  if (change.note) blocks.push(context([`Note: ${toMrkdwn(change.note)}`]));
  const summary =
    change.direction === 'backward'
      ? `<@${actorId}> re-opened the incident: ${statusLabel(change.from)} → ${statusLabel(change.to)}`
      : `<@${actorId}> moved the incident to ${statusLabel(change.to)} (was ${statusLabel(change.from)})`;
  return { text: fallback(change.note ? `${summary}. Note: ${toMrkdwn(change.note)}` : summary), blocks };
}

/** `cadenceMs`: the configured update cadence of the new severity (UPDATE_CADENCE). */
export function buildSeverityNotice(change: Pick<SeverityChange, 'from' | 'to' | 'direction' | 'reason'>, actorId: string, cadenceMs: number) {
  const arrow = change.direction === 'escalated' ? ':arrow_double_up:' : ':arrow_double_down:';
  const summary = `<@${actorId}> ${change.direction} the incident to ${severityLabel(change.to)} (was ${severityLabel(change.from)})`;
  const text = `${arrow} <@${actorId}> ${change.direction} the incident to *${severityLabel(change.to)}* (was ${severityLabel(change.from)})`;
  const blocks: Record<string, unknown>[] = [section(text)];
  const lines = [change.reason ? `Reason: ${toMrkdwn(change.reason)}` : null, `Status updates are due every ${cadenceText(cadenceMs)}.`];
  const extra = lines.filter(Boolean).join(' · ');
  if (extra) blocks.push(context([extra]));
  return { text: fallback(change.reason ? `${summary}. Reason: ${toMrkdwn(change.reason)}` : summary), blocks };
}

export function buildDetailsNotice(changes: readonly DetailChange[], actorId: string) {
  const text = `:pencil2: <@${actorId}> corrected the incident details`;
  const lines = changes.map((c) => `• ${toMrkdwn(detailChangeText(c))}`).join('\n');
  return { text: fallback(`<@${actorId}> corrected the incident details`), blocks: [section(text), section(lines)] };
}

/**
 * Escalation to SEV1/SEV2 in the incidents channel. A private incident only says that it exists
 * and how severe it now is: no title, no channel, no reason.
 */
export function buildEscalationAnnouncement(incident: Incident, change: Pick<SeverityChange, 'from' | 'to' | 'reason'>, actorId: string) {
  const key = incidentKey(incident.id);
  const sev = severityLabel(change.to);
  if (incident.isPrivate) {
    // Number, severity, "private": nothing else, not even who escalated it.
    const said = `A private incident (${key}) was escalated to ${sev}.`;
    return { text: fallback(said), blocks: [section(`:lock: ${said}`)] };
  }
  const title = toMrkdwn(incident.title);
  const reason = change.reason ? toMrkdwn(change.reason) : null;
  const text =
    `:arrow_double_up: *${key}* escalated ${severityLabel(change.from)} → *${sev}* by <@${actorId}>: *${title}*` +
    (reason ? `\nReason: ${reason}` : '') +
    (incident.channelId ? `\nJoin <#${incident.channelId}> to help.` : '');
  const summary = `${key} escalated ${severityLabel(change.from)} → ${sev} by <@${actorId}>: ${title}${reason ? `. Reason: ${reason}` : ''}`;
  return { text: fallback(summary), blocks: [section(text)] };
}

/**
 * The bot's echo of `/incident note`, so the note is visible in the channel, not only on the
 * timeline. The note is the person's plain text, encoded once: a `<!channel>` they typed is
 * shown, never broadcast by the bot on their behalf.
 */
export function buildNoteMessage(note: string, actorId: string) {
  const text = toMrkdwn(note);
  const body = `:memo: *Timeline note* by <@${actorId}>\n${text}`;
  return { text: fallback(`Timeline note by <@${actorId}>: ${text}`), blocks: [section(body)] };
}

/** Posted when the resolution is saved; the draft follows in its own message. */
export function buildResolvedNotice(p: { incidentId: number; actorId: string; actionCount: number; firstTime: boolean }) {
  const key = incidentKey(p.incidentId);
  const summary = p.firstTime
    ? `${key} is resolved by <@${p.actorId}>. ${p.actionCount} corrective action${p.actionCount === 1 ? '' : 's'} recorded; compiling the post-mortem draft…`
    : `<@${p.actorId}> updated the resolution of ${key}; compiling a new post-mortem draft…`;
  return { text: fallback(summary), blocks: [section(`${p.firstTime ? ':large_green_circle:' : ':memo:'} ${summary}`)] };
}

export function buildClosedNotice(p: { incidentId: number; actorId: string; archive: boolean }) {
  const key = incidentKey(p.incidentId);
  const summary = `${key} is closed by <@${p.actorId}>. The post-mortem draft is above.` + (p.archive ? ' This channel is now archived.' : '');
  return { text: fallback(summary), blocks: [section(`:white_check_mark: ${summary}`)] };
}

/**
 * The evidence record, posted in the war room with the status change it came with. A skip is
 * loud: whoever reads the channel later sees that the system was changed without a snapshot.
 */
export function buildEvidenceNotice(r: {
  outcome: 'preserved' | 'skipped';
  forStatus: Status;
  recordedBy: string;
  modelRef: string;
  promptsRef: string;
  samplesRef: string;
  logsRef: string;
  preservedBy: string | null;
  skipReason: string | null;
  digest: string;
}) {
  const target = statusLabel(r.forStatus);
  if (r.outcome === 'skipped') {
    const said = `<@${r.recordedBy}> moved to ${target} WITHOUT preserving the evidence first (EU AI Act Art. 73(6))`;
    return {
      text: fallback(`${said}. Reason: ${toMrkdwn(r.skipReason ?? '')}`),
      blocks: [
        section(`:rotating_light: *Evidence not preserved.* <@${r.recordedBy}> moved to *${target}* without an evidence snapshot (EU AI Act Art. 73(6)).`),
        section(`*Reason:* ${toMrkdwn(r.skipReason ?? '')}`),
        context([`Recorded on the timeline and flagged in the post-mortem · record sha256:${r.digest.slice(0, 16)}…`]),
      ],
    };
  }
  const lines = [
    `• *Model / weights:* ${toMrkdwn(r.modelRef)}`,
    `• *Prompts and configuration:* ${toMrkdwn(r.promptsRef)}`,
    `• *Input/output samples:* ${toMrkdwn(r.samplesRef)}`,
    `• *Logs:* ${toMrkdwn(r.logsRef)}`,
    `• *Preserved by:* <@${r.preservedBy ?? r.recordedBy}>`,
  ].join('\n');
  return {
    text: fallback(`<@${r.recordedBy}> recorded the evidence snapshot before the move to ${target}`),
    blocks: [section(`:lock: <@${r.recordedBy}> recorded the evidence snapshot before the move to *${target}*`), section(lines), context([`record sha256:${r.digest}`])],
  };
}

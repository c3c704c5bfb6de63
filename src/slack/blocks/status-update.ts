import type { types } from '@slack/bolt';
import { cadenceText } from '../../domain/cadence';
import { incidentKey } from '../../domain/channel-name';
import type { Incident } from '../../domain/incident';
import { severityLabel } from '../../domain/severity';
import { statusLabel } from '../../domain/status';
import { EXECUTIVE_SUMMARY_MAX, nextUpdateChoices, UPDATE_FIELD_MAX, UPDATE_STATUS_MAX } from '../../domain/status-update';
import { toMrkdwn } from '../../domain/text';
import type { StatusUpdateRow } from '../../db/repositories/types';
import { ACTION, CALLBACK, UPDATE_BLOCK } from '../ids';
import { slackDate } from './incident-card';
import { inputBlock } from './input';
import { actions, button, context, LIMITS, modalTitle, option, plain, privateMetadata, section, truncate } from './limits';

const FALLBACK_MAX = 300;

export interface StatusUpdateModalInput {
  incident: Pick<Incident, 'id' | 'title' | 'severity'>;
  cadenceMs: number;
}

const nextOption = (ms: number, cadenceMs: number) => option(`${cadenceText(ms)}${ms === cadenceMs ? ' (the cadence)' : ''}`, String(ms));

/** `/incident update` and "Post update": where things stand, in a minute's typing. */
export function buildStatusUpdateModal({ incident, cadenceMs }: StatusUpdateModalInput): types.ModalView {
  const choices = nextUpdateChoices(cadenceMs).map((ms) => nextOption(ms, cadenceMs));
  const intro: Record<string, unknown> = context([
    `*${incidentKey(incident.id)}* · ${severityLabel(incident.severity)} · ${toMrkdwn(incident.title)} — posted in the channel, the incidents channel's thread and to stakeholders`,
  ]);
  return {
    type: 'modal' as const,
    callback_id: CALLBACK.statusUpdateModal,
    private_metadata: privateMetadata({ incidentId: incident.id }),
    title: modalTitle('Status update'),
    submit: plain('Post update', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks: [
      intro,
      inputBlock(UPDATE_BLOCK.currentStatus, 'Current status', {
        type: 'plain_text_input',
        multiline: true,
        max_length: UPDATE_STATUS_MAX,
        placeholder: plain('One or two sentences: where things stand now', LIMITS.placeholder),
      }),
      inputBlock(UPDATE_BLOCK.doingNow, 'What we are doing now', { type: 'plain_text_input', multiline: true, max_length: UPDATE_FIELD_MAX }, { optional: true }),
      inputBlock(UPDATE_BLOCK.needs, 'What we need (people, decisions)', { type: 'plain_text_input', multiline: true, max_length: UPDATE_FIELD_MAX }, { optional: true }),
      inputBlock(UPDATE_BLOCK.nextUpdate, 'Next update expected in', {
        type: 'static_select',
        options: choices,
        initial_option: nextOption(cadenceMs, cadenceMs),
      }),
      inputBlock(
        UPDATE_BLOCK.executiveSummary,
        'Executive summary',
        { type: 'plain_text_input', multiline: true, max_length: EXECUTIVE_SUMMARY_MAX },
        { optional: true, hint: 'One paragraph for people outside the war room.' },
      ),
    ],
    // Bolt's View union cannot describe the generic input helper; the limits are kept by the helpers.
  } as unknown as types.ModalView;
}

function updateSections(update: StatusUpdateRow): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [section(`*Current status*\n${toMrkdwn(update.currentStatus)}`)];
  if (update.doingNow) blocks.push(section(`*What we are doing*\n${toMrkdwn(update.doingNow)}`));
  if (update.needs) blocks.push(section(`*What we need*\n${toMrkdwn(update.needs)}`));
  if (update.executiveSummary) blocks.push(section(`*Executive summary*\n${toMrkdwn(update.executiveSummary)}`));
  return blocks;
}

function nextLine(update: StatusUpdateRow): string {
  return update.nextDueAt ? `Next update by ${slackDate(update.nextDueAt)}` : 'No further update is scheduled';
}

export interface StatusUpdateMessageInput {
  incident: Pick<Incident, 'id' | 'title' | 'severity' | 'status'>;
  update: StatusUpdateRow;
  /** Its number among the incident's updates, from 1. */
  number: number;
}

/** The update as posted (and pinned) in the incident channel. */
export function buildStatusUpdateMessage({ incident, update, number }: StatusUpdateMessageInput) {
  const key = incidentKey(incident.id);
  const head = `:mega: *Status update #${number}* · ${key} · ${severityLabel(update.severity)} · ${statusLabel(update.status)} · by <@${update.postedBy}>`;
  const blocks = [section(head), ...updateSections(update), context([`${slackDate(update.postedAt)} · ${nextLine(update)}`])];
  const text = `Status update #${number} for ${key} by <@${update.postedBy}>: ${toMrkdwn(update.currentStatus)}`;
  return { text: truncate(text, FALLBACK_MAX), blocks };
}

/**
 * The update outside the channel: the incidents channel's thread and stakeholders' DMs. A private
 * incident's update says only that one was posted.
 */
export function buildStatusUpdateElsewhere(p: StatusUpdateMessageInput & { incident: Pick<Incident, 'isPrivate' | 'channelId'>; mute?: boolean }) {
  const key = incidentKey(p.incident.id);
  const blocks: Record<string, unknown>[] = [];
  let text: string;
  if (p.incident.isPrivate) {
    text = `private incident ${key}: update posted`;
    blocks.push(section(`:lock: ${text}${p.mute && p.incident.channelId ? ` in <#${p.incident.channelId}>` : ''}.`));
  } else {
    const built = buildStatusUpdateMessage(p);
    text = built.text;
    blocks.push(section(`:mega: *Status update #${p.number}* · *${key}: ${toMrkdwn(p.incident.title)}* · ${severityLabel(p.update.severity)} · ${statusLabel(p.update.status)} · by <@${p.update.postedBy}>`));
    blocks.push(...updateSections(p.update));
    blocks.push(context([`${slackDate(p.update.postedAt)} · ${nextLine(p.update)}${p.incident.channelId ? ` · war room <#${p.incident.channelId}>` : ''}`]));
  }
  if (p.mute) {
    blocks.push(actions([button(`Mute updates for ${key}`, ACTION.muteUpdates, String(p.incident.id))]));
  }
  return { text: truncate(text, FALLBACK_MAX), blocks };
}

export interface ReminderInput {
  incident: Pick<Incident, 'id' | 'severity'>;
  level: 'due' | 'overdue';
  /** Who is reminded: the communications lead (or commander), plus the commander when overdue. */
  mention: string[];
  cadenceMs: number;
  lastUpdateAt: Date | null;
  dueAtMs: number;
  atMs: number;
  snoozedBy?: string;
}

/** "A status update is due": in the incident channel, with Post update and Snooze. */
export function buildUpdateReminder(p: ReminderInput) {
  const key = incidentKey(p.incident.id);
  const who = p.mention.map((u) => `<@${u}>`).join(' ');
  const since = p.lastUpdateAt ? `The last update was ${slackDate(p.lastUpdateAt)}` : 'No status update has been posted yet';
  const rule = `${severityLabel(p.incident.severity)} updates are due every ${cadenceText(p.cadenceMs)}`;
  const head =
    p.level === 'overdue'
      ? `:rotating_light: ${who} the status update for *${key}* is overdue. ${since}; ${rule}.`
      : `:bell: ${who} a status update for *${key}* is due${p.snoozedBy ? ` (snoozed by <@${p.snoozedBy}>)` : ''}. ${since}; ${rule}.`;
  const value = `${p.incident.id}:${p.dueAtMs}:${p.atMs}`;
  const blocks = [
    section(head),
    actions([button('Post update', ACTION.postUpdate, String(p.incident.id), 'primary'), button('Snooze 15 min', ACTION.snoozeUpdate, value)]),
  ];
  const text = p.level === 'overdue' ? `${who} the status update for ${key} is overdue` : `${who} a status update for ${key} is due`;
  return { text: truncate(text, FALLBACK_MAX), blocks };
}

export interface AckTimeoutInput {
  incident: Pick<Incident, 'id' | 'severity' | 'title' | 'isPrivate' | 'channelId'>;
  commanderId: string;
  waitedMs: number;
  /** The declarer and admins, who may take command. */
  notify: string[];
  /** In a DM rather than the incident channel (a private incident's title stays in its channel). */
  dm?: boolean;
}

/** A SEV1/SEV2 commander has not acknowledged: whoever can take command is asked to. */
export function buildAckTimeoutNotice(p: AckTimeoutInput) {
  const key = incidentKey(p.incident.id);
  const sev = severityLabel(p.incident.severity);
  const named = p.dm && p.incident.isPrivate ? `the private ${sev} incident ${key}` : `*${key}* (${sev}${p.dm ? `: ${toMrkdwn(p.incident.title)}` : ''})`;
  const who = p.dm ? '' : `${p.notify.map((u) => `<@${u}>`).join(' ')} `;
  const where = p.dm && p.incident.channelId ? ` War room: <#${p.incident.channelId}>.` : '';
  const head = `:warning: ${who}<@${p.commanderId}> has not acknowledged command of ${named} after ${cadenceText(p.waitedMs)}. Take command if they cannot be reached.${where}`;
  const text = `${who}<@${p.commanderId}> has not acknowledged command of ${key} (${sev})`;
  return { text: truncate(text, FALLBACK_MAX), blocks: [section(head), actions([button('Take command', ACTION.takeCommand, String(p.incident.id), 'danger')])] };
}

/** The commander's briefing DM gets an Acknowledge button (any other role's DM is left as it is). */
export function withAcknowledgeButton<M extends { blocks: Record<string, unknown>[] }>(dm: M, incidentId: number, roles: readonly string[]): M {
  if (!roles.includes('commander')) return dm;
  return { ...dm, blocks: [...dm.blocks, actions([button('Acknowledge', ACTION.acknowledgeCommand, String(incidentId), 'primary')])] };
}

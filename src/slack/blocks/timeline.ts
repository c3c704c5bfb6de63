import { toMrkdwn } from '../../domain/text';
import { incidentKey } from '../../domain/channel-name';
import type { CapturedFile } from '../../domain/capture';
import type { Incident } from '../../domain/incident';
import type { CaptureSource, TimelineKind } from '../../domain/timeline';
import { formatEntryTime, pageOf, spansDays } from '../../domain/timeline-view';
import { TIMELINE_BLOCK } from '../ids';
import { context, LIMITS, section, truncate } from './limits';

/** What the view needs of a stored entry. */
export interface TimelineViewEntry {
  kind: TimelineKind;
  source: CaptureSource;
  occurredAt: Date;
  actorId: string | null;
  text: string;
  permalink: string | null;
  files: readonly CapturedFile[] | null;
  messageTs: string | null;
  threadTs: string | null;
  retractedAt: Date | null;
}

/** A long message is shown in part; the permalink leads to the rest. */
const ENTRY_TEXT_MAX = 600;

const KIND_ICON: Record<TimelineKind, string> = {
  declared: ':rotating_light:',
  severity_changed: ':warning:',
  status_changed: ':arrows_counterclockwise:',
  role_assigned: ':bust_in_silhouette:',
  role_handed_over: ':handshake:',
  details_edited: ':pencil2:',
  member_joined: ':wave:',
  member_left: ':door:',
  regulatory_clock_started: ':alarm_clock:',
  legal_time_changed: ':hourglass:',
  regulatory_decision: ':scales:',
  regulatory_report: ':outbox_tray:',
  postmortem_compiled: ':page_facing_up:',
  note: ':memo:',
  message: ':speech_balloon:',
  slack_setup_failed: ':x:',
  status_update: ':mega:',
  analysis_saved: ':mag:',
  corrective_action: ':hammer_and_wrench:',
  review_scheduled: ':calendar:',
  entry_corrected: ':pencil:',
  evidence_preserved: ':lock:',
  evidence_skipped: ':rotating_light:',
};
const SOURCE_ICON: Partial<Record<CaptureSource, string>> = { pin: ':round_pushpin:', reaction: ':pushpin:', shortcut: ':bookmark:' };

function entryLine(e: TimelineViewEntry, withDate: boolean): string {
  const icon = e.kind === 'message' ? (SOURCE_ICON[e.source] ?? KIND_ICON.message) : KIND_ICON[e.kind];
  // Every entry is stored as plain text, whoever wrote it: one encoder, no broadcast can re-form.
  const body = toMrkdwn(e.text);
  const parts = [`*${formatEntryTime(e.occurredAt, withDate)}*`, icon];
  if (e.actorId) parts.push(`<@${e.actorId}>`);
  let line = `${parts.join(' ')} ${truncate(body, ENTRY_TEXT_MAX)}`.trimEnd();
  const files = e.files ?? [];
  if (files.length) {
    line += `\n:paperclip: ${files.map((f) => (f.url ? `<${f.url}|${toMrkdwn(f.name)}>` : toMrkdwn(f.name))).join(', ')}`;
  }
  const extras: string[] = [];
  if (e.threadTs && e.threadTs !== e.messageTs) extras.push('in a thread');
  if (e.permalink) extras.push(`<${e.permalink}|view message>`);
  if (extras.length) line += `\n_${extras.join(' · ')}_`;
  return line;
}


/**
 * `/incident timeline [page]`: oldest first, one section per entry, at most TIMELINE_PAGE_SIZE
 * entries so a page stays under Slack's 50 blocks; times in UTC with the date whenever the
 * incident spans more than one day. Retracted entries (deleted or un-marked messages) are counted,
 * not shown, as in the post-mortem.
 */
export function buildTimelineMessage(p: { incident: Incident; entries: readonly TimelineViewEntry[]; page: number | null; timelineEmoji: string }) {
  const key = incidentKey(p.incident.id);
  const visible = p.entries.filter((e) => !e.retractedAt);
  const retracted = p.entries.length - visible.length;
  const withDate = spansDays([p.incident.declaredAt, ...visible.map((e) => e.occurredAt)]);
  const page = pageOf(visible, p.page);
  const day = withDate ? '' : ` · ${p.incident.declaredAt.toISOString().slice(0, 10)}`;
  const blocks: Record<string, unknown>[] = [
    section(`*${key} timeline* · ${visible.length} entr${visible.length === 1 ? 'y' : 'ies'} · page ${page.page} of ${page.pages} · times in UTC${day}`, {
      block_id: TIMELINE_BLOCK,
    }),
  ];
  if (page.items.length === 0) blocks.push(section('_Nothing on the timeline yet._'));
  for (const e of page.items) blocks.push(section(entryLine(e, withDate)));
  const hints: string[] = [];
  if (page.page > 1) hints.push(`Earlier: \`/incident timeline ${page.page - 1}\``);
  if (page.page < page.pages) hints.push(`Later: \`/incident timeline ${page.page + 1}\``);
  if (retracted) hints.push(`${retracted} retracted entr${retracted === 1 ? 'y is' : 'ies are'} hidden (deleted or un-marked messages)`);
  hints.push(`Add to it: pin a message, react with :${p.timelineEmoji}:, or \`/incident note <text>\``);
  blocks.push(context([hints.join(' · ')]));
  return { text: `${key} timeline, page ${page.page} of ${page.pages}`, blocks: blocks.slice(0, LIMITS.messageBlocks) };
}

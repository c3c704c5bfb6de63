import { ValidationError } from './errors';
import type { CaptureSource } from './timeline';

/** Slack's `1700000000.000100` (seconds + microseconds) as a Date (millisecond precision). */
export function slackTsToDate(ts: string): Date {
  const [sec, frac = ''] = ts.split('.');
  const micros = Number((frac + '000000').slice(0, 6));
  return new Date(Number(sec) * 1000 + Math.floor(micros / 1000));
}

/** Whether `a` is a later Slack ts than `b`; string order fails when the fractions differ in length. */
export function tsAfter(a: string, b: string): boolean {
  const [as, af = ''] = a.split('.');
  const [bs, bf = ''] = b.split('.');
  if (Number(as) !== Number(bs)) return Number(as) > Number(bs);
  return Number((af + '000000').slice(0, 6)) > Number((bf + '000000').slice(0, 6));
}

/**
 * Message subtypes that are a person speaking. Everything else (joins, topic changes, bot posts,
 * edits and deletions, which arrive as their own subtypes) is not a raw message.
 */
const HUMAN_SUBTYPES = new Set<string | undefined>([undefined, 'file_share', 'thread_broadcast', 'me_message']);

export interface MessageAuthor {
  subtype?: string;
  user?: string;
  bot_id?: string;
}

export function isHumanMessage(m: MessageAuthor, botUserId: string): boolean {
  if (!HUMAN_SUBTYPES.has(m.subtype)) return false;
  if (m.bot_id || !m.user) return false;
  return m.user !== botUserId;
}

/** `pushpin`, `pushpin::skin-tone-2` and `:pushpin:` all count as the timeline emoji. */
export function isTimelineReaction(reaction: string, timelineEmoji: string): boolean {
  const name = reaction.replace(/^:|:$/g, '').split('::')[0];
  return name === timelineEmoji.replace(/^:|:$/g, '');
}

export interface CapturedFile {
  name: string;
  url: string | null;
}

interface SlackFileLike {
  id?: string;
  name?: string | null;
  title?: string | null;
  permalink?: string | null;
  url_private?: string | null;
}

/**
 * Files keep a name and a link a reader can open: the permalink (works for anyone in the
 * workspace) before the private download URL. Slack hides the fields of files the app may not
 * see; those keep their id so the entry still says a file was there.
 */
export function capturedFiles(files: readonly SlackFileLike[] | undefined | null): CapturedFile[] {
  if (!files?.length) return [];
  return files.map((f) => ({
    name: f.name || f.title || f.id || 'file',
    url: f.permalink || f.url_private || null,
  }));
}

/** A note is one timeline entry; Slack messages hold 40,000 characters but a section shows 3,000. */
export const NOTE_MAX = 2900;

export function validateNote(raw: string): string {
  const text = raw.trim();
  if (!text) throw new ValidationError('Write the note after the command.', 'note', 'note');
  if (text.length > NOTE_MAX) throw new ValidationError(`Keep a note under ${NOTE_MAX} characters (it is ${text.length}).`, 'note');
  return text;
}

export interface MarkLike {
  source: CaptureSource;
  userId: string;
  unmarkedAt: Date | null;
}

/**
 * Un-marking semantics. A captured message stays on the timeline while at least one mark holds
 * (a pin, someone's timeline reaction, a shortcut, a note). When the last mark is taken back the
 * entry is retracted: it stays stored (with its marks and their unmarked_at) but is left out of the
 * timeline view and the post-mortem, exactly like a deleted message. Marking it again restores it.
 * Shortcut and note marks cannot be taken back, so such entries are only retracted by deletion.
 */
export function hasActiveMark(marks: readonly MarkLike[]): boolean {
  return marks.some((m) => m.unmarkedAt === null);
}

/** Which active marks an un-mark ends: a pin is the channel's (anyone un-pins it), a reaction is one person's. */
export function marksToEnd<T extends MarkLike>(marks: readonly T[], source: CaptureSource, userId: string | null): T[] {
  return marks.filter((m) => m.unmarkedAt === null && m.source === source && (source === 'pin' || userId === null || m.userId === userId));
}

/** What the timeline keeps of a Slack message, whichever way it arrived (event, shortcut, history). */
export interface CapturedMessage {
  ts: string;
  threadTs: string | null;
  userId: string | null;
  text: string;
  files: CapturedFile[];
}

/** What is stored for a message's files: nothing when it had none. */
export const storedFiles = (files: readonly CapturedFile[]): CapturedFile[] | null => (files.length ? [...files] : null);

/** A Date as a Slack ts (`1700000000.123000`), for history ranges. */
export function dateToSlackTs(date: Date): string {
  const ms = date.getTime();
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
}

/**
 * A Slack ts the bot will believe: a real message's ts is never far in the future (a forged or
 * corrupted one could otherwise sort after everything real) nor before Slack existed.
 */
export function isPlausibleTs(ts: string, now: Date, maxSkewMs = 5 * 60_000): boolean {
  if (!/^\d{1,12}\.\d{1,6}$/.test(ts)) return false;
  const at = slackTsToDate(ts).getTime();
  return at >= Date.UTC(2013, 0, 1) && at <= now.getTime() + maxSkewMs;
}

/**
 * Duplicate declarations: at 3 a.m. two people notice the same failure and both declare it. A new
 * title that closely matches an open incident's is flagged before anything is declared. Pure.
 */
import type { Severity } from './severity';
import type { Status } from './status';

/** Words that carry no meaning in a title; dropping them lets "The chatbot leaks PII" match "Chatbot leaks PII". */
const FILLER = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'for', 'to', 'and', 'or', 'is', 'are', 'was', 'with', 'from', 'at', 'by']);

/** Lower case, accents removed, punctuation as spaces, filler words dropped: the words that matter, in order. */
export function normaliseTitle(title: string): string[] {
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && !FILLER.has(w));
}

/** `needle` appears in `hay` as consecutive whole words. */
function containsWords(hay: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > hay.length) return false;
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

export type DuplicateReason = 'same_words' | 'contains' | 'contained';

/**
 * Why two titles are the same incident, or null. Same words in any order; or one title's words
 * appear, in order, inside the other's — but only for two words or more, so "outage" alone does
 * not match every outage.
 */
export function titleMatch(newTitle: string, existingTitle: string): DuplicateReason | null {
  const a = normaliseTitle(newTitle);
  const b = normaliseTitle(existingTitle);
  if (a.length === 0 || b.length === 0) return null;
  const setA = new Set(a);
  const setB = new Set(b);
  if (setA.size === setB.size && [...setA].every((w) => setB.has(w))) return 'same_words';
  if (a.length >= 2 && containsWords(b, a)) return 'contained';
  if (b.length >= 2 && containsWords(a, b)) return 'contains';
  return null;
}

export interface OpenIncidentSummary {
  id: number;
  title: string;
  severity: Severity;
  status: Status;
  isPrivate: boolean;
  channelId: string | null;
  /** Whether the person declaring may see this incident's details (always true for public ones). */
  visible: boolean;
}

/**
 * What the declarer is shown about a match. A private incident the declarer is not part of shows
 * only its number, its severity and that it is private: its title and channel (whose name is made
 * from the title) stay hidden.
 */
export type DuplicateMatch =
  | { id: number; severity: Severity; reason: DuplicateReason; private: false; title: string; status: Status; channelId: string | null }
  | { id: number; severity: Severity; reason: DuplicateReason; private: true; visible: true; title: string; status: Status; channelId: string | null }
  | { id: number; severity: Severity; reason: DuplicateReason; private: true; visible: false };

/** Open incidents whose title closely matches `title`, most severe first, then newest. */
export function findDuplicates(title: string, open: readonly OpenIncidentSummary[]): DuplicateMatch[] {
  const matches: DuplicateMatch[] = [];
  for (const inc of open) {
    if (inc.status === 'resolved' || inc.status === 'closed') continue;
    const reason = titleMatch(title, inc.title);
    if (!reason) continue;
    if (!inc.isPrivate) {
      matches.push({ id: inc.id, severity: inc.severity, reason, private: false, title: inc.title, status: inc.status, channelId: inc.channelId });
    } else if (inc.visible) {
      matches.push({ id: inc.id, severity: inc.severity, reason, private: true, visible: true, title: inc.title, status: inc.status, channelId: inc.channelId });
    } else {
      matches.push({ id: inc.id, severity: inc.severity, reason, private: true, visible: false });
    }
  }
  return matches.sort((x, y) => x.severity.localeCompare(y.severity) || y.id - x.id);
}

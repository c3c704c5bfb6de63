import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { CapturedFile } from './capture';

/**
 * The timeline's hash chain. Each entry's digest is SHA-256 over the RFC 8785 (JCS) canonical JSON
 * of its content plus the previous entry's digest (per incident, in write order), so changing,
 * removing or reordering any entry breaks every digest after it. JCS is a published standard: a
 * regulator's own tooling can recompute the chain from an export without this code.
 *
 * What the digest covers is what the entry *says*: who, what, when, its data and files. Where its
 * message sits in Slack (message ts, permalink) is a locator filled in after the bot posts it and
 * is left out; so is `retracted_at`, which older versions set in place (a retraction is now a new
 * `entry_corrected` entry, and the column only caches what the chain already says).
 */

export const CHAIN_VERSION = 1;

/** The previous digest of an incident's first chained entry. */
export const genesisDigest = (incidentId: number): string => `genesis:incident:${incidentId}`;

export interface ChainedContent {
  incidentId: number;
  kind: string;
  source: string;
  occurredAt: Date;
  recordedAt: Date;
  actorId: string | null;
  text: string;
  data: Record<string, unknown> | null;
  threadTs: string | null;
  files: CapturedFile[] | null;
  correctsId: number | null;
}

/** The exact bytes the digest is taken over (exported so `verify` can show them). */
export function canonicalEntry(content: ChainedContent, prevDigest: string): string {
  const out = canonicalize({
    v: CHAIN_VERSION,
    incidentId: content.incidentId,
    kind: content.kind,
    source: content.source,
    occurredAt: content.occurredAt.getTime(),
    recordedAt: content.recordedAt.getTime(),
    actorId: content.actorId,
    text: content.text,
    data: content.data ?? null,
    threadTs: content.threadTs,
    files: content.files ?? null,
    correctsId: content.correctsId,
    prev: prevDigest,
  });
  if (out === undefined) throw new Error('A timeline entry could not be serialised.');
  return out;
}

export function entryDigest(content: ChainedContent, prevDigest: string): string {
  return createHash('sha256').update(canonicalEntry(content, prevDigest), 'utf8').digest('hex');
}

export interface StoredChainRow extends ChainedContent {
  id: number;
  digest: string | null;
  prevDigest: string | null;
}

export type ChainBreak =
  /** The stored content no longer hashes to the stored digest: the row was changed. */
  | { code: 'content_changed'; entryId: number; expected: string; stored: string | null }
  /**
   * The entry does not follow the entry before it (`afterId`, null at the start): an entry between
   * them was removed, or this one was inserted or moved.
   */
  | { code: 'link_broken'; entryId: number; afterId: number | null; expectedPrev: string; storedPrev: string | null }
  /** A row with no digest: written behind the bot's back. */
  | { code: 'unchained'; entryId: number }
  /** The chain ends before the recorded head: its last entries (from `missingAfterId` on) were removed. */
  | { code: 'tail_missing'; missingAfterId: number | null; headEntryId: number; expectedEntries: number; foundEntries: number }
  /** Entries exist but the incident's head is gone (deleted), or the head no longer matches. */
  | { code: 'head_mismatch'; headEntryId: number | null; headDigest: string | null; computed: string | null };

export interface ChainHead {
  digest: string;
  entryId: number;
  entries: number;
}

export interface ChainReport {
  ok: boolean;
  entries: number;
  /** The recomputed head digest (null when the chain is broken or empty). */
  head: string | null;
  /** The first break, in write order; nothing after it can be trusted. */
  firstBreak: ChainBreak | null;
}

/** Recomputes an incident's chain over its rows in write (id) order and checks it ends at the recorded head. */
export function verifyChain(incidentId: number, rows: readonly StoredChainRow[], head: ChainHead | null): ChainReport {
  const sorted = [...rows].sort((a, b) => a.id - b.id);
  const broken = (firstBreak: ChainBreak): ChainReport => ({ ok: false, entries: sorted.length, head: null, firstBreak });
  let prev = genesisDigest(incidentId);
  let prevId: number | null = null;
  for (const row of sorted) {
    if (row.digest === null) return broken({ code: 'unchained', entryId: row.id });
    if (row.prevDigest !== prev) return broken({ code: 'link_broken', entryId: row.id, afterId: prevId, expectedPrev: prev, storedPrev: row.prevDigest });
    const expected = entryDigest(row, prev);
    if (expected !== row.digest) return broken({ code: 'content_changed', entryId: row.id, expected, stored: row.digest });
    prev = row.digest;
    prevId = row.id;
  }
  const computed = sorted.length ? prev : null;
  if (!head) {
    if (sorted.length === 0) return { ok: true, entries: 0, head: null, firstBreak: null };
    return broken({ code: 'head_mismatch', headEntryId: null, headDigest: null, computed });
  }
  if (sorted.length < head.entries) {
    return broken({ code: 'tail_missing', missingAfterId: prevId, headEntryId: head.entryId, expectedEntries: head.entries, foundEntries: sorted.length });
  }
  if (head.digest !== computed || head.entryId !== prevId || head.entries !== sorted.length) {
    return broken({ code: 'head_mismatch', headEntryId: head.entryId, headDigest: head.digest, computed });
  }
  return { ok: true, entries: sorted.length, head: computed, firstBreak: null };
}

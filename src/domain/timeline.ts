/** What a timeline entry records. Automatic kinds come from the bot; captured kinds from responders. */
export const TIMELINE_KINDS = [
  'declared',
  'severity_changed',
  'status_changed',
  'role_assigned',
  'role_handed_over',
  'details_edited',
  'member_joined',
  'member_left',
  'regulatory_clock_started',
  'legal_time_changed',
  'regulatory_decision',
  'regulatory_report',
  'postmortem_compiled',
  'note',
  'message',
  'slack_setup_failed',
  'status_update',
  'analysis_saved',
  'corrective_action',
  'review_scheduled',
  /** A correction of an earlier entry (edited text, retraction, restoration): entries are never rewritten. */
  'entry_corrected',
  /** The evidence snapshot taken before the AI system is changed (AI Act Art. 73(6)). */
  'evidence_preserved',
  /** The system was changed without an evidence snapshot; the reason is recorded. */
  'evidence_skipped',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** How a captured message got onto the timeline. */
export const CAPTURE_SOURCES = ['bot', 'pin', 'reaction', 'shortcut', 'note'] as const;
export type CaptureSource = (typeof CAPTURE_SOURCES)[number];

export function isAutomaticKind(kind: TimelineKind): boolean {
  return kind !== 'note' && kind !== 'message';
}

/** What an `entry_corrected` entry changes about the entry it corrects (its `data`). */
export type EntryCorrection =
  | { change: 'edited'; text: string; files: unknown[] | null }
  | { change: 'retracted' }
  | { change: 'restored' };

interface Correctable {
  id: number;
  kind: TimelineKind;
  text: string;
  files: unknown;
  retractedAt: Date | null;
  correctsId: number | null;
  occurredAt: Date;
  data: Record<string, unknown> | null;
}

/**
 * The timeline as people read it: each entry as its corrections (in write order) leave it, and
 * the corrections themselves folded away. Nothing is rewritten: the stored entries stay as written.
 */
export function applyCorrections<T extends Correctable>(rows: readonly T[]): T[] {
  const byTarget = new Map<number, T[]>();
  for (const row of rows) {
    if (row.kind !== 'entry_corrected' || row.correctsId === null) continue;
    const list = byTarget.get(row.correctsId) ?? [];
    list.push(row);
    byTarget.set(row.correctsId, list);
  }
  const out: T[] = [];
  for (const row of rows) {
    if (row.kind === 'entry_corrected') continue;
    const corrections = (byTarget.get(row.id) ?? []).sort((a, b) => a.id - b.id);
    out.push(corrections.length ? corrected(row, corrections) : row);
  }
  return out;
}

export function corrected<T extends Correctable>(row: T, corrections: readonly T[]): T {
  let current = { ...row };
  for (const c of corrections) {
    const data = (c.data ?? {}) as Partial<EntryCorrection> & { text?: string; files?: unknown[] | null };
    if (data.change === 'edited') current = { ...current, text: data.text ?? current.text, files: data.files ?? null };
    else if (data.change === 'retracted') current = { ...current, retractedAt: c.occurredAt };
    else if (data.change === 'restored') current = { ...current, retractedAt: null };
  }
  return current;
}

import { createBlamelessReviewer, mayAssignBlame, type BlamelessFinding, type BlamelessSource } from '../blameless';
import { keyMetrics, timeInSeverity, validDate, type KeyMetric, type SeverityTimes } from '../metrics';
import { BUILTIN_REGIMES, computeClocks, suggestTriage, triageFactsOf, type Clock, type RegimeSuggestion } from '../regimes';
import { EMPTY_FACTS, effectiveAwareness, type AwarenessBasis } from '../regulatory-record';
import { severityRank, type Severity } from '../severity';
import { isOpenAction, rankActions, rpn } from '../corrective-action';
import { isAutomaticKind } from '../timeline';
import { resolvePeople } from '../text';
import { nameResolver, type NameOf } from './slack-text';
import { TimeSpan, formatIn, utcDate, type TimeStyle } from './time-format';
import type { PostmortemCorrectiveAction, PostmortemInput, PostmortemRegulatory, PostmortemRoleAssignment, PostmortemTimelineEntry } from './types';

/**
 * Everything the draft and the Slack summary derive from the input, computed once in linear time
 * (plus one sort of the timeline), so rendering is a straight walk over prepared data.
 */
export interface PostmortemAnalysis {
  input: PostmortemInput;
  nameOf: NameOf;
  /** Stored plain text with person references resolved to display names. */
  plain(text: string): string;
  rows: TimelineRow[];
  retractedCount: number;
  /** Visible entries that came from the record (not the incident's own timestamps). */
  entryCount: number;
  timeStyle: TimeStyle;
  /** The one UTC day all short times fall on, when `timeStyle` is `time`. */
  singleDay: string | null;
  time(d: Date): string;
  metrics: KeyMetric[];
  severityTimes: SeverityTimes;
  actions: ActionReview[];
  regulatory: RegulatoryView;
  findings: BlamelessFinding[];
  rolesByStart: PostmortemRoleAssignment[];
}

/** The regulatory record as of the draft: suggestions, decisions, clocks at generation, the disclosure log. */
export interface RegulatoryView {
  record: PostmortemRegulatory;
  awareness: { at: Date; basis: AwarenessBasis };
  suggestions: RegimeSuggestion[];
  clocks: Clock[];
}

export function regulatoryView(input: PostmortemInput): RegulatoryView {
  const record: PostmortemRegulatory = input.regulatory ?? { regimes: BUILTIN_REGIMES, org: { nis2Entity: 'none' }, facts: EMPTY_FACTS, decisions: [], reports: [], legalTimeChanges: [] };
  const inc = input.incident;
  const facts = triageFactsOf({ ...inc, severity: peakSeverity(input) }, record.facts);
  const awareness = effectiveAwareness(inc);
  return {
    record,
    awareness,
    suggestions: suggestTriage(record.regimes, facts, record.org),
    clocks: computeClocks(record.regimes, { awareness: awareness.at, facts, org: record.org, decisions: record.decisions, reports: record.reports }, input.generatedAt),
  };
}

export interface TimelineRow {
  at: Date;
  /** `at` in epoch ms, for sorting. */
  t: number;
  /** A milestone taken from the incident's timestamps rather than from a timeline entry. */
  milestone: string | null;
  entry: PostmortemTimelineEntry | null;
  /** The entry's text as plain words (Slack mentions resolved); '' for milestones. */
  text: string;
}

export interface ActionReview {
  action: PostmortemCorrectiveAction;
  noOwner: boolean;
  noDueDate: boolean;
  /** A due date that is not a real `YYYY-MM-DD` calendar date. */
  unreadableDueDate: boolean;
  overdue: boolean;
  noMeasure: boolean;
  flagged: boolean;
}

export function isValidCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return utcDate(d) === value;
}

export function reviewAction(action: PostmortemCorrectiveAction, generatedAt: Date): ActionReview {
  const due = action.dueDate?.trim() ?? '';
  const noOwner = !action.ownerId || !action.ownerId.trim();
  const noDueDate = due === '';
  const unreadableDueDate = !noDueDate && !isValidCalendarDate(due);
  // A due date is a whole calendar day: the action is overdue only once that day has passed.
  const overdue = isOpenAction(action.status) && !noDueDate && !unreadableDueDate && due < utcDate(generatedAt);
  const noMeasure = !action.measure || !action.measure.trim();
  return { action, noOwner, noDueDate, unreadableDueDate, overdue, noMeasure, flagged: noOwner || noDueDate || unreadableDueDate || overdue || noMeasure };
}

/** Captured messages and notes are written by people; automatic entries are the bot's words. */
export function isHumanEntry(entry: PostmortemTimelineEntry): boolean {
  return !isAutomaticKind(entry.kind) || entry.source !== 'bot';
}

export function analysePostmortem(input: PostmortemInput): PostmortemAnalysis {
  const { incident } = input;
  const nameOf = nameResolver(input.users);
  // Stored text is plain already; only person references become names (and unsafe characters go).
  const plain = (text: string) => resolvePeople(text ?? '', nameOf);
  const span = new TimeSpan();

  const impact = validDate(incident.impactStartedAt);
  const detected = validDate(incident.detectedAt);
  const aware = validDate(incident.awareAt);
  let hasClockEntry = false;
  for (const entry of input.timeline) if (entry.kind === 'regulatory_clock_started' && !entry.retracted) hasClockEntry = true;

  // Milestones go first so that, the sort being stable, they precede entries of the same minute.
  const rows: TimelineRow[] = [];
  if (impact) rows.push({ at: impact, t: impact.getTime(), milestone: 'Impact started', entry: null, text: '' });
  if (detected) rows.push({ at: detected, t: detected.getTime(), milestone: 'Detected', entry: null, text: '' });
  // Awareness is a milestone only when the bot did not already log the regulatory clock starting.
  if (aware && !hasClockEntry) {
    rows.push({ at: aware, t: aware.getTime(), milestone: 'Organisation aware (regulatory clocks start)', entry: null, text: '' });
  }
  const milestoneCount = rows.length;
  let retractedCount = 0;
  for (const entry of input.timeline) {
    if (entry.retracted) {
      retractedCount++;
      continue;
    }
    const at = validDate(entry.occurredAt);
    if (!at) continue;
    rows.push({ at, t: at.getTime(), milestone: null, entry, text: plain(entry.text ?? '') });
  }
  rows.sort((a, b) => a.t - b.t);
  for (const row of rows) span.add(row.at);
  const entryCount = rows.length - milestoneCount;

  const rolesByStart = [...input.roles].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  for (const r of rolesByStart) {
    span.add(r.startedAt);
    span.add(r.endedAt);
  }
  span.add(incident.declaredAt);
  const timeStyle = span.style();

  const metrics = keyMetrics(incident);
  const resolved = validDate(incident.resolvedAt) ?? validDate(incident.closedAt);
  const severityTimes = timeInSeverity(
    input.initialSeverity,
    input.severityChanges,
    incident.declaredAt,
    resolved ?? input.generatedAt,
    resolved === null,
  );

  // Highest risk first (RPN), then the earliest due date: the order the team should work them in.
  const ranked = rankActions(input.correctiveActions.map((a, i) => ({ ...a, id: i, rpn: rpn(a) })));
  const actions = ranked.map(({ id: _order, rpn: _rpn, ...a }) => reviewAction(a, input.generatedAt));
  const regulatory = regulatoryView(input);

  const reviewer = createBlamelessReviewer({ names: Object.values(input.users) });
  const findings = reviewer.review(blamelessSources(input, plain, (d) => formatIn(timeStyle, d), rows));

  return {
    input,
    nameOf,
    plain,
    rows,
    retractedCount,
    entryCount,
    timeStyle,
    singleDay: span.singleDay(),
    time: (d) => formatIn(timeStyle, d),
    metrics,
    severityTimes,
    actions,
    regulatory,
    findings,
    rolesByStart,
  };
}

/** Every human-written text of the draft, labelled with where a reader will find it. */
export function blamelessSources(
  input: PostmortemInput,
  plain: (t: string) => string,
  time: (d: Date) => string,
  rows: readonly TimelineRow[],
): BlamelessSource[] {
  const sources: BlamelessSource[] = [];
  const add = (where: string, text: string | null | undefined) => {
    if (text && text.trim()) sources.push({ where, text: plain(text) });
  };
  // Draft order, so the review reads top to bottom like the document it reviews.
  add('Title', input.incident.title);
  for (const change of input.severityChanges) add('Severity change reason', change.reason);
  add('Summary (declaration)', input.incident.summary);
  const r = input.resolution;
  if (r) {
    add('Summary', r.summary);
    add('Impact', r.impact);
  }
  // Rows are already filtered, sorted and converted to plain text: findings follow the timeline.
  for (const row of rows) {
    const entry = row.entry;
    // Building a label per entry is the costly part on long timelines: skip texts that cannot match.
    if (!entry || !isHumanEntry(entry) || !mayAssignBlame(row.text)) continue;
    const who = entry.actorId ? ` · ${input.users[entry.actorId]?.trim() || entry.actorId}` : '';
    // A timeline entry quotes what someone wrote at the time: it is pointed at, never reworded.
    sources.push({ where: `Timeline ${time(row.at)}${who}`, text: row.text, record: true });
  }
  if (r) {
    add('Trigger', r.trigger);
    add('Root cause', r.rootCause);
    r.whys.forEach((why, i) => add(`5 Whys, why ${i + 1}`, why));
    add('Contributing factors, People', r.factors.people);
    add('Contributing factors, Process', r.factors.process);
    add('Contributing factors, Technology', r.factors.technology);
    add('Contributing factors, Data', r.factors.data);
    add('What went well', r.wentWell);
    add('What went wrong', r.wentWrong);
    add('Where we got lucky', r.gotLucky);
  }
  // Numbered as the draft's table numbers them: by risk, then due date.
  rankActions(input.correctiveActions.map((a, i) => ({ ...a, id: i }))).forEach((a, i) => {
    add(`Corrective action ${i + 1}`, a.description);
    add(`Corrective action ${i + 1}, measure`, a.measure);
    add(`Corrective action ${i + 1}, why it won't be done`, a.wontDoReason);
  });
  return sources;
}

/** Highest severity the incident held at any point: regimes are triaged on the worst moment. */
export function peakSeverity(input: PostmortemInput): Severity {
  let peak = input.initialSeverity;
  const consider = (s: Severity) => {
    if (severityRank(s) < severityRank(peak)) peak = s;
  };
  consider(input.incident.severity);
  for (const c of input.severityChanges) consider(c.to);
  return peak;
}

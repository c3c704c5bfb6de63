import { formatDuration, validDate } from '../metrics';
import { utcDate, utcDateTime } from './time-format';

/**
 * A Mermaid gantt of the response phases, which GitHub, GitLab and Notion render from a fenced
 * block. Mermaid's gantt grammar is unforgiving: `:` ends a task name, `#` and `%%` start comments
 * and `;` ends a statement, so every name goes through `sanitiseMermaidText`, and a diagram is only
 * emitted when at least one phase has both ends — otherwise a note says why there is none.
 */

export interface GanttTimestamps {
  impactStartedAt: Date | null;
  detectedAt: Date | null;
  declaredAt: Date;
  containedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
}

export interface GanttPhase {
  section: string;
  name: string;
  start: Date;
  /** Null for a milestone. */
  end: Date | null;
  tag: 'crit' | 'active' | 'done' | 'milestone';
}

export function sanitiseMermaidText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[:#;%]/g, ' ')
    .replace(/[<>{}[\]"`\\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Mermaid parses dates with this exact format; see `dateFormat` below. */
const fmt = (d: Date) => utcDateTime(d);

export function ganttPhases(t: GanttTimestamps): GanttPhase[] {
  const impact = validDate(t.impactStartedAt);
  const detected = validDate(t.detectedAt);
  const declared = validDate(t.declaredAt);
  const contained = validDate(t.containedAt);
  const mitigated = validDate(t.mitigatedAt);
  const resolved = validDate(t.resolvedAt);
  const closed = validDate(t.closedAt);
  const phases: GanttPhase[] = [];
  const push = (section: string, name: string, start: Date | null, end: Date | null, tag: GanttPhase['tag']) => {
    // A phase whose end precedes its start comes from an edited timestamp; drawing it would lie.
    if (!start || !end || end.getTime() < start.getTime()) return;
    phases.push({ section, name: `${name} (${formatDuration(end.getTime() - start.getTime())})`, start, end, tag });
  };
  const firstOf = (...ds: (Date | null)[]) => ds.find((d): d is Date => d !== null) ?? null;

  const noticed = firstOf(detected, declared);
  if (impact && noticed && impact.getTime() < noticed.getTime()) {
    push('Impact before detection', detected ? 'Undetected impact' : 'Impact before declaration', impact, noticed, 'crit');
  }
  if (detected && declared && detected.getTime() < declared.getTime()) {
    push('Detection', 'Awaiting declaration', detected, declared, 'crit');
  }
  push('Investigating', 'Investigating', declared, firstOf(contained, mitigated, resolved), 'done');
  push('Contained', 'Contained', contained, firstOf(mitigated, resolved), 'done');
  push('Mitigated', 'Mitigated', mitigated, resolved, 'done');
  if (resolved) {
    if (closed && closed.getTime() >= resolved.getTime()) push('Resolved', 'Post-incident work', resolved, closed, 'done');
    else phases.push({ section: 'Resolved', name: 'Resolved', start: resolved, end: null, tag: 'milestone' });
  }
  return phases;
}

const DAY = 86_400_000;

/** Beyond this ratio the response phases would be slivers next to the undetected impact. */
const ZOOM_RATIO = 3;

export function renderGantt(t: GanttTimestamps, incidentKey: string): string {
  const phases = ganttPhases(t);
  if (!phases.some((p) => p.end !== null)) {
    return '_Not enough timestamps for a diagram yet: at least one phase needs both a start and an end (for example declared and contained or resolved). Add the missing times to the incident and compile again._';
  }
  const whole = ganttBlock(phases, `${incidentKey} incident phases (UTC)`);
  const response = phases.filter((p) => p.section !== 'Impact before detection');
  const before = phases.find((p) => p.section === 'Impact before detection');
  if (!before || !response.some((p) => p.end !== null)) return whole;
  const beforeMs = before.end!.getTime() - before.start.getTime();
  const responseMs = extent(response).last - extent(response).first;
  if (beforeMs <= ZOOM_RATIO * responseMs) return whole;
  return [
    whole,
    `_The ${formatDuration(beforeMs)} of undetected impact dwarfs the response, so the response is drawn again on its own scale:_`,
    ganttBlock(response, `${incidentKey} response, from detection (UTC)`),
  ].join('\n\n');
}

function extent(phases: GanttPhase[]): { first: number; last: number } {
  let first = Infinity;
  let last = -Infinity;
  for (const p of phases) {
    first = Math.min(first, p.start.getTime());
    last = Math.max(last, (p.end ?? p.start).getTime());
  }
  return { first, last };
}

function ganttBlock(phases: GanttPhase[], title: string): string {
  const { first, last } = extent(phases);
  const span = last - first;
  const axis = utcDate(new Date(first)) === utcDate(new Date(last)) ? '%H:%M' : span < 4 * DAY ? '%m-%d %H:%M' : '%Y-%m-%d';
  const lines = [
    '```mermaid',
    'gantt',
    `    title ${sanitiseMermaidText(title)}`,
    '    dateFormat YYYY-MM-DD HH:mm',
    `    axisFormat ${axis}`,
    '    todayMarker off',
  ];
  let section = '';
  phases.forEach((p, i) => {
    if (p.section !== section) {
      section = p.section;
      lines.push(`    section ${sanitiseMermaidText(section)}`);
    }
    const name = sanitiseMermaidText(p.name);
    const end = p.end ? fmt(p.end) : '0d';
    lines.push(`    ${name} :${p.tag}, p${i + 1}, ${fmt(p.start)}, ${end}`);
  });
  lines.push('```');
  return lines.join('\n');
}

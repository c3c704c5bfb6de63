import { HARM_CATEGORY_INFO } from '../../domain/harm';
import { formatDuration } from '../../domain/metrics';
import { SEVERITIES, severityLabel } from '../../domain/severity';
import { STATS_METRICS, type IncidentStats, type Percentiles, type StatsMetric, type StatsWindow } from '../../domain/stats';
import { context, header, section } from './limits';

export const METRIC_TEXT: Record<StatsMetric, string> = {
  detect: 'Time to detect',
  acknowledge: 'Time to acknowledge',
  contain: 'Time to contain',
  resolve: 'Time to resolve',
};

export function percentilesText(p: Percentiles): string {
  if (p.n === 0) return '—';
  return `p50 ${formatDuration(p.p50!)} · p90 ${formatDuration(p.p90!)} (n=${p.n})`;
}

/** `/incident stats`, answered only to the person who asked. */
export function buildStatsMessage(s: IncidentStats, window: StatsWindow, opts: { chartToDm: boolean }) {
  const title = `Incidents in the last ${s.window.days} days`;
  if (s.total === 0) {
    return { text: `${title}: none you can see.`, blocks: [section(`*${title}*: none you can see.`)] };
  }
  const sev = SEVERITIES.map((x) => `${severityLabel(x)}: *${s.bySeverity[x]}*`).join(' · ');
  const cats = Object.entries(s.byCategory)
    .map(([c, n]) => `${HARM_CATEGORY_INFO[c as keyof typeof HARM_CATEGORY_INFO].label}: *${n}*`)
    .join('\n');
  const times = STATS_METRICS.map((m) => {
    const rows = SEVERITIES.filter((x) => s.times[m][x].n > 0).map((x) => `   ${severityLabel(x)}: ${percentilesText(s.times[m][x])}`);
    return [`*${METRIC_TEXT[m]}* — all: ${percentilesText(s.times[m].all)}`, ...rows].join('\n');
  }).join('\n');
  const a = s.actions;
  const actions =
    a.total === 0
      ? 'No corrective actions recorded.'
      : `Done on time: *${a.doneOnTime}* · done late: *${a.doneLate}* · done (no due date): ${a.doneNoDueDate} · open and overdue: *${a.openOverdue}* · open: ${a.open} · won't do: ${a.wontDo}`;
  return {
    text: `${title}: ${s.total}`,
    blocks: [
      header(`${title}: ${s.total}`),
      section(`*By severity*\n${sev}`),
      section(`*By harm category*\n${cats}`),
      section(`*Response times* (percentiles over incidents with both timestamps)\n${times}`),
      section(`*Corrective actions*\n${actions}`),
      context([
        `Window \`${window}\`: incidents declared since ${s.window.from.toISOString().slice(0, 10)}. Private incidents count only for their members.${opts.chartToDm ? ' The weekly chart is on its way to your DM.' : ''}`,
      ]),
    ],
  };
}

const SEVERITY_COLOUR = { sev1: '#d92d20', sev2: '#f79009', sev3: '#eaaa08', sev4: '#98a2b3' } as const;

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Incidents per week by severity, stacked bars, as SVG (rendered to PNG by the job that uploads it). */
export function buildWeeklyChartSvg(s: IncidentStats): string {
  const width = 760;
  const height = 360;
  const left = 48;
  const bottom = 56;
  const top = 40;
  const plotW = width - left - 16;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...s.weeks.map((w) => SEVERITIES.reduce((n, x) => n + w.counts[x], 0)));
  const barW = plotW / Math.max(1, s.weeks.length);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="24" font-family="sans-serif" font-size="16" fill="#101828">${xml(`Incidents per week by severity, last ${s.window.days} days`)}</text>`,
  ];
  for (let t = 0; t <= max; t += Math.max(1, Math.ceil(max / 5))) {
    const y = top + plotH - (t / max) * plotH;
    parts.push(`<line x1="${left}" y1="${y}" x2="${width - 16}" y2="${y}" stroke="#eaecf0"/>`);
    parts.push(`<text x="${left - 8}" y="${y + 4}" font-family="sans-serif" font-size="11" text-anchor="end" fill="#475467">${t}</text>`);
  }
  s.weeks.forEach((w, i) => {
    let y = top + plotH;
    const x = left + i * barW + barW * 0.15;
    for (const sev of SEVERITIES) {
      const h = (w.counts[sev] / max) * plotH;
      if (h > 0) {
        y -= h;
        parts.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(barW * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="${SEVERITY_COLOUR[sev]}"/>`);
      }
    }
    if (s.weeks.length <= 16 || i % Math.ceil(s.weeks.length / 16) === 0) {
      parts.push(`<text x="${(x + barW * 0.35).toFixed(1)}" y="${top + plotH + 16}" font-family="sans-serif" font-size="10" text-anchor="middle" fill="#475467">${w.start.slice(5)}</text>`);
    }
  });
  SEVERITIES.forEach((sev, i) => {
    const x = left + i * 90;
    parts.push(`<rect x="${x}" y="${height - 22}" width="12" height="12" fill="${SEVERITY_COLOUR[sev]}"/>`);
    parts.push(`<text x="${x + 18}" y="${height - 12}" font-family="sans-serif" font-size="12" fill="#101828">${severityLabel(sev)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

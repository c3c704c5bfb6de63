import { parseArgs } from 'node:util';
import { loadDotEnv } from '../config';
import { ValidationError } from '../domain/errors';
import { HARM_CATEGORY_INFO } from '../domain/harm';
import { formatDuration } from '../domain/metrics';
import { SEVERITIES, severityLabel } from '../domain/severity';
import { parseStatsWindow, STATS_METRICS, type IncidentStats, type Percentiles } from '../domain/stats';
import { loadStats } from '../services/stats';
import { runAsMain, withCliDatabase, type CliIo } from './support';

const USAGE = 'usage: npm run stats -- [--since 30d|90d|365d] [--format text|json]';

const METRIC_WORDS = { detect: 'time to detect', acknowledge: 'time to acknowledge', contain: 'time to contain', resolve: 'time to resolve' } as const;

const pct = (p: Percentiles) => (p.n === 0 ? '—' : `p50 ${formatDuration(p.p50!)}, p90 ${formatDuration(p.p90!)} (n=${p.n})`);

/** The same figures as `/incident stats`, over every incident in the database, as plain text. */
export function renderStatsText(s: IncidentStats): string {
  const lines = [`Incidents declared in the last ${s.window.days} days: ${s.total}`, ''];
  lines.push('By severity:', ...SEVERITIES.map((x) => `  ${severityLabel(x)}: ${s.bySeverity[x]}`), '');
  lines.push('By harm category:', ...Object.entries(s.byCategory).map(([c, n]) => `  ${HARM_CATEGORY_INFO[c as keyof typeof HARM_CATEGORY_INFO].label}: ${n}`), '');
  for (const m of STATS_METRICS) {
    lines.push(`${METRIC_WORDS[m]}: all ${pct(s.times[m].all)}`);
    for (const x of SEVERITIES) if (s.times[m][x].n) lines.push(`  ${severityLabel(x)}: ${pct(s.times[m][x])}`);
  }
  const a = s.actions;
  lines.push('', `Corrective actions: ${a.total} — done on time ${a.doneOnTime}, done late ${a.doneLate}, done without a due date ${a.doneNoDueDate}, open and overdue ${a.openOverdue}, open ${a.open}, won't do ${a.wontDo}`);
  lines.push('', 'Incidents per week (Monday, UTC):', ...s.weeks.map((w) => `  ${w.start}  ${SEVERITIES.map((x) => `${severityLabel(x)} ${w.counts[x]}`).join('  ')}`));
  return `${lines.join('\n')}\n`;
}

export async function runStatsCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo, now = new Date()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { since: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.err(`${USAGE}\n`);
    return 0;
  }
  let window;
  try {
    window = parseStatsWindow(parsed.values.since ?? '');
  } catch (error) {
    if (error instanceof ValidationError) {
      io.err(`--since: ${error.message.replace(/`/g, '')}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  const format = parsed.values.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    io.err(`--format must be text or json\n${USAGE}\n`);
    return 2;
  }
  return withCliDatabase(env, io, async (database) => {
    const stats = await loadStats(database.repos, { window, now, timeZone: env.TZ?.trim() || 'UTC', viewer: null });
    io.out(format === 'json' ? `${JSON.stringify(stats, null, 2)}\n` : renderStatsText(stats));
    return 0;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  loadDotEnv();
  await runAsMain((argv, env, io) => runStatsCli(argv, env, io));
}

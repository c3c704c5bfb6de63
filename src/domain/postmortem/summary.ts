import { countPlaceholders } from './placeholder';
import { analysePostmortem, type PostmortemAnalysis } from './analysis';
import type { PostmortemInput } from './types';

/** The figures the Slack layer posts beside the uploaded draft. */
export interface PostmortemSummary {
  timeToDetect: string;
  timeToContain: string;
  timeToResolve: string;
  /** Visible timeline entries (retracted ones excluded; milestones from incident timestamps not counted). */
  timelineEntries: number;
  retractedEntries: number;
  correctiveActions: number;
  flaggedActions: number;
  overdueActions: number;
  blamelessFindings: number;
  /** Names of the regimes raised for Legal. */
  regulatoryRegimes: string[];
  /** TODO placeholders left in the draft; null when the draft was not passed in. */
  placeholders: number | null;
  /**
   * Ready-to-post lines in Slack mrkdwn. They carry no user-written text, so they need no
   * escaping beyond what is here.
   */
  lines: string[];
}

export function summarisePostmortem(input: PostmortemInput, draft?: string): PostmortemSummary {
  return summariseAnalysis(analysePostmortem(input), draft);
}

export function summariseAnalysis(a: PostmortemAnalysis, draft?: string): PostmortemSummary {
  const metric = (id: string) => a.metrics.find((m) => m.id === id)!.text;
  const flagged = a.actions.filter((x) => x.flagged);
  const overdue = a.actions.filter((x) => x.overdue).length;
  const placeholders = draft === undefined ? null : countPlaceholders(draft);
  const s: Omit<PostmortemSummary, 'lines'> = {
    timeToDetect: metric('detect'),
    timeToContain: metric('contain'),
    timeToResolve: metric('resolve'),
    timelineEntries: a.entryCount,
    retractedEntries: a.retractedCount,
    correctiveActions: a.actions.length,
    flaggedActions: flagged.length,
    overdueActions: overdue,
    blamelessFindings: a.findings.length,
    regulatoryRegimes: [...new Set(a.regulatory.clocks.map((c) => c.regime))].map((id) => a.regulatory.record.regimes.find((r) => r.id === id)!.name.split(' — ')[0]!),
    placeholders,
  };
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const lines = [
    `*Time to detect:* ${s.timeToDetect} · *to contain:* ${s.timeToContain} · *to resolve:* ${s.timeToResolve}`,
    `*Timeline:* ${plural(s.timelineEntries, 'entry', 'entries')}${s.retractedEntries ? ` (${s.retractedEntries} retracted, left out)` : ''}`,
    `*Corrective actions:* ${s.correctiveActions}${s.flaggedActions ? ` — ${s.flaggedActions} flagged${overdue ? `, ${overdue} overdue` : ''}` : ''}`,
    `*Blameless review:* ${s.blamelessFindings ? `${plural(s.blamelessFindings, 'phrase')} to reword` : 'no blaming or hindsight language found'}`,
  ];
  if (s.regulatoryRegimes.length) lines.push(`*Regulatory clocks:* ${s.regulatoryRegimes.join(', ')}${a.regulatory.clocks.some((c) => c.provisional) ? ' — some provisional, to be confirmed by Legal' : ''}`);
  if (placeholders !== null) lines.push(`*Still to write:* ${placeholders ? plural(placeholders, 'TODO placeholder') : 'nothing, every section is filled'}`);
  return { ...s, lines: lines.map(escapeSlack) };
}

/** Durations and counts only, but `<`, `>` and `&` must never reach Slack unescaped. */
function escapeSlack(line: string): string {
  return line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

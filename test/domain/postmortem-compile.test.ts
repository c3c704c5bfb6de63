import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_MARK, compilePostmortem, countPlaceholders, summarisePostmortem, type PostmortemInput, type PostmortemTimelineEntry } from '../../src/domain/postmortem';
import { hiringIncident, minimalIncident } from './postmortem-fixtures';

const at = (iso: string) => new Date(`${iso}:00Z`);

/** The body of one `## ` section. */
function section(md: string, title: string): string {
  const start = md.indexOf(`\n## ${title}\n`);
  expect(start, `section ${title}`).toBeGreaterThanOrEqual(0);
  const next = md.indexOf('\n## ', start + 4);
  return md.slice(start, next < 0 ? undefined : next);
}

function tableRows(block: string): string[] {
  return block.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Time') && !l.startsWith('| #') && !l.startsWith('| Role'));
}

function cellsOf(row: string): string[] {
  return row
    .replace(/^\|\s?/, '')
    .replace(/\s?\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

function withTimeline(base: PostmortemInput, timeline: PostmortemTimelineEntry[]): PostmortemInput {
  return { ...base, timeline };
}

const note = (iso: string, text: string, extra: Partial<PostmortemTimelineEntry> = {}): PostmortemTimelineEntry => ({
  occurredAt: at(iso),
  kind: 'note',
  source: 'note',
  text,
  actorId: 'U11KAI',
  permalink: null,
  retracted: false,
  ...extra,
});

describe('compilePostmortem: structure', () => {
  it('has the sections in the order of the domain', () => {
    const md = compilePostmortem(hiringIncident());
    const headings = md.split('\n').filter((l) => /^##? /.test(l));
    expect(headings).toEqual([
      '# INC-7: Résumé screener downgraded Northfield University graduates',
      '## Summary',
      '## Impact',
      '## Key metrics',
      '## Timeline',
      '## A picture of the incident',
      '## Communications',
      '## Roles and RACI',
      '## Root-cause analysis',
      '## Lessons learned',
      '## Corrective actions',
      '## Evidence',
      '## Regulatory and disclosure notes',
      '## Blameless review',
    ]);
  });

  it('is deterministic and ends with one newline', () => {
    const a = compilePostmortem(hiringIncident());
    expect(compilePostmortem(hiringIncident())).toBe(a);
    expect(a.endsWith('\n')).toBe(true);
    expect(a.endsWith('\n\n')).toBe(false);
  });

  it('uses one placeholder style everywhere', () => {
    const md = compilePostmortem(minimalIncident());
    const todos = md.split('\n').filter((l) => l.includes('TODO'));
    expect(todos.length).toBeGreaterThan(5);
    for (const line of todos) {
      if (line.startsWith('_Blameless post-mortem draft')) continue;
      expect(line).toMatch(/_TODO \(owner: (?:commander|tech lead|scribe|comms lead|legal|action owners)\): [^_]+_/);
    }
    expect(countPlaceholders(md)).toBe(md.split(PLACEHOLDER_MARK).length - 1);
  });
});

describe('compilePostmortem: escaping user text', () => {
  const hostile = 'Bias | in `ranker`\n# Not a heading\n> not a quote\n- not a list\n<script>x</script>';

  it('a hostile title stays on the heading line', () => {
    const input = minimalIncident();
    input.incident.title = hostile;
    const md = compilePostmortem(input);
    const first = md.split('\n')[0]!;
    expect(first.startsWith('# INC-12: Bias \\| in \\`ranker\\` \\# Not a heading &gt; not a quote - not a list &lt;script&gt;')).toBe(true);
    expect(md).not.toContain('<script>');
    expect(md.split('\n').filter((l) => l.startsWith('# '))).toHaveLength(1);
  });

  it('a hostile summary cannot open a heading, list, quote or fence', () => {
    const input = minimalIncident();
    input.incident.summary = `${hostile}\n\`\`\`\n1. one`;
    const md = compilePostmortem(input);
    const summary = section(md, 'Summary');
    for (const line of summary.split('\n')) {
      if (line.startsWith('> _TODO') || line.startsWith('## ')) continue;
      expect(line).not.toMatch(/^(?:#|>|- |\* |\d+\. |```)/);
    }
  });

  it('a hostile timeline entry stays in its row and cell', () => {
    const input = withTimeline(minimalIncident(), [note('2024-05-14T10:05', hostile, { permalink: 'javascript:alert(1)' })]);
    const md = compilePostmortem(input);
    const rows = tableRows(section(md, 'Timeline'));
    expect(rows).toHaveLength(1);
    const cells = cellsOf(rows[0]!);
    expect(cells).toHaveLength(4);
    expect(cells[1]).toContain('<br>');
    expect(cells[3]).toBe('—');
  });

  it('a hostile corrective action stays in its row', () => {
    const input = minimalIncident();
    input.correctiveActions = [{ description: 'a | b\nc', ownerId: 'U11KAI', dueDate: '2024-06-01', measure: '`x` | y', status: 'open' }];
    const rows = tableRows(section(compilePostmortem(input), 'Corrective actions'));
    expect(rows).toHaveLength(1);
    expect(cellsOf(rows[0]!)).toHaveLength(7);
  });

  it('stored plain text: people become names, the rest is Markdown-escaped as typed', () => {
    const input = withTimeline(minimalIncident(), [
      note('2024-05-14T10:05', 'Asked <@U11KAI> and <@UNKNOWN> in #inc-12, see the doc (https://x.test/a) & p < 0.01'),
    ]);
    const row = tableRows(section(compilePostmortem(input), 'Timeline'))[0]!;
    expect(row).toContain('Asked @Kai Nakamura and @UNKNOWN in #inc-12, see the doc (https://x.test/a) & p &lt; 0.01');
  });

  it('no control characters or bidi overrides reach the file', () => {
    const input = withTimeline(minimalIncident(), [note('2024-05-14T10:05', 'ok\u001b[2J\u0007 \u202Egnp.exe\u0000')]);
    const md = compilePostmortem(input);
    expect(md).toContain('ok[2J gnp.exe');
    expect(md).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
  });
});

describe('compilePostmortem: timeline', () => {
  it('HH:MM when the incident is within one UTC day, with the day stated once', () => {
    const md = compilePostmortem(minimalIncident());
    const tl = section(md, 'Timeline');
    expect(tl).toContain('_All times UTC, on 2024-05-14._');
    expect(tableRows(tl).map((r) => cellsOf(r)[0])).toEqual(['10:02', '10:02']);
  });

  it('YYYY-MM-DD HH:MM when anything printed spans days', () => {
    const input = minimalIncident();
    input.incident.impactStartedAt = at('2024-05-13T23:30');
    const rows = tableRows(section(compilePostmortem(input), 'Timeline'));
    expect(cellsOf(rows[0]!)[0]).toBe('2024-05-13 23:30');
    expect(cellsOf(rows[1]!)[0]).toBe('2024-05-14 10:02');
  });

  it('merges unsorted entries in time order, stable for equal times, leaving out retracted ones', () => {
    const input = withTimeline(minimalIncident(), [
      note('2024-05-14T10:30', 'third'),
      note('2024-05-14T10:10', 'first'),
      note('2024-05-14T10:30', 'retracted', { retracted: true }),
      note('2024-05-14T10:10', 'second'),
    ]);
    const tl = section(compilePostmortem(input), 'Timeline');
    expect(tableRows(tl).map((r) => cellsOf(r)[1]!.replace(/ _\(note\)_$/, ''))).toEqual(['first', 'second', 'third']);
    expect(tl).toContain('1 retracted entry is left out');
  });

  it('thread replies, files and permalinks', () => {
    const input = withTimeline(minimalIncident(), [
      note('2024-05-14T10:10', 'parent', { source: 'pin', kind: 'message', messageTs: '1.1', threadTs: '1.1', permalink: 'https://acme.slack.com/archives/C1/p11' }),
      note('2024-05-14T10:11', 'reply', {
        source: 'reaction',
        kind: 'message',
        messageTs: '1.2',
        threadTs: '1.1',
        files: [{ name: 'chart.png', url: 'https://files.slack.com/chart.png' }, { name: 'no-url.csv' }],
      }),
    ]);
    const rows = tableRows(section(compilePostmortem(input), 'Timeline')).map(cellsOf);
    expect(rows[0]![1]).toBe('parent _(pinned)_');
    expect(rows[0]![3]).toBe('[link](https://acme.slack.com/archives/C1/p11)');
    expect(rows[1]![1]).toBe('reply _(marked with a reaction, in thread)_<br>Files: [chart.png](https://files.slack.com/chart.png), no-url.csv');
  });

  it('milestones from the incident record and the awareness time', () => {
    const input = minimalIncident();
    input.incident.impactStartedAt = at('2024-05-14T09:00');
    input.incident.detectedAt = at('2024-05-14T09:40');
    input.incident.awareAt = at('2024-05-14T09:50');
    const events = tableRows(section(compilePostmortem(input), 'Timeline')).map((r) => cellsOf(r)[1]);
    expect(events.slice(0, 3)).toEqual([
      '**Impact started** _(from the incident record)_',
      '**Detected** _(from the incident record)_',
      '**Organisation aware (regulatory clocks start)** _(from the incident record)_',
    ]);
  });

  it('an unknown user is shown by id', () => {
    const input = withTimeline(minimalIncident(), [note('2024-05-14T10:10', 'x', { actorId: 'U999' })]);
    expect(cellsOf(tableRows(section(compilePostmortem(input), 'Timeline'))[0]!)[2]).toBe('U999');
  });
});

describe('compilePostmortem: header, metrics, roles, actions', () => {
  const md = compilePostmortem(hiringIncident());

  it('severity with its history', () => {
    expect(md).toContain(
      '| Severity | **SEV1** (declared SEV2; escalated to SEV1 at 2024-03-27 14:52 UTC by Priya Raman — “Discriminatory outcome at scale: ~1,900 applicants over 30 days”) |',
    );
  });

  it('commander with the hand-over, and distinct authors', () => {
    expect(md).toContain('| Incident commander | Marcus Lee (took over from Priya Raman at 2024-03-27 18:30 UTC; see Roles) |');
    expect(md).toContain('| Authors | Priya Raman (commander), Marcus Lee (commander), Sam Ortiz (scribe), Dana Kowalski (resolver) |');
  });

  it('a person holding several roles is listed once', () => {
    const input = minimalIncident();
    input.roles.push({ role: 'scribe', userId: 'U11KAI', assignedBy: 'U11KAI', startedAt: at('2024-05-14T10:03'), endedAt: null });
    expect(compilePostmortem(input)).toContain('| Authors | Kai Nakamura (commander, scribe) |');
  });

  it('key metrics with human durations', () => {
    const m = section(md, 'Key metrics');
    expect(m).toContain('| Time to detect | **30 d 4 h** |');
    expect(m).toContain('| Time to declare | **30 min** |');
    expect(m).toContain('| Time to contain | **1 h 55 min** |');
    expect(m).toContain('| Time to resolve | **2 d 2 h** |');
    expect(m).toContain('| Time at SEV2 | **42 min** |');
    expect(m).toContain('| Time at SEV1 | **2 d 2 h** |');
  });

  it('inconsistent timestamps are flagged, never printed as negative', () => {
    const input = hiringIncident();
    input.incident.containedAt = at('2024-03-27T13:00');
    const m = section(compilePostmortem(input), 'Key metrics');
    expect(m).toContain('⚠ inconsistent timestamps: contained is 1 h 10 min before declared');
    expect(m).not.toMatch(/\*\*-/);
  });

  it('RACI with hand-overs, periods and roles never held', () => {
    const r = section(md, 'Roles and RACI');
    expect(r).toContain(
      '| Incident Commander | Accountable (A) | Priya Raman (from 2024-03-27 14:10, self-assigned) → Marcus Lee at 2024-03-27 18:30, by Priya Raman |',
    );
    expect(r).toContain('| Subject-matter experts | Consulted (C) | Tomás García (2024-03-27 14:31–20:00, added by Dana Kowalski) |');
    const minimal = section(compilePostmortem(minimalIncident()), 'Roles and RACI');
    expect(minimal).toContain('| Technical Lead | Responsible (R) | — |');
  });

  it('corrective actions: flags and their count', () => {
    const c = section(md, 'Corrective actions');
    expect(c).toContain('⚠ **2 of 4 corrective actions flagged:** 1 without an owner, 1 without a due date. 1 done.');
    // Ranked by RPN: 9×6×8 = 432 before 8×5×9 = 360 before 6×4×7 = 168; the unrated one last.
    expect(c).toContain('| 1 | Add a per-institution and per-region slice report');
    expect(c).toContain('| 2 | Alert on per-institution score drift (daily, 7-day window). | ⚠ no owner | 2024-04-19 |');
    expect(c).toContain('| **360** (8×5×9) | Open |');
    expect(c).toContain('| ⚠ no due date |');
    expect(c).toContain('| **168** (6×4×7) | In progress |');
    // Done before generation: not overdue.
    expect(c).toContain('| 4 | Re-review all 1,912 affected applications by a person and write to every affected applicant. | Ines Duarte | 2024-03-31 | All 1,912 applications re-reviewed; letters sent. | — _(not rated)_ | Done |');
  });

  it('an open action past its due date is overdue; one due today is not', () => {
    const input = hiringIncident();
    input.correctiveActions[0]!.dueDate = '2024-04-01';
    input.correctiveActions[3]!.status = 'open';
    input.correctiveActions[3]!.dueDate = '2024-04-02';
    const c = section(compilePostmortem(input), 'Corrective actions');
    expect(c).toContain('| 2024-04-01 ⚠ overdue |');
    expect(c).toContain('| 2024-04-02 |');
    expect(c).toContain('3 of 4 corrective actions flagged:** 1 without an owner, 1 without a due date, 1 overdue.');
  });

  it('an unreadable due date is flagged', () => {
    const input = minimalIncident();
    input.correctiveActions = [{ description: 'x', ownerId: 'U11KAI', dueDate: '2024-02-30', measure: 'y', status: 'open' }];
    expect(section(compilePostmortem(input), 'Corrective actions')).toContain('2024-02-30 ⚠ unreadable date');
  });
});

describe('compilePostmortem: regulatory and blameless sections', () => {
  it('states the clock start, the triage with Legal’s decisions, the clocks and the disclosure log', () => {
    const r = section(compilePostmortem(hiringIncident()), 'Regulatory and disclosure notes');
    expect(r).toContain('**Awareness (clock start):** 2024-03-27 15:05 UTC — the recorded awareness time.');
    expect(r).toContain('**Causal link established:** 2024-03-27 14:45 UTC.');
    expect(r).toContain('- 2024-03-27 16:00 UTC — Hannah Berg changed the awareness time from follows detection to 2024-03-27 15:05 UTC: Legal was told at 15:05');
    expect(r).toContain('| EU AI Act Art. 73 — serious incident | likely | Art. 3(49)(c): an infringement of fundamental-rights obligations is recorded; a fundamental-rights infringement in two or more Member States (widespread infringement) | **Applies** — Annex III employment system we provide; discriminatory outcome in two Member States (Hannah Berg, 2024-03-27 17:00 UTC) |');
    expect(r).toContain('| EU AI Act Art. 73 | Serious-incident report | 2024-03-29 15:05 UTC | 2 days — widespread infringement or critical-infrastructure disruption | reported 2024-03-28 16:30 UTC |');
    expect(r).not.toContain('| GDPR Art. 33 | ');
    expect(r).toContain('| 2024-03-28 16:30 UTC | EU AI Act Art. 73 — Serious-incident report | Bundesnetzagentur (market surveillance) | BNetzA-KI-2024-0117 | [link](https://docs.example.com/reports/inc-7-initial) | Hannah Berg |');
    expect(r).toContain('⚠ **Preserve evidence.**');
    expect(r).not.toContain('TODO');
  });

  it('without a record: awareness falls back to detection, nothing runs a clock, and a SEV1 event asks Legal about the AI Act', () => {
    const input = hiringIncident();
    input.incident.awareAt = null;
    delete input.regulatory;
    const r = section(compilePostmortem(input), 'Regulatory and disclosure notes');
    expect(r).toContain('**Awareness (clock start):** 2024-03-27 13:40 UTC — the detection time, because no awareness time was recorded');
    expect(r).toContain('No regime is decided to apply or likely from the record, so no clock runs.');
    expect(r).toContain('| EU AI Act Art. 73 — serious incident | possible | a SEV1/SEV2 event with no Art. 3(49) harm recorded yet');
    expect(r).toContain('TODO (owner: legal): decide whether EU AI Act Art. 73 applies');
    expect(r).not.toContain('NIS2 Art. 23 | likely');
  });

  it('triage uses the highest severity reached, even after a downgrade', () => {
    const input = hiringIncident();
    input.incident.severity = 'sev3';
    input.regulatory = { ...input.regulatory!, org: { nis2Entity: 'essential' } };
    input.severityChanges.push({ at: at('2024-03-28T12:00'), from: 'sev1', to: 'sev3', by: 'U02MARCUS' });
    expect(section(compilePostmortem(input), 'Regulatory and disclosure notes')).toContain('| NIS2 Art. 23 — significant incident | likely |');
  });

  it('no findings → the fixed sentence', () => {
    expect(section(compilePostmortem(minimalIncident()), 'Blameless review')).toContain('No blaming or hindsight language found.');
  });

  it('findings quote the sentence, mark the phrase and say where it came from', () => {
    const b = section(compilePostmortem(hiringIncident()), 'Blameless review');
    expect(b).toContain('| Timeline 2024-03-27 14:50 · Sam Ortiz | “Bob **should have checked** the per-university metrics before the rollout.” |');
    expect(b).toContain('5 phrases to reword');
  });
});

describe('summarisePostmortem', () => {
  it('the figures the Slack layer posts', () => {
    const input = hiringIncident();
    const md = compilePostmortem(input);
    const s = summarisePostmortem(input, md);
    expect(s).toMatchObject({
      timeToDetect: '30 d 4 h',
      timeToContain: '1 h 55 min',
      timeToResolve: '2 d 2 h',
      timelineEntries: 20,
      retractedEntries: 1,
      correctiveActions: 4,
      flaggedActions: 2,
      overdueActions: 0,
      blamelessFindings: 5,
      regulatoryRegimes: ['EU AI Act Art. 73'],
      placeholders: 0,
    });
    expect(s.lines).toEqual([
      '*Time to detect:* 30 d 4 h · *to contain:* 1 h 55 min · *to resolve:* 2 d 2 h',
      '*Timeline:* 20 entries (1 retracted, left out)',
      '*Corrective actions:* 4 — 2 flagged',
      '*Blameless review:* 5 phrases to reword',
      '*Regulatory clocks:* EU AI Act Art. 73',
      '*Still to write:* nothing, every section is filled',
    ]);
  });

  it('without the draft, placeholders are unknown', () => {
    expect(summarisePostmortem(minimalIncident()).placeholders).toBeNull();
  });
});

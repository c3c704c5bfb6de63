import { stripUnsafe } from '../text';
import { cadenceText, DEFAULT_CADENCE } from '../cadence';
import { communicationsReport } from '../communications';
import { incidentKey } from '../channel-name';
import { HARM_CATEGORY_INFO, HARM_LEVEL_INFO } from '../harm';
import { escapeBlock, escapeCell, escapeHeading, escapeInline, escapeLine, isSafeUrl, mdLink, mdTable } from '../markdown';
import { formatDuration, validDate } from '../metrics';
import { RACI_WORD, ROLES, ROLE_INFO, type Role } from '../roles';
import { SEVERITIES } from '../severity';
import { severityLabel, severityRank } from '../severity';
import { statusLabel } from '../status';
import { BLAMELESS_FAMILY_INFO, type BlamelessFinding } from '../blameless';
import { analysePostmortem, isHumanEntry, type PostmortemAnalysis } from './analysis';
import { renderGantt } from './gantt';
import { todo, todoBlock } from './placeholder';
import { utcDate, utcDateTime, utcStamp, utcTime } from './time-format';
import { rpn } from '../corrective-action';
import { EVIDENCE_REMINDER, evidenceRequired } from '../evidence';
import { AI_ACT } from '../regimes';
import { DECISION_TEXT, REASON_TEXT } from '../regulatory-wording';
import type { PostmortemCorrectiveAction, PostmortemInput, PostmortemRoleAssignment, PostmortemTimelineEntry } from './types';

/**
 * Compiles the blameless post-mortem draft (Markdown) from what the bot recorded. Pure: the only
 * clock is `input.generatedAt`, so the same input always yields the same draft.
 */
export function compilePostmortem(input: PostmortemInput): string {
  return renderPostmortem(analysePostmortem(input));
}

export function renderPostmortem(a: PostmortemAnalysis): string {
  const sections = [
    header(a),
    summarySection(a),
    impactSection(a),
    metricsSection(a),
    timelineSection(a),
    pictureSection(a),
    communicationsSection(a),
    rolesSection(a),
    rootCauseSection(a),
    lessonsSection(a),
    actionsSection(a),
    evidenceSection(a),
    regulatorySection(a),
    blamelessSection(a),
  ];
  // Control characters and bidi overrides never reach the file, whatever field they came in by.
  return `${stripUnsafe(sections.filter((x): x is string => x !== null).join('\n\n'))}\n`;
}

// ---------------------------------------------------------------------------------------------
// Helpers

const NONE = '—';

function hasText(s: string | null | undefined): s is string {
  return typeof s === 'string' && s.trim() !== '';
}

/** A stamp for prose and the header, where a bare time would be ambiguous. */
function stamp(d: Date | null): string {
  const v = validDate(d);
  return v ? utcStamp(v) : 'not recorded';
}

function who(a: PostmortemAnalysis, id: string | null | undefined): string {
  return id ? escapeCell(a.nameOf(id)) : NONE;
}

function commanderHistory(a: PostmortemAnalysis): PostmortemRoleAssignment[] {
  return a.rolesByStart.filter((r) => r.role === 'commander');
}

// ---------------------------------------------------------------------------------------------
// 1. Header

function header(a: PostmortemAnalysis): string {
  const { input } = a;
  const inc = input.incident;
  const key = incidentKey(inc.number);
  const title = hasText(inc.title) ? escapeHeading(inc.title) : 'Untitled incident';
  const level = HARM_LEVEL_INFO[inc.harmLevel];
  const rows: string[][] = [
    ['Status', `**Draft** — version ${input.version}, generated ${utcStamp(input.generatedAt)}; incident status: ${statusLabel(inc.status)}`],
    ['Severity', severityCell(a)],
    ['Harm category', escapeCell(HARM_CATEGORY_INFO[inc.category].label)],
    ['Harm level', `${level.label} — ${level.meaning.toLowerCase()}`],
    ['Affected AI system', hasText(inc.affectedSystem) ? escapeCell(inc.affectedSystem) : todo('tech lead', 'name the affected AI system or model')],
    ['Affected version', hasText(inc.affectedVersion) ? escapeCell(inc.affectedVersion) : todo('tech lead', 'give the model or system version')],
    ['Impact started', stamp(inc.impactStartedAt)],
    ['Detected', stamp(inc.detectedAt)],
    ['Declared', `${stamp(inc.declaredAt)} by ${who(a, inc.declaredBy)}`],
    ['Contained', stamp(inc.containedAt)],
    ['Mitigated', stamp(inc.mitigatedAt)],
    ['Resolved', stamp(inc.resolvedAt)],
    ['Incident commander', commanderCell(a)],
    ['Authors', authorsCell(a)],
    ...(input.reviewDate ? [['Post-mortem review', escapeCell(input.reviewDate)]] : []),
    ['Channel', inc.channelName ? `#${escapeCell(inc.channelName)}${inc.isPrivate ? ' (private)' : ''}` : `no channel recorded${inc.isPrivate ? ' (private incident)' : ''}`],
  ];
  return [
    `# ${key}: ${title}`,
    '_Blameless post-mortem draft, compiled by warroom from the incident record. Correct anything that is wrong, fill in every `TODO`, and keep the focus on what the system allowed and what people knew at the time._',
    mdTable(['Field', 'Value'], rows),
  ].join('\n\n');
}

function severityCell(a: PostmortemAnalysis): string {
  const { input } = a;
  const current = severityLabel(input.incident.severity);
  const changes = [...input.severityChanges].sort((x, y) => x.at.getTime() - y.at.getTime());
  if (changes.length === 0 && input.initialSeverity === input.incident.severity) {
    return `${current} (unchanged since declaration)`;
  }
  const parts = [`declared ${severityLabel(input.initialSeverity)}`];
  for (const c of changes) {
    const verb = severityRank(c.to) < severityRank(c.from) ? 'escalated' : severityRank(c.to) > severityRank(c.from) ? 'downgraded' : 'confirmed';
    let text = `${verb} to ${severityLabel(c.to)} at ${stamp(c.at)}`;
    if (c.by) text += ` by ${who(a, c.by)}`;
    if (hasText(c.reason)) text += ` — “${escapeCell(a.plain(c.reason))}”`;
    parts.push(text);
  }
  return `**${current}** (${parts.join('; ')})`;
}

function commanderCell(a: PostmortemAnalysis): string {
  const history = commanderHistory(a);
  if (history.length === 0) return `not recorded — ${todo('commander', 'name the incident commander')}`;
  const current = [...history].reverse().find((r) => r.endedAt === null) ?? history[history.length - 1]!;
  const earlier = history.filter((r) => r !== current);
  const name = who(a, current.userId);
  if (earlier.length === 0) return name;
  if (earlier.length === 1) {
    return `${name} (took over from ${who(a, earlier[0]!.userId)} at ${stamp(current.startedAt)}; see Roles)`;
  }
  return `${name} (${earlier.length} hand-overs; see Roles)`;
}

function authorsCell(a: PostmortemAnalysis): string {
  const byPerson = new Map<string, string[]>();
  const note = (id: string | null | undefined, role: string) => {
    if (!id) return;
    const roles = byPerson.get(id) ?? [];
    if (!roles.includes(role)) roles.push(role);
    byPerson.set(id, roles);
  };
  for (const r of a.rolesByStart) if (r.role === 'commander') note(r.userId, 'commander');
  for (const r of a.rolesByStart) if (r.role === 'scribe') note(r.userId, 'scribe');
  note(a.input.resolution?.resolvedBy, 'resolver');
  if (byPerson.size === 0) return todo('commander', 'list the authors of this post-mortem');
  return [...byPerson.entries()].map(([id, roles]) => `${who(a, id)} (${roles.join(', ')})`).join(', ');
}

// ---------------------------------------------------------------------------------------------
// 2–3. Summary and impact

function summarySection(a: PostmortemAnalysis): string {
  const { input } = a;
  const out = ['## Summary'];
  // The declaration says what was happening; the resolution says what stopped it. Both belong
  // in the summary, each labelled, so an editor can merge them into one paragraph.
  if (hasText(input.incident.summary)) out.push('**What happened** _(from the declaration)_', escapeBlock(a.plain(input.incident.summary)));
  if (hasText(input.resolution?.summary)) {
    out.push('**How it was resolved**', escapeBlock(a.plain(input.resolution.summary)));
  } else {
    out.push(todoBlock('commander', 'summarise what happened, the harm, how it was contained and resolved, in three to five sentences'));
  }
  return out.join('\n\n');
}

function impactSection(a: PostmortemAnalysis): string {
  const { input } = a;
  const inc = input.incident;
  const out = ['## Impact'];
  if (hasText(input.resolution?.impact)) {
    out.push(escapeBlock(a.plain(input.resolution.impact)));
  } else {
    if (hasText(inc.summary)) out.push('_From the declaration (confirm who and what was affected):_', escapeBlock(a.plain(inc.summary)));
    out.push(todoBlock('commander', 'describe who and what was affected, how many people or decisions, and for how long'));
  }
  const facts: string[] = [];
  const impactMetric = a.metrics.find((m) => m.id === 'impact')!;
  if (impactMetric.interval.kind === 'ok') {
    facts.push(
      `- **Impact window:** ${stamp(impactMetric.from.at)} → ${stamp(impactMetric.to.at)} (${impactMetric.text}, until ${impactMetric.to.label}).`,
    );
  } else {
    facts.push(`- **Impact window:** ${impactMetric.text}.`);
  }
  const detect = a.metrics.find((m) => m.id === 'detect')!;
  if (detect.interval.kind === 'ok') facts.push(`- **Undetected for:** ${detect.text} (impact started → detected).`);
  out.push(facts.join('\n'));
  return out.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// 4. Key metrics

function metricsSection(a: PostmortemAnalysis): string {
  const end = (e: { label: string; at: Date | null }) => {
    const v = validDate(e.at);
    return v ? `${e.label} ${utcDateTime(v)}` : e.label;
  };
  const rows = a.metrics.map((m) => [m.label, m.interval.kind === 'ok' ? `**${m.text}**` : m.text, `${end(m.from)} → ${end(m.to)}`]);
  const st = a.severityTimes;
  const until = st.open ? 'this draft (not resolved yet)' : 'resolution';
  for (const t of st.times) {
    rows.push([`Time at ${severityLabel(t.severity)}`, `**${formatDuration(t.ms)}**`, `declaration → ${until}, all periods at ${severityLabel(t.severity)}`]);
  }
  const out = ['## Key metrics', mdTable(['Metric', 'Value', 'Measured between (UTC)'], rows)];
  const inc = a.input.incident;
  if (!validDate(inc.impactStartedAt) || !validDate(inc.detectedAt)) {
    out.push(todoBlock('commander', 'record when the impact started and when it was detected (`/incident edit`), so time to detect can be measured'));
  }
  if (st.ignoredChanges > 0) {
    out.push(`_${st.ignoredChanges} severity change(s) dated before the declaration or after the end were not counted; check their timestamps._`);
  }
  return out.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// 5. Timeline

const SOURCE_NOTE: Record<PostmortemTimelineEntry['source'], string> = {
  bot: '',
  pin: 'pinned',
  reaction: 'marked with a reaction',
  shortcut: 'added with the shortcut',
  note: 'note',
};

function timelineSection(a: PostmortemAnalysis): string {
  const out = ['## Timeline'];
  const day = a.singleDay;
  out.push(day ? `_All times UTC, on ${day}._` : '_All times UTC._');
  if (a.rows.length === 0) {
    out.push(todoBlock('scribe', 'reconstruct the key moments: when the harm started, was noticed, declared, contained and resolved'));
    return out.join('\n\n');
  }
  // Rows are written straight to lines: on a 100k-entry timeline, per-row arrays are GC churn.
  const lines = new Array<string>(a.rows.length + 1);
  lines[0] = mdTable(['Time (UTC)', 'Event', 'Who', 'Link'], []);
  const names = new Map<string, string>();
  const whoCached = (id: string | null) => {
    if (!id) return NONE;
    let name = names.get(id);
    if (name === undefined) {
      name = who(a, id);
      names.set(id, name);
    }
    return name;
  };
  for (let i = 0; i < a.rows.length; i++) {
    const row = a.rows[i]!;
    const time = a.time(row.at);
    if (row.milestone) {
      lines[i + 1] = `| ${time} | **${row.milestone}** _(from the incident record)_ | ${NONE} | ${NONE} |`;
      continue;
    }
    const e = row.entry!;
    const link = e.permalink && isSafeUrl(e.permalink) ? mdLink('link', e.permalink) : NONE;
    lines[i + 1] = `| ${time} | ${eventCell(row.text, e)} | ${whoCached(e.actorId)} | ${link} |`;
  }
  out.push(lines.join('\n'));
  if (a.input.chain) out.push(chainLine(a.input.chain, a.input.incident.number));
  if (a.retractedCount > 0) {
    out.push(`_${a.retractedCount} retracted ${a.retractedCount === 1 ? 'entry is' : 'entries are'} left out (the message was deleted or un-marked)._`);
  }
  if (a.entryCount > 0 && !a.input.timeline.some((e) => !e.retracted && isHumanEntry(e))) {
    out.push(todoBlock('scribe', 'add the key messages responders posted (pin them or use /incident note), then compile again'));
  }
  return out.join('\n\n');
}

function eventCell(text: string, e: PostmortemTimelineEntry): string {
  let cell = hasText(text) ? escapeCell(text) : '_(no text)_';
  const notes: string[] = [];
  if (isHumanEntry(e) && SOURCE_NOTE[e.source]) notes.push(SOURCE_NOTE[e.source]);
  if (e.threadTs && e.threadTs !== e.messageTs) notes.push('in thread');
  if (notes.length) cell += ` _(${notes.join(', ')})_`;
  if (e.files && e.files.length > 0) {
    cell += `<br>Files: ${e.files.map((f) => mdLink(f.name || 'file', f.url)).join(', ')}`;
  }
  return cell;
}

// ---------------------------------------------------------------------------------------------
// 6. Picture

function pictureSection(a: PostmortemAnalysis): string {
  return ['## A picture of the incident', renderGantt(a.input.incident, incidentKey(a.input.incident.number))].join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Communications

/** A status update's text in a table cell: its first sentences, so the table stays a table. */
const UPDATE_EXCERPT = 200;

function communicationsSection(a: PostmortemAnalysis): string {
  const { input } = a;
  const cadence = input.cadence ?? DEFAULT_CADENCE;
  const updates = [...(input.statusUpdates ?? [])].sort((x, y) => x.postedAt.getTime() - y.postedAt.getTime());
  const report = communicationsReport({
    declaredAt: input.incident.declaredAt,
    initialSeverity: input.initialSeverity,
    severityChanges: input.severityChanges,
    updates: updates.map((u) => ({ at: u.postedAt, by: u.postedBy })),
    cadence,
  });
  const rule = SEVERITIES.map((s) => `${severityLabel(s)} ${cadenceText(cadence[s])}`).join(', ');
  const out = ['## Communications', `_Status updates posted during the incident, times UTC. Update cadence: ${rule}._`];
  if (updates.length === 0) {
    out.push('No status update was posted through the bot.');
    out.push(todoBlock('comms lead', 'say how and when stakeholders were kept informed'));
    return out.join('\n\n');
  }
  const rows = updates.map((u, i) => {
    const text = a.plain(u.currentStatus);
    const excerpt = text.length > UPDATE_EXCERPT ? `${text.slice(0, UPDATE_EXCERPT - 1)}…` : text;
    return [String(i + 1), a.time(u.postedAt), who(a, u.postedBy), escapeCell(excerpt)];
  });
  out.push(mdTable(['#', 'Time (UTC)', 'Author', 'Status'], rows, ['right']));
  const facts = [`- **Time to first update:** ${formatDuration(report.timeToFirstMs!)} (declared ${a.time(input.incident.declaredAt)} → first update ${a.time(updates[0]!.postedAt)}).`];
  const g = report.longest!;
  const ratio = g.ms / g.cadenceMs;
  const against = ratio > 1 ? `${ratio.toFixed(1)}× the ${severityLabel(g.severity)} cadence of ${cadenceText(g.cadenceMs)}` : `within the ${severityLabel(g.severity)} cadence of ${cadenceText(g.cadenceMs)}`;
  facts.push(`- **Longest gap:** ${formatDuration(g.ms)}, ${g.fromDeclaration ? 'declaration' : a.time(g.from)} → ${a.time(g.to)} (${against}).`);
  facts.push(
    report.overdueGaps === 0
      ? `- **On cadence:** every update came within its cadence.`
      : `- **Late:** ${report.overdueGaps} of ${report.gaps.length} update${report.gaps.length === 1 ? '' : 's'} came later than the cadence.`,
  );
  out.push(facts.join('\n'));
  return out.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// 7. Roles and RACI

function rolesSection(a: PostmortemAnalysis): string {
  const byRole = new Map<Role, PostmortemRoleAssignment[]>();
  for (const r of a.rolesByStart) {
    const list = byRole.get(r.role) ?? [];
    list.push(r);
    byRole.set(r.role, list);
  }
  const rows = ROLES.map((role) => {
    const info = ROLE_INFO[role];
    const held = byRole.get(role) ?? [];
    return [info.label, `${RACI_WORD[info.raci]} (${info.raci})`, held.length === 0 ? NONE : info.multiple ? holdersList(a, held) : holdersChain(a, held)];
  });
  return [
    '## Roles and RACI',
    '_As held during the incident, with hand-overs. Times UTC._',
    mdTable(['Role', 'RACI', 'Held by'], rows),
  ].join('\n\n');
}

function assigned(a: PostmortemAnalysis, r: PostmortemRoleAssignment, verb: string): string {
  return r.assignedBy === r.userId ? 'self-assigned' : `${verb} by ${who(a, r.assignedBy)}`;
}

/** One holder at a time: "Alice (from 09:12, assigned by Carol) → Bob at 14:05, by Alice". */
function holdersChain(a: PostmortemAnalysis, held: PostmortemRoleAssignment[]): string {
  let text = '';
  held.forEach((r, i) => {
    if (i === 0) text = `${who(a, r.userId)} (from ${a.time(r.startedAt)}, ${assigned(a, r, 'assigned')})`;
    else text += ` → ${who(a, r.userId)} at ${a.time(r.startedAt)}, ${r.assignedBy === r.userId ? 'self-assigned' : `by ${who(a, r.assignedBy)}`}`;
  });
  const last = held[held.length - 1]!;
  if (last.endedAt) text += `, until ${a.time(last.endedAt)}`;
  return text;
}

/** "2024-03-27 14:31–20:00": the date is not repeated when both ends fall on the same day. */
function range(a: PostmortemAnalysis, from: Date, to: Date): string {
  const sameDay = utcDate(from) === utcDate(to);
  return `${a.time(from)}–${sameDay ? utcTime(to) : a.time(to)}`;
}

function holdersList(a: PostmortemAnalysis, held: PostmortemRoleAssignment[]): string {
  return held
    .map((r) => {
      const period = r.endedAt ? range(a, r.startedAt, r.endedAt) : `from ${a.time(r.startedAt)}`;
      return `${who(a, r.userId)} (${period}, ${assigned(a, r, 'added')})`;
    })
    .join('<br>');
}

// ---------------------------------------------------------------------------------------------
// 8. Root-cause analysis

function rootCauseSection(a: PostmortemAnalysis): string {
  const r = a.input.resolution;
  const block = (text: string | undefined, owner: Parameters<typeof todo>[0], what: string) =>
    hasText(text) ? escapeBlock(a.plain(text)) : todoBlock(owner, what);
  const out = ['## Root-cause analysis'];
  out.push('**Trigger** — the event that set the incident off:');
  out.push(block(r?.trigger, 'tech lead', 'name the trigger (the change, input or event that set it off)'));
  out.push('**Root cause** — why the system allowed the trigger to cause harm:');
  out.push(block(r?.rootCause, 'tech lead', 'describe the underlying cause the organisation can change'));

  out.push('### 5 Whys');
  const whys = (r?.whys ?? []).filter(hasText);
  if (whys.length === 0) {
    out.push(todoBlock('tech lead', 'ask "why?" up to five times, starting from the harm, until you reach a cause in process, tooling or data'));
  } else {
    out.push(whys.map((w, i) => `${i + 1}. **Why?** ${escapeLine(a.plain(w))}`).join('\n'));
  }

  out.push('### Contributing factors (fishbone)');
  const factors = r?.factors;
  const cell = (text: string | undefined, what: string) => (hasText(text) ? escapeCell(a.plain(text)) : todo('tech lead', what));
  out.push(
    mdTable(
      ['Category', 'Contributing factors'],
      [
        ['People', cell(factors?.people, 'staffing, load, training, hand-overs — conditions, not individuals')],
        ['Process', cell(factors?.process, 'reviews, approvals, runbooks, release gates')],
        ['Technology', cell(factors?.technology, 'model, pipeline, monitoring, tooling')],
        ['Data', cell(factors?.data, 'training and evaluation data, labels, drift, proxies')],
      ],
    ),
  );
  return out.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// 9. Lessons learned

function lessonsSection(a: PostmortemAnalysis): string {
  const r = a.input.resolution;
  const part = (title: string, text: string | undefined, what: string) =>
    [`### ${title}`, hasText(text) ? escapeBlock(a.plain(text)) : todoBlock('commander', what)].join('\n\n');
  return [
    '## Lessons learned',
    part('What went well', r?.wentWell, 'what helped detection, containment or communication'),
    part('What went wrong', r?.wentWrong, 'where the system, process or tooling made the response harder'),
    part('Where we got lucky', r?.gotLucky, 'what limited the harm by chance rather than by design'),
  ].join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// 10. Corrective actions

function actionsSection(a: PostmortemAnalysis): string {
  const out = ['## Corrective actions'];
  if (a.actions.length === 0) {
    out.push(todoBlock('commander', 'add SMART corrective actions: what, owner, due date, how success is measured'));
    return out.join('\n\n');
  }
  const flagged = a.actions.filter((x) => x.flagged).length;
  const count = (pred: (x: (typeof a.actions)[number]) => boolean) => a.actions.filter(pred).length;
  const reasons: string[] = [];
  const noOwner = count((x) => x.noOwner);
  const noDue = count((x) => x.noDueDate);
  const badDue = count((x) => x.unreadableDueDate);
  const overdue = count((x) => x.overdue);
  const noMeasure = count((x) => x.noMeasure);
  if (noOwner) reasons.push(`${noOwner} without an owner`);
  if (noDue) reasons.push(`${noDue} without a due date`);
  if (badDue) reasons.push(`${badDue} with an unreadable due date`);
  if (overdue) reasons.push(`${overdue} overdue`);
  if (noMeasure) reasons.push(`${noMeasure} without a measure of success`);
  const done = count((x) => x.action.status === 'done');
  const wontDo = count((x) => x.action.status === 'wont_do');
  const total = a.actions.length;
  const progress = `${done} done${wontDo ? `, ${wontDo} won't be done` : ''}`;
  out.push(
    flagged === 0
      ? `All ${total} corrective action${total === 1 ? ' has' : 's have'} an owner, a due date and a measure of success (${progress}).`
      : `⚠ **${flagged} of ${total} corrective action${total === 1 ? '' : 's'} flagged:** ${reasons.join(', ')}. ${progress}.`,
  );
  out.push('_Ranked by risk priority number (RPN = severity × occurrence × detection of the failure mode addressed, each 1–10), then by due date._');
  const rows = a.actions.map((x, i) => {
    const act = x.action;
    const due = x.noDueDate
      ? '⚠ no due date'
      : x.unreadableDueDate
        ? `${escapeCell(act.dueDate!)} ⚠ unreadable date`
        : `${act.dueDate}${x.overdue ? ' ⚠ overdue' : ''}`;
    return [
      String(i + 1),
      hasText(act.description) ? escapeCell(a.plain(act.description)) : todo('action owners', 'describe the action'),
      x.noOwner ? '⚠ no owner' : who(a, act.ownerId),
      due,
      x.noMeasure ? `⚠ ${todo('action owners', 'how will we know it worked?')}` : escapeCell(a.plain(act.measure)),
      rpnCell(act),
      statusCell(a, act),
    ];
  });
  out.push(mdTable(['#', 'Action', 'Owner', 'Due', 'Measure of success', 'RPN', 'Status'], rows, ['right']));
  return out.join('\n\n');
}

function rpnCell(act: PostmortemCorrectiveAction): string {
  const value = rpn(act);
  return value === null ? `${NONE} _(not rated)_` : `**${value}** (${act.severity}×${act.occurrence}×${act.detection})`;
}

const ACTION_STATUS_WORD: Record<PostmortemCorrectiveAction['status'], string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  wont_do: "Won't do",
};

function statusCell(a: PostmortemAnalysis, act: PostmortemCorrectiveAction): string {
  const word = ACTION_STATUS_WORD[act.status];
  return act.status === 'wont_do' && hasText(act.wontDoReason) ? `${word} — ${escapeCell(a.plain(act.wontDoReason))}` : word;
}

// ---------------------------------------------------------------------------------------------
// Timeline integrity and evidence

function chainLine(chain: NonNullable<PostmortemInput['chain']>, number: number): string {
  if (chain.brokenAt !== undefined) {
    return `> ⚠ **Timeline integrity: the hash chain is broken${chain.brokenAt !== null ? ` at entry #${chain.brokenAt}` : ''}.** The stored timeline was changed outside the bot; run \`npm run verify -- ${incidentKey(number)}\`.`;
  }
  if (!chain.head) return '_Timeline integrity: no chained entries yet._';
  return `_Timeline integrity: ${chain.entries} stored ${chain.entries === 1 ? 'entry' : 'entries'} (corrections included) form a SHA-256 hash chain; head digest at compilation \`${chain.head}\`. Check it with \`npm run verify -- ${incidentKey(number)}\`._`;
}

function evidenceSection(a: PostmortemAnalysis): string | null {
  const inc = a.input.incident;
  const records = a.input.evidence ?? [];
  const { record, suggestions } = a.regulatory;
  const required = evidenceRequired({
    decision: record.decisions.find((d) => d.regime === AI_ACT.id)?.decision ?? null,
    suggestion: suggestions.find((s) => s.regime === AI_ACT.id)?.suggestion ?? 'unlikely',
  });
  if (!required && records.length === 0) return null;
  const out = [
    '## Evidence',
    '_The EU AI Act (Art. 73(6)) forbids altering the AI system in a way that could affect a later evaluation of the causes before the authority is informed: the state before containment is preserved first._',
  ];
  for (const r of records) {
    const when = `${utcStamp(r.recordedAt)}, before the move to ${statusLabel(r.forStatus)}`;
    if (r.outcome === 'preserved') {
      out.push(
        mdTable(
          ['Evidence', 'Where'],
          [
            ['Model / weights', escapeCell(a.plain(r.modelRef))],
            ['Prompts and configuration', escapeCell(a.plain(r.promptsRef))],
            ['Input/output samples', escapeCell(a.plain(r.samplesRef))],
            ['Logs', escapeCell(a.plain(r.logsRef))],
            ['Preserved by', who(a, r.preservedBy)],
            ['Recorded', `${when}, by ${who(a, r.recordedBy)}`],
            ['Record digest (SHA-256)', `\`${r.digest}\``],
          ],
        ),
      );
    } else {
      out.push(
        [
          `> ⚠ **The AI system was changed without an evidence snapshot.** ${who(a, r.recordedBy)} proceeded at ${when}.`,
          `> **Reason given:** ${escapeLine(a.plain(r.reason))}`,
          `> Record digest (SHA-256): \`${r.digest}\``,
        ].join('\n'),
      );
    }
  }
  if (records.length === 0) {
    const changed = validDate(inc.containedAt) ?? validDate(inc.mitigatedAt);
    out.push(
      changed
        ? `> ⚠ **No evidence snapshot is recorded**, and the system was changed at ${utcStamp(changed)}.`
        : '_No snapshot yet: one is asked for before the first move to Contained or Mitigated._',
    );
  }
  return out.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// 11. Regulatory

function regulatorySection(a: PostmortemAnalysis): string {
  const { input } = a;
  const inc = input.incident;
  const reg = a.regulatory;
  const { record } = reg;
  const regimeName = (id: string) => record.regimes.find((r) => r.id === id)?.name ?? id;
  const stageName = (regime: string, stage: string) => record.regimes.find((r) => r.id === regime)?.stages.find((s) => s.id === stage)?.label ?? stage;
  const out = [
    '## Regulatory and disclosure notes',
    '_Suggestions follow the record (harm, personal data, severity, organisation settings); Legal decides whether each regime applies. Deadlines are the latest the rules allow, counted from awareness; unconfirmed ones are provisional._',
  ];
  const basis =
    reg.awareness.basis === 'aware'
      ? 'the recorded awareness time'
      : reg.awareness.basis === 'detected'
        ? 'the detection time, because no awareness time was recorded; Legal should confirm when the organisation became aware'
        : 'the declaration time, because neither an awareness nor a detection time was recorded';
  out.push(
    [
      `**Awareness (clock start):** ${utcStamp(reg.awareness.at)} — ${basis}.`,
      `**Causal link established:** ${record.facts.causalLinkAt ? utcStamp(record.facts.causalLinkAt) : 'not recorded'}.`,
    ].join('<br>\n'),
  );
  if (record.legalTimeChanges.length) {
    const show = (d: Date | null, field: string) => (d ? utcStamp(d) : field === 'awareAt' ? 'follows detection' : 'not established');
    out.push(
      record.legalTimeChanges
        .map((c) => `- ${utcStamp(c.changedAt)} — ${escapeLine(a.nameOf(c.changedBy))} changed the ${c.field === 'awareAt' ? 'awareness' : 'causal-link'} time from ${show(c.fromAt, c.field)} to ${show(c.toAt, c.field)}: ${escapeLine(c.reason)}`)
        .join('\n'),
    );
  }

  out.push('### Triage');
  out.push(
    mdTable(
      ['Regime', 'Suggested', 'Why', 'Decision'],
      reg.suggestions.map((s) => {
        const d = record.decisions.find((x) => x.regime === s.regime);
        return [
          escapeCell(regimeName(s.regime)),
          s.suggestion,
          escapeCell(s.reasons.map((r) => REASON_TEXT[r]).join('; ')),
          d ? `**${DECISION_TEXT[d.decision]}** — ${escapeCell(d.reason)} (${escapeCell(a.nameOf(d.decidedBy))}, ${utcStamp(d.decidedAt)})` : '_not decided_',
        ];
      }),
    ),
  );

  out.push('### Clocks');
  if (reg.clocks.length === 0) {
    out.push('No regime is decided to apply or likely from the record, so no clock runs. That is not a finding that none applies.');
  } else {
    const rows = reg.clocks.map((c) => {
      const delta = c.dueAt.getTime() - input.generatedAt.getTime();
      const state =
        c.state === 'reported'
          ? `reported ${utcStamp(c.reportedAt!)}${c.reportedAt!.getTime() > c.dueAt.getTime() ? ` (${formatDuration(c.reportedAt!.getTime() - c.dueAt.getTime())} late)` : ''}`
          : delta < 0
            ? `⚠ overdue by ${formatDuration(-delta)} at this draft`
            : `open, ${formatDuration(delta)} left at this draft`;
      const rule = [c.tier?.label, c.chainedOnDeadline ? 'counted from the previous stage’s deadline until it is reported' : null].filter(Boolean).join('; ');
      return [escapeCell(regimeName(c.regime).split(' — ')[0]!), escapeCell(c.label), utcStamp(c.dueAt), escapeCell(rule || '—'), `${state}${c.provisional ? ' · provisional' : ''}`];
    });
    out.push(mdTable(['Regime', 'Report', 'Latest (UTC)', 'Rule', 'State'], rows));
  }

  out.push('### Disclosure log');
  if (record.reports.length === 0) out.push('No report to an authority has been logged.');
  else {
    out.push(
      mdTable(
        ['When (UTC)', 'Report', 'Authority', 'Reference', 'What was sent', 'By'],
        record.reports.map((r) => [
          utcStamp(r.reportedAt),
          escapeCell(`${regimeName(r.regime).split(' — ')[0]} — ${stageName(r.regime, r.stage)}`),
          escapeCell(r.authority),
          escapeCell(r.reference || '—'),
          r.sent ? (isSafeUrl(r.sent) ? mdLink('link', r.sent) : escapeCell(r.sent)) : '—',
          escapeCell(a.nameOf(r.reportedBy)),
        ]),
      ),
    );
  }

  if (reg.clocks.some((c) => c.regime === 'ai-act')) {
    const lines = [`> ⚠ **Preserve evidence.** ${EVIDENCE_REMINDER}`];
    const changed = validDate(inc.containedAt) ?? validDate(inc.mitigatedAt);
    if (changed) {
      lines.push('>', `> The system was changed to contain or mitigate the incident (${utcStamp(changed)}): confirm the state before that change was preserved${hasText(inc.affectedVersion) ? ` (version ${escapeLine(inc.affectedVersion)})` : ''}.`);
    }
    out.push(lines.join('\n'));
  }
  const undecided = reg.suggestions.filter((s) => s.suggestion !== 'unlikely' && !record.decisions.some((d) => d.regime === s.regime));
  if (undecided.length) out.push(todoBlock('legal', `decide whether ${undecided.map((s) => regimeName(s.regime).split(' — ')[0]).join(', ')} applies, and log each report made`));
  return out.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// 12. Blameless review

const QUOTE_MAX = 240;

function blamelessSection(a: PostmortemAnalysis): string {
  const out = [
    '## Blameless review',
    '_Phrases in the human-written parts of this draft that assign blame or argue from hindsight. Reword them to describe what the system allowed and what people knew at the time; the suggestions are starting points. Quoted timeline entries are the record of what was written then: leave them as they are and address them in the analysis._',
  ];
  if (a.findings.length === 0) {
    out.push('No blaming or hindsight language found.');
    return out.join('\n\n');
  }
  const n = a.findings.length;
  out.push(`${n} phrase${n === 1 ? '' : 's'} to reword:`);
  const rows = a.findings.map((f, i) => [
    String(i + 1),
    escapeCell(f.where),
    quoteCell(f.sentence, f.index, f.phrase.length),
    `**${escapeCell(BLAMELESS_FAMILY_INFO[f.family].title)}**: ${escapeCell(BLAMELESS_FAMILY_INFO[f.family].why)}`,
    whatToDo(f),
  ]);
  out.push(mdTable(['#', 'Where', 'Wording', 'Why', 'What to write instead'], rows, ['right']));
  return out.join('\n\n');
}

/**
 * A quoted timeline entry is the record of what someone wrote at the time: the draft points at it
 * and asks for the analysis to address it, and never proposes rewriting it.
 */
function whatToDo(f: BlamelessFinding): string {
  if (f.record) return `Quoted in the timeline — address it in the analysis: ${escapeCell(f.question)}`;
  if (f.suggestion) return `${escapeCell(f.suggestion)}<br>_${escapeCell(f.hint)}_`;
  return `${escapeCell(f.question)}<br>_${escapeCell(f.hint)}_`;
}

/** The sentence with the phrase in bold, cut around the phrase when long. */
function quoteCell(sentence: string, index: number, length: number): string {
  let start = 0;
  let end = sentence.length;
  if (sentence.length > QUOTE_MAX) {
    start = Math.max(0, index - 100);
    end = Math.min(sentence.length, index + length + 100);
  }
  const before = escapeInline(sentence.slice(start, index));
  const phrase = escapeInline(sentence.slice(index, index + length));
  const after = escapeInline(sentence.slice(index + length, end));
  return `“${start > 0 ? '…' : ''}${before}**${phrase}**${after}${end < sentence.length ? '…' : ''}”`;
}

import { parseSeverity, type Severity } from './severity';

/** Subcommands of `/incident`, in the order the help text lists them. */
export const SUBCOMMANDS = [
  'declare',
  'list',
  'roles',
  'assign',
  'status',
  'severity',
  'note',
  'edit',
  'timeline',
  'sync',
  'resolve',
  'postmortem',
  'close',
  'update',
  'analysis',
  'actions',
  'stats',
  'triage',
  'clocks',
  'report',
  'export',
  'help',
] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

export const SUBCOMMAND_USAGE: Record<Subcommand, string> = {
  declare: '`/incident declare [title]` — open the declaration form · `/incident declare sev1 <title>` — declare at once',
  list: '`/incident list` — open incidents',
  roles: '`/incident roles` — assign RACI roles (in an incident channel)',
  assign: '`/incident assign <commander|tech|comms|scribe|sme|legal|stakeholder> @user`',
  status: '`/incident status <investigating|contained|mitigated|resolved> [note]`',
  severity: '`/incident severity <sev1..sev4> [reason]`',
  note: '`/incident note <text>` — add a note to the timeline',
  edit: '`/incident edit` — correct the incident details',
  timeline: '`/incident timeline` — show the timeline so far',
  sync: '`/incident sync` — catch up on messages and finish any unfinished Slack setup',
  resolve: '`/incident resolve` — resolve (what stopped the harm, impact, when) and compile the first draft',
  postmortem: '`/incident postmortem` — regenerate the post-mortem draft',
  close: '`/incident close` — close a resolved incident and set the post-mortem review date',
  update: '`/incident update` — post a status update (channel, incidents thread, stakeholders)',
  analysis: '`/incident analysis [cause|factors|actions]` — write the post-mortem analysis, in as many sittings as it takes',
  actions: '`/incident actions` — corrective actions: this incident’s (in its channel) or all open ones you can see',
  stats: '`/incident stats [30d|90d|365d]` — numbers across the incidents you can see',
  triage: '`/incident triage` — regulatory triage: per regime the suggestion, Legal decides applies / does not apply / unsure',
  clocks: '`/incident clocks` — every regulatory deadline with the time left',
  report: '`/incident report <regime> <stage> [reference] [what was sent]` — log a report made to an authority',
  export: '`/incident export <regime> [json]` — the regulator-ready export, as a file in this channel',
  help: '`/incident help` — this text',
};

export type ParsedCommand =
  | { kind: 'subcommand'; name: Subcommand; args: string }
  | { kind: 'unknown'; given: string };

/** Splits `/incident <sub> <args>`; an empty command is `help`. */
export function parseCommand(text: string): ParsedCommand {
  const trimmed = text.trim();
  if (!trimmed) return { kind: 'subcommand', name: 'help', args: '' };
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed)!;
  const word = match[1].toLowerCase();
  const name = (SUBCOMMANDS as readonly string[]).includes(word) ? (word as Subcommand) : null;
  if (!name) return { kind: 'unknown', given: match[1] };
  return { kind: 'subcommand', name, args: match[2].trim() };
}

export type DeclareArgs =
  | { mode: 'fast'; severity: Severity; title: string }
  | { mode: 'modal'; severity: Severity | null; title: string };

/**
 * `sev1 <title>` declares at once; a severity without a title, or a plain title, opens the form
 * (prefilled) because the form is the only place the missing details can be asked for.
 */
export function parseDeclareArgs(args: string): DeclareArgs {
  const match = /^(sev\s?[1-4])\b\s*([\s\S]*)$/i.exec(args.trim());
  if (match) {
    const severity = parseSeverity(match[1])!;
    const title = match[2].trim();
    return title ? { mode: 'fast', severity, title } : { mode: 'modal', severity, title: '' };
  }
  return { mode: 'modal', severity: null, title: args.trim() };
}

export function helpText(intro?: string, available: readonly Subcommand[] = SUBCOMMANDS): string {
  const lines = SUBCOMMANDS.filter((s) => available.includes(s)).map((s) => `• ${SUBCOMMAND_USAGE[s]}`);
  return [intro, '*Incident commands*', ...lines].filter(Boolean).join('\n');
}

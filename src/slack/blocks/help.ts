import { SUBCOMMANDS, type Subcommand } from '../../domain/command';
import { ROLES, ROLE_INFO } from '../../domain/roles';

/**
 * How the slash command's subcommands are written, for help, refusals and briefings. Only Slack
 * spells the command: the domain names a subcommand (`DomainError.usage`) and this renders it.
 */
export const SUBCOMMAND_USAGE: Record<Subcommand, string> = {
  declare: '`/incident declare [title]` — open the declaration form · `/incident declare sev1 <title>` — declare at once',
  list: '`/incident list` — open incidents',
  roles: '`/incident roles` — assign RACI roles (in an incident channel)',
  assign: `\`/incident assign <${ROLES.map((r) => ROLE_INFO[r].keyword).join('|')}> @user\``,
  status: '`/incident status <investigating|contained|mitigated|resolved> [note]`',
  severity: '`/incident severity <sev1..sev4> [reason]`',
  note: '`/incident note <text>` — add a note to the timeline',
  edit: '`/incident edit` — correct the incident details',
  timeline: '`/incident timeline [page]` — show the timeline so far',
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
/** The help text: one line per subcommand the person can use here. */
export function helpText(intro?: string, available: readonly Subcommand[] = SUBCOMMANDS): string {
  const lines = SUBCOMMANDS.filter((s) => available.includes(s)).map((s) => `• ${SUBCOMMAND_USAGE[s]}`);
  return [intro, '*Incident commands*', ...lines].filter(Boolean).join('\n');
}

/** The command itself, without its description: `/incident note <text>`. */
export function subcommandUsage(name: Subcommand): string {
  return SUBCOMMAND_USAGE[name].split(' — ')[0]!.split(' · ')[0]!;
}

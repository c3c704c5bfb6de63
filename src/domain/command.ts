import { parseSeverity, type Severity } from './severity';

/** The slash command's subcommands, in the order the help text lists them. */
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

export type ParsedCommand =
  | { kind: 'subcommand'; name: Subcommand; args: string }
  | { kind: 'unknown'; given: string };

/** Splits `<sub> <args>`; an empty command is `help`. */
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

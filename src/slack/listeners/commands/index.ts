import type { App } from '@slack/bolt';
import { parseCommand, type Subcommand } from '../../../domain/command';
import { helpText } from '../../blocks/help';
import { DomainError } from '../../../domain/errors';
import { plainFromSlack } from '../../../domain/text';
import type { ListenerDeps } from '../../deps';
import { userMessageFor } from '../../errors';
import { COMMAND } from '../../ids';
import { handleActions } from './actions';
import { handleAnalysis } from './analysis';
import { handleAssign } from './assign';
import { handleClose } from './close';
import { handleDeclare } from './declare';
import { handleEdit } from './edit';
import { handleList } from './list';
import { handleNote } from './note';
import { handlePostmortem } from './postmortem';
import { handleResolve } from './resolve';
import { handleRoles } from './roles';
import { handleSeverity } from './severity';
import { handleStats } from './stats';
import { handleStatus } from './status';
import { handleSync } from './sync';
import { handleTimeline } from './timeline';
import { handleUpdate } from './update';
import type { CommandArgs, SubcommandHandler } from './types';
import { handleClocks, handleExport, handleReport, handleTriage } from '../regulatory';

const HANDLERS: Partial<Record<Subcommand, SubcommandHandler>> = {
  declare: handleDeclare,
  list: handleList,
  resolve: handleResolve,
  postmortem: handlePostmortem,
  close: handleClose,
  roles: handleRoles,
  assign: handleAssign,
  status: handleStatus,
  severity: handleSeverity,
  note: handleNote,
  edit: handleEdit,
  timeline: handleTimeline,
  sync: handleSync,
  update: handleUpdate,
  analysis: handleAnalysis,
  actions: handleActions,
  stats: handleStats,
  triage: handleTriage,
  clocks: handleClocks,
  report: handleReport,
  export: handleExport,
};

/** Help lists only the subcommands this build handles. */
export function availableHelp(intro?: string): string {
  const available: Subcommand[] = [...(Object.keys(HANDLERS) as Subcommand[]), 'help'];
  return helpText(intro, available);
}

export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command(COMMAND, async (args: CommandArgs) => {
    // Slack escapes command text (`&lt;`, `<@U1|bob>`, `<!here>`): decoded here, once, for every subcommand.
    const parsed = parseCommand(plainFromSlack(args.command.text));
    const handler = parsed.kind === 'subcommand' ? HANDLERS[parsed.name] : undefined;
    if (!handler || parsed.kind !== 'subcommand') {
      const intro = parsed.kind === 'unknown' ? `I don't know \`${parsed.given.slice(0, 40)}\`.` : undefined;
      await args.ack({ response_type: 'ephemeral', text: availableHelp(intro) });
      return;
    }
    let acked = false;
    const ack: CommandArgs['ack'] = async (response) => {
      acked = true;
      await args.ack(response);
      await deps.pacer.quiet();
    };
    try {
      await handler(deps, { ...args, ack }, parsed.args);
    } catch (error) {
      // Domain errors (wrong channel, refused transition, bad input) are answered here for every subcommand.
      const text = error instanceof DomainError ? `:warning: ${userMessageFor(error)}` : userMessageFor(error);
      if (error instanceof DomainError) deps.logger.info('command.refused', { sub: parsed.name, code: error.code });
      else deps.logger.error('command.failed', { sub: parsed.name, error: error instanceof Error ? error.message : String(error) });
      // Before the ack the answer rides on it; after, only response_url can reach the user.
      if (!acked) await args.ack({ response_type: 'ephemeral', text });
      else {
        await args.respond({ response_type: 'ephemeral', text }).catch((e: unknown) => deps.logger.warn('command.respond_failed', { error: String(e) }));
      }
    }
  });
}

import type { App } from '@slack/bolt';
import { helpText, parseCommand, type Subcommand } from '../../../domain/command';
import type { ListenerDeps } from '../../deps';
import { userMessageFor } from '../../errors';
import { COMMAND } from '../../ids';
import { handleDeclare } from './declare';
import { handleList } from './list';
import type { CommandArgs, SubcommandHandler } from './types';

const HANDLERS: Partial<Record<Subcommand, SubcommandHandler>> = {
  declare: handleDeclare,
  list: handleList,
};

/** Help lists only the subcommands this build handles. */
export function availableHelp(intro?: string): string {
  const available: Subcommand[] = [...(Object.keys(HANDLERS) as Subcommand[]), 'help'];
  return helpText(intro, available);
}

export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command(COMMAND, async (args: CommandArgs) => {
    const parsed = parseCommand(args.command.text ?? '');
    const handler = parsed.kind === 'subcommand' ? HANDLERS[parsed.name] : undefined;
    if (!handler || parsed.kind !== 'subcommand') {
      const intro = parsed.kind === 'unknown' ? `I don't know \`${parsed.given.slice(0, 40)}\`.` : undefined;
      await args.ack({ response_type: 'ephemeral', text: availableHelp(intro) });
      return;
    }
    try {
      await handler(deps, args, parsed.args);
    } catch (error) {
      deps.logger.error('command.failed', { sub: parsed.name, error: error instanceof Error ? error.message : String(error) });
      // The handler may or may not have acked; a second ack is refused, so answer through response_url.
      await args.ack().catch(() => undefined);
      await args.respond({ response_type: 'ephemeral', text: userMessageFor(error) }).catch(() => undefined);
    }
  });
}

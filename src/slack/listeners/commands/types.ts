import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../../deps';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** One `/incident <sub>` handler; it must `ack` within 3 s, before any slow work. */
export type SubcommandHandler = (deps: ListenerDeps, args: CommandArgs, text: string) => Promise<void>;

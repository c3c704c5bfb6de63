import type { Logger } from '../logger';
import type { ServiceContext } from '../services/context';
import type { AckPacer } from './ack-pacer';
import type { BotUsers } from './bot-users';
import type { Membership } from './membership';
import type { UserNames } from './user-names';

/** What every listener may use; built once in app.ts. */
export interface ListenerDeps {
  ctx: ServiceContext;
  logger: Logger;
  /** Lets acks of requests that are arriving go before follow-up work (see ack-pacer.ts). */
  pacer: AckPacer;
  botUserId: string;
  /** Display names by user id (cached users.info), for text read outside Slack. */
  userNames: UserNames;
  /** Whether someone is in a channel (private incidents are shown in full only to members). */
  isMember: Membership;
  /** Whether a URL is one of Slack's response URLs (the only kind the bot posts a reply to). */
  isSlackResponseUrl: (url: string) => boolean;
  /** Which of some user ids are bot users (cached users.info): bots can't hold roles. */
  botUsers: BotUsers;
  settings: {
    incidentsChannel?: string;
    timelineEmoji: string;
    admins: string[];
    archiveOnClose: boolean;
    /** Corrective-action reminders: cron expression and the team's time zone. */
    followupSchedule: string;
    timeZone: string;
  };
}

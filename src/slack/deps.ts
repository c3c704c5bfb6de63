import type { Logger } from '../logger';
import type { ServiceContext } from '../services/context';
import type { Background } from './background';
import type { UserNames } from './user-names';
import type { WarRoomSetup } from './war-room-setup';

/** What every listener may use; built once in app.ts. */
export interface ListenerDeps {
  ctx: ServiceContext;
  logger: Logger;
  setup: WarRoomSetup;
  background: Background;
  botUserId: string;
  /** Display names by user id (cached users.info), for text read outside Slack. */
  userNames: UserNames;
  settings: {
    incidentsChannel?: string;
    timelineEmoji: string;
    admins: string[];
    archiveOnClose: boolean;
  };
}

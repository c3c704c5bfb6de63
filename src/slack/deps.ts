import type { Logger } from '../logger';
import type { ServiceContext } from '../services/context';
import type { Background } from './background';
import type { WarRoomSetup } from './war-room-setup';

/** What every listener may use; built once in app.ts. */
export interface ListenerDeps {
  ctx: ServiceContext;
  logger: Logger;
  setup: WarRoomSetup;
  background: Background;
  botUserId: string;
  settings: {
    incidentsChannel?: string;
    timelineEmoji: string;
    admins: string[];
    archiveOnClose: boolean;
  };
}

import type { SimManifest } from './manifest';
import type { SlackSimOptions } from './types';
import type { SimWorld } from './world';

export type Obj = Record<string, any>;

export type ResolvedSimOptions = Required<Pick<SlackSimOptions, 'signingSecret' | 'botToken' | 'triggerTtlMs' | 'ackTimeoutMs' | 'port'>> & SlackSimOptions;

/** What every part of the sim shares: the world, the options, the manifest, the log. */
export interface SimCore {
  readonly world: SimWorld;
  readonly opts: ResolvedSimOptions;
  readonly manifest: SimManifest;
  /** Things the bot did that real Slack would reject without an API error. */
  readonly problems: string[];
  baseUrl(): string;
  log(line: string): void;
}

export const VERIFICATION_TOKEN = 'sim-verification-token';

export function requireUser(core: SimCore, id: string) {
  const u = core.world.users.get(id);
  if (!u) throw new Error(`SlackSim: unknown user ${id}`);
  return u;
}

export function requireChannel(core: SimCore, id: string) {
  const ch = core.world.channels.get(id) ?? core.world.channelByName(id);
  if (!ch) throw new Error(`SlackSim: unknown channel ${id}`);
  return ch;
}

export function requireMessage(core: SimCore, channelId: string, ts: string) {
  const m = core.world.findMessage(channelId, ts);
  if (!m) throw new Error(`SlackSim: no message ${ts} in ${channelId}`);
  return m;
}

import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps';

/** Events API listeners. */
export function registerEvents(_app: App, _deps: ListenerDeps): void {}

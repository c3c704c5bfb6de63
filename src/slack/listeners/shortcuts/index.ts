import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps';

/** Message shortcuts. */
export function registerShortcuts(_app: App, _deps: ListenerDeps): void {}

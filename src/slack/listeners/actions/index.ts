import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps';

/** Buttons and selects (card controls). Each feature registers its own here. */
export function registerActions(_app: App, _deps: ListenerDeps): void {}

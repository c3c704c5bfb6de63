import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps';
import { CALLBACK } from '../../ids';
import { handleAddToTimeline } from './add-to-timeline';

/** Message shortcuts. */
export function registerShortcuts(app: App, deps: ListenerDeps): void {
  app.shortcut(CALLBACK.addToTimelineShortcut, handleAddToTimeline(deps));
}

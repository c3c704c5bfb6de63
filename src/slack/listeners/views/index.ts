import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps';
import { CALLBACK } from '../../ids';
import { handleDeclareSubmission } from './declare-submission';

export function registerViews(app: App, deps: ListenerDeps): void {
  app.view(CALLBACK.declareModal, handleDeclareSubmission(deps));
}

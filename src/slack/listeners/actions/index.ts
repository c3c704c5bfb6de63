import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps';
import { ACTION } from '../../ids';
import { handleAssignRolesButton } from './assign-roles-button';
import { handleResolveButton } from './resolve-button';

/** Buttons and selects (card controls). Each feature registers its own here. */
export function registerActions(app: App, deps: ListenerDeps): void {
  app.action(ACTION.cardAssignRoles, handleAssignRolesButton(deps));
  app.action(ACTION.cardResolve, handleResolveButton(deps));
}

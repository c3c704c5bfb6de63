import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps';
import { ACTION } from '../../ids';
import { handleAssignRolesButton } from './assign-roles-button';
import { handleCardEdit, handleCardSeverity, handleCardStatus } from './card-lifecycle';
import { handleResolveButton } from './resolve-button';

/** Buttons and selects (card controls). Each feature registers its own here. */
export function registerActions(app: App, deps: ListenerDeps): void {
  app.action(ACTION.cardAssignRoles, handleAssignRolesButton(deps));
  app.action(ACTION.cardResolve, handleResolveButton(deps));
  app.action(ACTION.cardStatus, handleCardStatus(deps));
  app.action(ACTION.cardSeverity, handleCardSeverity(deps));
  app.action(ACTION.cardEdit, handleCardEdit(deps));
}

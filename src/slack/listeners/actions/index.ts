import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps';
import { ACTION } from '../../ids';
import { handleAssignRolesButton } from './assign-roles-button';
import { handleCardEdit, handleCardSeverity, handleCardStatus } from './card-lifecycle';
import { handleResolveButton } from './resolve-button';
import { handleCardTriage, handleLogReportButton } from '../regulatory';
import {
  handleAcknowledgeButton,
  handleDeclareAnywayButton,
  handleMuteButton,
  handlePostUpdateButton,
  handleSnoozeButton,
  handleTakeCommandButton,
} from './comms-buttons';
import { handleActionDone, handleActionForm, handleActionMore, handleAnalysisButton } from './corrective-action-buttons';

/** Buttons and selects (card controls). Each feature registers its own here. */
export function registerActions(app: App, deps: ListenerDeps): void {
  app.action(ACTION.cardAssignRoles, handleAssignRolesButton(deps));
  app.action(ACTION.cardResolve, handleResolveButton(deps));
  app.action(ACTION.cardStatus, handleCardStatus(deps));
  app.action(ACTION.cardSeverity, handleCardSeverity(deps));
  app.action(ACTION.cardEdit, handleCardEdit(deps));
  app.action(ACTION.cardTriage, handleCardTriage(deps));
  app.action(ACTION.logReport, handleLogReportButton(deps));
  app.action(ACTION.postUpdate, handlePostUpdateButton(deps));
  app.action(ACTION.snoozeUpdate, handleSnoozeButton(deps));
  app.action(ACTION.muteUpdates, handleMuteButton(deps));
  app.action(ACTION.acknowledgeCommand, handleAcknowledgeButton(deps));
  app.action(ACTION.takeCommand, handleTakeCommandButton(deps));
  app.action(ACTION.declareAnyway, handleDeclareAnywayButton(deps));
  app.action(ACTION.cardAnalysis, handleAnalysisButton(deps));
  app.action(ACTION.actionDone, handleActionDone(deps));
  app.action(ACTION.actionReassign, handleActionForm(deps, 'reassign'));
  app.action(ACTION.actionDue, handleActionForm(deps, 'due'));
  app.action(ACTION.actionMore, handleActionMore(deps));
}

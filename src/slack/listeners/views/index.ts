import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps';
import { CALLBACK } from '../../ids';
import { handleDeclareSubmission } from './declare-submission';
import { handleEditSubmission, handleEvidenceSubmission, handleStatusNoteSubmission } from './lifecycle-submissions';
import { handleResolveSubmission } from './resolve-submission';
import { handleRolesSubmission } from './roles-submission';
import { handleStatusUpdateSubmission } from './status-update-submission';
import { handleActionSubmission } from './action-submission';
import { handleAnalysisSubmission } from './analysis-submission';
import { handleCloseSubmission } from './close-submission';
import { handleReportSubmission, handleTriageSubmission } from '../regulatory';

export function registerViews(app: App, deps: ListenerDeps): void {
  app.view(CALLBACK.declareModal, handleDeclareSubmission(deps));
  app.view(CALLBACK.rolesModal, handleRolesSubmission(deps));
  app.view(CALLBACK.resolveModal, handleResolveSubmission(deps));
  app.view(CALLBACK.editModal, handleEditSubmission(deps));
  app.view(CALLBACK.statusNoteModal, handleStatusNoteSubmission(deps));
  app.view(CALLBACK.statusUpdateModal, handleStatusUpdateSubmission(deps));
  app.view(CALLBACK.analysisModal, handleAnalysisSubmission(deps));
  app.view(CALLBACK.correctiveActionModal, handleActionSubmission(deps));
  app.view(CALLBACK.closeModal, handleCloseSubmission(deps));
  app.view(CALLBACK.evidenceModal, handleEvidenceSubmission(deps));
  app.view(CALLBACK.triageModal, handleTriageSubmission(deps));
  app.view(CALLBACK.reportModal, handleReportSubmission(deps));
}

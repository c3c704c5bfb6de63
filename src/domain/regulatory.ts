/**
 * Regulatory triage lives in regimes.ts (regimes as data, suggestions from the whole record,
 * clocks and reminders) and regulatory-record.ts (the facts and the legal times). This module
 * keeps the evidence reminder the draft and the export print.
 */
export { addUtcMonths } from './regimes';

export const EVIDENCE_REMINDER =
  'Before altering the AI system any further (rollback, retraining, prompt or configuration change), preserve the evidence: ' +
  'the exact model version and weights identifier, system and user prompts, configuration and feature flags, input samples and ' +
  'outputs, and logs. The EU AI Act (Art. 73(6)) forbids alterations that could affect a later evaluation of the causes ' +
  'before the authority is informed.';

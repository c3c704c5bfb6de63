import type { Role } from '../domain/roles';

/** Every Slack identifier the app owns: commands, callback ids, action ids, block ids. */

export const COMMAND = '/incident';

export const CALLBACK = {
  declareModal: 'incident_declare',
  rolesModal: 'incident_roles',
  editModal: 'incident_edit',
  resolveModal: 'incident_resolve',
  addToTimelineShortcut: 'add_to_timeline',
  statusNoteModal: 'incident_status_note',
  statusUpdateModal: 'incident_status_update',
  analysisModal: 'incident_analysis',
  correctiveActionModal: 'corrective_action',
  closeModal: 'incident_close',
  evidenceModal: 'incident_evidence',
  triageModal: 'incident_triage',
  reportModal: 'regulatory_report',
} as const;

export const ACTION = {
  cardAssignRoles: 'card_assign_roles',
  cardStatus: 'card_status',
  cardSeverity: 'card_severity',
  cardEdit: 'card_edit',
  cardResolve: 'card_resolve',
  /** The card's "Regulatory triage" (value: incident id). */
  cardTriage: 'card_triage',
  /** A regulatory reminder's "Log report" (value: `<incident id>:<regime>:<stage>`). */
  logReport: 'log_report',
  openChannel: 'open_channel',
  /** The card's and the reminder's "Post update" (value: incident id). */
  postUpdate: 'post_update',
  /** A reminder's "Snooze 15 min" (value: incident id, plan and firing time). */
  snoozeUpdate: 'snooze_update',
  /** A stakeholder's "Mute updates" in the update DM (value: incident id). */
  muteUpdates: 'mute_updates',
  /** The commander's "Acknowledge" in the role DM (value: incident id). */
  acknowledgeCommand: 'acknowledge_command',
  /** "Take command" when a commander has not acknowledged (value: incident id). */
  takeCommand: 'take_command',
  /** "Declare anyway" under a duplicate warning (value: the declaration, JSON). */
  declareAnyway: 'declare_anyway',
  /** "Post-mortem analysis" on the card and the Home tab; the value is the incident id. */
  cardAnalysis: 'card_analysis',
  /** Corrective-action controls (lists, DMs, Home tab); the value is the action id. */
  actionDone: 'action_done',
  actionReassign: 'action_reassign',
  actionDue: 'action_due',
  /** Overflow menu: in progress, re-open, won't do, edit; the option value is `<verb>:<action id>`. */
  actionMore: 'action_more',
} as const;

/** Input blocks of the status-update modal (block id = error key = domain field name). */
export const UPDATE_BLOCK = {
  currentStatus: 'current_status',
  doingNow: 'doing_now',
  needs: 'needs',
  nextUpdate: 'next_update',
  executiveSummary: 'executive_summary',
} as const;

/** The warning the declaration form shows above its inputs when the title matches an open incident. */
export const DUPLICATE_WARNING_BLOCK = 'duplicate_warning';

/** Input blocks of the declaration modal; the block id doubles as the error key. */
/**
 * The incident's details, the same block ids in the declaration and the edit form (they are the
 * domain's field names, so a ValidationError lands on its input).
 */
export const DETAILS_BLOCK = {
  title: 'title',
  category: 'category',
  harmLevel: 'harm_level',
  affectedSystem: 'affected_system',
  affectedVersion: 'affected_version',
  summary: 'summary',
  impactStarted: 'impact_started',
  personalData: 'personal_data',
  peopleAffected: 'people_affected',
  memberStates: 'member_states',
  detectionSource: 'detection_source',
  harmLimb: 'harm_limb',
  modelBefore: 'model_before',
  modelAfter: 'model_after',
  promptBefore: 'prompt_before',
  promptAfter: 'prompt_after',
  datasetBefore: 'dataset_before',
  datasetAfter: 'dataset_after',
} as const;

export const DECLARE_BLOCK = {
  ...DETAILS_BLOCK,
  severity: 'severity',
  commander: 'commander',
  options: 'options',
} as const;

/** Input blocks of the RACI modal, one per role; the block id is the role, so domain errors map 1:1. */
export const ROLES_BLOCK = {
  commander: 'commander',
  tech_lead: 'tech_lead',
  comms_lead: 'comms_lead',
  scribe: 'scribe',
  sme: 'sme',
  legal: 'legal',
  stakeholder: 'stakeholder',
} as const satisfies Record<Role, string>;

/** One action id per input: the block id identifies the field. */
export const INPUT_ACTION = 'value';

export const PRIVATE_OPTION = 'private';

/** Block ids that tag the bot's own messages so a resumed set-up can find them again. */
export const cardBlockId = (incidentId: number) => `incident_card:${incidentId}`;
export const announceBlockId = (incidentId: number) => `incident_announce:${incidentId}`;

/** Input blocks of the short resolve form (block id = error key = domain field name). */
export const RESOLVE_BLOCK = {
  summary: 'summary',
  impact: 'impact',
  resolvedAt: 'resolved_at',
} as const;

/** Input blocks of the analysis parts (block id = error key = domain field name). */
export const ANALYSIS_BLOCK = {
  trigger: 'trigger',
  rootCause: 'root_cause',
  why: (n: number) => `why_${n}`,
  factor: (category: string) => `factor_${category}`,
  wentWell: 'went_well',
  wentWrong: 'went_wrong',
  gotLucky: 'got_lucky',
} as const;

/** Input blocks of a corrective action's forms (block id = error key = domain field name). */
export const ACTION_BLOCK = {
  title: 'title',
  owner: 'owner',
  due: 'due',
  measure: 'measure',
  severity: 'severity',
  occurrence: 'occurrence',
  detection: 'detection',
  reason: 'reason',
} as const;

/** The close form's input. */
export const CLOSE_BLOCK = { reviewDate: 'review_date' } as const;

/** Tags a corrective action's blocks so a list can be told apart from its neighbours. */
export const actionBlockId = (actionId: number) => `corrective_action:${actionId}`;

/** Input blocks of the edit-details modal; block ids are the domain's field names (see domain/details-edit.ts). */
/** The "Log a report" form (the domain's field names). */
export const REPORT_BLOCK = { reportedAt: 'reported_at', authority: 'authority', reference: 'reference', sent: 'sent' } as const;

export const EDIT_BLOCK = {
  ...DETAILS_BLOCK,
  detected: 'detected',
  aware: 'aware',
  causalLink: 'causal_link',
  legalReason: 'legal_reason',
} as const;

/** The one input of the "why are you re-opening?" modal a backward status move from the card opens. */
export const STATUS_NOTE_BLOCK = { note: 'note' } as const;

/** The reaction the bot puts on a message it captured, so people see it is on the timeline. */
export const CAPTURED_REACTION = 'white_check_mark';

/** Tags the timeline page the bot answers with (one message per `/incident timeline`). */
export const TIMELINE_BLOCK = 'incident_timeline';

/** Inputs of the evidence snapshot form; block ids are the domain's field names (domain/evidence.ts). */
export const EVIDENCE_BLOCK = {
  modelRef: 'model_ref',
  promptsRef: 'prompts_ref',
  samplesRef: 'samples_ref',
  logsRef: 'logs_ref',
  preservedBy: 'preserved_by',
  skip: 'skip',
  skipReason: 'skip_reason',
} as const;

/** The value of the evidence form's "proceed without a snapshot" checkbox. */
export const SKIP_EVIDENCE_OPTION = 'skip_evidence';

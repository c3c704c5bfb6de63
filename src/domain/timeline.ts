/** What a timeline entry records. Automatic kinds come from the bot; captured kinds from responders. */
export const TIMELINE_KINDS = [
  'declared',
  'severity_changed',
  'status_changed',
  'role_assigned',
  'role_handed_over',
  'details_edited',
  'member_joined',
  'member_left',
  'regulatory_clock_started',
  'legal_time_changed',
  'regulatory_decision',
  'regulatory_report',
  'postmortem_compiled',
  'note',
  'message',
  'slack_setup_failed',
  'status_update',
  'analysis_saved',
  'corrective_action',
  'review_scheduled',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** How a captured message got onto the timeline. */
export const CAPTURE_SOURCES = ['bot', 'pin', 'reaction', 'shortcut', 'note'] as const;
export type CaptureSource = (typeof CAPTURE_SOURCES)[number];

export function isAutomaticKind(kind: TimelineKind): boolean {
  return kind !== 'note' && kind !== 'message';
}

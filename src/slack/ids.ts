/** Every Slack identifier the app owns: commands, callback ids, action ids, block ids. */

export const COMMAND = '/incident';

export const CALLBACK = {
  declareModal: 'incident_declare',
  rolesModal: 'incident_roles',
  editModal: 'incident_edit',
  resolveModal: 'incident_resolve',
  addToTimelineShortcut: 'add_to_timeline',
} as const;

export const ACTION = {
  cardAssignRoles: 'card_assign_roles',
  cardStatus: 'card_status',
  cardSeverity: 'card_severity',
  cardEdit: 'card_edit',
  cardResolve: 'card_resolve',
  openChannel: 'open_channel',
} as const;

/** Input blocks of the declaration modal; the block id doubles as the error key. */
export const DECLARE_BLOCK = {
  title: 'title',
  severity: 'severity',
  category: 'category',
  harmLevel: 'harm_level',
  affectedSystem: 'affected_system',
  affectedVersion: 'affected_version',
  summary: 'summary',
  commander: 'commander',
  impactStarted: 'impact_started',
  options: 'options',
} as const;

/** One action id per input: the block id identifies the field. */
export const INPUT_ACTION = 'value';

export const PRIVATE_OPTION = 'private';

/** Block ids that tag the bot's own messages so a resumed set-up can find them again. */
export const cardBlockId = (incidentId: number) => `incident_card:${incidentId}`;
export const announceBlockId = (incidentId: number) => `incident_announce:${incidentId}`;

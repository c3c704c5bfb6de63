import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { HARM_CATEGORIES, HARM_LEVELS } from '../domain/harm';
import { ROLES } from '../domain/roles';
import { SEVERITIES } from '../domain/severity';
import { STATUSES } from '../domain/status';
import { CAPTURE_SOURCES, TIMELINE_KINDS } from '../domain/timeline';

const ms = (name: string) => integer(name, { mode: 'timestamp_ms' });

/**
 * One row per incident. `id` is the incident number (INC-<id>): AUTOINCREMENT guarantees a number
 * is never handed out twice, even after the row that held it is deleted.
 */
export const incidents = sqliteTable(
  'incidents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    status: text('status', { enum: STATUSES }).notNull().default('investigating'),
    category: text('category', { enum: HARM_CATEGORIES }).notNull().default('other'),
    harmLevel: text('harm_level', { enum: HARM_LEVELS }).notNull().default('event'),
    affectedSystem: text('affected_system').notNull().default(''),
    affectedVersion: text('affected_version').notNull().default(''),
    isPrivate: integer('is_private', { mode: 'boolean' }).notNull().default(false),
    declaredBy: text('declared_by').notNull(),
    /** Where `/incident declare` was typed, so the declarer can be answered there. */
    originChannelId: text('origin_channel_id'),
    channelId: text('channel_id'),
    channelName: text('channel_name'),
    cardTs: text('card_ts'),
    impactStartedAt: ms('impact_started_at'),
    detectedAt: ms('detected_at'),
    declaredAt: ms('declared_at').notNull(),
    acknowledgedAt: ms('acknowledged_at'),
    containedAt: ms('contained_at'),
    mitigatedAt: ms('mitigated_at'),
    resolvedAt: ms('resolved_at'),
    closedAt: ms('closed_at'),
    awareAt: ms('aware_at'),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [uniqueIndex('incidents_channel_id_idx').on(t.channelId), index('incidents_status_idx').on(t.status)],
);

/**
 * The Slack work a declaration owes (create channel, invite, topic, card, announcement, reply).
 * Written in the same transaction as the incident, then worked off one step at a time, so a crash
 * or a Slack failure half-way is finished on the next start instead of being forgotten.
 */
export const slackSteps = sqliteTable(
  'slack_steps',
  {
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    step: text('step').notNull(),
    state: text('state', { enum: ['pending', 'done', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** JSON: what the step produced (channel id, skipped users, message ts). */
    result: text('result'),
    lastError: text('last_error'),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.step] })],
);

/** Every holder of every role, ever: a hand-over ends one row and starts another. */
export const roleAssignments = sqliteTable(
  'role_assignments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    role: text('role', { enum: ROLES }).notNull(),
    userId: text('user_id').notNull(),
    assignedBy: text('assigned_by').notNull(),
    startedAt: ms('started_at').notNull(),
    endedAt: ms('ended_at'),
    endedBy: text('ended_by'),
  },
  (t) => [index('role_assignments_incident_idx').on(t.incidentId, t.role)],
);

export const timelineEntries = sqliteTable(
  'timeline_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    kind: text('kind', { enum: TIMELINE_KINDS }).notNull(),
    source: text('source', { enum: CAPTURE_SOURCES }).notNull().default('bot'),
    /** When it happened: the message's own time for captured entries. */
    occurredAt: ms('occurred_at').notNull(),
    recordedAt: ms('recorded_at').notNull(),
    actorId: text('actor_id'),
    text: text('text').notNull(),
    /** JSON details of automatic entries (e.g. `{"from":"sev3","to":"sev1"}`). */
    data: text('data'),
    messageTs: text('message_ts'),
    threadTs: text('thread_ts'),
    permalink: text('permalink'),
    /** JSON array of `{name, url}`. */
    files: text('files'),
    retractedAt: ms('retracted_at'),
  },
  (t) => [
    index('timeline_entries_incident_idx').on(t.incidentId, t.occurredAt),
    // One entry per message however many times it is marked or Slack retries.
    uniqueIndex('timeline_entries_message_idx').on(t.incidentId, t.messageTs).where(sql`message_ts IS NOT NULL`),
  ],
);

/** Who marked a captured message and how; un-marking ends the mark instead of deleting it. */
export const timelineMarks = sqliteTable(
  'timeline_marks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entryId: integer('entry_id')
      .notNull()
      .references(() => timelineEntries.id),
    source: text('source', { enum: CAPTURE_SOURCES }).notNull(),
    userId: text('user_id').notNull(),
    markedAt: ms('marked_at').notNull(),
    unmarkedAt: ms('unmarked_at'),
  },
  (t) => [index('timeline_marks_entry_idx').on(t.entryId)],
);

/** Earlier texts of an edited timeline entry, oldest first. */
export const timelineRevisions = sqliteTable('timeline_revisions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  entryId: integer('entry_id')
    .notNull()
    .references(() => timelineEntries.id),
  text: text('text').notNull(),
  replacedAt: ms('replaced_at').notNull(),
});

/** Every human message in an incident channel, for quoting in the post-mortem. */
export const rawMessages = sqliteTable(
  'raw_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    channelId: text('channel_id').notNull(),
    ts: text('ts').notNull(),
    threadTs: text('thread_ts'),
    userId: text('user_id'),
    text: text('text').notNull(),
    files: text('files'),
    postedAt: ms('posted_at').notNull(),
    editedAt: ms('edited_at'),
    deletedAt: ms('deleted_at'),
  },
  (t) => [uniqueIndex('raw_messages_channel_ts_idx').on(t.channelId, t.ts)],
);

/** Slack retries resend the same `event_id`; a row here means it was handled. */
export const processedEvents = sqliteTable('processed_events', {
  eventId: text('event_id').primaryKey(),
  type: text('type').notNull(),
  receivedAt: ms('received_at').notNull(),
});

export const resolutions = sqliteTable('resolutions', {
  incidentId: integer('incident_id')
    .primaryKey()
    .references(() => incidents.id),
  summary: text('summary').notNull(),
  impact: text('impact').notNull().default(''),
  rootCause: text('root_cause').notNull().default(''),
  trigger: text('trigger').notNull().default(''),
  /** JSON array of up to five answers. */
  whys: text('whys').notNull().default('[]'),
  /** JSON object `{people, process, technology, data}`. */
  factors: text('factors').notNull().default('{}'),
  wentWell: text('went_well').notNull().default(''),
  wentWrong: text('went_wrong').notNull().default(''),
  gotLucky: text('got_lucky').notNull().default(''),
  resolvedBy: text('resolved_by').notNull(),
  updatedAt: ms('updated_at').notNull(),
});

export const correctiveActions = sqliteTable(
  'corrective_actions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    description: text('description').notNull(),
    ownerId: text('owner_id'),
    /** Calendar date `YYYY-MM-DD`, as the datepicker gives it. */
    dueDate: text('due_date'),
    measure: text('measure').notNull().default(''),
    status: text('status', { enum: ['open', 'done'] }).notNull().default('open'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('corrective_actions_incident_idx').on(t.incidentId)],
);

/** Every compiled post-mortem draft; regenerating adds a version, never overwrites one. */
export const postmortemDrafts = sqliteTable(
  'postmortem_drafts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    version: integer('version').notNull(),
    markdown: text('markdown').notNull(),
    createdBy: text('created_by'),
    createdAt: ms('created_at').notNull(),
    fileId: text('file_id'),
  },
  (t) => [uniqueIndex('postmortem_drafts_version_idx').on(t.incidentId, t.version)],
);

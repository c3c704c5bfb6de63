import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { HARM_CATEGORIES, HARM_LEVELS } from '../domain/harm';
import { ROLES } from '../domain/roles';
import { SEVERITIES } from '../domain/severity';
import { STATUSES } from '../domain/status';
import { CAPTURE_SOURCES, TIMELINE_KINDS } from '../domain/timeline';
import type { CapturedFile } from '../domain/capture';
import type { FishboneCategory } from '../domain/resolution';
import { ACTION_STATUSES } from '../domain/corrective-action';
import { EVIDENCE_OUTCOMES } from '../domain/evidence';
import { INBOUND_STATES, JOB_STATES } from '../engine/vocabulary';
import { DETECTION_SOURCES, HARM_LIMBS, LEGAL_TIMES, PERSONAL_DATA, type MemberState } from '../domain/regulatory-record';
import { REGIME_DECISIONS } from '../domain/regimes';

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
    /**
     * Catch-up's watermark: every message of the channel up to this Slack ts has been read back
     * from Slack's history. Only catch-up moves it (never a live message, which could hide the
     * messages of an outage that came before it).
     */
    caughtUpTs: text('caught_up_ts'),
  },
  (t) => [uniqueIndex('incidents_channel_id_idx').on(t.channelId), index('incidents_status_idx').on(t.status)],
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
    /** Details of automatic entries (e.g. `{"from":"sev3","to":"sev1"}`). */
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>(),
    messageTs: text('message_ts'),
    threadTs: text('thread_ts'),
    permalink: text('permalink'),
    files: text('files', { mode: 'json' }).$type<CapturedFile[]>(),
    /** Only set in place by versions before the hash chain; a retraction is now an `entry_corrected` entry. */
    retractedAt: ms('retracted_at'),
    /** The entry an `entry_corrected` entry corrects. */
    correctsId: integer('corrects_id'),
    /** The hash chain (see domain/timeline-chain.ts): SHA-256 of the content and `prev_digest`. */
    digest: text('digest'),
    prevDigest: text('prev_digest'),
  },
  (t) => [
    index('timeline_entries_incident_idx').on(t.incidentId, t.occurredAt),
    // Two writers appending after the same entry would fork the chain; the second insert fails instead.
    uniqueIndex('timeline_entries_chain_idx').on(t.incidentId, t.prevDigest),
    index('timeline_entries_corrects_idx').on(t.correctsId),
    // One entry per message however many times it is marked or Slack retries.
    uniqueIndex('timeline_entries_message_idx').on(t.incidentId, t.messageTs).where(sql`message_ts IS NOT NULL`),
  ],
);

/** The newest entry of each incident's hash chain: a removed last entry shows as a head that no row matches. */
export const timelineChainHeads = sqliteTable('timeline_chain_heads', {
  incidentId: integer('incident_id')
    .primaryKey()
    .references(() => incidents.id),
  digest: text('digest').notNull(),
  entryId: integer('entry_id').notNull(),
  entries: integer('entries').notNull(),
});

/**
 * Evidence snapshots (AI Act Art. 73(6): preserve before altering the system) and recorded skips.
 * `digest` is SHA-256 over the canonical JSON of the record's content (domain/evidence.ts).
 */
export const evidenceRecords = sqliteTable(
  'evidence_records',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    outcome: text('outcome', { enum: EVIDENCE_OUTCOMES }).notNull(),
    modelRef: text('model_ref').notNull().default(''),
    promptsRef: text('prompts_ref').notNull().default(''),
    samplesRef: text('samples_ref').notNull().default(''),
    logsRef: text('logs_ref').notNull().default(''),
    preservedBy: text('preserved_by'),
    skipReason: text('skip_reason'),
    /** The status the incident was moving to when this was recorded. */
    forStatus: text('for_status', { enum: STATUSES }).notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: ms('recorded_at').notNull(),
    digest: text('digest').notNull(),
    entryId: integer('entry_id'),
  },
  (t) => [index('evidence_records_incident_idx').on(t.incidentId)],
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
    files: text('files', { mode: 'json' }).$type<CapturedFile[]>(),
    postedAt: ms('posted_at').notNull(),
    editedAt: ms('edited_at'),
    deletedAt: ms('deleted_at'),
  },
  (t) => [uniqueIndex('raw_messages_channel_ts_idx').on(t.channelId, t.ts)],
);

/**
 * The inbox: every Slack event the bot acts on, written before Slack gets its HTTP 200 (or its
 * Socket Mode ack). `dedupe_key` is the Events API `event_id`, so Slack's retries and a second
 * instance receiving the same event add nothing; processing happens afterwards, exactly once.
 */
export const inboundEvents = sqliteTable(
  'inbound_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dedupeKey: text('dedupe_key').notNull(),
    type: text('type').notNull(),
    channelId: text('channel_id'),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    state: text('state', { enum: INBOUND_STATES }).notNull().default('pending'),
    receivedAt: ms('received_at').notNull(),
    processedAt: ms('processed_at'),
    error: text('error'),
  },
  (t) => [uniqueIndex('inbound_events_dedupe_idx').on(t.dedupeKey), index('inbound_events_state_idx').on(t.state, t.id)],
);

/**
 * The outbox and the scheduler: every Slack effect of a change, written in the change's own
 * transaction, and every piece of scheduled work. A runner claims due jobs under a lease; a job
 * whose lease ran out (its process died) is taken over. Jobs sharing a `queue` run one at a time
 * in id order (an incident's channel must exist before anyone is invited into it).
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    /** Idempotency key: enqueueing the same key twice is one job, and Slack messages carry it. */
    key: text('key').notNull(),
    queue: text('queue'),
    incidentId: integer('incident_id'),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    state: text('state', { enum: JOB_STATES }).notNull().default('pending'),
    dueAt: ms('due_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(8),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: ms('lease_expires_at'),
    lastError: text('last_error'),
    result: text('result', { mode: 'json' }).$type<unknown>(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
    finishedAt: ms('finished_at'),
  },
  (t) => [
    uniqueIndex('jobs_key_idx').on(t.key),
    index('jobs_due_idx').on(t.state, t.dueAt),
    // The runner's claim of kinds it limits (catch-up) finds them without walking every due job.
    index('jobs_kind_due_idx').on(t.kind, t.state, t.dueAt),
    index('jobs_lease_idx').on(t.state, t.leaseExpiresAt),
    index('jobs_queue_idx').on(t.queue, t.id),
    index('jobs_incident_idx').on(t.incidentId, t.state),
  ],
);

/**
 * Answers given to slash commands and form submissions, by `trigger_id` or view id + hash: a
 * replayed request (a captured, correctly signed body sent again) gets the same answer and
 * changes nothing.
 */
export const requestLog = sqliteTable(
  'request_log',
  {
    key: text('key').primaryKey(),
    response: text('response', { mode: 'json' }).$type<Record<string, unknown>>(),
    receivedAt: ms('received_at').notNull(),
  },
  (t) => [index('request_log_received_idx').on(t.receivedAt)],
);

export const resolutions = sqliteTable('resolutions', {
  incidentId: integer('incident_id')
    .primaryKey()
    .references(() => incidents.id),
  summary: text('summary').notNull(),
  impact: text('impact').notNull().default(''),
  rootCause: text('root_cause').notNull().default(''),
  trigger: text('trigger').notNull().default(''),
  /** Up to five answers. */
  whys: text('whys', { mode: 'json' }).$type<string[]>().notNull().default([]),
  factors: text('factors', { mode: 'json' }).$type<Partial<Record<FishboneCategory, string>>>().notNull().default({}),
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
    status: text('status', { enum: ACTION_STATUSES }).notNull().default('open'),
    createdAt: ms('created_at').notNull(),
    /** Why the action will not be done (status `wont_do`). */
    wontDoReason: text('wont_do_reason'),
    /** FMEA rating of the failure mode the action addresses, 1–10 each; RPN = S × O × D ranks actions. */
    severity: integer('severity'),
    occurrence: integer('occurrence'),
    detection: integer('detection'),
    doneAt: ms('done_at'),
    createdBy: text('created_by'),
    updatedAt: ms('updated_at'),
  },
  (t) => [index('corrective_actions_incident_idx').on(t.incidentId), index('corrective_actions_owner_idx').on(t.ownerId, t.status)],
);

/** When the team meets to review the post-mortem; the commander is reminded the day before. */
export const postmortemReviews = sqliteTable('postmortem_reviews', {
  incidentId: integer('incident_id')
    .primaryKey()
    .references(() => incidents.id),
  /** Calendar date `YYYY-MM-DD`. */
  reviewDate: text('review_date').notNull(),
  setBy: text('set_by').notNull(),
  setAt: ms('set_at').notNull(),
});

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
    /** The job that compiled it: a job run twice finds its draft instead of adding a version. */
    sourceKey: text('source_key'),
  },
  (t) => [
    uniqueIndex('postmortem_drafts_version_idx').on(t.incidentId, t.version),
    uniqueIndex('postmortem_drafts_source_idx').on(t.sourceKey).where(sql`source_key IS NOT NULL`),
  ],
);

/**
 * What the war room owes its audience, per incident: where the live announcement in the incidents
 * channel is (edited in place after every change), which update message is pinned, and when the
 * next status update is due (the plan the reminder jobs were scheduled from).
 */
export const incidentComms = sqliteTable('incident_comms', {
  incidentId: integer('incident_id')
    .primaryKey()
    .references(() => incidents.id),
  announcementChannelId: text('announcement_channel_id'),
  announcementTs: text('announcement_ts'),
  pinnedUpdateTs: text('pinned_update_ts'),
  nextUpdateDueAt: ms('next_update_due_at'),
  escalateAt: ms('escalate_at'),
  updatedAt: ms('updated_at').notNull(),
});

/** Every status update posted, as written; the post-mortem's Communications section is built from them. */
export const statusUpdates = sqliteTable(
  'status_updates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    postedBy: text('posted_by').notNull(),
    postedAt: ms('posted_at').notNull(),
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    status: text('status', { enum: STATUSES }).notNull(),
    currentStatus: text('current_status').notNull(),
    doingNow: text('doing_now').notNull().default(''),
    needs: text('needs').notNull().default(''),
    executiveSummary: text('executive_summary').notNull().default(''),
    /** When the next update was promised for (null once the incident no longer owes one). */
    nextDueAt: ms('next_due_at'),
    entryId: integer('entry_id'),
    /** The update's message in the incident channel, once posted. */
    channelTs: text('channel_ts'),
  },
  (t) => [index('status_updates_incident_idx').on(t.incidentId, t.postedAt)],
);

/** Informed stakeholders who asked not to get an incident's status updates by DM. */
export const updateMutes = sqliteTable(
  'update_mutes',
  {
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    userId: text('user_id').notNull(),
    mutedAt: ms('muted_at').notNull(),
  },
  (t) => [uniqueIndex('update_mutes_idx').on(t.incidentId, t.userId)],
);

/**
 * Each commander's acknowledgement (the DM's button, or acting in the war room). `incidents.acknowledged_at`
 * keeps the first one (time to acknowledge); these rows tell whether the commander of now, after a
 * hand-over, has acknowledged too.
 */
export const commanderAcks = sqliteTable(
  'commander_acks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    userId: text('user_id').notNull(),
    acknowledgedAt: ms('acknowledged_at').notNull(),
    via: text('via', { enum: ['button', 'action'] }).notNull(),
  },
  (t) => [index('commander_acks_incident_idx').on(t.incidentId, t.userId)],
);

/**
 * People who opened the bot's Home tab: only their tabs are re-published when something they see
 * changes (a tab nobody opened is built when it is first opened).
 */
export const homeTabs = sqliteTable('home_tabs', {
  userId: text('user_id').primaryKey(),
  openedAt: ms('opened_at').notNull(),
});

/**
 * The regulatory facts of an incident (one row, created on first write; none = EMPTY_FACTS):
 * personal data, people affected, Member States, detection source, Art. 3(49) limb, versions
 * before/after containment and the causal-link time. Awareness is `incidents.aware_at`.
 */
export const incidentRegulatory = sqliteTable('incident_regulatory', {
  incidentId: integer('incident_id')
    .primaryKey()
    .references(() => incidents.id),
  causalLinkAt: ms('causal_link_at'),
  personalData: text('personal_data', { enum: PERSONAL_DATA }).notNull().default('unknown'),
  peopleAffected: integer('people_affected'),
  memberStates: text('member_states', { mode: 'json' }).$type<MemberState[]>().notNull().default(sql`'[]'`),
  detectionSource: text('detection_source', { enum: DETECTION_SOURCES }),
  harmLimb: text('harm_limb', { enum: HARM_LIMBS }),
  modelBefore: text('model_before').notNull().default(''),
  modelAfter: text('model_after').notNull().default(''),
  promptBefore: text('prompt_before').notNull().default(''),
  promptAfter: text('prompt_after').notNull().default(''),
  datasetBefore: text('dataset_before').notNull().default(''),
  datasetAfter: text('dataset_after').notNull().default(''),
  updatedAt: ms('updated_at').notNull(),
});

/** Every change of a legal time (awareness, causal link): who, from what, to what, why. */
export const legalTimeChanges = sqliteTable(
  'legal_time_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    field: text('field', { enum: LEGAL_TIMES }).notNull(),
    fromAt: ms('from_at'),
    toAt: ms('to_at'),
    changedBy: text('changed_by').notNull(),
    reason: text('reason').notNull(),
    changedAt: ms('changed_at').notNull(),
  },
  (t) => [index('legal_time_changes_incident_idx').on(t.incidentId)],
);

/** Legal's decisions per regime; the latest row per (incident, regime) is the current one. */
export const regimeDecisions = sqliteTable(
  'regime_decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    regime: text('regime').notNull(),
    decision: text('decision', { enum: REGIME_DECISIONS }).notNull(),
    reason: text('reason').notNull(),
    decidedBy: text('decided_by').notNull(),
    decidedAt: ms('decided_at').notNull(),
  },
  (t) => [index('regime_decisions_incident_idx').on(t.incidentId, t.regime)],
);

/** The disclosure log: each report made to an authority (one per incident, regime and stage). */
export const regulatoryReports = sqliteTable(
  'regulatory_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    regime: text('regime').notNull(),
    stage: text('stage').notNull(),
    reportedAt: ms('reported_at').notNull(),
    reportedBy: text('reported_by').notNull(),
    authority: text('authority').notNull().default(''),
    reference: text('reference').notNull().default(''),
    sent: text('sent').notNull().default(''),
  },
  (t) => [uniqueIndex('regulatory_reports_stage_idx').on(t.incidentId, t.regime, t.stage)],
);

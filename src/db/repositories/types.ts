/**
 * The repository interfaces services and the Slack layer program against. Every method is async,
 * whatever the backend: SQLite (better-sqlite3, synchronous underneath) implements them today and
 * a Postgres backend implements the same ones. Row types come from the drizzle schema, which is
 * plain TypeScript and knows nothing of the driver.
 */
import type { CapturedFile } from '../../domain/capture';
import type { Incident } from '../../domain/incident';
import type { RoleSet } from '../../domain/raci';
import type { Role } from '../../domain/roles';
import type { RegulatoryFacts } from '../../domain/regulatory-record';
import type { CaptureSource, EntryCorrection, TimelineKind } from '../../domain/timeline';
import type { InboundState, JobState } from '../../engine/vocabulary';
import type {
  commanderAcks,
  correctiveActions,
  evidenceRecords,
  incidentComms,
  inboundEvents,
  incidents,
  jobs,
  legalTimeChanges,
  regimeDecisions,
  regulatoryReports,
  postmortemDrafts,
  postmortemReviews,
  rawMessages,
  resolutions,
  roleAssignments,
  statusUpdates,
  timelineChainHeads,
  timelineEntries,
  timelineMarks,
  timelineRevisions,
} from '../schema';

export type IncidentRow = typeof incidents.$inferSelect;
export type NewIncident = typeof incidents.$inferInsert;
export type TimelineRow = typeof timelineEntries.$inferSelect;
export type RawMessageRow = typeof rawMessages.$inferSelect;
export type MarkRow = typeof timelineMarks.$inferSelect;
export type RevisionRow = typeof timelineRevisions.$inferSelect;
export type RoleAssignmentRow = typeof roleAssignments.$inferSelect;
export type ResolutionRow = typeof resolutions.$inferSelect;
export type NewResolution = typeof resolutions.$inferInsert;
export type CorrectiveActionRow = typeof correctiveActions.$inferSelect;
export type NewCorrectiveAction = typeof correctiveActions.$inferInsert;
export type DraftRow = typeof postmortemDrafts.$inferSelect;
export type NewDraft = typeof postmortemDrafts.$inferInsert;
export type JobRow = typeof jobs.$inferSelect;
export type ReviewRow = typeof postmortemReviews.$inferSelect;
export type InboundRow = typeof inboundEvents.$inferSelect;
export type IncidentCommsRow = typeof incidentComms.$inferSelect;
export type StatusUpdateRow = typeof statusUpdates.$inferSelect;
export type NewStatusUpdate = typeof statusUpdates.$inferInsert;
export type CommanderAckRow = typeof commanderAcks.$inferSelect;

export type IncidentPatch = Partial<Omit<Incident, 'id' | 'declaredAt' | 'declaredBy'>> & { caughtUpTs?: string | null };

export interface IncidentRepository {
  insert(row: NewIncident): Promise<Incident>;
  byId(id: number): Promise<Incident | undefined>;
  byChannel(channelId: string): Promise<Incident | undefined>;
  listOpen(): Promise<Incident[]>;
  update(id: number, patch: IncidentPatch): Promise<void>;
  /** Catch-up's watermark for the incident's channel (see schema). */
  caughtUpTs(id: number): Promise<string | null>;
  /** Current holders of a role (several for SME, legal, stakeholders). */
  currentHolders(incidentId: number, role: Role): Promise<string[]>;
  commanderOf(incidentId: number): Promise<string | null>;
}

export interface NewAutomaticEntry {
  incidentId: number;
  kind: TimelineKind;
  text: string;
  actorId: string | null;
  occurredAt: Date;
  data?: Record<string, unknown>;
}

export interface NewCorrection {
  incidentId: number;
  correctsId: number;
  correction: EntryCorrection;
  actorId: string | null;
  occurredAt: Date;
}

export type ChainHeadRow = typeof timelineChainHeads.$inferSelect;

export interface TimelineRepository {
  /** Records something the bot did or saw; returns the entry id. */
  addAutomatic(entry: NewAutomaticEntry, now: Date): Promise<number>;
  /** Appends a correction of an earlier entry (an edit, a retraction, a restoration); returns its id. */
  addCorrection(correction: NewCorrection, now: Date): Promise<number>;
  /** The timeline as read: corrections applied to the entries they correct, and folded away. */
  forIncident(incidentId: number): Promise<TimelineRow[]>;
  /** Every stored row as written, in write order: what the hash chain covers. */
  chain(incidentId: number): Promise<TimelineRow[]>;
  chainHead(incidentId: number): Promise<ChainHeadRow | undefined>;
}

export interface NewRawMessage {
  incidentId: number;
  channelId: string;
  ts: string;
  threadTs: string | null;
  userId: string | null;
  text: string;
  files: CapturedFile[] | null;
  postedAt: Date;
  editedAt?: Date | null;
}

export interface NewCapturedEntry {
  incidentId: number;
  kind: Extract<TimelineKind, 'message' | 'note'>;
  source: CaptureSource;
  occurredAt: Date;
  recordedAt: Date;
  actorId: string | null;
  text: string;
  messageTs: string | null;
  threadTs: string | null;
  permalink: string | null;
  files: CapturedFile[] | null;
}

/**
 * The only columns of an entry that change after it is written: where its message sits in Slack,
 * known once the bot has posted it. They are locators, outside the hash chain; content changes are
 * new entries (`TimelineRepository.addCorrection`).
 */
export type EntryPatch = Partial<Pick<TimelineRow, 'permalink' | 'messageTs'>>;

export interface CaptureRepository {
  incidentIdForChannel(channelId: string): Promise<number | undefined>;
  /** Stores a message unless it is already stored; true when it was new. */
  insertRaw(row: NewRawMessage): Promise<boolean>;
  /** insertRaw for many at once, in order: one flag per row. */
  insertRaws(rows: readonly NewRawMessage[]): Promise<boolean[]>;
  raw(channelId: string, ts: string): Promise<RawMessageRow | undefined>;
  updateRaw(id: number, patch: Partial<Pick<RawMessageRow, 'text' | 'files' | 'editedAt' | 'deletedAt'>>): Promise<void>;
  rawForIncident(incidentId: number): Promise<RawMessageRow[]>;
  /** Raw messages of a channel posted at or after `since`, oldest first (catch-up's reconciliation window). */
  rawSince(channelId: string, since: Date): Promise<RawMessageRow[]>;
  /** The entry with its corrections applied. */
  entryByMessage(incidentId: number, messageTs: string): Promise<TimelineRow | undefined>;
  entryById(id: number): Promise<TimelineRow | undefined>;
  insertEntry(row: NewCapturedEntry): Promise<TimelineRow>;
  updateEntry(id: number, patch: EntryPatch): Promise<void>;
  marks(entryId: number): Promise<MarkRow[]>;
  addMark(row: { entryId: number; source: CaptureSource; userId: string; markedAt: Date }): Promise<void>;
  endMarks(ids: number[], at: Date): Promise<void>;
  /** Message ts of the incident's entries that hold an active mark of `source`. */
  markedMessageTs(incidentId: number, source: CaptureSource): Promise<string[]>;
  addRevision(entryId: number, text: string, replacedAt: Date): Promise<void>;
  revisions(entryId: number): Promise<RevisionRow[]>;
}

export interface RoleAssignmentRepository {
  /** Who holds each role now, in the order they were assigned. */
  holders(incidentId: number): Promise<RoleSet>;
  /** Every assignment ever made, ended ones included, in the order they started. */
  history(incidentId: number): Promise<RoleAssignmentRow[]>;
  /** Grows with every start and every end (see assign-roles: a form opened on an older revision is stale). */
  revision(incidentId: number): Promise<number>;
  start(incidentId: number, a: { role: Role; userId: string; assignedBy: string; at: Date }): Promise<void>;
  /** Ends the open assignment of `userId` to `role`; returns whether there was one. */
  end(incidentId: number, a: { role: Role; userId: string; endedBy: string; at: Date }): Promise<boolean>;
}

export interface PostmortemRepository {
  resolution(incidentId: number): Promise<ResolutionRow | undefined>;
  saveResolution(row: NewResolution): Promise<void>;
  actions(incidentId: number): Promise<CorrectiveActionRow[]>;
  addAction(row: NewCorrectiveAction): Promise<number>;
  updateAction(incidentId: number, id: number, patch: Partial<NewCorrectiveAction>): Promise<void>;
  removeActions(incidentId: number, ids: number[]): Promise<void>;
  latestDraft(incidentId: number): Promise<DraftRow | undefined>;
  draftByVersion(incidentId: number, version: number): Promise<DraftRow | undefined>;
  draftBySource(sourceKey: string): Promise<DraftRow | undefined>;
  drafts(incidentId: number): Promise<DraftRow[]>;
  addDraft(row: NewDraft): Promise<DraftRow>;
  setDraftFile(draftId: number, fileId: string): Promise<void>;
}

export interface NewJob {
  kind: string;
  /** Idempotency key; defaults to a fresh unique one. Enqueueing an existing key does nothing. */
  key?: string;
  queue?: string | null;
  incidentId?: number | null;
  payload: Record<string, unknown>;
  dueAt: Date;
  maxAttempts?: number;
  /**
   * When a job of this kind for this incident is already waiting, do not add another: it will
   * read the latest state when it runs (card and topic refreshes after several quick changes).
   */
  coalesce?: boolean;
}

export interface JobRepository {
  /** The job's id and whether this call created it (false: its key or a coalesced twin existed). */
  enqueue(job: NewJob, now: Date): Promise<{ id: number; created: boolean }>;
  /**
   * Leases up to `limit` due jobs to `owner`: pending ones whose time has come and whose queue
   * predecessors are finished, and running ones whose lease expired (their process died).
   */
  claim(owner: string, now: Date, leaseMs: number, limit: number, kinds?: { only?: readonly string[]; exclude?: readonly string[] }): Promise<JobRow[]>;
  extendLeases(owner: string, ids: number[], until: Date): Promise<void>;
  /**
   * Records leased jobs as done with their results, in one statement however many; a job whose
   * lease was lost to another runner is left alone. Returns the ids recorded.
   */
  complete(owner: string, outcomes: readonly { id: number; result: unknown }[], now: Date): Promise<number[]>;
  retryAt(id: number, owner: string, dueAt: Date, error: string, now: Date, options?: { refundAttempt?: boolean }): Promise<boolean>;
  fail(id: number, owner: string, error: string, now: Date): Promise<boolean>;
  /** Hands leased jobs back (graceful stop), due at once, so a restart or another instance runs them. */
  release(owner: string, ids: number[], now: Date): Promise<void>;
  cancel(filter: { incidentId?: number; kinds?: readonly string[]; keyPrefix?: string }, now: Date): Promise<number>;
  byKey(key: string): Promise<JobRow | undefined>;
  byId(id: number): Promise<JobRow | undefined>;
  forIncident(incidentId: number, states?: readonly JobState[]): Promise<JobRow[]>;
  /** Failed (and long-delayed) jobs of an incident become due now with fresh attempts; returns how many. */
  retryNow(incidentId: number, now: Date): Promise<number>;
  /**
   * The earliest due time of a pending job or lease expiry of a running one (the runner sleeps until
   * then); pending jobs of `excludeKinds` (a lane this process has full) are left out.
   */
  nextWakeAt(excludeKinds?: readonly string[]): Promise<Date | null>;
  countByState(): Promise<Partial<Record<JobState, number>>>;
  /** Jobs running or due by `now` (what "busy" means for a test waiting for the bot to settle). */
  countReady(now: Date): Promise<number>;
  /** Deletes finished jobs that finished before `before`. */
  prune(before: Date): Promise<number>;
}

export interface NewInbound {
  dedupeKey: string;
  type: string;
  channelId: string | null;
  payload: Record<string, unknown>;
  receivedAt: Date;
}

export interface InboundRepository {
  /** Stores the events whose dedupe keys were not seen (a key twice in `rows`: the first); returns how many were new. */
  store(rows: readonly NewInbound[]): Promise<number>;
  /**
   * Pending events, oldest first. Call inside a transaction under `db.exclusively('inbox')`, which
   * makes instances take turns: the transaction then sees what the previous turn finished.
   */
  take(limit: number, ids?: readonly number[]): Promise<InboundRow[]>;
  finish(ids: readonly number[], state: Exclude<InboundState, 'pending'>, now: Date, error?: string): Promise<void>;
  pendingCount(): Promise<number>;
  prune(before: Date): Promise<number>;
}

export interface RequestLogRepository {
  /** Claims request keys in one statement: those newly claimed (the others were seen before: replays). */
  claim(keys: readonly string[], now: Date): Promise<Set<string>>;
  answer(key: string): Promise<Record<string, unknown> | null>;
  saveAnswer(key: string, response: Record<string, unknown>): Promise<void>;
  forget(key: string): Promise<void>;
  prune(before: Date): Promise<number>;
}

/** Status updates, their reminders' plan, the live announcement, mutes and commander acknowledgements. */
export interface CommsRepository {
  get(incidentId: number): Promise<IncidentCommsRow | undefined>;
  setAnnouncement(incidentId: number, channelId: string, ts: string, now: Date): Promise<void>;
  /** The plan the reminder jobs were scheduled from; null when no update is owed. */
  setPlan(incidentId: number, plan: { dueAt: Date; escalateAt: Date } | null, now: Date): Promise<void>;
  setPinnedUpdate(incidentId: number, ts: string | null, now: Date): Promise<void>;
  addUpdate(row: NewStatusUpdate): Promise<StatusUpdateRow>;
  /** Oldest first. */
  updates(incidentId: number): Promise<StatusUpdateRow[]>;
  updateById(id: number): Promise<StatusUpdateRow | undefined>;
  lastUpdate(incidentId: number): Promise<StatusUpdateRow | undefined>;
  setUpdateMessage(id: number, channelTs: string): Promise<void>;
  /** True when this call muted (false: muted already). */
  mute(incidentId: number, userId: string, at: Date): Promise<boolean>;
  mutedUsers(incidentId: number): Promise<string[]>;
  addCommanderAck(incidentId: number, userId: string, at: Date, via: 'button' | 'action'): Promise<void>;
  /** One person's acknowledgements of one incident, oldest first. */
  commanderAcks(incidentId: number, userId: string): Promise<CommanderAckRow[]>;
}

/** Reads across incidents for the follow-through (actions by owner, reviews, Home tab, stats). */
export interface FollowupRepository {
  actionById(id: number): Promise<CorrectiveActionRow | undefined>;
  /** Open and in-progress actions of every incident. */
  openActions(): Promise<CorrectiveActionRow[]>;
  /** Open and in-progress actions owned by `userId`. */
  actionsOwnedBy(userId: string): Promise<CorrectiveActionRow[]>;
  actionsOfIncidents(ids: readonly number[]): Promise<CorrectiveActionRow[]>;
  review(incidentId: number): Promise<ReviewRow | undefined>;
  setReview(row: ReviewRow): Promise<void>;
  incidentsSince(since: Date): Promise<Incident[]>;
  /** Newest first. */
  latestIncidents(limit: number): Promise<Incident[]>;
  incidentsByIds(ids: readonly number[]): Promise<Incident[]>;
  /** Newest first. */
  incidentsDeclaredBy(userId: string, limit: number): Promise<Incident[]>;
  /** Roles `userId` holds now, by incident. */
  currentRolesOf(userId: string): Promise<{ incidentId: number; role: Role }[]>;
  /** People whose Home tab shows this incident: declarer, current role holders, action owners. */
  relatedUsers(incidentId: number): Promise<string[]>;
  noteHomeOpened(userId: string, at: Date): Promise<void>;
  /** Those of `userIds` who have opened the Home tab (only their tabs are kept up to date). */
  withHomeTab(userIds: readonly string[]): Promise<string[]>;
  /** People known to be in each incident's channel: declarer, anyone who held a role, anyone seen joining. */
  members(ids: readonly number[]): Promise<Map<number, Set<string>>>;
}

export type EvidenceRow = typeof evidenceRecords.$inferSelect;
export type NewEvidence = typeof evidenceRecords.$inferInsert;

export interface EvidenceRepository {
  add(row: NewEvidence): Promise<EvidenceRow>;
  /** Oldest first. */
  forIncident(incidentId: number): Promise<EvidenceRow[]>;
}

export interface Repositories {
  incidents: IncidentRepository;
  timeline: TimelineRepository;
  capture: CaptureRepository;
  roles: RoleAssignmentRepository;
  postmortem: PostmortemRepository;
  jobs: JobRepository;
  inbound: InboundRepository;
  requests: RequestLogRepository;
  comms: CommsRepository;
  followup: FollowupRepository;
  evidence: EvidenceRepository;
  regulatory: RegulatoryRepository;
}

export type LegalTimeChangeRow = typeof legalTimeChanges.$inferSelect;
export type RegimeDecisionRow = typeof regimeDecisions.$inferSelect;
export type RegulatoryReportRow = typeof regulatoryReports.$inferSelect;

/** The regulatory record: facts, legal-time history, Legal's decisions and the disclosure log. */
export interface RegulatoryRepository {
  /** The incident's facts (EMPTY_FACTS when none were ever recorded). */
  facts(incidentId: number): Promise<RegulatoryFacts>;
  setFacts(incidentId: number, patch: Partial<RegulatoryFacts>, now: Date): Promise<void>;
  addLegalTimeChange(row: Omit<LegalTimeChangeRow, 'id'>): Promise<void>;
  legalTimeHistory(incidentId: number): Promise<LegalTimeChangeRow[]>;
  addDecision(row: Omit<RegimeDecisionRow, 'id'>): Promise<RegimeDecisionRow>;
  /** Every decision, oldest first. */
  decisions(incidentId: number): Promise<RegimeDecisionRow[]>;
  /** The latest decision per regime. */
  currentDecisions(incidentId: number): Promise<RegimeDecisionRow[]>;
  /** Undefined when that stage was already logged (one report per incident, regime and stage). */
  addReport(row: Omit<RegulatoryReportRow, 'id'>): Promise<RegulatoryReportRow | undefined>;
  reports(incidentId: number): Promise<RegulatoryReportRow[]>;
  report(incidentId: number, regime: string, stage: string): Promise<RegulatoryReportRow | undefined>;
}

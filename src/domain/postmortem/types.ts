import type { Cadence } from '../cadence';
import type { Incident } from '../incident';
import type { Role } from '../roles';
import type { Severity } from '../severity';
import type { Status } from '../status';
import type { CaptureSource, TimelineKind } from '../timeline';
import type { ActionStatus } from '../corrective-action';
import type { OrganisationSettings, RegimeDecision, RegimeDef } from '../regimes';
import type { LegalTime, RegulatoryFacts } from '../regulatory-record';

/** Everything the post-mortem draft is compiled from; a service fills it from the database. */
export interface PostmortemInput {
  incident: PostmortemIncident;
  /** Severity at declaration; `incident.severity` is the current one. */
  initialSeverity: Severity;
  severityChanges: PostmortemSeverityChange[];
  /** Automatic and captured entries, in any order; retracted ones included (they are left out). */
  timeline: PostmortemTimelineEntry[];
  /** Full role history, ended assignments included. */
  roles: PostmortemRoleAssignment[];
  resolution: PostmortemResolution | null;
  correctiveActions: PostmortemCorrectiveAction[];
  /** Slack user id → display name; a missing id is shown as the id. */
  users: Record<string, string>;
  /** When the draft is compiled: the only "now" the compiler knows. */
  generatedAt: Date;
  /** Draft version, counting compilations of this incident from 1. */
  version: number;
  /** The post-mortem review meeting (`YYYY-MM-DD`), when one is set. */
  reviewDate?: string | null;
  /** Status updates posted, in any order (the Communications section); absent means none. */
  statusUpdates?: PostmortemStatusUpdate[];
  /** The update cadence per severity the gaps are measured against (default: the domain's). */
  cadence?: Cadence;
  /** Evidence snapshots and recorded skips (AI Act Art. 73(6)), oldest first; absent means none. */
  evidence?: PostmortemEvidence[];
  /** The timeline hash chain recomputed when the draft was compiled; absent when not known. */
  chain?: { head: string | null; entries: number; /** The first broken entry, when the chain does not hold. */ brokenAt?: number | null };
  /** The regulatory record; absent = the built-in regimes, no facts, no decisions, no reports. */
  regulatory?: PostmortemRegulatory;
}

export interface PostmortemRegulatory {
  regimes: readonly RegimeDef[];
  org: OrganisationSettings;
  facts: RegulatoryFacts;
  /** The current decision per regime. */
  decisions: { regime: string; decision: RegimeDecision; reason: string; decidedBy: string; decidedAt: Date }[];
  /** The disclosure log. */
  reports: { regime: string; stage: string; reportedAt: Date; reportedBy: string; authority: string; reference: string; sent: string }[];
  legalTimeChanges: { field: LegalTime; fromAt: Date | null; toAt: Date | null; changedBy: string; reason: string; changedAt: Date }[];
}

export type PostmortemEvidence =
  | {
      outcome: 'preserved';
      modelRef: string;
      promptsRef: string;
      samplesRef: string;
      logsRef: string;
      preservedBy: string;
      recordedBy: string;
      recordedAt: Date;
      forStatus: Status;
      digest: string;
    }
  | { outcome: 'skipped'; reason: string; recordedBy: string; recordedAt: Date; forStatus: Status; digest: string };

export interface PostmortemStatusUpdate {
  postedAt: Date;
  postedBy: string;
  /** The update's "current status", plain text. */
  currentStatus: string;
}

/** The incident as the draft sees it: its number instead of Slack bookkeeping (card, origin). */
export interface PostmortemIncident extends Omit<Incident, 'id' | 'originChannelId' | 'channelId' | 'cardTs' | 'updatedAt'> {
  number: number;
}

export interface PostmortemSeverityChange {
  at: Date;
  from: Severity;
  to: Severity;
  by: string | null;
  reason?: string;
}

export interface PostmortemTimelineEntry {
  occurredAt: Date;
  kind: TimelineKind;
  source: CaptureSource;
  /** As stored: Slack mrkdwn for captured messages (`<@U1>` mentions, `&lt;` entities) is fine. */
  text: string;
  actorId: string | null;
  permalink: string | null;
  /** The parent's ts when the message is in a thread. */
  threadTs?: string | null;
  /** The message's own ts: a thread parent has `threadTs === messageTs` and is not a reply. */
  messageTs?: string | null;
  files?: { name: string; url?: string | null }[];
  retracted: boolean;
}

export interface PostmortemRoleAssignment {
  role: Role;
  userId: string;
  assignedBy: string;
  startedAt: Date;
  endedAt: Date | null;
}

export interface PostmortemResolution {
  summary: string;
  impact: string;
  rootCause: string;
  trigger: string;
  /** Up to five answers, first why first. */
  whys: string[];
  factors: { people: string; process: string; technology: string; data: string };
  wentWell: string;
  wentWrong: string;
  gotLucky: string;
  resolvedBy: string;
}

export interface PostmortemCorrectiveAction {
  description: string;
  ownerId: string | null;
  /** Calendar date `YYYY-MM-DD`. */
  dueDate: string | null;
  measure: string;
  status: ActionStatus;
  /** Why it will not be done (status `wont_do`). */
  wontDoReason?: string | null;
  /** FMEA rating of the failure mode it addresses, 1–10 each (null: not rated yet). */
  severity?: number | null;
  occurrence?: number | null;
  detection?: number | null;
}

/**
 * Every kind of job and the payload it carries. Services enqueue these (in the transaction of the
 * change that needs them); the Slack layer registers one handler per kind, and the type checker
 * makes sure none is missing. Payloads hold ids, codes and data, never rendered text: the handler
 * reads the current state and renders it when it runs.
 */
import type { DetailChange } from '../domain/details-edit';
import type { RoleChange } from '../domain/raci';
import type { Role } from '../domain/roles';
import type { Severity } from '../domain/severity';
import type { StatusTarget } from '../domain/lifecycle';
import type { Status } from '../domain/status';
import type { ReminderKind } from '../domain/followup';
import type { StatsWindow } from '../domain/stats';

/** The Slack work every declaration owes, in the order it is done. */
export const SETUP_STEPS = [
  'create_channel',
  'invite_responders',
  'dm_commander',
  'set_topic',
  'set_purpose',
  'post_card',
  'pin_card',
  'announce',
  'reply_to_declarer',
] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

type IncidentRef = { incidentId: number };

/** What the incident channel is told after a change; rendered by the Slack layer. */
export type ChannelNotice =
  | { type: 'status'; from: Status; to: StatusTarget; direction: 'forward' | 'backward'; note: string | null; actorId: string }
  | { type: 'severity'; from: Severity; to: Severity; direction: 'escalated' | 'downgraded'; reason: string | null; actorId: string }
  | { type: 'details'; changes: DetailChange[]; actorId: string }
  | { type: 'resolved'; actorId: string; actionCount: number; firstTime: boolean }
  | { type: 'closed'; actorId: string; archive: boolean }
  | { type: 'roles'; actorId: string; changes: RoleChange[]; inviteJobKey: string | null }
  | { type: 'evidence'; evidenceId: number; actorId: string };

export type CaptureSourceOfMark = 'pin' | 'reaction' | 'shortcut';

/** What the announcement's thread in the incidents channel is told; rendered by the Slack layer. */
export type FeedEvent =
  | { type: 'severity'; from: Severity; to: Severity; direction: 'escalated' | 'downgraded'; actorId: string }
  | { type: 'reopened'; from: Status; to: Status; actorId: string }
  | { type: 'resolved'; actorId: string }
  | { type: 'closed'; actorId: string }
  | { type: 'update'; updateId: number };

export interface JobPayloads {
  'setup.create_channel': IncidentRef;
  'setup.invite_responders': IncidentRef;
  /** The same "you are Incident Commander" DM a later hand-over sends, for the first commander too. */
  'setup.dm_commander': IncidentRef;
  'setup.set_topic': IncidentRef;
  'setup.set_purpose': IncidentRef;
  'setup.post_card': IncidentRef;
  'setup.pin_card': IncidentRef;
  'setup.announce': IncidentRef;
  /** `responseUrl`: the declaring command's, when there was one (it is never logged). */
  'setup.reply_to_declarer': IncidentRef & { responseUrl?: string | null };
  /** A set-up step keeps failing and is being retried: the declarer hears it now, not in half an hour. */
  'setup.delayed': IncidentRef & { step: string; error: string };

  /** Card and topic brought in line with the stored incident (coalesced). */
  'incident.refresh': IncidentRef;
  'channel.notice': IncidentRef & { notice: ChannelNotice };
  'channel.set_purpose': IncidentRef;
  'channel.archive': IncidentRef;
  /** Escalation to SEV1/SEV2, announced in the incidents channel. */
  'incidents.escalation': IncidentRef & { from: Severity; to: Severity; direction: 'escalated'; reason: string | null; actorId: string };

  /** People who gained a role are invited into the war room. */
  'roles.invite': IncidentRef & { users: string[]; actorId: string };
  /** `inviteJobKey`: someone Slack refused to invite cannot be messaged either. */
  'roles.dm': IncidentRef & { userId: string; roles: Role[]; assignedBy: string; inviteJobKey?: string | null };

  /** A note's echo in the channel, linked back to its entry so a pin on it marks the note. */
  'note.post': IncidentRef & { entryId: number };

  /** A message marked while not in the raw record: look it up in Slack, then capture it. */
  'capture.fetch': IncidentRef & { channelId: string; ts: string; source: CaptureSourceOfMark; markedBy: string; markedAt: string };
  /** A new entry gets its permalink and the visible ✅ on its message. */
  'capture.acknowledge': IncidentRef & { channelId: string; ts: string; entryId: number };
  /** The ✅ comes off a message whose entry was retracted by un-marking. */
  'capture.withdraw': IncidentRef & { channelId: string; ts: string };

  /** Compiles a new draft version (names looked up in Slack) and uploads it. */
  'postmortem.compile': IncidentRef & { createdBy: string | null };
  'postmortem.upload': IncidentRef & { draftId: number };

  /** Reads back what a channel said while nobody listened, from the watermark on. */
  /** `responseUrl`: a `/incident sync` waiting for the result. */
  'catchup.incident': IncidentRef & { responseUrl?: string | null };
  /** Start-up: one catch-up job per open incident. */
  'catchup.all': Record<string, never>;

  /** A status update, posted in the incident channel and pinned in place of the previous one. */
  'updates.post': IncidentRef & { updateId: number };
  /** A status update for one Informed stakeholder (skipped once they muted the incident). */
  'updates.dm': IncidentRef & { updateId: number; userId: string };
  /**
   * A status update is due (`due`: the communications lead) or long overdue (`overdue`: the
   * commander too). `dueAtMs` names the plan it belongs to; `atMs` is when it fires.
   */
  'updates.remind': IncidentRef & { dueAtMs: number; atMs: number; level: 'due' | 'overdue'; snoozedBy?: string };
  /** A SEV1/SEV2 commander has not acknowledged: the declarer and admins are told. */
  'commander.ack_timeout': IncidentRef & { userId: string; assignedAtMs: number };
  /** The announcement in the incidents channel edited to show the incident as it is now (coalesced). */
  'feed.refresh': IncidentRef;
  /** A reply in the announcement's thread. */
  'feed.reply': IncidentRef & { event: FeedEvent };

  /**
   * A regulatory deadline is near, due or overdue: the commander and Legal (admins when there is
   * no Legal) are told by DM. `dueAtMs` names the deadline it was planned for; a moved deadline,
   * a logged report or a regime ruled out makes it a no-op. `threshold`: p50, p75, p90, due, overdue-N.
   */
  'regulatory.remind': IncidentRef & { regime: string; stage: string; dueAtMs: number; threshold: string };

  /** `/incident export`: the regulator-ready export uploaded as a file into the incident's own channel. */
  'regulatory.export': IncidentRef & { regime: string; format: 'md' | 'json'; requestedBy: string };

  /** A job failed for good: tell the people who need to know. */
  'report.failure': { failedJobId: number };

  /** Daily: forget old inbound events, request keys and finished jobs. */
  'maintenance.prune': Record<string, never>;

  /** A corrective action got an owner: they hear it by DM, with the action's buttons. */
  'followup.assigned': IncidentRef & { actionId: number; ownerId: string; assignedBy: string };
  /** One run of FOLLOWUP_SCHEDULE: plans the day's reminders and digests, then schedules the next run. */
  'followup.tick': Record<string, never>;
  /** An owner reminded of an action coming due or overdue (one per action and local day, by key). */
  'followup.remind': IncidentRef & { actionId: number; ownerId: string; kind: ReminderKind; day: string };
  /** A commander's weekly list of their incidents with open or overdue actions. */
  'followup.digest': { userId: string; incidentIds: number[]; day: string };
  /** The day before the post-mortem review, the commander is reminded. */
  'postmortem.review_reminder': IncidentRef & { reviewDate: string };
  /** Re-publishes one person's Home tab (coalesced per person). */
  'home.publish': { userId: string };
  /** Something an incident shows on Home tabs changed: re-publish the tabs of the people it concerns. */
  'home.refresh_incident': IncidentRef;
  /** `/incident stats`: the incidents-per-week chart, rendered to PNG and sent to the person's DM. */
  'stats.chart': { userId: string; window: StatsWindow; day: string };
}

export type JobKind = keyof JobPayloads;

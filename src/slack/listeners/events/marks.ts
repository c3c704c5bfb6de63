import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { isTimelineReaction, slackTsToDate } from '../../../domain/capture';
import { recordMemberJoined } from '../../../services/record-member-joined';
import { unmarkMessage } from '../../../services/unmark-message';
import type { ListenerDeps } from '../../deps';
import { captureFromSlack, withdrawAcknowledgement, type SlackMessage } from '../../timeline-capture';

type EventArgs<T extends string> = SlackEventMiddlewareArgs<T> & AllMiddlewareArgs;

interface PinEvent {
  user: string;
  channel_id?: string;
  event_ts?: string;
  item?: { type?: string; channel?: string; created_by?: string; message?: SlackMessage };
}

interface ReactionEvent {
  user: string;
  reaction: string;
  event_ts?: string;
  item?: { type?: string; channel?: string; ts?: string };
}

const eventIdOf = (body: unknown) => (body as { event_id?: string }).event_id;
const at = (ts: string | undefined, fallback: Date) => (ts ? slackTsToDate(ts) : fallback);

/** A pinned message of an incident channel becomes a timeline entry (or one more mark on it). */
export function handlePinAdded(deps: ListenerDeps, flushMessages: () => void) {
  return async ({ event, body, client }: EventArgs<'pin_added'>): Promise<void> => {
    const e = event as unknown as PinEvent;
    const channelId = e.channel_id ?? e.item?.channel;
    const message = e.item?.message;
    if (e.item?.type !== 'message' || !channelId || !message?.ts) return;
    const incidentId = deps.ctx.repos.capture.incidentIdForChannel(channelId);
    if (incidentId === undefined) return;
    flushMessages();
    await captureFromSlack(deps, client, {
      incidentId,
      channelId,
      ts: message.ts,
      message,
      source: 'pin',
      markedBy: e.user,
      markedAt: at(e.event_ts, deps.ctx.now()),
      eventId: eventIdOf(body),
      eventType: 'pin_added',
    });
  };
}

export function handlePinRemoved(deps: ListenerDeps) {
  return async ({ event, body, client }: EventArgs<'pin_removed'>): Promise<void> => {
    const e = event as unknown as PinEvent;
    const channelId = e.channel_id ?? e.item?.channel;
    const ts = e.item?.message?.ts;
    if (e.item?.type !== 'message' || !channelId || !ts) return;
    await unmarkFromSlack(deps, client, { channelId, ts, source: 'pin', userId: e.user, eventTs: e.event_ts, eventId: eventIdOf(body), eventType: 'pin_removed' });
  };
}

/** Un-pinning or removing the timeline reaction ends that mark; the last one retracts the entry. */
async function unmarkFromSlack(
  deps: ListenerDeps,
  client: Parameters<typeof withdrawAcknowledgement>[1],
  m: { channelId: string; ts: string; source: 'pin' | 'reaction'; userId: string; eventTs: string | undefined; eventId: string | undefined; eventType: string },
): Promise<void> {
  const incidentId = deps.ctx.repos.capture.incidentIdForChannel(m.channelId);
  if (incidentId === undefined) return;
  const { outcome } = unmarkMessage(deps.ctx, {
    incidentId,
    messageTs: m.ts,
    source: m.source,
    userId: m.userId,
    at: at(m.eventTs, deps.ctx.now()),
    eventId: m.eventId,
    eventType: m.eventType,
  });
  if (outcome === 'retracted') await withdrawAcknowledgement(deps, client, m.channelId, m.ts);
}

/** The timeline emoji (`:pushpin:` unless TIMELINE_EMOJI says otherwise) marks a message. */
export function handleReactionAdded(deps: ListenerDeps, flushMessages: () => void) {
  return async ({ event, body, client }: EventArgs<'reaction_added'>): Promise<void> => {
    const e = event as unknown as ReactionEvent;
    if (!isTimelineReaction(e.reaction, deps.settings.timelineEmoji)) return;
    const channelId = e.item?.channel;
    const ts = e.item?.ts;
    if (e.item?.type !== 'message' || !channelId || !ts) return;
    const incidentId = deps.ctx.repos.capture.incidentIdForChannel(channelId);
    if (incidentId === undefined) return;
    // The message may still be in the raw-message buffer; written, it spares a Slack look-up.
    flushMessages();
    await captureFromSlack(deps, client, {
      incidentId,
      channelId,
      ts,
      source: 'reaction',
      markedBy: e.user,
      markedAt: at(e.event_ts, deps.ctx.now()),
      eventId: eventIdOf(body),
      eventType: 'reaction_added',
    });
  };
}

export function handleReactionRemoved(deps: ListenerDeps) {
  return async ({ event, body, client }: EventArgs<'reaction_removed'>): Promise<void> => {
    const e = event as unknown as ReactionEvent;
    if (!isTimelineReaction(e.reaction, deps.settings.timelineEmoji)) return;
    const channelId = e.item?.channel;
    const ts = e.item?.ts;
    if (e.item?.type !== 'message' || !channelId || !ts) return;
    await unmarkFromSlack(deps, client, { channelId, ts, source: 'reaction', userId: e.user, eventTs: e.event_ts, eventId: eventIdOf(body), eventType: 'reaction_removed' });
  };
}

/** People joining the war room; the bot itself is not news (ignoreSelf lets its own joins through). */
export function handleMemberJoined(deps: ListenerDeps) {
  return async ({ event, body }: EventArgs<'member_joined_channel'>): Promise<void> => {
    const e = event as unknown as { user: string; channel: string; inviter?: string; event_ts?: string };
    if (e.user === deps.botUserId) return;
    recordMemberJoined(deps.ctx, {
      channelId: e.channel,
      userId: e.user,
      inviterId: e.inviter ?? null,
      at: at(e.event_ts, deps.ctx.now()),
      eventId: eventIdOf(body),
      eventType: 'member_joined_channel',
    });
  };
}

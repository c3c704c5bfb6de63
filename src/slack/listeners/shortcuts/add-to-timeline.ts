import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { incidentKey } from '../../../domain/channel-name';
import { markMessage, type MarkOutcome } from '../../../services/capture-message';
import type { ListenerDeps } from '../../deps';
import { toMarkedMessage, type SlackMessage } from '../../timeline-capture';

const ANSWERS: Record<MarkOutcome, (key: string) => string> = {
  created: (key) => `:white_check_mark: Added to the ${key} timeline.`,
  revived: (key) => `:white_check_mark: Back on the ${key} timeline.`,
  marked: (key) => `:white_check_mark: Already on the ${key} timeline; your mark is recorded too.`,
  already_marked: (key) => `That message is already on the ${key} timeline.`,
  pending: (key) => `:hourglass_flowing_sand: Adding it to the ${key} timeline.`,
  deleted: () => 'That message was deleted, so it cannot go on the timeline.',
  not_capturable: (key) => `That is one of my own messages; what it reports is on the ${key} timeline already.`,
};

/** "Add to incident timeline" on any message of an incident channel; elsewhere, a clear answer. */
export function handleAddToTimeline(deps: ListenerDeps) {
  return async ({ ack, shortcut, respond }: SlackShortcutMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    if (shortcut.type !== 'message_action') return;
    const s = shortcut as MessageShortcut;
    const incidentId = await deps.ctx.repos.capture.incidentIdForChannel(s.channel.id);
    if (incidentId === undefined) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: '"Add to incident timeline" works on messages in an incident channel. Use `/incident list` to find one.',
      });
      return;
    }
    const message = s.message as unknown as SlackMessage;
    const { outcome } = await markMessage(deps.ctx, {
      incidentId,
      channelId: s.channel.id,
      ts: s.message_ts,
      message: message?.ts ? toMarkedMessage(message as SlackMessage & { ts: string }, deps.botUserId) : null,
      source: 'shortcut',
      markedBy: s.user.id,
      markedAt: deps.ctx.now(),
    });
    await respond({ response_type: 'ephemeral', replace_original: false, text: ANSWERS[outcome](incidentKey(incidentId)) });
  };
}

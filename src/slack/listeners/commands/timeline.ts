import { parsePageArg } from '../../../domain/timeline-view';
import { buildTimelineMessage } from '../../blocks/timeline';
import { incidentInChannel } from '../../incident-sync';
import type { SubcommandHandler } from './types';

/** `/incident timeline [page]`: the timeline so far, only to the person who asked. */
export const handleTimeline: SubcommandHandler = async (deps, { command, ack }, text) => {
  const incident = await incidentInChannel(deps, command.channel_id, '`/incident timeline`');
  const message = buildTimelineMessage({
    incident,
    entries: await deps.ctx.repos.timeline.forIncident(incident.id),
    page: parsePageArg(text),
    timelineEmoji: deps.settings.timelineEmoji,
  });
  await ack({ response_type: 'ephemeral', ...message });
};

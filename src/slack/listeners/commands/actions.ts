import { incidentKey } from '../../../domain/channel-name';
import { rankActions } from '../../../domain/corrective-action';
import { localDay } from '../../../domain/followup';
import { visibilityFor } from '../../../domain/visibility';
import { buildActionsList } from '../../blocks/corrective-actions';
import type { SubcommandHandler } from './types';

/**
 * `/incident actions`: in an incident channel, that incident's corrective actions; anywhere else,
 * every open action the person may see (private incidents only to their members). Ranked by RPN,
 * then due date; each with its controls.
 */
export const handleActions: SubcommandHandler = async (deps, { command, ack }) => {
  const repos = deps.ctx.repos;
  const today = localDay(deps.ctx.now(), deps.settings.timeZone);
  const here = await repos.incidents.byChannel(command.channel_id);
  if (here) {
    const items = rankActions(await repos.postmortem.actions(here.id)).map((action) => ({ action, context: { incident: here, visibility: 'full' as const } }));
    await ack({
      response_type: 'ephemeral',
      ...buildActionsList({ title: `Corrective actions of ${incidentKey(here.id)}`, items, today, showIncident: false, empty: `${incidentKey(here.id)} has no corrective actions yet. Add them with \`/incident analysis actions\`.` }),
    });
    return;
  }
  const open = await repos.followup.openActions();
  const incidents = new Map((await repos.followup.incidentsByIds([...new Set(open.map((a) => a.incidentId))])).map((i) => [i.id, i]));
  const members = await repos.followup.members([...incidents.values()].filter((i) => i.isPrivate).map((i) => i.id));
  const visible = rankActions(open).flatMap((action) => {
    const incident = incidents.get(action.incidentId)!;
    const owner = action.ownerId === command.user_id;
    return owner || visibilityFor(incident, command.user_id, members.get(incident.id) ?? new Set()) === 'full' ? [{ action, context: { incident, visibility: 'full' as const } }] : [];
  });
  await ack({ response_type: 'ephemeral', ...buildActionsList({ title: `Open corrective actions (${visible.length})`, items: visible, today, showIncident: true, empty: 'No open corrective actions you can see.' }) });
};

import { incidentKey } from '../../../domain/channel-name';
import { catchUpIncident } from '../../catch-up';
import { describeSlackError } from '../../errors';
import { incidentInChannel, syncIncidentSurfaces } from '../../incident-sync';
import type { SubcommandHandler } from './types';

/**
 * `/incident sync`: finishes any unfinished declaration step, reads what the channel said while
 * the bot was not listening, and refreshes the card and topic. Slow, so it runs after the ack and
 * answers through response_url.
 */
export const handleSync: SubcommandHandler = async (deps, { command, ack, client, respond }) => {
  const incident = incidentInChannel(deps, command.channel_id, '`/incident sync`');
  const key = incidentKey(incident.id);
  await ack({ response_type: 'ephemeral', text: `:arrows_counterclockwise: Syncing *${key}*…` });
  const work = async () => {
    const lines: string[] = [];
    const setup = await deps.setup.run(incident.id);
    for (const f of setup.failed) lines.push(`• Set-up step \`${f.step}\` still fails: ${f.error}.`);
    try {
      const report = await catchUpIncident(deps, client, deps.ctx.repos.incidents.byId(incident.id)!);
      lines.unshift(
        `:white_check_mark: *${key}* is in sync: ${report.messages} missed message${report.messages === 1 ? '' : 's'} recorded, ` +
          `${report.entries} timeline entr${report.entries === 1 ? 'y' : 'ies'} added` +
          (report.unpinned ? `, ${report.unpinned} un-pinned message${report.unpinned === 1 ? '' : 's'} un-marked` : '') +
          '.',
      );
    } catch (error) {
      deps.logger.warn('sync.catch_up_failed', { inc: key, error: describeSlackError(error) });
      lines.unshift(`:warning: I could not read the channel history: ${describeSlackError(error)}.`);
    }
    await syncIncidentSurfaces(deps, client, incident.id);
    await respond({ response_type: 'ephemeral', text: lines.join('\n') });
  };
  await deps.background.track(`sync ${key}`, work());
};

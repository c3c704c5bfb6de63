import { incidentKey } from '../../../domain/channel-name';
import { parseDeclareArgs } from '../../../domain/command';
import { severityLabel } from '../../../domain/severity';
import { declareIncident } from '../../../services/declare-incident';
import { findDuplicateIncidents } from '../../../services/find-duplicate-incidents';
import { buildDuplicateReply } from '../../blocks/duplicate-warning';
import { buildDeclareModal } from '../../blocks/declare-modal';
import { describeSlackError } from '../../errors';
import type { SubcommandHandler } from './types';

/**
 * `/incident declare [title]` opens the form — `views.open` first, inside the 3-second trigger
 * window; `/incident declare sev1 <title>` declares at once: the incident and the jobs that open its
 * war room are committed before the ack.
 */
export const handleDeclare: SubcommandHandler = async (deps, { command, ack, client, respond }, text) => {
  const args = parseDeclareArgs(text);
  if (args.mode === 'modal') {
    await ack();
    try {
      await client.views.open({
        trigger_id: command.trigger_id,
        // Bolt's View union cannot describe the generic input helper; the limits are kept by the helpers.
        view: buildDeclareModal({
          title: args.title,
          severity: args.severity,
          declarerId: command.user_id,
          originChannelId: command.channel_id,
          responseUrl: command.response_url,
        }) as never,
      });
    } catch (error) {
      deps.logger.warn('declare.modal_failed', { error: describeSlackError(error) });
      await respond({
        response_type: 'ephemeral',
        text: `:warning: I could not open the declaration form: ${describeSlackError(error)}. Declare at once instead with \`/incident declare sev2 <title>\`.`,
      });
    }
    return;
  }

  // Nothing is declared twice by accident: a title like an open incident's asks first (Declare anyway).
  const matches = await findDuplicateIncidents(deps.ctx, { title: args.title, declarerId: command.user_id });
  if (matches.length) {
    await ack(buildDuplicateReply(matches, { severity: args.severity, title: args.title }));
    deps.logger.info('declare.duplicate_warned', { matches: matches.length, by: command.user_id, via: 'fast_path' });
    return;
  }
  const incident = await declareIncident(deps.ctx, {
    title: args.title,
    severity: args.severity,
    declaredBy: command.user_id,
    originChannelId: command.channel_id,
    responseUrl: command.response_url,
  });
  const key = incidentKey(incident.id);
  await ack({ response_type: 'ephemeral', text: `:rotating_light: Declaring *${key}* (${severityLabel(incident.severity)}): opening the war room…` });
  deps.logger.info('incident.declared', { inc: key, severity: incident.severity, by: command.user_id, via: 'fast_path' });
};

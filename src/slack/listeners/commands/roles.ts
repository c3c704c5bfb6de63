import { describeSlackError } from '../../errors';
import { incidentInChannel } from '../../incident-sync';
import { checkRolesEditable, rolesModalFor } from '../../role-changes';
import type { SubcommandHandler } from './types';

/**
 * `/incident roles` opens the RACI form. Everything before `ack` is a local lookup; `views.open`
 * is the first Slack call after it, inside the 3-second trigger window.
 */
export const handleRoles: SubcommandHandler = async (deps, { command, ack, client, respond }) => {
  const incident = await incidentInChannel(deps, command.channel_id, '`/incident roles`');
  await checkRolesEditable(deps, incident, command.user_id);
  const view = await rolesModalFor(deps, incident);
  await ack();
  try {
    await client.views.open({ trigger_id: command.trigger_id, view });
  } catch (error) {
    deps.logger.warn('roles.modal_failed', { error: describeSlackError(error) });
    await respond({
      response_type: 'ephemeral',
      text: `:warning: I could not open the roles form: ${describeSlackError(error)}. Use \`/incident assign <role> @user\` instead.`,
    });
  }
};

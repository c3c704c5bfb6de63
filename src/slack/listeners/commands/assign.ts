import { incidentKey } from '../../../domain/channel-name';
import { parseAssignArgs } from '../../../domain/raci';
import { ROLE_INFO } from '../../../domain/roles';
import { assignRoles } from '../../../services/assign-roles';
import { mentionList } from '../../blocks/raci-messages';
import { incidentInChannel } from '../../incident-sync';
import { actorNotice, publishRoleChanges } from '../../role-changes';
import type { SubcommandHandler } from './types';

/** `/incident assign <role> @user…`: the quick form, recorded at once, announced after the ack. */
export const handleAssign: SubcommandHandler = async (deps, { command, ack, client, respond }, text) => {
  const current = incidentInChannel(deps, command.channel_id, '`/incident assign`');
  const args = parseAssignArgs(text);
  const bots = await deps.botUsers(args.users);
  const result = assignRoles(deps.ctx, {
    incidentId: current.id,
    actorId: command.user_id,
    admins: deps.settings.admins,
    botUserId: deps.botUserId,
    bots,
    change: { kind: 'assign', role: args.role, users: args.users },
  });
  const { plan, incident } = result;
  if (plan.changes.length === 0) {
    await ack({
      response_type: 'ephemeral',
      text: `Nothing to change: ${ROLE_INFO[args.role].label} is already held by ${mentionList(plan.after[args.role])}.`,
    });
    return;
  }
  await ack({ response_type: 'ephemeral', text: `:white_check_mark: ${plan.entries.map((e) => e.text).join('\n')}` });
  const key = incidentKey(incident.id);
  const report = await deps.background.track(`roles ${key}`, publishRoleChanges(deps, client, result));
  const notice = actorNotice(incident, report);
  if (notice) await respond({ response_type: 'ephemeral', text: notice });
};

import { incidentKey } from '../../../domain/channel-name';
import { parseAssignArgs } from '../../../domain/raci';
import { ROLE_INFO } from '../../../domain/roles';
import { assignRoles } from '../../../services/assign-roles';
import { mentionList } from '../../blocks/raci-messages';
import { incidentInChannel } from '../../incident-sync';
import type { SubcommandHandler } from './types';

/** `/incident assign <role> @user…`: the quick form, recorded (with its invites and DMs) before the ack. */
export const handleAssign: SubcommandHandler = async (deps, { command, ack }, text) => {
  const current = await incidentInChannel(deps, command.channel_id, '`/incident assign`');
  const args = parseAssignArgs(text);
  const bots = await deps.botUsers(args.users);
  const result = await assignRoles(deps.ctx, {
    incidentId: current.id,
    actorId: command.user_id,
    botUserId: deps.botUserId,
    bots,
    change: { kind: 'assign', role: args.role, users: args.users },
  });
  const { plan } = result;
  if (plan.changes.length === 0) {
    await ack({
      response_type: 'ephemeral',
      text: `Nothing to change: ${ROLE_INFO[args.role].label} is already held by ${mentionList(plan.after[args.role])}.`,
    });
    return;
  }
  await ack({ response_type: 'ephemeral', text: `:white_check_mark: ${plan.entries.map((e) => e.text).join('\n')}` });
  deps.logger.info('roles.changed', { inc: incidentKey(current.id), by: command.user_id, changes: plan.changes.length });
};

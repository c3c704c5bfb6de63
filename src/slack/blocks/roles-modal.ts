import { toMrkdwn } from '../../domain/text';
import { incidentKey } from '../../domain/channel-name';
import type { Incident } from '../../domain/incident';
import { MAX_HOLDERS, roleTitle, type RoleSet } from '../../domain/raci';
import { ROLES, ROLE_INFO, type Role } from '../../domain/roles';
import { CALLBACK, INPUT_ACTION, ROLES_BLOCK } from '../ids';
import { context, LIMITS, modalTitle, plain, privateMetadata, section } from './limits';

export interface RolesModalInput {
  incident: Pick<Incident, 'id' | 'title'>;
  holders: RoleSet;
  /** The role revision the form shows, so a submit can tell whether it is stale. */
  revision: number;
}

export interface RolesModalMetadata {
  incidentId: number;
  revision: number;
}

function roleInput(role: Role, holders: string[]) {
  const info = ROLE_INFO[role];
  const element = info.multiple
    ? {
        type: 'multi_users_select',
        action_id: INPUT_ACTION,
        max_selected_items: MAX_HOLDERS,
        placeholder: plain('Add people', LIMITS.placeholder),
        ...(holders.length ? { initial_users: holders.slice(0, MAX_HOLDERS) } : {}),
      }
    : {
        type: 'users_select',
        action_id: INPUT_ACTION,
        placeholder: plain(role === 'commander' ? 'The single decision maker' : 'Nobody yet', LIMITS.placeholder),
        ...(holders[0] ? { initial_user: holders[0] } : {}),
      };
  return {
    type: 'input',
    block_id: ROLES_BLOCK[role],
    label: plain(roleTitle(role), LIMITS.inputLabel),
    // The commander is the one role that can never be empty.
    optional: role !== 'commander',
    element,
    hint: plain(info.duty, LIMITS.inputLabel),
  };
}

/** The RACI form, prefilled with the current holders: the commander staffs the war room in one step. */
export function buildRolesModal({ incident, holders, revision }: RolesModalInput) {
  const key = incidentKey(incident.id);
  const metadata: RolesModalMetadata = { incidentId: incident.id, revision };
  return {
    type: 'modal' as const,
    callback_id: CALLBACK.rolesModal,
    private_metadata: privateMetadata({ ...metadata }),
    title: modalTitle(`Roles · ${key}`),
    submit: plain('Save roles', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks: [
      section(`*${key}: ${toMrkdwn(incident.title)}*`),
      context([
        'Exactly one person is *Accountable*; one person may hold several roles on a small incident. ' +
          'Everyone newly named is invited to the channel and told what the role means.',
      ]),
      ...ROLES.map((role) => roleInput(role, holders[role])),
    ],
  };
}

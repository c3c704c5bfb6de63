import { requireOpen } from './closure';
import { ValidationError } from './errors';
import { RACI_WORD, ROLES, ROLE_INFO, type RaciLetter, type Role } from './roles';
import type { Incident } from './incident';

/** Who holds each role: one person at most for single roles, several for SME, legal, stakeholders. */
export type RoleSet = Record<Role, string[]>;

/**
 * Upper bound per multi-holder role: a war room of hundreds is a broadcast, and each person added
 * costs an invitation and a DM.
 */
export const MAX_HOLDERS = 50;

export function emptyRoleSet(): RoleSet {
  return Object.fromEntries(ROLES.map((r) => [r, []])) as unknown as RoleSet;
}

export function raciLetter(role: Role): RaciLetter {
  return ROLE_INFO[role].raci;
}

/** `Incident Commander — Accountable`: the role with its RACI word, as forms and messages show it. */
export function roleTitle(role: Role): string {
  return `${ROLE_INFO[role].label} — ${RACI_WORD[raciLetter(role)]}`;
}

const unique = (users: readonly string[]) => [...new Set(users.map((u) => u.trim()).filter(Boolean))];

/** Rows of `role → user` (in assignment order) as a role set. */
export function roleSetFrom(rows: readonly { role: Role; userId: string }[]): RoleSet {
  const set = emptyRoleSet();
  for (const r of rows) if (!set[r.role].includes(r.userId)) set[r.role].push(r.userId);
  return set;
}

/** `current` with the given roles replaced; roles left out keep their holders. */
export function withRoles(current: RoleSet, replaced: Partial<Record<Role, readonly string[]>>): RoleSet {
  const next = emptyRoleSet();
  for (const role of ROLES) next[role] = unique(replaced[role] ?? current[role]);
  return next;
}

/**
 * The quick form's meaning: a single role goes to the one person named (a hand-over when someone
 * held it); people named for a multi-holder role join the ones already there.
 */
export function withAssignment(current: RoleSet, role: Role, users: readonly string[]): RoleSet {
  const holders = ROLE_INFO[role].multiple ? [...current[role], ...users] : [...users];
  return withRoles(current, { [role]: holders });
}

/** Roles are accountability, which only a person can carry; said once for every path. */
export const BOT_ROLE_REFUSAL = "I can't hold a role myself, and neither can another bot";

/**
 * Checks the RACI rules on a desired set and returns it cleaned (trimmed, without duplicates).
 * Errors name the role they belong to, so a form can show them next to the right field.
 */
export function validateRoleSet(desired: Partial<Record<Role, readonly string[]>>, options: { unassignable?: readonly string[] } = {}): RoleSet {
  const set = withRoles(emptyRoleSet(), desired);
  const commanders = set.commander;
  if (commanders.length === 0) {
    throw new ValidationError('The incident needs a commander: exactly one person is Accountable at any time.', 'commander');
  }
  if (commanders.length > 1) {
    throw new ValidationError('Exactly one person can be Incident Commander (Accountable); pick one.', 'commander');
  }
  for (const role of ROLES) {
    const info = ROLE_INFO[role];
    if (!info.multiple && set[role].length > 1) {
      throw new ValidationError(`${info.label} is held by one person at a time; pick one.`, role);
    }
    if (set[role].length > MAX_HOLDERS) {
      throw new ValidationError(`Name at most ${MAX_HOLDERS} people as ${info.label}.`, role);
    }
    const blocked = set[role].find((u) => options.unassignable?.includes(u));
    if (blocked) throw new ValidationError(`${BOT_ROLE_REFUSAL}; pick a person as ${info.label}.`, role);
  }
  return set;
}

/** `acknowledged_at` records the commander's first action; anyone else acting leaves it empty. */
export function isFirstCommanderAction(incident: { acknowledgedAt: Date | null }, actorId: string, commanderId: string | null): boolean {
  return incident.acknowledgedAt === null && commanderId !== null && actorId === commanderId;
}

/** A closed incident keeps its roles as they were held: the post-mortem quotes them. */
export function checkRolesOpen(incident: Pick<Incident, 'status'>): void {
  requireOpen(incident, 'roles');
}

export type RoleChangeKind = 'assigned' | 'handed_over' | 'removed';

export interface RoleChange {
  kind: RoleChangeKind;
  role: Role;
  from: string | null;
  to: string | null;
}

export interface PlannedTimelineEntry {
  kind: 'role_assigned' | 'role_handed_over';
  text: string;
  actorId: string;
  occurredAt: Date;
  data: { role: Role; raci: RaciLetter; change: RoleChangeKind; from: string | null; to: string | null };
}

export interface RolePlan {
  /** Assignments to close, with who closed them and when. */
  end: { role: Role; userId: string; endedBy: string; at: Date }[];
  /** Assignments to open. */
  start: { role: Role; userId: string; assignedBy: string; at: Date }[];
  changes: RoleChange[];
  entries: PlannedTimelineEntry[];
  /** People who gained a role, with the roles gained: they are invited and told what it means. */
  gained: { userId: string; roles: Role[] }[];
  /** The holders once the plan is applied. */
  after: RoleSet;
  commanderChanged: boolean;
}

/** One role change as a sentence (timeline entry, RACI summary). */
export function roleChangeText(c: RoleChange, actor: string): string {
  const info = ROLE_INFO[c.role];
  switch (c.kind) {
    case 'handed_over':
      return c.from === actor
        ? `<@${actor}> handed ${info.label} to <@${c.to}>`
        : `<@${actor}> handed ${info.label} from <@${c.from}> to <@${c.to}>`;
    case 'assigned':
      return info.multiple ? `<@${actor}> added <@${c.to}> to ${info.label}` : `<@${actor}> assigned ${info.label} to <@${c.to}>`;
    case 'removed':
      return info.multiple ? `<@${actor}> removed <@${c.from}> from ${info.label}` : `<@${actor}> removed <@${c.from}> as ${info.label}`;
  }
}

/**
 * What it takes to go from the current holders to the desired ones. History is never rewritten:
 * a change ends the old assignment and starts a new one. A single-holder role passing from one
 * person to another is a hand-over; everything else is an assignment or a removal.
 */
export function planRoleChanges(
  current: RoleSet,
  desired: Partial<Record<Role, readonly string[]>>,
  actor: string,
  now: Date,
  options: { unassignable?: readonly string[] } = {},
): RolePlan {
  const after = validateRoleSet(desired, options);
  const changes: RoleChange[] = [];
  for (const role of ROLES) {
    const before = unique(current[role] ?? []);
    const removed = before.filter((u) => !after[role].includes(u));
    const added = after[role].filter((u) => !before.includes(u));
    if (!ROLE_INFO[role].multiple && removed.length === 1 && added.length === 1) {
      changes.push({ kind: 'handed_over', role, from: removed[0]!, to: added[0]! });
      continue;
    }
    for (const from of removed) changes.push({ kind: 'removed', role, from, to: null });
    for (const to of added) changes.push({ kind: 'assigned', role, from: null, to });
  }

  const gained = new Map<string, Role[]>();
  for (const c of changes) if (c.to) gained.set(c.to, [...(gained.get(c.to) ?? []), c.role]);

  return {
    end: changes.filter((c) => c.from).map((c) => ({ role: c.role, userId: c.from!, endedBy: actor, at: now })),
    start: changes.filter((c) => c.to).map((c) => ({ role: c.role, userId: c.to!, assignedBy: actor, at: now })),
    changes,
    entries: changes.map((c) => ({
      kind: c.kind === 'handed_over' ? 'role_handed_over' : 'role_assigned',
      text: roleChangeText(c, actor),
      actorId: actor,
      occurredAt: now,
      data: { role: c.role, raci: raciLetter(c.role), change: c.kind, from: c.from, to: c.to },
    })),
    gained: [...gained].map(([userId, roles]) => ({ userId, roles })),
    after,
    commanderChanged: changes.some((c) => c.role === 'commander'),
  };
}

export interface RaciGroup {
  letter: RaciLetter;
  word: string;
  roles: { role: Role; label: string; holders: string[] }[];
}

/** The holders grouped A, R, C, I — the order a reader scans a RACI summary in. */
export function raciMatrix(holders: RoleSet): RaciGroup[] {
  const order: RaciLetter[] = ['A', 'R', 'C', 'I'];
  return order.map((letter) => ({
    letter,
    word: RACI_WORD[letter],
    roles: ROLES.filter((r) => raciLetter(r) === letter).map((role) => ({ role, label: ROLE_INFO[role].label, holders: holders[role] })),
  }));
}

export interface AssignArgs {
  role: Role;
  users: string[];
}

const ROLE_WORDS: Record<string, Role> = Object.fromEntries([
  ...ROLES.map((r) => [r, r]),
  ...ROLES.map((r) => [ROLE_INFO[r].keyword, r]),
  ['ic', 'commander'],
  ['smes', 'sme'],
  ['stakeholders', 'stakeholder'],
  ['tech-lead', 'tech_lead'],
  ['comms-lead', 'comms_lead'],
]);

const ROLE_KEYWORDS = ROLES.map((r) => ROLE_INFO[r].keyword).join(', ');
/** `<@U123>` or `<@U123|name>`, as Slack escapes a mention in a command's text. */
const MENTION = /<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>/g;

/** Parses `<role> @user [@user…]`, the arguments of the assign command. */
export function parseAssignArgs(text: string): AssignArgs {
  const trimmed = text.trim();
  if (!trimmed) throw new ValidationError('Say which role and mention the person.', undefined, 'assign');
  const [word, ...rest] = trimmed.split(/\s+/);
  const role = ROLE_WORDS[word!.toLowerCase()];
  if (!role) throw new ValidationError(`I don't know the role \`${word!.slice(0, 30)}\`. Roles: ${ROLE_KEYWORDS}.`, undefined, 'assign');
  const remainder = rest.join(' ');
  const users = unique([...remainder.matchAll(MENTION)].map((m) => m[1]!));
  const leftover = remainder
    .replace(MENTION, ' ')
    .split(/[\s,]+/)
    .filter((w) => w && !/^(and|&)$/i.test(w));
  if (leftover.length > 0 || users.length === 0) {
    const shown = leftover[0] ? ` (\`${leftover[0].slice(0, 30)}\` is not a mention)` : '';
    throw new ValidationError(`Mention the person with @ and pick them from Slack's list${shown}.`, undefined, 'assign');
  }
  if (!ROLE_INFO[role].multiple && users.length > 1) {
    throw new ValidationError(`${ROLE_INFO[role].label} is held by one person at a time; mention one person.`, role);
  }
  return { role, users };
}

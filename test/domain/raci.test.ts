import { describe, expect, it } from 'vitest';
import { cadenceText, DEFAULT_CADENCE } from '../../src/domain/cadence';
import { DomainError, ValidationError } from '../../src/domain/errors';
import {
  MAX_HOLDERS,
  checkRolesOpen,
  emptyRoleSet,
  isFirstCommanderAction,
  parseAssignArgs,
  planRoleChanges,
  raciLetter,
  raciMatrix,
  roleSetFrom,
  roleTitle,
  validateRoleSet,
  withAssignment,
  withRoles,
  type RoleSet,
} from '../../src/domain/raci';
import { roleBriefing } from '../../src/slack/blocks/raci-messages';
import { ROLES, type Role } from '../../src/domain/roles';

const now = new Date('2026-11-23T10:00:00Z');
const set = (partial: Partial<Record<Role, string[]>>): RoleSet => withRoles(emptyRoleSet(), partial);

describe('role → RACI letter', () => {
  it.each([
    ['commander', 'A', 'Incident Commander — Accountable'],
    ['tech_lead', 'R', 'Technical Lead — Responsible'],
    ['comms_lead', 'R', 'Communications Lead — Responsible'],
    ['scribe', 'R', 'Scribe — Responsible'],
    ['sme', 'C', 'Subject-matter experts — Consulted'],
    ['legal', 'C', 'Legal / Compliance / Policy — Consulted'],
    ['stakeholder', 'I', 'Stakeholders — Informed'],
  ] as const)('%s is %s', (role, letter, title) => {
    expect(raciLetter(role)).toBe(letter);
    expect(roleTitle(role)).toBe(title);
  });

  it('has exactly one Accountable role', () => {
    expect(ROLES.filter((r) => raciLetter(r) === 'A')).toEqual(['commander']);
  });

  it('groups holders A, R, C, I', () => {
    const m = raciMatrix(set({ commander: ['U1'], tech_lead: ['U2'], sme: ['U3', 'U4'], stakeholder: ['U5'] }));
    expect(m.map((g) => g.letter)).toEqual(['A', 'R', 'C', 'I']);
    expect(m[0]!.roles).toEqual([{ role: 'commander', label: 'Incident Commander', holders: ['U1'] }]);
    expect(m[1]!.roles.map((r) => r.role)).toEqual(['tech_lead', 'comms_lead', 'scribe']);
    expect(m[2]!.roles.find((r) => r.role === 'sme')!.holders).toEqual(['U3', 'U4']);
  });
});

describe('validateRoleSet (the one-Accountable rule)', () => {
  it.each<[string, Partial<Record<Role, string[]>>, string, RegExp]>([
    ['no commander', {}, 'commander', /needs a commander/],
    ['empty commander', { commander: [] }, 'commander', /needs a commander/],
    ['blank commander', { commander: ['  '] }, 'commander', /needs a commander/],
    ['two commanders', { commander: ['U1', 'U2'] }, 'commander', /Exactly one person/],
    ['two tech leads', { commander: ['U1'], tech_lead: ['U2', 'U3'] }, 'tech_lead', /Technical Lead is held by one person/],
    ['two scribes', { commander: ['U1'], scribe: ['U2', 'U3'] }, 'scribe', /Scribe is held by one person/],
    ['the bot as commander', { commander: ['UBOT'] }, 'commander', /can't hold a role myself/],
    ['the bot as stakeholder', { commander: ['U1'], stakeholder: ['U2', 'UBOT'] }, 'stakeholder', /can't hold a role myself/],
    ['too many SMEs', { commander: ['U1'], sme: Array.from({ length: MAX_HOLDERS + 1 }, (_, i) => `U${i}`) }, 'sme', /at most 50/],
  ])('%s is refused', (_name, desired, field, message) => {
    let error: unknown;
    try {
      validateRoleSet(desired, { unassignable: ['UBOT'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect((error as ValidationError).message).toMatch(message);
  });

  it.each<[string, Partial<Record<Role, string[]>>, Partial<RoleSet>]>([
    ['one commander', { commander: ['U1'] }, { commander: ['U1'], sme: [] }],
    ['duplicates and blanks dropped', { commander: ['U1', 'U1'], sme: ['U2', ' U2 ', '', 'U3'] }, { commander: ['U1'], sme: ['U2', 'U3'] }],
    ['one person in several roles', { commander: ['U1'], scribe: ['U1'], sme: ['U1'] }, { commander: ['U1'], scribe: ['U1'], sme: ['U1'] }],
  ])('%s is accepted', (_name, desired, expected) => {
    expect(validateRoleSet(desired, { unassignable: ['UBOT'] })).toMatchObject(expected);
  });
});

describe('closed incidents', () => {
  it('refuses changes on a closed incident only', () => {
    expect(() => checkRolesOpen({ status: 'closed' })).toThrow(DomainError);
    expect(() => checkRolesOpen({ status: 'closed' })).toThrow("This incident is closed, so you can't change its roles");
    for (const status of ['investigating', 'contained', 'mitigated', 'resolved'] as const) {
      expect(() => checkRolesOpen({ status })).not.toThrow();
    }
  });
});

describe('isFirstCommanderAction', () => {
  const at = new Date('2026-11-23T09:00:00Z');
  it.each<[string, Date | null, string, string | null, boolean]>([
    ['the commander, not yet acknowledged', null, 'U_IC', 'U_IC', true],
    ['the commander, already acknowledged', at, 'U_IC', 'U_IC', false],
    ['the declarer', null, 'U_DECL', 'U_IC', false],
    ['nobody is commander', null, 'U_X', null, false],
  ])('%s → %s', (_name, acknowledgedAt, actor, commander, expected) => {
    expect(isFirstCommanderAction({ acknowledgedAt }, actor, commander)).toBe(expected);
  });
});

describe('planRoleChanges', () => {
  const cases: {
    name: string;
    current: Partial<Record<Role, string[]>>;
    desired: Partial<Record<Role, string[]>>;
    actor: string;
    end: [Role, string][];
    start: [Role, string][];
    texts: string[];
    kinds: string[];
    gained: { userId: string; roles: Role[] }[];
  }[] = [
    {
      name: 'no change',
      current: { commander: ['A'], sme: ['X'] },
      desired: { commander: ['A'], sme: ['X'] },
      actor: 'A',
      end: [],
      start: [],
      texts: [],
      kinds: [],
      gained: [],
    },
    {
      name: 'the commander hands over',
      current: { commander: ['B'] },
      desired: { commander: ['C'] },
      actor: 'B',
      end: [['commander', 'B']],
      start: [['commander', 'C']],
      texts: ['<@B> handed Incident Commander to <@C>'],
      kinds: ['role_handed_over'],
      gained: [{ userId: 'C', roles: ['commander'] }],
    },
    {
      name: 'someone else moves the commander role',
      current: { commander: ['B'] },
      desired: { commander: ['C'] },
      actor: 'ADMIN',
      end: [['commander', 'B']],
      start: [['commander', 'C']],
      texts: ['<@ADMIN> handed Incident Commander from <@B> to <@C>'],
      kinds: ['role_handed_over'],
      gained: [{ userId: 'C', roles: ['commander'] }],
    },
    {
      name: 'first assignment of single roles',
      current: { commander: ['A'] },
      desired: { commander: ['A'], tech_lead: ['T'], scribe: ['S'] },
      actor: 'A',
      end: [],
      start: [
        ['tech_lead', 'T'],
        ['scribe', 'S'],
      ],
      texts: ['<@A> assigned Technical Lead to <@T>', '<@A> assigned Scribe to <@S>'],
      kinds: ['role_assigned', 'role_assigned'],
      gained: [
        { userId: 'T', roles: ['tech_lead'] },
        { userId: 'S', roles: ['scribe'] },
      ],
    },
    {
      name: 'removal of a single role',
      current: { commander: ['A'], comms_lead: ['M'] },
      desired: { commander: ['A'], comms_lead: [] },
      actor: 'A',
      end: [['comms_lead', 'M']],
      start: [],
      texts: ['<@A> removed <@M> as Communications Lead'],
      kinds: ['role_assigned'],
      gained: [],
    },
    {
      name: 'multi-holder roles: one added, one removed, one kept — never a hand-over',
      current: { commander: ['A'], sme: ['X', 'Y'] },
      desired: { commander: ['A'], sme: ['Y', 'Z'] },
      actor: 'A',
      end: [['sme', 'X']],
      start: [['sme', 'Z']],
      texts: ['<@A> removed <@X> from Subject-matter experts', '<@A> added <@Z> to Subject-matter experts'],
      kinds: ['role_assigned', 'role_assigned'],
      gained: [{ userId: 'Z', roles: ['sme'] }],
    },
    {
      name: 'one person gains several roles at once',
      current: { commander: ['A'] },
      desired: { commander: ['P'], scribe: ['P'], stakeholder: ['P', 'Q'] },
      actor: 'A',
      end: [['commander', 'A']],
      start: [
        ['commander', 'P'],
        ['scribe', 'P'],
        ['stakeholder', 'P'],
        ['stakeholder', 'Q'],
      ],
      texts: [
        '<@A> handed Incident Commander to <@P>',
        '<@A> assigned Scribe to <@P>',
        '<@A> added <@P> to Stakeholders',
        '<@A> added <@Q> to Stakeholders',
      ],
      kinds: ['role_handed_over', 'role_assigned', 'role_assigned', 'role_assigned'],
      gained: [
        { userId: 'P', roles: ['commander', 'scribe', 'stakeholder'] },
        { userId: 'Q', roles: ['stakeholder'] },
      ],
    },
  ];

  it.each(cases)('$name', (c) => {
    const plan = planRoleChanges(set(c.current), c.desired, c.actor, now);
    expect(plan.end).toEqual(c.end.map(([role, userId]) => ({ role, userId, endedBy: c.actor, at: now })));
    expect(plan.start).toEqual(c.start.map(([role, userId]) => ({ role, userId, assignedBy: c.actor, at: now })));
    expect(plan.entries.map((e) => e.text)).toEqual(c.texts);
    expect(plan.entries.map((e) => e.kind)).toEqual(c.kinds);
    expect(plan.entries.every((e) => e.actorId === c.actor && e.occurredAt === now)).toBe(true);
    expect(plan.gained).toEqual(c.gained);
    expect(plan.commanderChanged).toBe(c.end.some(([r]) => r === 'commander'));
  });

  it('records from and to in each entry', () => {
    const plan = planRoleChanges(set({ commander: ['B'] }), { commander: ['C'] }, 'B', now);
    expect(plan.entries[0]!.data).toEqual({ role: 'commander', raci: 'A', change: 'handed_over', from: 'B', to: 'C' });
  });

  it('never leaves the commander empty and never assigns the bot', () => {
    expect(() => planRoleChanges(set({ commander: ['A'] }), { commander: [] }, 'A', now)).toThrow(ValidationError);
    expect(() => planRoleChanges(set({ commander: ['A'] }), { commander: ['UBOT'] }, 'A', now, { unassignable: ['UBOT'] })).toThrow(
      /can't hold a role/,
    );
  });
});

describe('withAssignment (quick form semantics)', () => {
  const current = set({ commander: ['A'], tech_lead: ['T'], sme: ['X'] });
  it.each<[Role, string[], Partial<RoleSet>]>([
    ['commander', ['B'], { commander: ['B'] }],
    ['tech_lead', ['U'], { tech_lead: ['U'] }],
    ['sme', ['Y', 'X'], { sme: ['X', 'Y'] }],
    ['stakeholder', ['S1', 'S2'], { stakeholder: ['S1', 'S2'], sme: ['X'] }],
  ])('%s ← %j', (role, users, expected) => {
    expect(withAssignment(current, role, users)).toMatchObject(expected);
  });

  it('leaves other roles alone', () => {
    expect(withAssignment(current, 'scribe', ['S'])).toEqual({ ...current, scribe: ['S'] });
  });
});

describe('roleSetFrom', () => {
  it('collects rows in order, without duplicates', () => {
    expect(
      roleSetFrom([
        { role: 'commander', userId: 'A' },
        { role: 'sme', userId: 'X' },
        { role: 'sme', userId: 'Y' },
        { role: 'sme', userId: 'X' },
      ]),
    ).toEqual({ ...emptyRoleSet(), commander: ['A'], sme: ['X', 'Y'] });
  });
});

describe('parseAssignArgs', () => {
  it.each<[string, { role: Role; users: string[] }]>([
    ['commander <@U123|carol>', { role: 'commander', users: ['U123'] }],
    ['commander <@U123>', { role: 'commander', users: ['U123'] }],
    ['IC <@U123>', { role: 'commander', users: ['U123'] }],
    ['tech <@U1>', { role: 'tech_lead', users: ['U1'] }],
    ['tech_lead <@U1|a.b>', { role: 'tech_lead', users: ['U1'] }],
    ['comms  <@U2>', { role: 'comms_lead', users: ['U2'] }],
    ['scribe <@W9>', { role: 'scribe', users: ['W9'] }],
    ['sme <@U1> <@U2|bob>', { role: 'sme', users: ['U1', 'U2'] }],
    ['SME <@U1>, <@U2> and <@U3>', { role: 'sme', users: ['U1', 'U2', 'U3'] }],
    ['legal <@U1><@U2>', { role: 'legal', users: ['U1', 'U2'] }],
    ['stakeholders <@U1> <@U1>', { role: 'stakeholder', users: ['U1'] }],
    ['stakeholder <@U_ALICE|alice>', { role: 'stakeholder', users: ['U_ALICE'] }],
  ])('%j', (text, expected) => {
    expect(parseAssignArgs(text)).toEqual(expected);
  });

  it.each([
    ['', /Say which role and mention the person/],
    ['   ', /Say which role/],
    ['janitor <@U1>', /I don't know the role `janitor`/],
    ['tech', /Mention the person with @/],
    ['tech @bob', /`@bob` is not a mention/],
    ['sme <@U1> bob', /`bob` is not a mention/],
    ['commander <@U1> <@U2>', /Incident Commander is held by one person at a time/],
    ['tech <!subteam^S1|ml>', /is not a mention/],
  ])('%j is refused', (text, message) => {
    expect(() => parseAssignArgs(text)).toThrow(ValidationError);
    expect(() => parseAssignArgs(text)).toThrow(message);
  });

  it('names the subcommand whose usage helps, and never spells the command itself', () => {
    for (const text of ['', 'janitor <@U1>', 'tech @bob']) {
      const error = (() => {
        try {
          parseAssignArgs(text);
        } catch (e) {
          return e as ValidationError;
        }
      })();
      expect(error?.usage).toBe('assign');
      expect(error?.message).not.toContain('/incident');
    }
  });
});

describe('roleBriefing', () => {
  it.each<[Role, 'sev1' | 'sev2' | 'sev3' | 'sev4', RegExp[], RegExp[]]>([
    ['commander', 'sev1', [/Incident Commander\* — Accountable/, /single decision maker/, /every 30 min\./], []],
    ['commander', 'sev4', [/Accountable/, /every 1 d\./], []],
    ['comms_lead', 'sev2', [/Responsible/, /every 1 h; you write it/], []],
    ['scribe', 'sev3', [/Keeps the timeline complete/, /\/incident note/], []],
    ['legal', 'sev1', [/Consulted/, /regulatory triage is required/], []],
    ['legal', 'sev3', [/Regulatory duties/], [/triage/]],
    ['stakeholder', 'sev2', [/Informed/, /No action is needed/], []],
  ])('%s at %s', (role, severity, present, absent) => {
    const text = roleBriefing(role, severity, cadenceText(DEFAULT_CADENCE[severity])).join('\n');
    for (const p of present) expect(text).toMatch(p);
    for (const a of absent) expect(text).not.toMatch(a);
  });
});

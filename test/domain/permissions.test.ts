import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../src/domain/errors';
import { checkPermission, PermissionError, requirePermission, type IncidentAction } from '../../src/domain/permissions';
import { emptyRoleSet } from '../../src/domain/raci';

const holders = { ...emptyRoleSet(), commander: ['U_IC'], tech_lead: ['U_TECH'], comms_lead: ['U_COMMS'], scribe: ['U_SCRIBE'], sme: ['U_SME'], legal: ['U_LEGAL'], stakeholder: ['U_EXEC'] };
const incident = { declaredBy: 'U_DECL', holders };
const admins = ['U_ADMIN'];

describe('who may do what to an incident', () => {
  const people = ['U_IC', 'U_DECL', 'U_TECH', 'U_COMMS', 'U_SCRIBE', 'U_SME', 'U_LEGAL', 'U_EXEC', 'U_ADMIN', 'U_OTHER'];
  it.each<[IncidentAction, string[]]>([
    ['steer', ['U_IC', 'U_DECL', 'U_TECH', 'U_COMMS', 'U_SCRIBE', 'U_ADMIN']],
    ['change_roles', ['U_IC', 'U_DECL', 'U_ADMIN']],
    ['post_update', ['U_IC', 'U_TECH', 'U_COMMS', 'U_SCRIBE', 'U_ADMIN']],
    ['analyse', ['U_IC', 'U_TECH', 'U_COMMS', 'U_SCRIBE', 'U_ADMIN']],
    ['triage', ['U_LEGAL', 'U_ADMIN']],
    ['annotate', people],
  ])('%s: %j', (action, allowed) => {
    expect(people.filter((p) => checkPermission(action, p, incident, admins).allowed)).toEqual(allowed);
  });

  it('lets the commander triage while nobody holds the Legal role', () => {
    const noLegal = { declaredBy: 'U_DECL', holders: { ...holders, legal: [] } };
    expect(checkPermission('triage', 'U_IC', noLegal, admins)).toMatchObject({ allowed: true, permitted: ['commander', 'admin'] });
    expect(checkPermission('triage', 'U_IC', incident, admins).allowed).toBe(false);
  });

  it('refuses with who may and whom to ask: the commander, or Legal for triage, or the declarer when nobody commands', () => {
    const refusal = () => requirePermission('steer', 'U_SME', incident, admins);
    expect(refusal).toThrow(PermissionError);
    expect(refusal).toThrow(ForbiddenError);
    try {
      refusal();
    } catch (error) {
      expect(error).toMatchObject({ code: 'forbidden', action: 'steer', permitted: ['commander', 'declarer', 'responsible', 'admin'], ask: 'U_IC' });
      expect((error as Error).message).toBe(
        'Only the commander, the declarer, a responsible role (technical lead, communications lead, scribe) or a war-room admin can change this incident. Nothing was changed.',
      );
    }
    expect(checkPermission('triage', 'U_OTHER', incident, admins).ask).toBe('U_LEGAL');
    expect(checkPermission('steer', 'U_OTHER', { declaredBy: 'U_DECL', holders: { ...holders, commander: [] } }, admins).ask).toBe('U_DECL');
  });
});

import { DEFAULT_REGULATORY, type RegulatorySettings } from './context';
import { loadRegulatoryState } from './regulatory';
import type { CorrectiveActionRow, Repositories } from '../db/repositories/types';
import { rankForOwner } from '../domain/corrective-action';
import { localDay } from '../domain/followup';
import type { Incident } from '../domain/incident';
import type { Role } from '../domain/roles';
import { visibilityFor, type Visibility } from '../domain/visibility';

/** How many recent incidents the Home tab lists. */
export const HOME_RECENT = 5;
/** Bounds so the tab stays well under Slack's 100 blocks whatever a person holds. */
export const HOME_MAX_INCIDENTS = 10;
export const HOME_MAX_ACTIONS = 10;

export interface HomeIncident {
  incident: Incident;
  visibility: Visibility;
}

/** A regulatory clock as the Home tab shows it. */
export interface HomeClock {
  incidentId: number;
  regime: string;
  label: string;
  dueAt: Date;
}

/** The open clocks (running or overdue) of the incidents where `userId` holds the Legal role, nearest first. */
export async function loadHomeClocks(repos: Repositories, legalIncidentIds: readonly number[], settings: RegulatorySettings, now: Date): Promise<HomeClock[]> {
  const clocks: HomeClock[] = [];
  for (const id of legalIncidentIds) {
    const incident = await repos.incidents.byId(id);
    if (!incident || incident.status === 'closed') continue;
    const state = await loadRegulatoryState({ regulatory: settings }, repos, incident, now);
    for (const c of state.clocks) {
      if (c.state === 'reported') continue;
      const name = settings.regimes.find((r) => r.id === c.regime)?.name.split(' — ')[0] ?? c.regime;
      clocks.push({ incidentId: id, regime: name, label: `${c.label}${c.provisional ? ' (provisional)' : ''}`, dueAt: c.dueAt });
    }
  }
  return clocks.sort((x, y) => x.dueAt.getTime() - y.dueAt.getTime());
}

export interface HomeData {
  userId: string;
  /** The team's calendar day: what "overdue" means. */
  today: string;
  myIncidents: { incident: Incident; roles: Role[] }[];
  declared: Incident[];
  actions: { action: CorrectiveActionRow; incident: HomeIncident }[];
  clocks: HomeClock[];
  /** True when the person holds a Legal role somewhere (the clock section applies to them). */
  holdsLegal: boolean;
  recent: HomeIncident[];
}

/** Until it is closed an incident still asks something of its people (the analysis, after the resolve). */
const isOpen = (i: Incident) => i.status !== 'closed';

/** What one person's Home tab shows, read at the moment it is published. */
export async function loadHome(repos: Repositories, userId: string, opts: { now: Date; timeZone: string; regulatory?: RegulatorySettings }): Promise<HomeData> {
  const today = localDay(opts.now, opts.timeZone);
  const roles = await repos.followup.currentRolesOf(userId);
  const rolesByIncident = new Map<number, Role[]>();
  for (const r of roles) rolesByIncident.set(r.incidentId, [...(rolesByIncident.get(r.incidentId) ?? []), r.role]);
  const held = (await repos.followup.incidentsByIds([...rolesByIncident.keys()])).filter(isOpen);
  const myIncidents = held
    .sort((a, b) => b.id - a.id)
    .slice(0, HOME_MAX_INCIDENTS)
    .map((incident) => ({ incident, roles: rolesByIncident.get(incident.id)! }));

  const declared = (await repos.followup.incidentsDeclaredBy(userId, HOME_MAX_INCIDENTS)).filter(isOpen);

  const owned = rankForOwner(await repos.followup.actionsOwnedBy(userId), today).slice(0, HOME_MAX_ACTIONS);
  const recentCandidates = await repos.followup.latestIncidents(HOME_RECENT);
  const ids = [...new Set([...owned.map((a) => a.incidentId), ...recentCandidates.map((i) => i.id)])];
  const members = await repos.followup.members(ids);
  const byId = new Map((await repos.followup.incidentsByIds(ids)).map((i) => [i.id, i]));
  const seen = (incident: Incident): HomeIncident => ({ incident, visibility: visibilityFor(incident, userId, members.get(incident.id) ?? new Set()) });

  const legal = roles.filter((r) => r.role === 'legal').map((r) => r.incidentId);
  return {
    userId,
    today,
    myIncidents,
    declared,
    // An owner always sees their own action's incident: being given the action brought them in.
    actions: owned.map((action) => ({ action, incident: { incident: byId.get(action.incidentId)!, visibility: 'full' as const } })),
    clocks: legal.length ? await loadHomeClocks(repos, legal, opts.regulatory ?? DEFAULT_REGULATORY, opts.now) : [],
    holdsLegal: legal.length > 0,
    recent: recentCandidates.map(seen),
  };
}

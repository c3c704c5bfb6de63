import type { Repositories } from '../db/repositories/types';
import { evidenceGate, evidenceRequired } from '../domain/evidence';
import type { Incident } from '../domain/incident';
import { isStatusTarget } from '../domain/lifecycle';
import { AI_ACT, computeClocks, planReminders, suggestRegime, suggestTriage, triageFactsOf, type Clock, type RegimeDecision, type RegimeSuggestion, type Suggestion } from '../domain/regimes';
import { effectiveAwareness, type AwarenessBasis, type RegulatoryFacts } from '../domain/regulatory-record';
import type { RegimeDecisionRow, RegulatoryReportRow } from '../db/repositories/types';
import type { ServiceContext } from './context';
import { enqueueJob } from './effects';

export const REMIND_KIND = 'regulatory.remind' as const;

/** Everything the regulatory views need about one incident, read in one place. */
export interface RegulatoryState {
  incident: Incident;
  facts: RegulatoryFacts;
  awareness: { at: Date; basis: AwarenessBasis };
  suggestions: RegimeSuggestion[];
  decisions: RegimeDecisionRow[];
  reports: RegulatoryReportRow[];
  clocks: Clock[];
}

/**
 * The incident's AI Act standing (Legal's decision, else the triage suggestion), for the evidence
 * gate: `evidenceRequired` decides from it.
 */
export async function aiActStanding(ctx: Pick<ServiceContext, 'regulatory'>, repos: Repositories, incident: Incident): Promise<{ decision: RegimeDecision | null; suggestion: Suggestion }> {
  const facts = await repos.regulatory.facts(incident.id);
  const decision = (await repos.regulatory.currentDecisions(incident.id)).find((d) => d.regime === AI_ACT.id)?.decision ?? null;
  const suggestion = suggestRegime(AI_ACT, triageFactsOf(incident, facts), { nis2Entity: ctx.regulatory.nis2Entity }).suggestion;
  return { decision: decision as RegimeDecision | null, suggestion };
}

export async function loadRegulatoryState(ctx: Pick<ServiceContext, 'regulatory'>, repos: Repositories, incident: Incident, now: Date): Promise<RegulatoryState> {
  const facts = await repos.regulatory.facts(incident.id);
  const decisions = await repos.regulatory.currentDecisions(incident.id);
  const reports = await repos.regulatory.reports(incident.id);
  const awareness = effectiveAwareness(incident);
  const tf = triageFactsOf(incident, facts);
  const org = { nis2Entity: ctx.regulatory.nis2Entity };
  const clocks = computeClocks(ctx.regulatory.regimes, { awareness: awareness.at, facts: tf, org, decisions, reports }, now);
  return { incident, facts, awareness, suggestions: suggestTriage(ctx.regulatory.regimes, tf, org), decisions, reports, clocks };
}

/**
 * Brings the scheduled reminders in line with the incident's clocks: every open clock's
 * reminders are enqueued (once each, by key), and pending reminders no clock plans any more
 * (awareness moved, report logged, regime set to does not apply, incident closed) are cancelled.
 * Called in the transaction of every change that moves a clock.
 */
export async function replanRegulatory(ctx: Pick<ServiceContext, 'regulatory'>, tx: Repositories, now: Date, incidentId: number): Promise<void> {
  const incident = await tx.incidents.byId(incidentId);
  if (!incident) return;
  const state = await loadRegulatoryState(ctx, tx, incident, now);
  const open = incident.status !== 'closed';
  const planned = open ? state.clocks.flatMap((c) => planReminders(incidentId, c, now).map((r) => ({ clock: c, r }))) : [];
  const keys = new Set(planned.map((p) => p.r.key));
  const pending = (await tx.jobs.forIncident(incidentId, ['pending'])).filter((j) => j.kind === REMIND_KIND);
  for (const job of pending) if (!keys.has(job.key)) await tx.jobs.cancel({ incidentId, keyPrefix: job.key }, now);
  for (const { clock, r } of planned) {
    await enqueueJob(
      tx,
      now,
      REMIND_KIND,
      { incidentId, regime: clock.regime, stage: clock.stage, dueAtMs: clock.dueAt.getTime(), threshold: r.threshold },
      { key: r.key, dueAt: r.at, incidentId },
    );
  }
}

/**
 * Whether moving `incident` to `to` must first go through the evidence form (AI Act Art. 73(6)).
 * A transport asks before changing the status so it can open the form; `applyStatusChange` asks
 * again and refuses, so no path gets round it. Only a first move that changes the system reads
 * the evidence and the AI Act's standing: other status changes cost nothing.
 */
export async function needsEvidence(ctx: Pick<ServiceContext, 'regulatory'>, repos: Repositories, incident: Incident, to: string): Promise<boolean> {
  if (!isStatusTarget(to) || evidenceGate(incident, to, 0, true).code !== 'snapshot_required') return false;
  const recorded = (await repos.evidence.forIncident(incident.id)).length;
  return evidenceGate(incident, to, recorded, evidenceRequired(await aiActStanding(ctx, repos, incident))).code === 'snapshot_required';
}

import { z } from 'zod';
import { requireOpen } from '../domain/closure';
import { NotFoundError, ValidationError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import { planTriage, validateReport, type TriageDecision } from '../domain/regulatory-decisions';
import { regimeById } from '../domain/regimes';
import type { RegulatoryReportRow } from '../db/repositories/types';
import { withTransaction, type ServiceContext } from './context';
import { refreshSurfaces, scheduleForIncident } from './effects';
import { requireIncidentPermission } from './permissions';
import { replanRegulatory } from './regulatory';

const DECISION_WORD = { applies: 'applies', does_not_apply: 'does not apply', unsure: 'unsure' } as const;

const triageSchema = z.object({
  incidentId: z.number().int().positive(),
  actorId: z.string().min(1),
  choices: z.array(z.object({ regime: z.string(), decision: z.string().nullable(), reason: z.string() })),
});

/**
 * Legal's triage (or the commander's while nobody holds Legal): each changed decision is stored
 * with its author and reason, goes on the timeline, and re-plans the clocks and reminders
 * (does not apply cancels the regime's reminders).
 */
export async function decideRegimes(ctx: ServiceContext, raw: z.input<typeof triageSchema>): Promise<{ incident: Incident; decisions: TriageDecision[] }> {
  const input = triageSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const incident = await tx.incidents.byId(input.incidentId);
    if (!incident) throw new NotFoundError(`There is no incident ${input.incidentId}.`);
    await requireIncidentPermission(ctx, tx, incident, 'triage', input.actorId);
    requireOpen(incident, 'details');
    const current = await tx.regulatory.currentDecisions(incident.id);
    const decisions = planTriage(ctx.regulatory.regimes, current, input.choices);
    for (const d of decisions) {
      await tx.regulatory.addDecision({ incidentId: incident.id, regime: d.regime, decision: d.decision, reason: d.reason, decidedBy: input.actorId, decidedAt: now });
      const name = regimeById(ctx.regulatory.regimes, d.regime)!.name;
      await tx.timeline.addAutomatic(
        { incidentId: incident.id, kind: 'regulatory_decision', text: `${name}: ${DECISION_WORD[d.decision]} — ${d.reason}`, actorId: input.actorId, occurredAt: now, data: { ...d } },
        now,
      );
    }
    if (decisions.length) {
      await replanRegulatory(ctx, tx, now, incident.id);
      await refreshSurfaces(tx, now, incident.id);
    }
    return { incident, decisions };
  });
}

const reportSchema = z.object({
  incidentId: z.number().int().positive(),
  actorId: z.string().min(1),
  regime: z.string(),
  stage: z.string(),
  reference: z.string().nullable().optional(),
  authority: z.string().nullable().optional(),
  sent: z.string().nullable().optional(),
  reportedAt: z.date().nullable().optional(),
});

/**
 * Logs a report made to an authority (the disclosure log): stops that stage's clock, cancels its
 * remaining reminders and starts the stage chained on it (NIS2 final report one month after the
 * notification). A stage is logged once.
 */
export async function logRegulatoryReport(ctx: ServiceContext, raw: z.input<typeof reportSchema>): Promise<{ incident: Incident; report: RegulatoryReportRow }> {
  const input = reportSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const incident = await tx.incidents.byId(input.incidentId);
    if (!incident) throw new NotFoundError(`There is no incident ${input.incidentId}.`);
    await requireIncidentPermission(ctx, tx, incident, 'log_report', input.actorId);
    const r = validateReport(ctx.regulatory.regimes, input, now);
    const report = await tx.regulatory.addReport({ incidentId: incident.id, ...r, reportedBy: input.actorId });
    if (!report) throw new ValidationError(`The ${r.regime} ${r.stage} report is already logged; the disclosure log keeps the first.`, 'stage');
    const regime = regimeById(ctx.regulatory.regimes, r.regime)!;
    const stage = regime.stages.find((s) => s.id === r.stage)!;
    const parts = [`Reported to ${r.authority}`, r.reference ? `reference ${r.reference}` : null, r.sent ? `sent: ${r.sent}` : null].filter(Boolean);
    await tx.timeline.addAutomatic(
      {
        incidentId: incident.id,
        kind: 'regulatory_report',
        text: `${regime.name} — ${stage.label}: ${parts.join('; ')}`,
        actorId: input.actorId,
        occurredAt: r.reportedAt,
        data: { regime: r.regime, stage: r.stage, reference: r.reference, authority: r.authority, reportId: report.id },
      },
      now,
    );
    await replanRegulatory(ctx, tx, now, incident.id);
    await refreshSurfaces(tx, now, incident.id);
    return { incident, report };
  });
}

/** The export, uploaded by a job into the incident's own channel (never anywhere else). */
export async function requestRegulatoryExport(ctx: ServiceContext, raw: { incidentId: number; actorId: string; regime: string; format: 'md' | 'json' }): Promise<number> {
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const incident = await tx.incidents.byId(raw.incidentId);
    if (!incident) throw new NotFoundError(`There is no incident ${raw.incidentId}.`);
    await requireIncidentPermission(ctx, tx, incident, 'log_report', raw.actorId);
    if (!regimeById(ctx.regulatory.regimes, raw.regime)) {
      throw new ValidationError(`No regime \`${raw.regime.slice(0, 40)}\` is configured; use one of ${ctx.regulatory.regimes.map((r) => r.id).join(', ')}.`, 'regime');
    }
    const { id } = await scheduleForIncident(tx, now, 'regulatory.export', { incidentId: incident.id, regime: raw.regime, format: raw.format, requestedBy: raw.actorId });
    return id;
  });
}

import { z } from 'zod';
import { validateDeclaration, type DeclarationInput } from '../domain/declaration';
import { factsOf } from '../domain/incident-details';
import type { Incident } from '../domain/incident';
import { severityLabel } from '../domain/severity';
import { commsAfterDeclaration } from './comms-effects';
import { withTransaction, type ServiceContext } from './context';
import { enqueueDeclarationSetup } from './effects';
import { replanRegulatory } from './regulatory';

const inputSchema = z.object({
  title: z.string(),
  severity: z.string().nullable(),
  category: z.string().nullable().optional(),
  harmLevel: z.string().nullable().optional(),
  affectedSystem: z.string().nullable().optional(),
  affectedVersion: z.string().nullable().optional(),
  summary: z.string().nullable().optional(),
  commanderId: z.string().nullable().optional(),
  impactStartedAt: z.date().nullable().optional(),
  personalData: z.string().nullable().optional(),
  peopleAffected: z.union([z.string(), z.number()]).nullable().optional(),
  memberStates: z.array(z.string()).optional(),
  detectionSource: z.string().nullable().optional(),
  harmLimb: z.string().nullable().optional(),
  versions: z.record(z.string(), z.string().nullable()).optional(),
  isPrivate: z.boolean().optional(),
  declaredBy: z.string().min(1),
  originChannelId: z.string().nullable().optional(),
  responseUrl: z.string().nullable().optional(),
  /** Bot users among the people picked (looked up by the caller): they can't be commander. */
  unassignable: z.array(z.string()).optional(),
});

export type DeclareIncidentInput = DeclarationInput & { originChannelId?: string | null; responseUrl?: string | null; unassignable?: string[] };

/**
 * Stores the incident, its commander, the "declared" timeline entry and the jobs that set up its
 * war room in Slack, in one transaction — so the incident and everything it owes exist before
 * Slack is ever called.
 */
export async function declareIncident(ctx: ServiceContext, raw: DeclareIncidentInput): Promise<Incident> {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  const d = validateDeclaration(input, now, { unassignable: input.unassignable });
  return withTransaction(ctx, async (tx) => {
    const incident = await tx.incidents.insert({
      title: d.title,
      summary: d.summary,
      severity: d.severity,
      category: d.category,
      harmLevel: d.harmLevel,
      affectedSystem: d.affectedSystem,
      affectedVersion: d.affectedVersion,
      isPrivate: d.isPrivate,
      declaredBy: d.declaredBy,
      originChannelId: input.originChannelId ?? null,
      impactStartedAt: d.impactStartedAt,
      detectedAt: now,
      declaredAt: now,
      // Empty: awareness follows the detection time (corrected in the edit form) until set.
      awareAt: null,
      updatedAt: now,
    });
    await tx.regulatory.setFacts(incident.id, factsOf(d), now);
    await tx.roles.start(incident.id, { role: 'commander', userId: d.commanderId, assignedBy: d.declaredBy, at: now });
    await tx.timeline.addAutomatic(
      {
        incidentId: incident.id,
        kind: 'declared',
        text: `Declared ${severityLabel(d.severity)}: ${d.title}`,
        actorId: d.declaredBy,
        occurredAt: now,
        data: { severity: d.severity, commander: d.commanderId, category: d.category },
      },
      now,
    );
    await enqueueDeclarationSetup(tx, now, incident.id, input.responseUrl ?? null);
    await replanRegulatory(ctx, tx, now, incident.id);
    await commsAfterDeclaration(tx, now, ctx.comms, incident);
    return incident;
  });
}

import { z } from 'zod';
import { validateDeclaration, type DeclarationInput } from '../domain/declaration';
import type { Incident } from '../domain/incident';
import { severityLabel } from '../domain/severity';
import { incidents, roleAssignments } from '../db/schema';
import { inTransaction, type ServiceContext } from './context';

/** The Slack work every declaration owes, in the order it is done. */
export const DECLARATION_STEPS = [
  'create_channel',
  'invite_responders',
  'dm_commander',
  'set_topic',
  'set_purpose',
  'post_card',
  'pin_card',
  'announce',
  'reply_to_declarer',
] as const;
export type DeclarationStep = (typeof DECLARATION_STEPS)[number];

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
  isPrivate: z.boolean().optional(),
  declaredBy: z.string().min(1),
  originChannelId: z.string().nullable().optional(),
  /** Bot users among the people picked (looked up by the caller): they can't be commander. */
  unassignable: z.array(z.string()).optional(),
});

export type DeclareIncidentInput = DeclarationInput & { originChannelId?: string | null; unassignable?: string[] };

/**
 * Stores the incident, its commander, the "declared" timeline entry and the Slack steps it owes,
 * in one transaction — so the incident exists before Slack is ever called.
 */
export function declareIncident(ctx: ServiceContext, raw: DeclareIncidentInput): Incident {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  const d = validateDeclaration(input, now, { unassignable: input.unassignable });
  return inTransaction(ctx, () => {
    const row = ctx.db
      .insert(incidents)
      .values({
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
        awareAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    ctx.db
      .insert(roleAssignments)
      .values({ incidentId: row.id, role: 'commander', userId: d.commanderId, assignedBy: d.declaredBy, startedAt: now })
      .run();
    ctx.repos.timeline.addAutomatic(
      {
        incidentId: row.id,
        kind: 'declared',
        text: `Declared ${severityLabel(d.severity)}: ${d.title}`,
        actorId: d.declaredBy,
        occurredAt: now,
        data: { severity: d.severity, commander: d.commanderId, category: d.category },
      },
      now,
    );
    ctx.repos.slackSteps.add(row.id, DECLARATION_STEPS, now);
    return row;
  });
}

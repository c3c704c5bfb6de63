import { z } from 'zod';
import type { CorrectiveActionRow, Repositories } from '../db/repositories/types';
import { planActionChange, validateAction, type ActionChange, type ActionFields } from '../domain/corrective-action';
import { NotFoundError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import { checkPermission, PermissionError } from '../domain/permissions';
import { assertAnalysable } from '../domain/postmortem-analysis';
import { withTransaction, type ServiceContext } from './context';
import { enqueueJob } from './effects';
import { compileDraft, incidentFor, refreshHomes, refreshHomesForIncident } from './follow-through-effects';

const fieldsSchema = z.object({
  title: z.string(),
  ownerId: z.string().nullable(),
  dueDate: z.string().nullable(),
  measure: z.string().default(''),
  severity: z.union([z.number(), z.string()]).nullable().default(null),
  occurrence: z.union([z.number(), z.string()]).nullable().default(null),
  detection: z.union([z.number(), z.string()]).nullable().default(null),
});

const addSchema = z.object({
  incidentId: z.number().int().positive(),
  actorId: z.string().min(1),
  action: fieldsSchema,
  /** Compile a draft now (the analysis form); false when the caller compiles once for several. */
  compile: z.boolean().default(true),
});

/** Stored row → domain fields. */
export function fieldsOf(row: CorrectiveActionRow): ActionFields {
  return {
    title: row.description,
    ownerId: row.ownerId,
    dueDate: row.dueDate,
    measure: row.measure,
    severity: row.severity,
    occurrence: row.occurrence,
    detection: row.detection,
  };
}

/** An owner's DM and their Home tab follow an assignment. */
async function assigned(tx: Repositories, now: Date, row: { id: number; incidentId: number }, ownerId: string, by: string) {
  await enqueueJob(tx, now, 'followup.assigned', { incidentId: row.incidentId, actionId: row.id, ownerId, assignedBy: by }, { incidentId: row.incidentId, key: `followup:assigned:${row.id}:${ownerId}:${now.getTime()}` });
}

/**
 * Records a corrective action (from the analysis): a timeline entry, the owner's DM, a new draft.
 * Only the title is required; gaps are flagged, not refused.
 */
export async function addCorrectiveAction(ctx: ServiceContext, raw: z.input<typeof addSchema>): Promise<{ actionId: number }> {
  const input = addSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const incident = await incidentFor(ctx, tx, input.incidentId, 'analyse', input.actorId);
    assertAnalysable(incident.status);
    const f = validateAction(input.action);
    const actionId = await tx.postmortem.addAction({
      incidentId: incident.id,
      description: f.title,
      ownerId: f.ownerId,
      dueDate: f.dueDate,
      measure: f.measure,
      severity: f.severity,
      occurrence: f.occurrence,
      detection: f.detection,
      createdBy: input.actorId,
      createdAt: now,
      updatedAt: now,
    });
    const entryId = await tx.timeline.addAutomatic(
      { incidentId: incident.id, kind: 'corrective_action', text: `Corrective action added: ${f.title}`, actorId: input.actorId, occurredAt: now, data: { actionId, change: 'added', ownerId: f.ownerId, dueDate: f.dueDate } },
      now,
    );
    if (f.ownerId) await assigned(tx, now, { id: actionId, incidentId: incident.id }, f.ownerId, input.actorId);
    if (input.compile) await compileDraft(tx, now, incident.id, input.actorId, `entry:${entryId}`);
    await refreshHomesForIncident(tx, now, incident.id);
    return { actionId };
  });
}

const changeSchema = z.object({
  actionId: z.number().int().positive(),
  actorId: z.string().min(1),
  change: z.discriminatedUnion('type', [
    z.object({ type: z.literal('status'), to: z.enum(['open', 'in_progress', 'done']) }),
    z.object({ type: z.literal('wont_do'), reason: z.string() }),
    z.object({ type: z.literal('reassign'), ownerId: z.string().min(1) }),
    z.object({ type: z.literal('due'), dueDate: z.string() }),
    z.object({ type: z.literal('edit'), fields: fieldsSchema }),
  ]),
});
export type ChangeCorrectiveActionInput = z.input<typeof changeSchema>;

export interface ChangeActionResult {
  action: CorrectiveActionRow;
  incident: Incident;
  changed: boolean;
}

const STATUS_WORD = { open: 'open', in_progress: 'in progress', done: 'done', wont_do: "won't do" } as const;

/**
 * Done, in progress, won't do, reassigned, a new due date, or edited. The owner may change their
 * own action; otherwise the analysis rule applies (commander, responsible roles, admins). The
 * change goes on the timeline and into the next draft; the people concerned get their DMs and
 * Home tabs.
 */
export async function changeCorrectiveAction(ctx: ServiceContext, raw: ChangeCorrectiveActionInput): Promise<ChangeActionResult> {
  const input = changeSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const action = await tx.followup.actionById(input.actionId);
    if (!action) throw new NotFoundError('This corrective action no longer exists.');
    const incident = (await tx.incidents.byId(action.incidentId))!;
    if (action.ownerId !== input.actorId) {
      const check = checkPermission('analyse', input.actorId, { declaredBy: incident.declaredBy, holders: await tx.roles.holders(incident.id) }, ctx.admins);
      if (!check.allowed) throw new PermissionError('analyse', [...check.permitted], check.ask);
    }
    const change: ActionChange = input.change.type === 'edit' ? { type: 'edit', fields: validateAction(input.change.fields) } : input.change;
    const plan = planActionChange({ ...fieldsOf(action), status: action.status }, change, now);
    if (plan.summary.kind === 'unchanged') return { action, incident, changed: false };
    const { title, ...rest } = plan.patch;
    await tx.postmortem.updateAction(incident.id, action.id, { ...rest, ...(title !== undefined ? { description: title } : {}), updatedAt: now });
    const s = plan.summary;
    const text =
      s.kind === 'status'
        ? `Corrective action marked ${STATUS_WORD[s.to as keyof typeof STATUS_WORD]}: ${action.description}`
        : s.kind === 'wont_do'
          ? `Corrective action won't be done: ${action.description} — ${s.to}`
          : s.kind === 'reassign'
            ? `Corrective action reassigned to <@${s.to}>: ${action.description}`
            : s.kind === 'due'
              ? `Corrective action due ${s.to} (was ${s.from ?? 'no date'}): ${action.description}`
              : `Corrective action edited: ${plan.patch.title ?? action.description}`;
    await tx.timeline.addAutomatic(
      { incidentId: incident.id, kind: 'corrective_action', text, actorId: input.actorId, occurredAt: now, data: { actionId: action.id, change: s.kind, from: s.from ?? null, to: s.to ?? null } },
      now,
    );
    if (plan.newOwner) await assigned(tx, now, action, plan.newOwner, input.actorId);
    // A reminder already planned for the old date or owner reads the action again when it runs.
    await refreshHomes(tx, now, [action.ownerId, plan.newOwner, input.actorId].filter((u): u is string => !!u));
    await refreshHomesForIncident(tx, now, incident.id);
    return { action: (await tx.followup.actionById(action.id))!, incident, changed: true };
  });
}

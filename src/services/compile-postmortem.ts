import { peopleIn } from '../domain/text';
import { z } from 'zod';
import { NotFoundError } from '../domain/errors';
import { compilePostmortem, summarisePostmortem, type PostmortemInput, type PostmortemSummary } from '../domain/postmortem';
import { isSeverity, type Severity } from '../domain/severity';
import type { DraftRow } from '../db/repositories/postmortem';
import type { TimelineRow } from '../db/repositories/timeline';
import { inTransaction, type ServiceContext } from './context';

const parseJson = <T>(text: string | null, fallback: T): T => {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

/** Severity at declaration and every change after it, read back from the timeline. */
function severityHistory(timeline: TimelineRow[], current: Severity) {
  const changes: PostmortemInput['severityChanges'] = [];
  let initial: Severity | null = null;
  for (const entry of timeline) {
    const data = parseJson<Record<string, unknown>>(entry.data, {});
    if (entry.kind === 'declared' && typeof data.severity === 'string' && isSeverity(data.severity)) initial = data.severity;
    if (entry.kind === 'severity_changed' && typeof data.from === 'string' && typeof data.to === 'string' && isSeverity(data.from) && isSeverity(data.to)) {
      changes.push({ at: entry.occurredAt, from: data.from, to: data.to, by: entry.actorId, ...(typeof data.reason === 'string' && data.reason ? { reason: data.reason } : {}) });
    }
  }
  return { initialSeverity: initial ?? changes[0]?.from ?? current, severityChanges: changes };
}

/** User ids the draft mentions, so the Slack layer can look their names up once. */
export function postmortemUserIds(ctx: ServiceContext, incidentId: number): string[] {
  const incident = ctx.repos.incidents.byId(incidentId);
  if (!incident) return [];
  const ids = new Set<string>([incident.declaredBy]);
  for (const e of ctx.repos.timeline.forIncident(incidentId)) {
    if (e.actorId) ids.add(e.actorId);
    for (const id of peopleIn(e.text)) ids.add(id);
  }
  for (const r of ctx.repos.postmortem.roleHistory(incidentId)) ids.add(r.userId).add(r.assignedBy);
  for (const a of ctx.repos.postmortem.actions(incidentId)) if (a.ownerId) ids.add(a.ownerId);
  const resolution = ctx.repos.postmortem.resolution(incidentId);
  if (resolution) ids.add(resolution.resolvedBy);
  return [...ids];
}

/** Everything the compiler needs, read from the database. */
export function loadPostmortemInput(
  ctx: ServiceContext,
  incidentId: number,
  opts: { users: Record<string, string>; generatedAt: Date; version: number },
): PostmortemInput {
  const incident = ctx.repos.incidents.byId(incidentId);
  if (!incident) throw new NotFoundError(`There is no incident INC-${incidentId}.`);
  const { id: number, originChannelId: _origin, channelId: _channel, cardTs: _card, updatedAt: _updated, ...recorded } = incident;
  const timeline = ctx.repos.timeline.forIncident(incidentId);
  const resolution = ctx.repos.postmortem.resolution(incidentId);
  return {
    incident: { number, ...recorded },
    ...severityHistory(timeline, incident.severity),
    timeline: timeline.map((e) => ({
      occurredAt: e.occurredAt,
      kind: e.kind,
      source: e.source,
      text: e.text,
      actorId: e.actorId,
      permalink: e.permalink,
      threadTs: e.threadTs,
      messageTs: e.messageTs,
      files: parseJson<{ name: string; url?: string | null }[]>(e.files, []),
      retracted: e.retractedAt !== null,
    })),
    roles: ctx.repos.postmortem.roleHistory(incidentId).map((r) => ({
      role: r.role,
      userId: r.userId,
      assignedBy: r.assignedBy,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
    })),
    resolution: resolution
      ? {
          summary: resolution.summary,
          impact: resolution.impact,
          rootCause: resolution.rootCause,
          trigger: resolution.trigger,
          whys: parseJson<string[]>(resolution.whys, []),
          factors: { people: '', process: '', technology: '', data: '', ...parseJson<Record<string, string>>(resolution.factors, {}) },
          wentWell: resolution.wentWell,
          wentWrong: resolution.wentWrong,
          gotLucky: resolution.gotLucky,
          resolvedBy: resolution.resolvedBy,
        }
      : null,
    correctiveActions: ctx.repos.postmortem.actions(incidentId).map((a) => ({
      description: a.description,
      ownerId: a.ownerId,
      dueDate: a.dueDate,
      measure: a.measure,
      status: a.status,
    })),
    users: opts.users,
    generatedAt: opts.generatedAt,
    version: opts.version,
  };
}

const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  createdBy: z.string().nullable(),
  users: z.record(z.string(), z.string()),
});

export interface CompiledPostmortem {
  draft: DraftRow;
  summary: PostmortemSummary;
}

/**
 * Compiles a new version of the post-mortem draft and stores it; earlier versions stay.
 * The version number is taken inside the transaction so two compilations never share one.
 */
export function compileAndStorePostmortem(ctx: ServiceContext, raw: z.input<typeof inputSchema>): CompiledPostmortem {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  return inTransaction(ctx, () => {
    const version = ctx.repos.postmortem.nextDraftVersion(input.incidentId);
    const pmInput = loadPostmortemInput(ctx, input.incidentId, { users: input.users, generatedAt: now, version });
    const markdown = compilePostmortem(pmInput);
    const draft = ctx.repos.postmortem.addDraft({
      incidentId: input.incidentId,
      version,
      markdown,
      createdBy: input.createdBy,
      createdAt: now,
    });
    ctx.repos.timeline.addAutomatic(
      {
        incidentId: input.incidentId,
        kind: 'postmortem_compiled',
        text: `Post-mortem draft v${version} compiled`,
        actorId: input.createdBy,
        occurredAt: now,
        data: { version },
      },
      now,
    );
    return { draft, summary: summarisePostmortem(pmInput, markdown) };
  });
}

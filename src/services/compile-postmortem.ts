import { peopleIn } from '../domain/text';
import { z } from 'zod';
import type { Cadence } from '../domain/cadence';
import { NotFoundError } from '../domain/errors';
import { compilePostmortem, summarisePostmortem, type PostmortemInput, type PostmortemSummary } from '../domain/postmortem';
import type { DraftRow, EvidenceRow, Repositories } from '../db/repositories/types';
import type { PostmortemEvidence, PostmortemRegulatory } from '../domain/postmortem/types';
import { DEFAULT_REGULATORY, withTransaction, type RegulatorySettings, type ServiceContext } from './context';
import { scheduleForIncident } from './effects';
import { severityHistoryOf } from './get-severity-history';
import { verifyTimeline } from './verify-timeline';

/** User ids the draft mentions, so the Slack layer can look their names up once. */
export async function postmortemUserIds(ctx: ServiceContext, incidentId: number): Promise<string[]> {
  const incident = await ctx.repos.incidents.byId(incidentId);
  if (!incident) return [];
  const ids = new Set<string>([incident.declaredBy]);
  for (const e of await ctx.repos.timeline.forIncident(incidentId)) {
    if (e.actorId) ids.add(e.actorId);
    for (const id of peopleIn(e.text)) ids.add(id);
  }
  for (const r of await ctx.repos.roles.history(incidentId)) ids.add(r.userId).add(r.assignedBy);
  for (const a of await ctx.repos.postmortem.actions(incidentId)) if (a.ownerId) ids.add(a.ownerId);
  const resolution = await ctx.repos.postmortem.resolution(incidentId);
  if (resolution) ids.add(resolution.resolvedBy);
  for (const u of await ctx.repos.comms.updates(incidentId)) ids.add(u.postedBy);
  return [...ids];
}

function evidenceForDraft(r: EvidenceRow): PostmortemEvidence {
  const common = { recordedBy: r.recordedBy, recordedAt: r.recordedAt, forStatus: r.forStatus, digest: r.digest };
  return r.outcome === 'skipped'
    ? { outcome: 'skipped', reason: r.skipReason ?? '', ...common }
    : { outcome: 'preserved', modelRef: r.modelRef, promptsRef: r.promptsRef, samplesRef: r.samplesRef, logsRef: r.logsRef, preservedBy: r.preservedBy ?? r.recordedBy, ...common };
}

/** The chain recomputed now: the draft quotes a head only when the entries still hash to it. */
async function chainForDraft(repos: Repositories, incidentId: number): Promise<NonNullable<PostmortemInput['chain']>> {
  const report = await verifyTimeline(repos, incidentId);
  if (report.ok) return { head: report.head, entries: report.entries };
  const b = report.firstBreak!;
  return { head: null, entries: report.entries, brokenAt: 'entryId' in b ? b.entryId : b.headEntryId };
}

/** Everything the compiler needs, read from the database. */
export async function loadPostmortemInput(
  repos: Repositories,
  incidentId: number,
  opts: { users: Record<string, string>; generatedAt: Date; version: number; cadence?: Cadence; regulatory?: RegulatorySettings },
): Promise<PostmortemInput> {
  const incident = await repos.incidents.byId(incidentId);
  if (!incident) throw new NotFoundError(`There is no incident INC-${incidentId}.`);
  const { id: number, originChannelId: _origin, channelId: _channel, cardTs: _card, updatedAt: _updated, ...recorded } = incident;
  const timeline = await repos.timeline.forIncident(incidentId);
  const resolution = await repos.postmortem.resolution(incidentId);
  return {
    incident: { number, ...recorded },
    ...severityHistoryOf(timeline, incident.severity),
    timeline: timeline.map((e) => ({
      occurredAt: e.occurredAt,
      kind: e.kind,
      source: e.source,
      text: e.text,
      actorId: e.actorId,
      permalink: e.permalink,
      threadTs: e.threadTs,
      messageTs: e.messageTs,
      files: e.files ?? [],
      retracted: e.retractedAt !== null,
    })),
    roles: (await repos.roles.history(incidentId)).map((r) => ({
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
          whys: resolution.whys,
          factors: { people: '', process: '', technology: '', data: '', ...resolution.factors },
          wentWell: resolution.wentWell,
          wentWrong: resolution.wentWrong,
          gotLucky: resolution.gotLucky,
          resolvedBy: resolution.resolvedBy,
        }
      : null,
    correctiveActions: (await repos.postmortem.actions(incidentId)).map((a) => ({
      description: a.description,
      ownerId: a.ownerId,
      dueDate: a.dueDate,
      measure: a.measure,
      status: a.status,
      wontDoReason: a.wontDoReason,
      severity: a.severity,
      occurrence: a.occurrence,
      detection: a.detection,
    })),
    reviewDate: (await repos.followup.review(incidentId))?.reviewDate ?? null,
    users: opts.users,
    generatedAt: opts.generatedAt,
    version: opts.version,
    statusUpdates: (await repos.comms.updates(incidentId)).map((u) => ({ postedAt: u.postedAt, postedBy: u.postedBy, currentStatus: u.currentStatus })),
    ...(opts.cadence ? { cadence: opts.cadence } : {}),
    evidence: (await repos.evidence.forIncident(incidentId)).map(evidenceForDraft),
    chain: await chainForDraft(repos, incidentId),
    regulatory: await loadPostmortemRegulatory(repos, incidentId, opts.regulatory ?? DEFAULT_REGULATORY),
  };
}

/** The regulatory record for the draft and the export: facts, current decisions, the disclosure log, legal-time history. */
export async function loadPostmortemRegulatory(repos: Repositories, incidentId: number, settings: RegulatorySettings): Promise<PostmortemRegulatory> {
  return {
    regimes: settings.regimes,
    org: { nis2Entity: settings.nis2Entity },
    facts: await repos.regulatory.facts(incidentId),
    decisions: (await repos.regulatory.currentDecisions(incidentId)).reverse(),
    reports: await repos.regulatory.reports(incidentId),
    legalTimeChanges: await repos.regulatory.legalTimeHistory(incidentId),
  };
}

const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  createdBy: z.string().nullable(),
  users: z.record(z.string(), z.string()),
  /** The job compiling it: a job that runs twice finds the draft it stored the first time. */
  sourceKey: z.string().nullable().default(null),
  /** Upload the new version into the incident channel. */
  upload: z.boolean().default(false),
});

export interface CompiledPostmortem {
  draft: DraftRow;
  summary: PostmortemSummary;
  /** False when the draft of `sourceKey` existed already. */
  created: boolean;
}

/**
 * Compiles a new version of the post-mortem draft and stores it; earlier versions stay.
 * The version number is taken inside the transaction so two compilations never share one.
 */
export async function compileAndStorePostmortem(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Promise<CompiledPostmortem> {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const existing = input.sourceKey ? await tx.postmortem.draftBySource(input.sourceKey) : undefined;
    if (existing) {
      const pmInput = await loadPostmortemInput(tx, input.incidentId, { users: input.users, generatedAt: existing.createdAt, version: existing.version, cadence: ctx.comms.cadence, regulatory: ctx.regulatory });
      return { draft: existing, summary: summarisePostmortem(pmInput, existing.markdown), created: false };
    }
    const version = ((await tx.postmortem.latestDraft(input.incidentId))?.version ?? 0) + 1;
    const pmInput = await loadPostmortemInput(tx, input.incidentId, { users: input.users, generatedAt: now, version, cadence: ctx.comms.cadence, regulatory: ctx.regulatory });
    const markdown = compilePostmortem(pmInput);
    const draft = await tx.postmortem.addDraft({
      incidentId: input.incidentId,
      version,
      markdown,
      createdBy: input.createdBy,
      createdAt: now,
      sourceKey: input.sourceKey,
    });
    await tx.timeline.addAutomatic(
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
    if (input.upload) {
      await scheduleForIncident(tx, now, 'postmortem.upload', { incidentId: input.incidentId, draftId: draft.id }, { key: `upload:draft:${draft.id}` });
    }
    return { draft, summary: summarisePostmortem(pmInput, markdown), created: true };
  });
}

/** `/incident postmortem`: a new version is compiled (names are looked up in Slack) and uploaded by a job. */
export async function requestPostmortem(ctx: ServiceContext, input: { incidentId: number; createdBy: string | null }): Promise<void> {
  const now = ctx.now();
  await withTransaction(ctx, async (tx) => {
    if (!(await tx.incidents.byId(input.incidentId))) throw new NotFoundError(`There is no incident ${input.incidentId}.`);
    await scheduleForIncident(tx, now, 'postmortem.compile', input, { key: `postmortem:request:${input.incidentId}:${now.getTime()}` });
  });
}

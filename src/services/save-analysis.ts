import { z } from 'zod';
import type { Repositories, ResolutionRow } from '../db/repositories/types';
import { assertAnalysable, validateCause, validateFactors, type AnalysisState, type CauseInput, type FactorsInput } from '../domain/postmortem-analysis';
import { FISHBONE_CATEGORIES } from '../domain/resolution';
import { withTransaction, type ServiceContext } from './context';
import { compileDraft, incidentFor } from './follow-through-effects';

const text = z.string().default('');
const inputSchema = z.object({
  incidentId: z.number().int().positive(),
  actorId: z.string().min(1),
  part: z.discriminatedUnion('part', [
    z.object({ part: z.literal('cause'), trigger: text, rootCause: text, whys: z.array(z.string()).max(10) }),
    z.object({
      part: z.literal('factors'),
      factors: z.object({ people: text, process: text, technology: text, data: text }),
      wentWell: text,
      wentWrong: text,
      gotLucky: text,
    }),
  ]),
});
export type SaveAnalysisInput = z.input<typeof inputSchema>;

export interface SaveAnalysisResult {
  /** False when the sitting changed nothing (no timeline entry, no new draft). */
  changed: boolean;
}

/** The analysis as stored so far (null before the resolve), in the shape the gap rules read. */
export async function analysisState(repos: Repositories, incidentId: number): Promise<AnalysisState | null> {
  const r = await repos.postmortem.resolution(incidentId);
  const actionCount = (await repos.postmortem.actions(incidentId)).length;
  if (!r) return actionCount ? { trigger: '', rootCause: '', whys: [], factors: {}, wentWell: '', wentWrong: '', gotLucky: '', actionCount } : null;
  return { trigger: r.trigger, rootCause: r.rootCause, whys: r.whys, factors: r.factors, wentWell: r.wentWell, wentWrong: r.wentWrong, gotLucky: r.gotLucky, actionCount };
}

const PART_WORDS = { cause: 'trigger, root cause and 5 Whys', factors: 'contributing factors and lessons' } as const;

/**
 * One sitting of the analysis: a part of it is saved by the commander, a responsible role or an
 * admin; a save that changes something goes on the timeline and compiles a new draft version.
 */
export async function saveAnalysis(ctx: ServiceContext, raw: SaveAnalysisInput): Promise<SaveAnalysisResult> {
  const input = inputSchema.parse(raw);
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const incident = await incidentFor(ctx, tx, input.incidentId, 'analyse', input.actorId);
    assertAnalysable(incident.status);
    const stored = await tx.postmortem.resolution(incident.id);
    let patch: Partial<ResolutionRow>;
    if (input.part.part === 'cause') {
      const c: CauseInput = validateCause(input.part);
      patch = { trigger: c.trigger, rootCause: c.rootCause, whys: c.whys };
    } else {
      const f: FactorsInput = validateFactors(input.part);
      patch = { factors: f.factors, wentWell: f.wentWell, wentWrong: f.wentWrong, gotLucky: f.gotLucky };
    }
    const before = stored ?? { trigger: '', rootCause: '', whys: [], factors: {}, wentWell: '', wentWrong: '', gotLucky: '' };
    const changed = Object.entries(patch).some(([k, v]) => JSON.stringify(normalise(k, v)) !== JSON.stringify(normalise(k, (before as Record<string, unknown>)[k])));
    if (!changed) return { changed: false };
    await tx.postmortem.saveResolution({
      incidentId: incident.id,
      // An analysis written before anyone resolved (the form is open to the analysts) keeps the summary a placeholder.
      summary: stored?.summary ?? '',
      resolvedBy: stored?.resolvedBy ?? input.actorId,
      ...patch,
      updatedAt: now,
    });
    const entryId = await tx.timeline.addAutomatic(
      {
        incidentId: incident.id,
        kind: 'analysis_saved',
        text: `Post-mortem analysis updated: ${PART_WORDS[input.part.part]}`,
        actorId: input.actorId,
        occurredAt: now,
        data: { part: input.part.part },
      },
      now,
    );
    await compileDraft(tx, now, incident.id, input.actorId, `entry:${entryId}`);
    return { changed: true };
  });
}

/** Factors stored from older forms may lack a category; compare them filled. */
function normalise(key: string, value: unknown): unknown {
  if (key === 'factors') {
    const f = (value ?? {}) as Record<string, string>;
    return Object.fromEntries(FISHBONE_CATEGORIES.map((c) => [c, f[c] ?? '']));
  }
  return value ?? '';
}

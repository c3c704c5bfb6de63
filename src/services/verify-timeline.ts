import type { Repositories } from '../db/repositories/types';
import { verifyChain, type ChainReport } from '../domain/timeline-chain';

/** Recomputes an incident's timeline hash chain from the stored rows (read-only). */
export async function verifyTimeline(repos: Repositories, incidentId: number): Promise<ChainReport> {
  const [rows, head] = await Promise.all([repos.timeline.chain(incidentId), repos.timeline.chainHead(incidentId)]);
  return verifyChain(
    incidentId,
    rows.map((r) => ({ ...r, files: r.files ?? null, data: r.data ?? null })),
    head ? { digest: head.digest, entryId: head.entryId, entries: head.entries } : null,
  );
}

import { findDuplicates, titleMatch, type DuplicateMatch } from '../domain/duplicates';
import type { ServiceContext } from './context';

/**
 * Open incidents whose title closely matches `title`. A private incident counts as visible to the
 * declarer only when they declared it or hold (or held) a role in it: everyone else is shown its
 * number and severity, never its title.
 */
export async function findDuplicateIncidents(ctx: ServiceContext, input: { title: string; declarerId: string; ignore?: readonly number[] }): Promise<DuplicateMatch[]> {
  // Titles first: only a matching private incident needs its role history read.
  const open = (await ctx.repos.incidents.listOpen()).filter((i) => !input.ignore?.includes(i.id) && titleMatch(input.title, i.title));
  const candidates = await Promise.all(
    open.map(async (i) => ({
      id: i.id,
      title: i.title,
      severity: i.severity,
      status: i.status,
      isPrivate: i.isPrivate,
      channelId: i.channelId,
      visible: !i.isPrivate || i.declaredBy === input.declarerId || (await ctx.repos.roles.history(i.id)).some((r) => r.userId === input.declarerId),
    })),
  );
  return findDuplicates(input.title, candidates);
}

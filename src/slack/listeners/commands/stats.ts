import { localDay } from '../../../domain/followup';
import { parseStatsWindow } from '../../../domain/stats';
import { enqueueJob } from '../../../services/effects';
import { loadStats } from '../../../services/stats';
import { buildStatsMessage } from '../../blocks/stats';
import type { SubcommandHandler } from './types';

/**
 * `/incident stats [30d|90d|365d]`: the figures, only to the person who asked; the weekly chart is
 * rendered and uploaded to their DM by a job (uploads are slow and may be retried).
 */
export const handleStats: SubcommandHandler = async (deps, { command, ack }, text) => {
  const window = parseStatsWindow(text);
  const now = deps.ctx.now();
  const stats = await loadStats(deps.ctx.repos, { window, now, timeZone: deps.settings.timeZone, viewer: command.user_id });
  const chart = stats.total > 0;
  if (chart) {
    const day = localDay(now, deps.settings.timeZone);
    await enqueueJob(deps.ctx.repos, now, 'stats.chart', { userId: command.user_id, window, day }, { key: `stats:${command.user_id}:${window}:${now.getTime()}` });
  }
  await ack({ response_type: 'ephemeral', ...buildStatsMessage(stats, window, { chartToDm: chart }) });
};

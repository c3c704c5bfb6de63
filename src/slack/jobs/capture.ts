import { markMessage } from '../../services/capture-message';
import type { JobHandlers } from '../../engine/runner';
import { isSlackError, slackErrorCode } from '../errors';
import { CAPTURED_REACTION } from '../ids';
import { fetchMessage, toMarkedMessage } from '../timeline-capture';
import { addReaction, type JobDeps } from './support';

/** The Slack half of timeline capture: look-ups the inbox could not do, and the visible ✅. */
export function captureHandlers(deps: JobDeps): Pick<JobHandlers, 'capture.fetch' | 'capture.acknowledge' | 'capture.withdraw'> {
  const { client, ctx } = deps;
  return {
    'capture.fetch': async (job) => {
      const p = job.payload;
      const message = await fetchMessage(client, p.channelId, p.ts);
      if (!message) return { outcome: 'not_found' };
      const { outcome } = await markMessage(ctx, {
        incidentId: p.incidentId,
        channelId: p.channelId,
        ts: p.ts,
        message: toMarkedMessage(message, deps.botUserId),
        source: p.source,
        markedBy: p.markedBy,
        markedAt: new Date(p.markedAt),
      });
      return { outcome };
    },

    'capture.acknowledge': async (job) => {
      const p = job.payload;
      const entry = await ctx.repos.capture.entryById(p.entryId);
      // Un-marked again before this ran: the ✅ would now say something false.
      if (!entry || entry.retractedAt) return { skipped: 'retracted' };
      if (!entry.permalink) {
        try {
          const permalink = (await client.chat.getPermalink({ channel: p.channelId, message_ts: p.ts })).permalink ?? null;
          if (permalink) await ctx.repos.capture.updateEntry(entry.id, { permalink });
        } catch (error) {
          if (isSlackError(error, 'message_not_found')) return { skipped: 'message gone' };
          // The entry is worth more than its link; it stays without one.
          deps.logger.warn('timeline.permalink_failed', { inc: `INC-${p.incidentId}`, error: slackErrorCode(error) });
        }
      }
      try {
        await addReaction(client, p.channelId, p.ts, CAPTURED_REACTION);
      } catch (error) {
        if (isSlackError(error, 'message_not_found')) return { skipped: 'message gone' };
        throw error;
      }
      return null;
    },

    'capture.withdraw': async (job) => {
      const p = job.payload;
      const entry = await ctx.repos.capture.entryByMessage(p.incidentId, p.ts);
      if (entry && !entry.retractedAt) return { skipped: 'marked again' };
      try {
        await client.reactions.remove({ channel: p.channelId, timestamp: p.ts, name: CAPTURED_REACTION });
      } catch (error) {
        if (!isSlackError(error, 'no_reaction', 'message_not_found')) throw error;
      }
      return null;
    },
  };
}

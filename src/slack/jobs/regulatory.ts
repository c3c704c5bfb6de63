import type { JobHandlers } from '../../engine/runner';
import { loadRegulatoryState } from '../../services/regulatory';
import { scheduleNextOverdueReminder } from '../../services/regulatory-reminders';
import { buildReminderDm } from '../blocks/regulatory';
import { channelOf, incidentOf, postOnce, type JobDeps } from './support';
import { incidentKey } from '../../domain/channel-name';
import { regulatoryExport } from '../../services/regulatory-export';

/**
 * A regulatory reminder: re-reads the clocks when it runs, so a report logged, a regime ruled out
 * or a moved deadline since it was planned makes it a no-op. Goes to the commander and the Legal
 * role holders, or the admins when nobody holds Legal.
 */
export function regulatoryHandlers(deps: JobDeps): Pick<JobHandlers, 'regulatory.remind' | 'regulatory.export'> {
  const { ctx } = deps;
  return {
    'regulatory.remind': async (job) => {
      const p = job.payload;
      const incident = await incidentOf(deps, p.incidentId);
      if (incident.status === 'closed') return { skipped: 'incident closed' };
      const now = ctx.now();
      const state = await loadRegulatoryState(ctx, ctx.repos, incident, now);
      const clock = state.clocks.find((c) => c.regime === p.regime && c.stage === p.stage);
      if (!clock || clock.state === 'reported' || clock.dueAt.getTime() !== p.dueAtMs) return { skipped: 'clock stopped or moved' };
      const holders = await ctx.repos.roles.holders(incident.id);
      const recipients = [...new Set([...holders.commander, ...(holders.legal.length ? holders.legal : deps.settings.admins)])];
      const message = buildReminderDm({ incident, regimes: ctx.regulatory.regimes, clock, threshold: p.threshold, now });
      const sent: string[] = [];
      for (const userId of recipients) {
        await postOnce(deps, job, { channel: userId, ...message });
        sent.push(userId);
      }
      if (p.threshold === 'due' || p.threshold.startsWith('overdue-')) await scheduleNextOverdueReminder(ctx, incident.id, clock, p.threshold);
      return { sent };
    },

    // Only ever into the incident's own channel: a private incident's export never leaves it.
    'regulatory.export': async (job) => {
      const p = job.payload;
      const incident = await incidentOf(deps, p.incidentId);
      const channel = channelOf(incident);
      const exported = await regulatoryExport(ctx, ctx.repos, incident.id, p.regime, p.format, ctx.regulatory.provider ?? { name: '', contact: '' });
      // The export number makes the title unique, so a retry finds an upload that already happened.
      const title = `${incidentKey(incident.id)} ${exported.data.regime.name} — regulator-ready export #${job.id}`;
      if (job.attempt > 1) {
        const history = await deps.client.conversations.history({ channel, limit: 100 });
        for (const m of (history.messages ?? []) as { files?: { id?: string; title?: string }[] }[]) {
          const file = m.files?.find((f) => f.title === title);
          if (file?.id) return { fileId: file.id, reused: true };
        }
      }
      const upload = (await deps.client.files.uploadV2({
        channel_id: channel,
        filename: exported.filename,
        title,
        content: exported.content,
        initial_comment: `Export requested by <@${p.requestedBy}>: ${exported.data.regime.name}, report stage ${exported.data.report_stage ?? 'all reported'}.`,
      })) as unknown as { files?: { files?: { id?: string }[] }[] };
      return { fileId: upload.files?.[0]?.files?.[0]?.id ?? null };
    },
  };
}

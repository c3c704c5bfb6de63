import { incidentKey } from '../../domain/channel-name';
import type { JobHandlers } from '../../engine/runner';
import { compileAndStorePostmortem, loadPostmortemInput, postmortemUserIds } from '../../services/compile-postmortem';
import { summarisePostmortem } from '../../domain/postmortem';
import { buildPostmortemSummary } from '../blocks/postmortem-summary';
import { describeSlackError, slackErrorCode } from '../errors';
import { filePermalink, linkDraftInFeed } from './comms';
import { channelOf, incidentOf, postOnce, type JobDeps } from './support';

/** Compiling needs people's names from Slack, so it is a job; the upload is another (one retry each). */
export function postmortemHandlers(deps: JobDeps): Pick<JobHandlers, 'postmortem.compile' | 'postmortem.upload'> {
  const { client, ctx } = deps;

  /** A file of this title already in the channel: an earlier run uploaded it before dying. */
  async function findUploaded(channel: string, title: string): Promise<string | null> {
    const history = await client.conversations.history({ channel, limit: 100 });
    for (const m of (history.messages ?? []) as { files?: { id?: string; title?: string }[] }[]) {
      const file = m.files?.find((f) => f.title === title);
      if (file?.id) return file.id;
    }
    return null;
  }

  return {
    'postmortem.compile': async (job) => {
      const { incidentId, createdBy } = job.payload;
      const users = await deps.userNames(await postmortemUserIds(ctx, incidentId));
      const compiled = await compileAndStorePostmortem(ctx, { incidentId, createdBy, users, sourceKey: job.key, upload: true });
      deps.logger.info('postmortem.compiled', { inc: incidentKey(incidentId), version: compiled.draft.version, bytes: compiled.draft.markdown.length });
      return { draftId: compiled.draft.id, version: compiled.draft.version };
    },

    'postmortem.upload': async (job) => {
      const incident = await incidentOf(deps, job.payload.incidentId);
      const channel = channelOf(incident);
      const draft = (await ctx.repos.postmortem.drafts(incident.id)).find((d) => d.id === job.payload.draftId);
      if (!draft) return { skipped: 'draft gone' };
      const key = incidentKey(incident.id);
      const title = `${key} post-mortem draft v${draft.version}`;
      let fileId = draft.fileId ?? (job.rerun ? await findUploaded(channel, title) : null);
      let uploadError: string | null = null;
      if (!fileId) {
        try {
          const upload = (await client.files.uploadV2({
            channel_id: channel,
            filename: `${key}-postmortem-draft-v${draft.version}.md`,
            title,
            content: draft.markdown,
          })) as unknown as { files?: { files?: { id?: string }[] }[] };
          fileId = upload.files?.[0]?.files?.[0]?.id ?? null;
        } catch (error) {
          // The stored draft is the source of truth; the summary says where to find it instead.
          uploadError = describeSlackError(error);
          deps.logger.warn('postmortem.upload_failed', { inc: key, version: draft.version, error: slackErrorCode(error) });
        }
      }
      if (fileId && !draft.fileId) await ctx.repos.postmortem.setDraftFile(draft.id, fileId);
      const input = await loadPostmortemInput(ctx.repos, incident.id, { users: {}, generatedAt: draft.createdAt, version: draft.version, regulatory: ctx.regulatory });
      const summary = summarisePostmortem(input, draft.markdown);
      await postOnce(deps, job, {
        channel,
        ...buildPostmortemSummary({ incidentId: incident.id, version: draft.version, summary, uploaded: uploadError === null }),
      });
      if (fileId) await linkDraftInFeed(deps, incident.id, { version: draft.version, permalink: await filePermalink(deps, channel, fileId) });
      return { fileId, uploadError };
    },
  };
}

import type { WebClient } from '@slack/web-api';
import { incidentKey } from '../domain/channel-name';
import { compileAndStorePostmortem, postmortemUserIds, type CompiledPostmortem } from '../services/compile-postmortem';
import { buildPostmortemSummary } from './blocks/postmortem-summary';
import type { ListenerDeps } from './deps';
import { describeSlackError, slackErrorCode } from './errors';

export interface DeliveredPostmortem extends CompiledPostmortem {
  fileId: string | null;
  uploadError: string | null;
}

/**
 * Compiles and stores a new draft version, then uploads it into the incident channel with a
 * summary beside it. The stored draft is the source of truth: an upload failure loses nothing.
 */
export async function deliverPostmortem(deps: ListenerDeps, client: WebClient, incidentId: number, createdBy: string | null): Promise<DeliveredPostmortem> {
  const users = await deps.userNames(postmortemUserIds(deps.ctx, incidentId));
  const compiled = compileAndStorePostmortem(deps.ctx, { incidentId, createdBy, users });
  const { draft } = compiled;
  const key = incidentKey(incidentId);
  const log = deps.logger.child({ inc: key });
  log.info('postmortem.compiled', { version: draft.version, bytes: draft.markdown.length });
  const incident = deps.ctx.repos.incidents.byId(incidentId)!;
  if (!incident.channelId) return { ...compiled, fileId: null, uploadError: 'the incident has no channel' };

  let fileId: string | null = null;
  let uploadError: string | null = null;
  try {
    const upload = (await client.files.uploadV2({
      channel_id: incident.channelId,
      filename: `${key}-postmortem-draft-v${draft.version}.md`,
      title: `${key} post-mortem draft v${draft.version}`,
      content: draft.markdown,
    })) as unknown as { files?: { files?: { id?: string }[] }[] };
    fileId = upload.files?.[0]?.files?.[0]?.id ?? null;
    if (fileId) deps.ctx.repos.postmortem.setDraftFile(draft.id, fileId);
  } catch (error) {
    uploadError = describeSlackError(error);
    log.warn('postmortem.upload_failed', { version: draft.version, error: slackErrorCode(error) });
  }
  await client.chat.postMessage({
    channel: incident.channelId,
    ...buildPostmortemSummary({ incidentId, version: draft.version, summary: compiled.summary, uploaded: uploadError === null }),
  });
  return { ...compiled, fileId, uploadError };
}

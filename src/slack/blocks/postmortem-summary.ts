import { incidentKey } from '../../domain/channel-name';
import type { PostmortemSummary } from '../../domain/postmortem';
import { context, header, section } from './limits';

/** The short message posted beside the uploaded draft: metrics and counts, no user text. */
export function buildPostmortemSummary(p: { incidentId: number; version: number; summary: PostmortemSummary; uploaded: boolean }) {
  const key = incidentKey(p.incidentId);
  const where = p.uploaded
    ? 'The draft is the Markdown file above: edit it rather than rewrite it.'
    : `The upload to Slack failed; the draft is saved — print it with \`npm run postmortem -- ${key}\`.`;
  return {
    text: `Post-mortem draft v${p.version} for ${key}`,
    blocks: [
      header(`Post-mortem draft v${p.version} · ${key}`),
      section(p.summary.lines.join('\n')),
      context([where, 'Regenerate after more timeline entries or edits with `/incident postmortem`.']),
    ],
  };
}

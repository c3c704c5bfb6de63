import type { Repositories } from '../db/repositories/types';
import { incidentKey } from '../domain/channel-name';
import { buildRegulatoryExport, regulatoryExportMarkdown, type RegulatoryExport } from '../domain/regulatory-export';
import { loadPostmortemInput } from './compile-postmortem';
import type { ServiceContext } from './context';

export type ExportFormat = 'md' | 'json';

/** The export of one incident for one regime, as the file content and its name. */
export async function regulatoryExport(
  ctx: Pick<ServiceContext, 'regulatory' | 'now'>,
  repos: Repositories,
  incidentId: number,
  regime: string,
  format: ExportFormat,
  provider: { name: string; contact: string },
): Promise<{ data: RegulatoryExport; content: string; filename: string }> {
  const input = await loadPostmortemInput(repos, incidentId, { users: {}, generatedAt: ctx.now(), version: 1, regulatory: ctx.regulatory });
  const data = buildRegulatoryExport(input, regime.toLowerCase(), provider);
  const content = format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : regulatoryExportMarkdown(data);
  return { data, content, filename: `${incidentKey(incidentId)}-${data.regime.id}-report.${format}` };
}

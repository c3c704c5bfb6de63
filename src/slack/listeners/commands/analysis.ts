import { ValidationError } from '../../../domain/errors';
import { ANALYSIS_PARTS, isAnalysisPart } from '../../../domain/postmortem-analysis';
import { incidentInChannel } from '../../incident-sync';
import { openAnalysisModal } from '../analysis-opener';
import type { SubcommandHandler } from './types';

/** `/incident analysis [part]`: the analysis form, at its first gap unless a part is named. */
export const handleAnalysis: SubcommandHandler = async (deps, { command, ack, client }, text) => {
  const incident = await incidentInChannel(deps, command.channel_id, '`/incident analysis`');
  const word = text.trim().toLowerCase();
  if (word && !isAnalysisPart(word)) throw new ValidationError(`Pick a part: ${ANALYSIS_PARTS.map((p) => `\`${p}\``).join(', ')}.`, 'part');
  await openAnalysisModal(deps, client, command.trigger_id, incident, command.user_id, word ? (word as (typeof ANALYSIS_PARTS)[number]) : null);
  await ack();
};

import type { SlackActionMiddlewareArgs, BlockButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { incidentKey } from '../../../domain/channel-name';
import { requireOpen } from '../../../domain/closure';
import type { Incident } from '../../../domain/incident';
import { parseReportArgs, triageField } from '../../../domain/regulatory-decisions';
import { ValidationError } from '../../../domain/errors';
import { toMrkdwn } from '../../../domain/text';
import { requireIncidentPermission } from '../../../services/permissions';
import { loadRegulatoryState } from '../../../services/regulatory';
import { decideRegimes, logRegulatoryReport, requestRegulatoryExport } from '../../../services/regulatory-triage';
import { buildClocksMessage, buildReportModal, buildTriageModal, regimeName, stageLabel } from '../../blocks/regulatory';
import { REPORT_BLOCK } from '../../ids';
import type { ListenerDeps } from '../../deps';
import { describeSlackError } from '../../errors';
import { incidentInChannel } from '../../incident-sync';
import { readView, type ViewStateValues } from '../../view-state';
import type { SubcommandHandler } from '../commands/types';
import { actionHandler, formHandler, incidentOfAction, incidentOfButton, readMetadata } from '../guard';

async function triageView(deps: ListenerDeps, incident: Incident) {
  const now = deps.ctx.now();
  const state = await loadRegulatoryState(deps.ctx, deps.ctx.repos, incident, now);
  return buildTriageModal({ incident, regimes: deps.ctx.regulatory.regimes, suggestions: state.suggestions, decisions: state.decisions, clocks: state.clocks, now });
}

/** `/incident triage`: Legal (or the commander while nobody holds Legal) decides per regime. */
export const handleTriage: SubcommandHandler = async (deps, { command, ack, client, respond }) => {
  const incident = await incidentInChannel(deps, command.channel_id, '`/incident triage`');
  requireOpen(incident, 'details');
  await requireIncidentPermission(deps.ctx, deps.ctx.repos, incident, 'triage', command.user_id);
  const view = await triageView(deps, incident);
  await ack();
  try {
    await client.views.open({ trigger_id: command.trigger_id, view });
  } catch (error) {
    deps.logger.warn('triage.modal_failed', { error: describeSlackError(error) });
    await respond({ response_type: 'ephemeral', text: `:warning: I could not open the triage form: ${describeSlackError(error)}. Please try again.` });
  }
};

/** The card's "Regulatory triage" button. */
export function handleCardTriage(deps: ListenerDeps) {
  return actionHandler(deps, async ({ body, client, respond }) => {
    const incident = await incidentOfAction(deps, body, 'triage');
    requireOpen(incident, 'details');
    const view = await triageView(deps, incident);
    try {
      await client.views.open({ trigger_id: (body as SlackActionMiddlewareArgs<BlockButtonAction>['body']).trigger_id, view });
    } catch (error) {
      deps.logger.warn('triage.modal_failed', { error: describeSlackError(error) });
      await respond({ response_type: 'ephemeral', replace_original: false, text: `:warning: I could not open the triage form: ${describeSlackError(error)}. Use \`/incident triage\` instead.` });
    }
  });
}

const incidentMeta = z.object({ incidentId: z.number().int().positive() });

export function handleTriageSubmission(deps: ListenerDeps) {
  return formHandler(deps, async ({ ack, body, view }) => {
    const meta = readMetadata(view, incidentMeta);
    const v = readView(view.state.values as ViewStateValues);
    const choices = deps.ctx.regulatory.regimes.map((r) => ({ regime: r.id, decision: v.option(triageField.decision(r.id)), reason: v.text(triageField.reason(r.id)) }));
    const result = await decideRegimes(deps.ctx, { incidentId: meta.incidentId, actorId: body.user.id, choices });
    await ack();
    deps.logger.info('regulatory.triaged', { inc: incidentKey(meta.incidentId), regimes: result.decisions.map((d) => `${d.regime}:${d.decision}`).join(','), by: body.user.id });
  });
}

/** `/incident clocks`: every deadline with the time left, to the person who asked. */
export const handleClocks: SubcommandHandler = async (deps, { command, ack }) => {
  const incident = await incidentInChannel(deps, command.channel_id, '`/incident clocks`');
  const now = deps.ctx.now();
  const state = await loadRegulatoryState(deps.ctx, deps.ctx.repos, incident, now);
  await ack({
    response_type: 'ephemeral',
    ...buildClocksMessage({ incident, regimes: deps.ctx.regulatory.regimes, clocks: state.clocks, awareness: state.awareness, causalLinkAt: state.facts.causalLinkAt, now }),
  });
};

/** `/incident report <regime> <stage> [reference] [what was sent]`: the disclosure log. */
export const handleReport: SubcommandHandler = async (deps, { command, ack }, text) => {
  const incident = await incidentInChannel(deps, command.channel_id, '`/incident report`');
  const args = parseReportArgs(text);
  if (!args) {
    const regimes = deps.ctx.regulatory.regimes.map((r) => `${r.id} (${r.stages.map((s) => s.id).join(', ')})`).join('; ');
    throw new ValidationError(`Say which report was made: /incident report <regime> <stage> [reference] [what was sent]. Regimes and stages: ${regimes}.`);
  }
  const { report } = await logRegulatoryReport(deps.ctx, { incidentId: incident.id, actorId: command.user_id, ...args });
  const regimes = deps.ctx.regulatory.regimes;
  await ack({
    response_type: 'in_channel',
    text: `:outbox_tray: <@${command.user_id}> logged a report to ${toMrkdwn(report.authority)}: ${toMrkdwn(regimeName(regimes, report.regime).split(' — ')[0]!)} — ${toMrkdwn(stageLabel(regimes, report.regime, report.stage))}${report.reference ? ` (reference ${toMrkdwn(report.reference)})` : ''}. Its clock is stopped; /incident clocks shows what is next.`,
  });
  deps.logger.info('regulatory.report_logged', { inc: incidentKey(incident.id), regime: report.regime, stage: report.stage, by: command.user_id });
};

/** `/incident export <regime> [json]`: the regulator-ready export, uploaded into this incident's channel. */
export const handleExport: SubcommandHandler = async (deps, { command, ack }, text) => {
  const incident = await incidentInChannel(deps, command.channel_id, '`/incident export`');
  const [regimeArg, formatArg] = text.trim().toLowerCase().split(/\s+/);
  const regimes = deps.ctx.regulatory.regimes;
  // Which regimes exist is the service's to check; here only the shape of the command.
  if (!regimeArg || (formatArg && formatArg !== 'json' && formatArg !== 'md')) {
    throw new ValidationError(`Say which regime to export: /incident export <${regimes.map((r) => r.id).join(' | ')}> [json].`);
  }
  const job = await requestRegulatoryExport(deps.ctx, { incidentId: incident.id, actorId: command.user_id, regime: regimeArg, format: formatArg === 'json' ? 'json' : 'md' });
  await ack({ response_type: 'ephemeral', text: `:outbox_tray: Preparing the ${regimeName(regimes, regimeArg)} export; it will appear in this channel as a file.` });
  deps.logger.info('regulatory.export_requested', { inc: incidentKey(incident.id), regime: regimeArg, job });
};

const reportValue = z.string().regex(/^\d+:[a-z0-9-]+:[a-z0-9-]+$/);

/** A reminder's "Log report": the form, after the same permission check as the command. */
export function handleLogReportButton(deps: ListenerDeps) {
  return actionHandler(deps, async ({ body, action, client, respond }) => {
    const [id, regimeId, stage] = reportValue.parse((action as { value?: string }).value).split(':') as [string, string, string];
    const incident = await incidentOfButton(deps, body, id);
    await requireIncidentPermission(deps.ctx, deps.ctx.repos, incident, 'log_report', body.user.id);
    const regime = deps.ctx.regulatory.regimes.find((r) => r.id === regimeId);
    if (!regime || !regime.stages.some((s) => s.id === stage)) throw new ValidationError('That regime or stage is no longer configured.');
    try {
      await client.views.open({ trigger_id: (body as SlackActionMiddlewareArgs<BlockButtonAction>['body']).trigger_id, view: buildReportModal({ incident, regime, stage, now: deps.ctx.now() }) });
    } catch (error) {
      deps.logger.warn('report.modal_failed', { error: describeSlackError(error) });
      await respond({ response_type: 'ephemeral', replace_original: false, text: `:warning: I could not open the report form: ${describeSlackError(error)}. Use \`/incident report\` in the incident channel.` });
    }
  });
}

const reportMeta = z.object({ incidentId: z.number().int().positive(), regime: z.string().max(40), stage: z.string().max(40) });

export function handleReportSubmission(deps: ListenerDeps) {
  return formHandler(deps, async ({ ack, body, view }) => {
    const meta = readMetadata(view, reportMeta);
    const v = readView(view.state.values as ViewStateValues);
    const { report } = await logRegulatoryReport(deps.ctx, {
      incidentId: meta.incidentId,
      actorId: body.user.id,
      regime: meta.regime,
      stage: meta.stage,
      reportedAt: v.dateTime(REPORT_BLOCK.reportedAt),
      authority: v.text(REPORT_BLOCK.authority),
      reference: v.text(REPORT_BLOCK.reference),
      sent: v.text(REPORT_BLOCK.sent),
    });
    await ack();
    deps.logger.info('regulatory.report_logged', { inc: incidentKey(meta.incidentId), regime: report.regime, stage: report.stage, by: body.user.id, via: 'form' });
  });
}

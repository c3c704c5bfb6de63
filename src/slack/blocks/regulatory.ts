import { incidentKey } from '../../domain/channel-name';
import type { Incident } from '../../domain/incident';
import type { types } from '@slack/bolt';
import { DECISION_REASON_MAX, REPORT_REFERENCE_MAX, REPORT_TEXT_MAX, triageField } from '../../domain/regulatory-decisions';
import { REGIME_DECISIONS, regimeById, type Clock, type RegimeDecision, type RegimeDef, type RegimeSuggestion } from '../../domain/regimes';
import { toMrkdwn } from '../../domain/text';
import { DECISION_TEXT, REASON_TEXT, SUGGESTION_TEXT } from '../../domain/regulatory-wording';
import { ACTION, CALLBACK, REPORT_BLOCK } from '../ids';
import { inputBlock } from './input';
import { actions, button, context, LIMITS, modalTitle, option, plain, privateMetadata, section, truncate } from './limits';

export { DECISION_TEXT, REASON_TEXT, SUGGESTION_TEXT } from '../../domain/regulatory-wording';

export function regimeName(regimes: readonly RegimeDef[], id: string): string {
  return regimeById(regimes, id)?.name ?? id;
}

export function stageLabel(regimes: readonly RegimeDef[], regime: string, stage: string): string {
  return regimeById(regimes, regime)?.stages.find((s) => s.id === stage)?.label ?? stage;
}

/** `2 d 4 h left`, `35 min left`, `overdue by 3 h`. */
export function timeLeft(dueAt: Date, now: Date): string {
  const ms = dueAt.getTime() - now.getTime();
  const abs = Math.abs(ms);
  const min = Math.floor(abs / 60_000);
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  const span = d ? `${d} d ${h} h` : h ? `${h} h ${m} min` : `${m} min`;
  return ms >= 0 ? `${span} left` : `overdue by ${span}`;
}

export const utcText = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** One line per clock: `GDPR … — Notification: due 2026-11-26 09:40 UTC (2 d 4 h left) · provisional`. */
export function clockLine(regimes: readonly RegimeDef[], c: Clock, now: Date): string {
  const name = regimeName(regimes, c.regime).split(' — ')[0]!;
  const when = c.state === 'reported' ? `reported ${utcText(c.reportedAt!)}` : `due ${utcText(c.dueAt)} (${timeLeft(c.dueAt, now)})`;
  const flags = [c.provisional ? 'provisional (not confirmed by Legal)' : null, c.tier ? c.tier.label : null, c.chainedOnDeadline ? 'counted from the previous stage’s deadline until it is reported' : null].filter(Boolean);
  return `${name} — ${c.label}: ${when}${flags.length ? ` · ${flags.join(' · ')}` : ''}`;
}

export function buildReminderDm(p: { incident: Incident; regimes: readonly RegimeDef[]; clock: Clock; threshold: string; now: Date }) {
  const key = incidentKey(p.incident.id);
  const lead =
    p.threshold === 'due'
      ? 'is due now'
      : p.threshold.startsWith('overdue')
        ? 'is overdue'
        : `has used ${p.threshold.slice(1)}% of its window`;
  const text = `${key}: ${regimeName(p.regimes, p.clock.regime)} — ${p.clock.label} ${lead} (${timeLeft(p.clock.dueAt, p.now)}).`;
  return {
    text,
    blocks: [
      section(`:alarm_clock: *${toMrkdwn(text)}*`),
      section(toMrkdwn(clockLine(p.regimes, p.clock, p.now))),
      actions([button('Log report', ACTION.logReport, `${p.incident.id}:${p.clock.regime}:${p.clock.stage}`, 'primary')]),
      context([`Or, in the incident channel: /incident report ${p.clock.regime} ${p.clock.stage} [reference] [what was sent]. /incident clocks lists every deadline.`]),
    ],
  };
}

export interface TriageModalInput {
  incident: Incident;
  regimes: readonly RegimeDef[];
  suggestions: readonly RegimeSuggestion[];
  decisions: readonly { regime: string; decision: RegimeDecision; reason: string; decidedBy: string }[];
  clocks: readonly Clock[];
  now: Date;
}

const decisionOption = (d: RegimeDecision) => option(DECISION_TEXT[d], d);

/** Per regime: the suggestion and its reasons, the current decision, and Legal's choice with a reason. */
export function buildTriageModal(p: TriageModalInput): types.ModalView {
  const blocks: Record<string, unknown>[] = [
    context([`Suggestions come from the record (harm, personal data, severity, NIS2_ENTITY); Legal decides. Unconfirmed regimes show provisional deadlines; /incident clocks lists every deadline.`]),
  ];
  for (const regime of p.regimes) {
    const s = p.suggestions.find((x) => x.regime === regime.id);
    const d = p.decisions.find((x) => x.regime === regime.id);
    const clocks = p.clocks.filter((c) => c.regime === regime.id);
    const lines = [
      `*${toMrkdwn(regime.name)}*`,
      s ? `${SUGGESTION_TEXT[s.suggestion]} — ${s.reasons.map((r) => REASON_TEXT[r]).join('; ')}` : '',
      d ? `Decided: *${DECISION_TEXT[d.decision]}* by <@${d.decidedBy}> — ${toMrkdwn(d.reason)}` : '_Not decided yet._',
      ...clocks.map((c) => `• ${toMrkdwn(clockLine(p.regimes, c, p.now))}`),
    ].filter(Boolean);
    blocks.push({ type: 'divider' }, section(lines.join('\n')));
    blocks.push(
      inputBlock(
        triageField.decision(regime.id),
        `${regime.name.split(' — ')[0]}: does it apply?`,
        { type: 'radio_buttons', options: REGIME_DECISIONS.map(decisionOption), ...(d ? { initial_option: decisionOption(d.decision) } : {}) },
        { optional: true },
      ),
      inputBlock(
        triageField.reason(regime.id),
        'Reason',
        { type: 'plain_text_input', multiline: true, max_length: DECISION_REASON_MAX, ...(d ? { initial_value: truncate(d.reason, DECISION_REASON_MAX) } : {}) },
        { optional: true },
      ),
    );
  }
  return {
    type: 'modal',
    callback_id: CALLBACK.triageModal,
    private_metadata: privateMetadata({ incidentId: p.incident.id }),
    title: modalTitle(`Triage ${incidentKey(p.incident.id)}`),
    submit: plain('Save decisions', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks: blocks.slice(0, LIMITS.modalBlocks),
  } as unknown as types.ModalView;
}

/** `/incident clocks`: every deadline with the time left, provisional ones marked. */
export function buildClocksMessage(p: { incident: Incident; regimes: readonly RegimeDef[]; clocks: readonly Clock[]; awareness: { at: Date; basis: string }; causalLinkAt: Date | null; now: Date }) {
  const key = incidentKey(p.incident.id);
  const basis =
    p.awareness.basis === 'aware'
      ? 'the recorded awareness time'
      : p.awareness.basis === 'detected'
        ? 'the detection time; no awareness time is recorded (set it in /incident edit)'
        : 'the declaration time; no awareness time is recorded (set it in /incident edit)';
  const head = `*Regulatory clocks of ${key}* — counted from ${utcText(p.awareness.at)}, ${basis}${p.causalLinkAt ? `; causal link ${utcText(p.causalLinkAt)}` : ''}`;
  const lines = p.clocks.length
    ? p.clocks.map((c) => `${c.state === 'reported' ? ':white_check_mark:' : c.state === 'overdue' ? ':red_circle:' : ':alarm_clock:'} ${toMrkdwn(clockLine(p.regimes, c, p.now))}`)
    : ['No regime is suggested or decided to apply. Open the regulatory triage from the card to decide.'];
  const text = `${head}\n${lines.join('\n')}`;
  return { text: truncate(text, LIMITS.messageText), blocks: [section(truncate(text, LIMITS.sectionText)), context(['Log a report with /incident report <regime> <stage> [reference] [what was sent]. Decide regimes with /incident triage.'])] };
}

/** The card's line: the nearest open deadline. */
export function nearestDeadlineLine(regimes: readonly RegimeDef[], clock: Clock | null, slackDate: (d: Date) => string): string | null {
  if (!clock) return null;
  const name = regimeName(regimes, clock.regime).split(' — ')[0]!;
  return `:alarm_clock: *Next regulatory deadline:* ${toMrkdwn(name)} — ${toMrkdwn(clock.label)}, due ${slackDate(clock.dueAt)}${clock.provisional ? ' _(provisional)_' : ''}`;
}

/** "Log a report": when, to whom, the authority's reference and what was sent. */
export function buildReportModal(p: { incident: Incident; regime: RegimeDef; stage: string; now: Date }): types.ModalView {
  const stage = p.regime.stages.find((s) => s.id === p.stage);
  return {
    type: 'modal',
    callback_id: CALLBACK.reportModal,
    private_metadata: privateMetadata({ incidentId: p.incident.id, regime: p.regime.id, stage: p.stage }),
    title: modalTitle(`Report ${incidentKey(p.incident.id)}`),
    submit: plain('Log report', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks: [
      section(`*${toMrkdwn(p.regime.name)}* — ${toMrkdwn(stage?.label ?? p.stage)}\n${toMrkdwn(stage?.description ?? '')}`),
      inputBlock(REPORT_BLOCK.reportedAt, 'When was it sent?', { type: 'datetimepicker', initial_date_time: Math.floor(p.now.getTime() / 1000) }),
      inputBlock(REPORT_BLOCK.authority, 'To which authority?', { type: 'plain_text_input', max_length: REPORT_REFERENCE_MAX, initial_value: truncate(p.regime.authority, REPORT_REFERENCE_MAX) }),
      inputBlock(REPORT_BLOCK.reference, 'Their reference', { type: 'plain_text_input', max_length: REPORT_REFERENCE_MAX }, { optional: true }),
      inputBlock(REPORT_BLOCK.sent, 'What was sent (a link, or the text)', { type: 'plain_text_input', multiline: true, max_length: REPORT_TEXT_MAX }, { optional: true }),
    ],
  } as unknown as types.ModalView;
}

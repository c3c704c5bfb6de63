import { incidentKey } from '../../domain/channel-name';
import { dueState, isOpenAction, rpn, smartFlags, type ActionStatus, type SmartFlag } from '../../domain/corrective-action';
import type { ReminderKind } from '../../domain/followup';
import type { Incident } from '../../domain/incident';
import { toMrkdwn } from '../../domain/text';
import type { CorrectiveActionRow } from '../../db/repositories/types';
import { ACTION, actionBlockId } from '../ids';
import { actions, button, capBlocks, context, header, LIMITS, option, section, truncate } from './limits';

/** Words for the domain's codes, in Slack. */
export const ACTION_STATUS_TEXT: Record<ActionStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  wont_do: "Won't do",
};

const FLAG_TEXT: Record<SmartFlag, string> = {
  no_owner: 'no owner',
  no_due_date: 'no due date',
  no_measure: 'no measure of success',
  unrated: 'risk not rated',
};

/** Whose incident, as far as the reader may know: a private incident they are not in shows only its number and severity. */
export interface ActionContext {
  incident: Incident;
  visibility: 'full' | 'limited';
}

function dueText(a: CorrectiveActionRow, today: string): string {
  if (!a.dueDate) return 'no due date';
  if (!isOpenAction(a.status)) return `due ${a.dueDate}`;
  switch (dueState(a.dueDate, today)) {
    case 'overdue':
      return `:rotating_light: *overdue* since ${a.dueDate}`;
    case 'today':
      return `:hourglass_flowing_sand: due *today*`;
    case 'soon':
      return `:hourglass: due ${a.dueDate}`;
    default:
      return `due ${a.dueDate}`;
  }
}

function incidentLabel(c: ActionContext): string {
  const key = incidentKey(c.incident.id);
  if (c.visibility === 'limited') return `${key} (private)`;
  return c.incident.channelId ? `${key} <#${c.incident.channelId}>` : key;
}

/** The controls of one action: done, reassign, change due date, and the rest in a menu. */
export function actionControls(a: CorrectiveActionRow) {
  const id = String(a.id);
  const more = [
    ...(a.status !== 'in_progress' && isOpenAction(a.status) ? [option('Mark in progress', `in_progress:${id}`)] : []),
    ...(!isOpenAction(a.status) ? [option('Re-open', `open:${id}`)] : []),
    ...(a.status !== 'wont_do' ? [option("Won't do…", `wont_do:${id}`)] : []),
    option('Edit…', `edit:${id}`),
  ];
  const elements: Record<string, unknown>[] = [];
  if (isOpenAction(a.status)) elements.push(button('Done', ACTION.actionDone, id, 'primary'));
  elements.push(button('Reassign', ACTION.actionReassign, id), button('Change due date', ACTION.actionDue, id), { type: 'overflow', action_id: ACTION.actionMore, options: more });
  return actions(elements, `${actionBlockId(a.id)}:controls`);
}

/** One action: what, who, when, risk, flags — and its controls when the reader may use them. */
export function actionBlocks(a: CorrectiveActionRow, c: ActionContext, opts: { today: string; controls: boolean; showIncident: boolean }): Record<string, unknown>[] {
  const risk = rpn(a);
  const flags = isOpenAction(a.status) ? smartFlags(a) : [];
  const head = `*${toMrkdwn(a.description)}*`;
  const facts = [
    a.ownerId ? `<@${a.ownerId}>` : ':warning: no owner',
    dueText(a, opts.today),
    risk === null ? 'RPN —' : `RPN *${risk}* (${a.severity}×${a.occurrence}×${a.detection})`,
    ACTION_STATUS_TEXT[a.status],
    ...(opts.showIncident ? [incidentLabel(c)] : []),
  ];
  const lines = [head, facts.join(' · ')];
  if (a.measure) lines.push(`_Success:_ ${toMrkdwn(a.measure)}`);
  if (a.status === 'wont_do' && a.wontDoReason) lines.push(`_Why not:_ ${toMrkdwn(a.wontDoReason)}`);
  const blocks: Record<string, unknown>[] = [section(lines.join('\n'), { block_id: actionBlockId(a.id) })];
  const missing = flags.filter((f) => f !== 'no_owner');
  if (missing.length) blocks.push({ ...context([`:warning: Not SMART yet: ${missing.map((f) => FLAG_TEXT[f]).join(', ')}`]), block_id: `${actionBlockId(a.id)}:flags` });
  if (opts.controls) blocks.push(actionControls(a));
  return blocks;
}

/** `/incident actions`: one incident's actions, or every open action the person may see; ranked by the caller. */
export function buildActionsList(p: {
  title: string;
  items: { action: CorrectiveActionRow; context: ActionContext }[];
  today: string;
  showIncident: boolean;
  empty: string;
}) {
  if (p.items.length === 0) return { text: p.empty, blocks: [section(p.empty)] };
  const blocks: Record<string, unknown>[] = [header(p.title), context(['Ranked by risk priority number (severity × occurrence × detection), then due date.'])];
  for (const { action, context: c } of p.items) {
    blocks.push({ type: 'divider' }, ...actionBlocks(action, c, { today: p.today, controls: c.visibility === 'full', showIncident: p.showIncident }));
  }
  return {
    text: truncate(p.title, LIMITS.messageText),
    blocks: capBlocks(blocks, LIMITS.messageBlocks, (hidden) => context([`…and more (${hidden} blocks not shown). Open the incident channels or your Home tab for the rest.`])),
  };
}

/** The owner's DM when an action is given to them. */
export function buildAssignedDm(p: { action: CorrectiveActionRow; incident: Incident; assignedBy: string; today: string }) {
  const key = incidentKey(p.incident.id);
  const intro = `:hammer_and_wrench: <@${p.assignedBy}> gave you a corrective action from *${key}*${p.incident.isPrivate ? '' : `: ${toMrkdwn(p.incident.title)}`}.`;
  return {
    text: `You own a corrective action from ${key}`,
    blocks: [section(intro), ...actionBlocks(p.action, { incident: p.incident, visibility: 'full' }, { today: p.today, controls: true, showIncident: true })],
  };
}

/** A reminder: coming due, or overdue (sent each schedule day until it is done). */
export function buildReminderDm(p: { action: CorrectiveActionRow; incident: Incident; kind: ReminderKind; today: string }) {
  const key = incidentKey(p.incident.id);
  const intro =
    p.kind === 'overdue'
      ? `:rotating_light: Your corrective action from *${key}* is overdue (it was due ${p.action.dueDate}). Mark it done, change its date, or hand it over.`
      : `:hourglass: Your corrective action from *${key}* is due ${p.action.dueDate}.`;
  return {
    text: p.kind === 'overdue' ? `Overdue corrective action from ${key}` : `Corrective action from ${key} due ${p.action.dueDate}`,
    blocks: [section(intro), ...actionBlocks(p.action, { incident: p.incident, visibility: 'full' }, { today: p.today, controls: true, showIncident: false })],
  };
}

/** The commander's weekly digest: their incidents with open or overdue actions. */
export function buildDigestDm(p: { rows: { incident: Incident; open: number; overdue: number; unowned: number }[] }) {
  const lines = p.rows.map((r) => {
    const key = incidentKey(r.incident.id);
    const where = r.incident.channelId ? ` <#${r.incident.channelId}>` : '';
    const parts = [`${r.open} open`, ...(r.overdue ? [`*${r.overdue} overdue*`] : []), ...(r.unowned ? [`${r.unowned} without an owner`] : [])];
    return `• *${key}*${where}: ${parts.join(', ')}`;
  });
  return {
    text: 'Weekly corrective-action digest',
    blocks: [header('Corrective actions this week'), section(lines.join('\n')), context(['`/incident actions` in an incident channel lists them with their controls.'])],
  };
}

/** The day before the post-mortem review. */
export function buildReviewReminder(p: { incident: Incident; reviewDate: string; openActions: number }) {
  const key = incidentKey(p.incident.id);
  const text = `:calendar: The post-mortem review of *${key}* is on ${p.reviewDate}. ${p.openActions} corrective action${p.openActions === 1 ? ' is' : 's are'} still open; \`/incident postmortem\` compiles the latest draft.`;
  return { text: `Post-mortem review of ${key} on ${p.reviewDate}`, blocks: [section(text)] };
}


import { incidentKey } from '../../domain/channel-name';
import type { Incident } from '../../domain/incident';
import { ROLE_INFO } from '../../domain/roles';
import { severityLabel } from '../../domain/severity';
import { statusLabel } from '../../domain/status';
import { toMrkdwn } from '../../domain/text';
import type { HomeData, HomeIncident } from '../../services/home';
import { ACTION } from '../ids';
import { slackDate } from './incident-card';
import { actionBlocks } from './corrective-actions';
import { button, capBlocks, context, header, LIMITS, section } from './limits';

function incidentLine(i: Incident): string {
  const where = i.channelId ? ` <#${i.channelId}>` : '';
  return `*${incidentKey(i.id)}*${where} · ${severityLabel(i.severity)} · ${statusLabel(i.status)} · ${toMrkdwn(i.title)}`;
}

/** A private incident the reader is not in: its number, its severity and that it is private — nothing else. */
function limitedLine(i: Incident): string {
  return `*${incidentKey(i.id)}* · ${severityLabel(i.severity)} · :lock: private`;
}

function seenLine(h: HomeIncident): string {
  return h.visibility === 'full' ? `${incidentLine(h.incident)} · declared ${slackDate(h.incident.declaredAt)}` : limitedLine(h.incident);
}

const analysable = (i: Incident) => i.status === 'resolved' || i.status === 'mitigated';

/** The bot's Home tab for one person (views.publish); at most Slack's 100 blocks. */
export function buildHomeView(d: HomeData) {
  const blocks: Record<string, unknown>[] = [header('Incidents'), context([`Updated ${slackDate(new Date())} · \`/incident stats\` for numbers across incidents`])];

  blocks.push(header('Your open incidents'));
  if (d.myIncidents.length === 0) blocks.push(section('_You hold no role in an open incident._'));
  for (const { incident, roles } of d.myIncidents) {
    const roleText = roles.map((r) => ROLE_INFO[r].label).join(', ');
    const accessory = analysable(incident) ? { accessory: button('Post-mortem analysis', ACTION.cardAnalysis, String(incident.id)) } : {};
    blocks.push(section(`${incidentLine(incident)}\nYour role: *${roleText}*`, accessory));
  }

  const declaredOnly = d.declared.filter((i) => !d.myIncidents.some((m) => m.incident.id === i.id));
  if (declaredOnly.length) {
    blocks.push(header('Incidents you declared'), section(declaredOnly.map((i) => `• ${incidentLine(i)}`).join('\n')));
  }

  blocks.push(header('Your corrective actions'));
  if (d.actions.length === 0) blocks.push(section('_No open corrective actions._'));
  for (const { action, incident } of d.actions) {
    blocks.push(...actionBlocks(action, incident, { today: d.today, controls: true, showIncident: true }));
  }

  if (d.holdsLegal && d.clocks.length) {
    blocks.push(header('Regulatory clocks'));
    blocks.push(section(d.clocks.map((c) => `• *${incidentKey(c.incidentId)}* ${toMrkdwn(c.regime)}: ${toMrkdwn(c.label)} by ${slackDate(c.dueAt)}`).join('\n')));
  }

  blocks.push(header('Recent incidents'));
  blocks.push(section(d.recent.length ? d.recent.map((h) => `• ${seenLine(h)}`).join('\n') : '_No incidents yet._'));

  return {
    type: 'home' as const,
    blocks: capBlocks(blocks, LIMITS.modalBlocks, (hidden) => context([`…${hidden} more blocks not shown.`])),
  };
}

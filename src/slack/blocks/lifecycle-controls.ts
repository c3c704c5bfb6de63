import type { Incident } from '../../domain/incident';
import { STATUS_TARGETS, isStatusTarget } from '../../domain/lifecycle';
import { SEVERITIES, SEVERITY_INFO } from '../../domain/severity';
import { STATUS_INFO } from '../../domain/status';
import { ACTION } from '../ids';
import { LIMITS, option, plain } from './limits';

const statusOption = (s: (typeof STATUS_TARGETS)[number]) => option(STATUS_INFO[s].label, s);
const severityOption = (s: (typeof SEVERITIES)[number]) => option(SEVERITY_INFO[s].label, s);

/** The card's status control: the four phases `/incident status` accepts, the current one selected. */
export function cardStatusSelect(incident: Pick<Incident, 'status'>): Record<string, unknown> {
  return {
    type: 'static_select',
    action_id: ACTION.cardStatus,
    placeholder: plain('Change status', LIMITS.placeholder),
    options: STATUS_TARGETS.map(statusOption),
    ...(isStatusTarget(incident.status) ? { initial_option: statusOption(incident.status) } : {}),
  };
}

export function cardSeveritySelect(incident: Pick<Incident, 'severity'>): Record<string, unknown> {
  return {
    type: 'static_select',
    action_id: ACTION.cardSeverity,
    placeholder: plain('Change severity', LIMITS.placeholder),
    options: SEVERITIES.map(severityOption),
    initial_option: severityOption(incident.severity),
  };
}

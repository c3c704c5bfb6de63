import type { Incident } from '../../domain/incident';
import { ACTION } from '../ids';
import { actions, button } from './limits';
import { cardSeveritySelect, cardStatusSelect } from './lifecycle-controls';

/**
 * The card's controls. Each one is added here together with the listener that handles it, so the
 * card never shows a button that does nothing.
 */
export function cardActions(incident: Incident): Record<string, unknown> | null {
  const buttons: Record<string, unknown>[] = [];
  // A closed incident keeps the roles it was run with.
  if (incident.status !== 'closed') buttons.push(button('Assign roles', ACTION.cardAssignRoles, String(incident.id)));
  // A closed incident is re-opened with `/incident status`, never by a stray click on an old card.
  if (incident.status !== 'closed') buttons.push(cardStatusSelect(incident), cardSeveritySelect(incident));
  buttons.push(button('Edit details', ACTION.cardEdit, String(incident.id)));
  if (incident.status !== 'closed') buttons.push(button('Regulatory triage', ACTION.cardTriage, String(incident.id)));
  if (incident.status !== 'closed') buttons.push(button('Post update', ACTION.postUpdate, String(incident.id)));
  if (incident.status !== 'resolved' && incident.status !== 'closed') {
    buttons.push(button('Resolve', ACTION.cardResolve, String(incident.id), 'primary'));
  }
  // The analysis is written after the resolve, in as many sittings as it takes.
  if (incident.status === 'resolved') buttons.push(button('Post-mortem analysis', ACTION.cardAnalysis, String(incident.id), 'primary'));
  return buttons.length ? actions(buttons) : null;
}

import { DomainError } from './errors';
import type { Incident } from './incident';
import { statusLabel } from './status';

/**
 * `closed` means the post-incident work is done, so only a resolved incident can be closed;
 * re-opening a closed one is a backward status move like any other.
 */
export function planClose(state: Pick<Incident, 'status'>, at: Date): { patch: Pick<Incident, 'status' | 'closedAt'> } {
  if (state.status === 'closed') throw new DomainError('unchanged', 'The incident is already closed.');
  if (state.status !== 'resolved') {
    throw new DomainError(
      'not_resolved',
      `Only a resolved incident can be closed; this one is *${statusLabel(state.status)}*. Resolve it first.`,
      undefined,
      'resolve',
    );
  }
  return { patch: { status: 'closed', closedAt: at } };
}

/** What a closed incident refuses until it is re-opened (its record is the post-mortem's). */
export const CLOSED_REFUSES = {
  severity: 'change its severity',
  details: 'edit its details',
  resolution: 'change its resolution',
  roles: 'change its roles',
  analysis: 'change its analysis',
} as const;

/**
 * One rule for every change a closed incident refuses: re-open it first (a backward status move,
 * which records why).
 */
export function requireOpen(incident: Pick<Incident, 'status'>, change: keyof typeof CLOSED_REFUSES): void {
  if (incident.status !== 'closed') return;
  throw new DomainError('closed', `This incident is closed, so you can't ${CLOSED_REFUSES[change]}. Re-open it first: move its status back and say why.`, undefined, 'status');
}

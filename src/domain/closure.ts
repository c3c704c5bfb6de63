import { DomainError } from './errors';
import type { Incident } from './incident';
import { statusLabel } from './status';

/**
 * `closed` means the post-incident work is done, so only a resolved incident can be closed;
 * re-opening a closed one goes through `/incident status` like any backward move.
 */
export function planClose(state: Pick<Incident, 'status'>, at: Date): { patch: Pick<Incident, 'status' | 'closedAt'> } {
  if (state.status === 'closed') throw new DomainError('unchanged', 'The incident is already closed.');
  if (state.status !== 'resolved') {
    throw new DomainError(
      'not_resolved',
      `Only a resolved incident can be closed; this one is *${statusLabel(state.status)}*. Resolve it first with \`/incident resolve\`.`,
    );
  }
  return { patch: { status: 'closed', closedAt: at } };
}

import type { Incident } from '../../domain/incident';

/**
 * The card's controls. Each one is added here together with the listener that handles it, so the
 * card never shows a button that does nothing.
 */
export function cardActions(_incident: Incident): Record<string, unknown> | null {
  return null;
}

import { z } from 'zod';
import { CAPTURE_SOURCES } from '../domain/timeline';
import type { ServiceContext } from './context';

/** Shared zod pieces of the timeline services. */
export const slackTs = z.string().regex(/^\d{1,12}\.\d{1,6}$/, 'not a Slack message ts');

export const capturedMessageSchema = z.object({
  ts: slackTs,
  threadTs: slackTs.nullable(),
  userId: z.string().min(1).nullable(),
  text: z.string(),
  files: z.array(z.object({ name: z.string(), url: z.string().nullable() })),
});

export const eventRef = {
  /** The Events API `event_id`; absent for work that has no event (shortcut, catch-up). */
  eventId: z.string().min(1).optional(),
  eventType: z.string().min(1).optional(),
};

export const captureSource = z.enum(CAPTURE_SOURCES);

/**
 * Slack resends an event (same event_id) when the first answer was late; claiming the id in the
 * same transaction as the effect makes the retry a no-op even when both run at once.
 */
export function claimOnce(ctx: ServiceContext, eventId: string | undefined, type: string | undefined, now: Date): boolean {
  if (!eventId) return true;
  return ctx.repos.capture.claimEvent(eventId, type ?? 'unknown', now);
}

import { z } from 'zod';
import { CAPTURE_SOURCES } from '../domain/timeline';

/** Shared zod pieces of the timeline services. */
export const slackTs = z.string().regex(/^\d{1,12}\.\d{1,6}$/, 'not a Slack message ts');

export const capturedMessageSchema = z.object({
  ts: slackTs,
  threadTs: slackTs.nullable(),
  userId: z.string().min(1).nullable(),
  text: z.string(),
  files: z.array(z.object({ name: z.string(), url: z.string().nullable() })),
});

export const captureSource = z.enum(CAPTURE_SOURCES);

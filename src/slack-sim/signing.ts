import { createHmac } from 'node:crypto';

export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

/**
 * Slack's v0 request signature. The body must be the exact bytes that go on the wire:
 * re-serialising JSON or re-encoding a form changes the signature.
 */
export function signRequest(secret: string, rawBody: string, timestampSeconds: number): SlackSignatureHeaders {
  const ts = String(Math.floor(timestampSeconds));
  const hex = createHmac('sha256', secret).update(`v0:${ts}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${hex}`, 'x-slack-request-timestamp': ts };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPReceiver, type HTTPReceiverOptions } from '@slack/bolt';

/** Slack's rule: a request more than 5 minutes from now, in either direction, is refused. */
export const MAX_CLOCK_SKEW_S = 300;

/**
 * Bolt's HTTP receiver refuses requests signed more than 5 minutes ago but accepts any time in the
 * future; a captured request stamped ahead would stay replayable for as long as its stamp. This
 * one refuses both, before Bolt reads the body.
 */
export class StrictHTTPReceiver extends HTTPReceiver {
  constructor(options: HTTPReceiverOptions, now: () => number = () => Date.now()) {
    super(options);
    const inner = this.requestListener;
    this.requestListener = (req: IncomingMessage, res: ServerResponse) => {
      const header = req.headers['x-slack-request-timestamp'];
      const stamp = Number(Array.isArray(header) ? header[0] : header);
      if (req.method === 'POST' && Number.isFinite(stamp) && stamp - now() / 1000 > MAX_CLOCK_SKEW_S) {
        res.writeHead(401);
        res.end();
        return;
      }
      inner(req, res);
    };
  }
}

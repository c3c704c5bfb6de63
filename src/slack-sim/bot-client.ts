import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { parseAnswerBody } from './http-util';
import type { BotAnswer } from './types';

/**
 * One POST to the bot, the way Slack's delivery works: no keep-alive, give up after the ack window,
 * never throw (a dead bot is an outcome tests look at, not an exception).
 */
export function postToBot(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<BotAnswer> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (a: BotAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(a);
    };
    const req = request(
      {
        hostname: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        method: 'POST',
        agent: false,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close', 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const flat: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
          finish({
            status: res.statusCode ?? 0,
            body: parseAnswerBody(Buffer.concat(chunks).toString('utf8'), res.headers['content-type']),
            headers: flat,
          });
        });
        res.on('error', (e) => finish({ status: 0, body: null, headers: {}, error: e.message }));
      },
    );
    const timer = setTimeout(() => {
      log(`[bot] no answer from ${url} within ${timeoutMs} ms`);
      req.destroy();
      finish({ status: 0, body: null, headers: {}, error: 'timeout' });
    }, timeoutMs);
    req.on('error', (e) => {
      log(`[bot] request to ${url} failed: ${e.message}`);
      finish({ status: 0, body: null, headers: {}, error: e.message });
    });
    req.end(body);
  });
}

import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { signRequest } from '../src/slack-sim';

/**
 * The load generator of bench/run.ts, in its own process so that neither the app under test nor
 * the Slack simulator shares an event loop with it (either would otherwise be measured as the
 * other's latency). Reads one job per stdin line, answers one result per stdout line.
 */
export interface LoadJob {
  /** Request i goes to urls[i % urls.length]: the load spread across instances, as a load balancer would. */
  urls: string[];
  requests: { body: string; contentType: string; retry?: boolean }[];
  concurrency: number;
  /** Slack opens a connection per request; a load balancer in front of the bot keeps them alive. */
  keepAlive: boolean;
}

export interface LoadResult {
  /** Per request, in job order: wall-clock start (epoch ms), latency to the end of the answer, HTTP status. */
  results: { start: number; ms: number; status: number }[];
  totalMs: number;
}

const secret = process.env.SLACK_SIGNING_SECRET!;

async function run(job: LoadJob): Promise<LoadResult> {
  const agent = job.keepAlive ? new Agent({ keepAlive: true, maxSockets: job.concurrency }) : undefined;
  const targets = job.urls.map((url) => new URL(url));
  const results: LoadResult['results'] = new Array(job.requests.length);
  let next = 0;
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const r = job.requests[i]!;
      const headers: Record<string, string> = {
        'content-type': r.contentType,
        'content-length': String(Buffer.byteLength(r.body)),
        ...signRequest(secret, r.body, Math.floor(Date.now() / 1000)),
      };
      if (r.retry) Object.assign(headers, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
      const u = targets[i % targets.length]!;
      const start = Date.now();
      const t0 = performance.now();
      const req = request({ hostname: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent: agent ?? false, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          results[i] = { start, ms: performance.now() - t0, status: res.statusCode ?? 0 };
          resolve();
        });
      });
      req.on('error', () => {
        results[i] = { start, ms: performance.now() - t0, status: 0 };
        resolve();
      });
      req.end(r.body);
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(job.concurrency, job.requests.length) }, async () => {
      while (next < job.requests.length) await one(next++);
    }),
  );
  const totalMs = performance.now() - t0;
  agent?.destroy();
  return { results, totalMs };
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const result = await run(JSON.parse(line) as LoadJob);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

import type { IncomingMessage, ServerResponse } from 'node:http';

export function readBody(req: IncomingMessage, limit = 20 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Fields that the WebClient JSON-encodes into a single form field. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'files', 'metadata', 'user_auth_blocks', 'options']);

export class ArgsParseError extends Error {
  constructor(
    readonly field: string,
    readonly code: string,
  ) {
    super(`cannot parse ${field}`);
  }
}

/** Web API arguments from a form body, a JSON body or a query string, with JSON fields decoded. */
export function parseApiArgs(raw: Buffer, contentType: string | undefined, query: URLSearchParams): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [k, v] of query) args[k] = v;
  const ct = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (raw.length > 0) {
    if (ct === 'application/json') {
      const parsed = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      Object.assign(args, parsed);
      return args;
    }
    for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) args[k] = v;
  }
  for (const key of JSON_FIELDS) {
    const v = args[key];
    if (typeof v === 'string' && (v.startsWith('[') || v.startsWith('{'))) {
      try {
        args[key] = JSON.parse(v);
      } catch {
        throw new ArgsParseError(key, key === 'blocks' ? 'invalid_blocks_format' : 'invalid_arguments');
      }
    }
  }
  return args;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Parses a bot's HTTP answer body the way a reader of the exchange would want it. */
export function parseAnswerBody(text: string, contentType: string | undefined): unknown {
  if (text.length === 0) return null;
  if ((contentType ?? '').includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

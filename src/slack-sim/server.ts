import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateMessageBlocks } from './block-kit';
import type { Obj, SimCore } from './core';
import { ArgsParseError, parseApiArgs, readBody, sendJson, sendText } from './http-util';
import { API_LIMITS } from './limits';
import { applyMessageResponse } from './responses';
import type { SocketModeHub } from './socket-mode';
import type { FailureSpec, RecordedCall, ResponseUrlPost } from './types';
import { ApiError, type Handler } from './web-api';

interface Injection {
  method: string;
  spec: FailureSpec;
  remaining: number;
}

/**
 * The sim's HTTP side: the Web API (auth, recording, failure injection, dispatch to the method
 * families), file uploads and downloads, and response_urls. Socket Mode upgrades go to the hub.
 */
export class SimServer {
  readonly calls: RecordedCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  private injections: Injection[] = [];
  /** Per rate-limited method, when its calls of the current window were answered (oldest first). */
  private readonly windows = new Map<string, number[]>();
  private server?: Server;
  base = '';

  constructor(
    private readonly core: SimCore,
    private readonly api: Record<string, Handler>,
    private readonly hub: SocketModeHub,
  ) {}

  async start(): Promise<void> {
    if (this.server) throw new Error('SlackSim already started');
    const server = createServer((req, res) => {
      this.route(req, res).catch((e: unknown) => {
        this.core.log(`[sim] internal error: ${(e as Error).stack ?? e}`);
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error' });
      });
    });
    server.on('upgrade', (req, socket, head) => this.hub.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.core.opts.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.base = `http://127.0.0.1:${port}`;
    this.core.log(`[sim] listening on ${this.base}`);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  failNext(method: string, f: FailureSpec): void {
    this.injections.push({ method, spec: f, remaining: f.times ?? 1 });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const path = url.pathname;
    if (path.startsWith('/api/')) return this.handleApi(req, res, path.slice(5), url.searchParams);
    if (path.startsWith('/upload/v1/') && req.method === 'POST') return this.handleUpload(req, res, path.slice(11));
    if (path.startsWith('/response/') && req.method === 'POST') return this.handleResponseUrl(req, res, path.slice(10));
    if (path.startsWith('/files/') && req.method === 'GET') return this.handleFileDownload(req, res, path.slice(7));
    sendText(res, 404, 'not found');
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse, method: string, query: URLSearchParams): Promise<void> {
    const { opts, log } = { opts: this.core.opts, log: (l: string) => this.core.log(l) };
    const raw = await readBody(req);
    const record = (args: Record<string, unknown>, status: number, response: Obj): void => {
      const ok = response.ok === true;
      this.calls.push({ method, args, ok, error: ok ? undefined : String(response.error ?? `http_${status}`), status, response, at: Date.now() });
      log(`[api] ${method} → ${status} ${ok ? 'ok' : (response.error ?? '')}`);
    };
    const answer = (args: Record<string, unknown>, body: Obj, status = 200, headers: Record<string, string> = {}): void => {
      record(args, status, body);
      sendJson(res, status, body, headers);
    };

    let args: Record<string, unknown>;
    try {
      args = parseApiArgs(raw, req.headers['content-type'], query);
    } catch (e) {
      const code = e instanceof ArgsParseError ? e.code : 'invalid_json';
      return answer({}, { ok: false, error: code });
    }
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : typeof args.token === 'string' ? args.token : undefined;
    delete args.token;

    const handler = this.api[method];
    if (!handler) return answer(args, { ok: false, error: 'unknown_method' });
    if (!token) return answer(args, { ok: false, error: 'not_authed' });
    let kind: 'bot' | 'app';
    if (token === opts.botToken) kind = 'bot';
    else if (opts.appToken && token === opts.appToken) kind = 'app';
    else return answer(args, { ok: false, error: 'invalid_auth' });
    if (kind === 'app' && method !== 'apps.connections.open') return answer(args, { ok: false, error: 'not_allowed_token_type' });

    const retryAfterS = this.overLimit(method);
    if (retryAfterS !== null) return answer(args, { ok: false, error: 'ratelimited' }, 429, { 'retry-after': String(retryAfterS) });

    let inj = this.takeInjection(method, args);
    if (inj?.hold) {
      log(`[api] ${method} held`);
      await inj.hold.catch(() => undefined);
      // Only held: answered as usual once released.
      if (!inj.networkError && inj.status === undefined && inj.error === undefined) inj = undefined;
    }
    if (inj) {
      if (inj.networkError) {
        this.calls.push({ method, args, ok: false, error: 'network_error', status: 0, response: null, at: Date.now() });
        log(`[api] ${method} → injected network error`);
        req.socket.destroy();
        return;
      }
      if (inj.status === 429) return answer(args, { ok: false, error: 'ratelimited' }, 429, { 'retry-after': String(inj.retryAfter ?? 1) });
      if (inj.status !== undefined && inj.status >= 500) return answer(args, { ok: false, error: inj.error ?? 'internal_error' }, inj.status);
      return answer(args, { ok: false, error: inj.error ?? 'internal_error' }, inj.status ?? 200);
    }

    try {
      const result = handler(args, kind);
      return answer(args, { ok: true, ...result });
    } catch (e) {
      if (e instanceof ApiError) return answer(args, { ok: false, error: e.code, ...e.extra });
      log(`[api] ${method} crashed: ${(e as Error).stack ?? e}`);
      return answer(args, { ok: false, error: 'internal_error' });
    }
  }

  /** Seconds to wait when this call is over its method's limit (it is then not counted), else null. */
  private overLimit(method: string): number | null {
    const limits = this.core.opts.rateLimits;
    const max = limits?.perMinute[method];
    if (!limits || !max) return null;
    const minuteMs = limits.minuteMs ?? 60_000;
    const now = Date.now();
    let calls = this.windows.get(method);
    if (!calls) this.windows.set(method, (calls = []));
    while (calls.length && calls[0]! <= now - minuteMs) calls.shift();
    if (calls.length >= max) return Math.max(1, Math.ceil((calls[0]! + minuteMs - now) / 1000));
    calls.push(now);
    return null;
  }

  private takeInjection(method: string, args: Record<string, unknown>): FailureSpec | undefined {
    const i = this.injections.findIndex((x) => x.method === method && (!x.spec.when || x.spec.when(args)));
    if (i < 0) return undefined;
    const inj = this.injections[i]!;
    inj.remaining -= 1;
    if (inj.remaining <= 0) this.injections.splice(i, 1);
    return inj.spec;
  }

  private async handleUpload(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const raw = await readBody(req);
    const pending = this.core.world.pendingUploads.get(id);
    if (!pending) return sendText(res, 404, 'unknown upload');
    let bytes = raw;
    const ct = req.headers['content-type'] ?? '';
    if (ct.startsWith('multipart/form-data')) {
      // The WebClient sends the file as a multipart field; undici's parser spares us writing one.
      const form = await new Response(raw, { headers: { 'content-type': ct } }).formData();
      for (const [, v] of form) {
        if (typeof v !== 'string') {
          bytes = Buffer.from(await v.arrayBuffer());
          break;
        }
        bytes = Buffer.from(v);
      }
    }
    pending.bytes = bytes;
    if (bytes.length !== pending.length) this.core.log(`[files] ${id}: uploaded ${bytes.length} bytes, announced ${pending.length}`);
    sendText(res, 200, `OK - ${bytes.length}`);
  }

  private async handleFileDownload(req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
    const id = rest.split('/')[0] ?? '';
    if (req.headers.authorization !== `Bearer ${this.core.opts.botToken}`) return sendText(res, 403, 'forbidden');
    const f = this.core.world.files.find((x) => x.id === id);
    if (!f) return sendText(res, 404, 'not found');
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': f.bytes.length });
    res.end(f.bytes);
  }

  private async handleResponseUrl(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const raw = (await readBody(req)).toString('utf8');
    const rec = this.core.world.responseUrls.get(id);
    let body: Obj | undefined;
    try {
      body = JSON.parse(raw) as Obj;
    } catch {
      body = undefined;
    }
    this.responses.push({ id, body: body ?? raw, at: Date.now() });
    if (!rec) return sendText(res, 404, 'no_such_url');
    if (Date.now() - rec.issuedAt > API_LIMITS.responseUrlTtlMs) return sendText(res, 404, 'expired_url');
    if (rec.uses >= API_LIMITS.responseUrlUses) return sendText(res, 404, 'used_url');
    rec.uses += 1;
    if (!body || typeof body !== 'object') {
      this.core.problems.push(`response_url ${id}: body is not a JSON object`);
      return sendText(res, 400, 'invalid_payload');
    }
    if (body.blocks !== undefined) {
      const check = validateMessageBlocks(body.blocks);
      if (check.errors.length > 0 || check.tooLong) {
        this.core.problems.push(`response_url ${id}: invalid_blocks ${check.errors.join('; ')}`);
        return sendText(res, 400, 'invalid_blocks');
      }
    }
    applyMessageResponse(this.core.world, rec.channel, rec.user, body, rec.source, 'response_url');
    sendJson(res, 200, { ok: true });
  }
}

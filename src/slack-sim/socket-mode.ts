import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { API_LIMITS } from './limits';
import type { BotAnswer } from './types';

export type EnvelopeType = 'slash_commands' | 'events_api' | 'interactive';

interface Pending {
  resolve: (a: BotAnswer) => void;
  timer: NodeJS.Timeout;
}

// Slack pings roughly every 10 s; @slack/socket-mode drops the link after 30 s without one.
const SERVER_PING_MS = 10_000;

/** The Slack side of Socket Mode: tickets from apps.connections.open, the hello, envelopes and acks. */
export class SocketModeHub {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Map<string, number>();
  private readonly sockets: WebSocket[] = [];
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly appId: string,
    private readonly log: (line: string) => void,
  ) {}

  issueUrl(baseUrl: string): string {
    const ticket = randomUUID();
    this.tickets.set(ticket, Date.now());
    return `${baseUrl.replace(/^http/, 'ws')}/socket?ticket=${ticket}&app_id=${this.appId}`;
  }

  /** True when some app is connected and has been greeted, so requests go over the socket. */
  get connected(): boolean {
    return this.sockets.some((s) => s.readyState === WebSocket.OPEN);
  }

  get connectionCount(): number {
    return this.sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://sim');
    const ticket = url.searchParams.get('ticket') ?? '';
    const issued = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (url.pathname !== '/socket' || issued === undefined || Date.now() - issued > API_LIMITS.socketTicketTtlMs) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    this.sockets.push(ws);
    this.log(`[socket] app connected (${this.connectionCount} open)`);
    const ping = setInterval(() => {
      if (ws.readyState === WebSocket.OPEN) ws.ping(Buffer.from(`sim-ping-${Date.now()}`));
    }, SERVER_PING_MS);
    ping.unref();
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let msg: { envelope_id?: string; payload?: unknown };
      try {
        msg = JSON.parse(data.toString());
      } catch {
        this.log('[socket] unparseable message from app ignored');
        return;
      }
      const p = msg.envelope_id ? this.pending.get(msg.envelope_id) : undefined;
      if (!p) return;
      this.pending.delete(msg.envelope_id!);
      clearTimeout(p.timer);
      const payload = msg.payload;
      const empty = payload === undefined || payload === null || (typeof payload === 'object' && Object.keys(payload).length === 0);
      p.resolve({ status: 200, body: empty ? null : payload, headers: {} });
    });
    ws.on('close', () => {
      clearInterval(ping);
      const i = this.sockets.indexOf(ws);
      if (i >= 0) this.sockets.splice(i, 1);
      this.log(`[socket] app disconnected (${this.connectionCount} open)`);
    });
    ws.on('error', () => undefined);
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.connectionCount,
        debug_info: { host: 'applink-sim', build_number: 1, approximate_connection_time: 3600 },
        connection_info: { app_id: this.appId },
      }),
    );
  }

  send(
    type: EnvelopeType,
    payload: unknown,
    opts: { retryAttempt?: number; retryReason?: string; timeoutMs: number },
  ): Promise<BotAnswer> {
    const open = this.sockets.filter((s) => s.readyState === WebSocket.OPEN);
    const ws = open[open.length - 1];
    if (!ws) return Promise.reject(new Error('no Socket Mode connection'));
    const envelopeId = randomUUID();
    const envelope = {
      envelope_id: envelopeId,
      payload,
      type,
      accepts_response_payload: type !== 'events_api',
      retry_attempt: opts.retryAttempt ?? 0,
      retry_reason: opts.retryReason ?? '',
    };
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        resolve({ status: 0, body: null, headers: {} });
      }, opts.timeoutMs);
      this.pending.set(envelopeId, { resolve, timer });
      ws.send(JSON.stringify(envelope));
    });
  }

  /** Slack's "please reconnect" message; the client is expected to open a new connection. */
  requestReconnect(reason = 'refresh_requested'): void {
    for (const ws of this.sockets) {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-sim' } }));
    }
  }

  /**
   * Closes with a proper close handshake first: a client that is already shutting down (Bolt's
   * stop() does not wait for its own close) then ends quietly instead of logging a socket error.
   */
  async close(graceMs = 500): Promise<void> {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.resolve({ status: 0, body: null, headers: {} });
    }
    this.pending.clear();
    const open = this.sockets.filter((ws) => ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CLOSING);
    await Promise.all(
      open.map(
        (ws) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              ws.terminate();
              resolve();
            }, graceMs);
            ws.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            if (ws.readyState === WebSocket.OPEN) ws.close(1001, 'sim stopping');
          }),
      ),
    );
    for (const ws of [...this.sockets]) ws.terminate();
    this.sockets.length = 0;
    this.wss.close();
  }
}

// WebSocket helpers: a raw `ws` client that records frames, and the official WebSocketClient made to run
// on Node 20 (which has no global WebSocket or CloseEvent).
import WebSocket from 'ws';
import mmClient from '@mattermost/client';

const { WebSocketClient } = mmClient;
export type OfficialWsClient = InstanceType<typeof WebSocketClient>;

export interface Frame {
  event?: string;
  seq?: number;
  seq_reply?: number;
  status?: string;
  data?: Record<string, unknown>;
  error?: Record<string, unknown>;
  broadcast?: Record<string, unknown>;
}

export class RawSocket {
  readonly frames: Frame[] = [];
  private waiters: Array<() => void> = [];
  closed: { code: number; reason: string } | null = null;
  private nextSeq = 1;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  static async open(baseUrl: string, opts: { token?: string; query?: string } = {}): Promise<RawSocket> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/v4/websocket${opts.query ? `?${opts.query}` : ''}`;
    const ws = new WebSocket(url, opts.token ? { headers: { Authorization: `Bearer ${opts.token}` } } : {});
    const sock = new RawSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return sock;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Waits until a frame matching pred has arrived (searching all frames so far). */
  async waitFor(pred: (f: Frame) => boolean, timeoutMs = 5000, what = 'frame'): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.frames.find(pred);
      if (hit) return hit;
      if (this.closed) throw new Error(`socket closed (${this.closed.code}) while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.frames.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async waitClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('socket did not close');
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.closed;
  }

  events(): Frame[] {
    return this.frames.filter((f) => f.event !== undefined);
  }

  /** Sends an action and resolves with its reply. */
  async request(action: string, data?: Record<string, unknown>): Promise<Frame> {
    const seq = this.nextSeq++;
    this.ws.send(JSON.stringify({ action, seq, ...(data ? { data } : {}) }));
    return this.waitFor((f) => f.seq_reply === seq, 5000, `reply to ${action}`);
  }

  close(): void {
    this.ws.close();
  }
}

/** The official client, with the Node shims it needs. */
export function officialClient(): OfficialWsClient {
  const g = globalThis as unknown as Record<string, unknown>;
  g.WebSocket ??= WebSocket;
  g.CloseEvent ??= class CloseEvent extends Event {
    code: number;
    wasClean: boolean;
    constructor(type: string, init: { code?: number; wasClean?: boolean } = {}) {
      super(type);
      this.code = init.code ?? 0;
      this.wasClean = init.wasClean ?? false;
    }
  };
  return new WebSocketClient({ newWebSocketFn: (url: string) => new WebSocket(url) as unknown as globalThis.WebSocket, clientPingInterval: 60_000 });
}

export function wsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}/api/v4/websocket`;
}

// The user's WebSocket (raw `ws`: the official WebSocketClient needs browser shims and adds nothing a
// simulated user needs). Tracks connection_id and the server sequence so a reconnect resumes the stream.
import WebSocket from 'ws';
import type { Metrics } from './metrics.js';
import { isRecord } from './http.js';

export interface WsEvent {
  event: string;
  data: Record<string, unknown>;
  broadcast: Record<string, unknown>;
}

export class UserSocket {
  private ws: WebSocket | null = null;
  connectionId = '';
  private nextServerSeq = 0;
  private clientSeq = 1;
  private closing = false;

  constructor(
    private readonly baseUrl: string,
    private readonly token: () => string,
    private readonly metrics: Metrics,
    private readonly onEvent: (e: WsEvent) => void,
    private readonly onLost: () => void,
  ) {}

  /** Opens (or resumes, after a first connection) and waits for `hello`. */
  async open(): Promise<void> {
    this.closing = false;
    const resuming = this.connectionId !== '';
    const resume = resuming ? `?connection_id=${this.connectionId}&sequence_number=${this.nextServerSeq}` : '';
    const ws = new WebSocket(`${this.baseUrl.replace(/^http/, 'ws')}/api/v4/websocket${resume}`, { headers: { Authorization: `Bearer ${this.token()}` } });
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      let live = false;
      const up = () => {
        clearTimeout(timer);
        if (live) return;
        live = true;
        this.metrics.wsConnected();
        resolve();
      };
      // A resumed connection gets the missed events but no new hello (as Mattermost); open is enough.
      if (resuming) ws.once('open', up);
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error('no hello within 5 s'));
      }, 5_000);
      ws.on('message', (raw) => {
        let msg: unknown;
        try {
          msg = JSON.parse(raw.toString());
        } catch {
          return;
        }
        if (!isRecord(msg) || typeof msg.event !== 'string') return;
        if (typeof msg.seq === 'number') this.nextServerSeq = msg.seq + 1;
        const data = isRecord(msg.data) ? msg.data : {};
        if (msg.event === 'hello') {
          const id = data.connection_id;
          // A resumed connection keeps its id; a new one (server forgot us) restarts the sequence.
          if (typeof id === 'string' && id !== this.connectionId) {
            this.connectionId = id;
            this.nextServerSeq = 1;
          }
          up();
          return;
        }
        this.onEvent({ event: msg.event, data, broadcast: isRecord(msg.broadcast) ? msg.broadcast : {} });
      });
      ws.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      ws.once('close', () => {
        clearTimeout(timer);
        if (this.ws === ws && !this.closing) {
          this.metrics.wsError();
          this.onLost();
        }
        reject(new Error('closed before hello'));
      });
    });
  }

  send(action: string, data: Record<string, unknown>): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ action, seq: this.clientSeq++, data }));
  }

  async close(): Promise<void> {
    this.closing = true;
    const ws = this.ws;
    this.ws = null;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 2_000);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      ws.close(1000);
    });
  }
}

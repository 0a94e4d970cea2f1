// Probe users for the fault tests: members of one channel who post at a steady rate and keep a record of
// what the server acknowledged and what reached them. Each behaves like a careful client: a post that got
// no answer is retried with the same pending_post_id (so it is stored once), a dropped WebSocket is
// reconnected with its connection id and sequence number, and when the server cannot resume it (a new
// `hello`) the client refetches the channel's recent posts over REST.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { sleep } from './processes.js';

export interface ProbeError {
  at: number;
  what: string;
}

/** Minimal REST for the probe: JSON in and out, the Mattermost token header, a timeout. */
export async function call<T>(baseUrl: string, method: string, path: string, token: string, body?: unknown, timeoutMs = 5_000): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v4${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

export async function login(baseUrl: string, username: string, password: string): Promise<{ token: string; userId: string }> {
  const res = await fetch(`${baseUrl}/api/v4/users/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login_id: username, password }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as { id?: string; message?: string };
  const token = res.headers.get('token');
  if (!res.ok || !token || !body.id) throw new Error(`login ${username}: ${res.status} ${body.message ?? ''}`);
  return { token, userId: body.id };
}

export class ProbeUser {
  /** pending_post_id → post id, for every post the server acknowledged. */
  readonly acked = new Map<string, string>();
  /** Post ids seen in the channel, over the WebSocket or a REST resync. */
  readonly received = new Set<string>();
  readonly errors: ProbeError[] = [];
  reconnects = 0;
  resyncs = 0;
  /** Distinct posts this user set out to send (each may take several attempts). */
  attempted = 0;
  /** Posts abandoned without an acknowledgement. */
  gaveUp = 0;
  /** What happened to the connection, for explaining a loss: closed, hello (new stream), resync results. */
  readonly timeline: ProbeError[] = [];
  /** Acks after each error, for the recovery time. */
  readonly ackTimes: number[] = [];
  private ws: WebSocket | null = null;
  private connectionId = '';
  private nextSeq = 0;
  private lastGoodAt = Date.now();
  private running = false;
  private closing = false;
  private posting: Promise<void> | null = null;

  constructor(
    readonly name: string,
    private readonly baseUrl: string,
    private readonly token: string,
    readonly channelId: string,
  ) {}

  /** Connects the WebSocket (waits for hello) and starts posting every intervalMs (jittered). */
  async start(intervalMs: number): Promise<void> {
    this.running = true;
    await this.connect();
    this.posting = this.postLoop(intervalMs);
  }

  /** Stops posting; the socket stays up so late deliveries are still counted. */
  async stopPosting(): Promise<void> {
    this.running = false;
    await this.posting;
  }

  async close(): Promise<void> {
    this.running = false;
    this.closing = true;
    await this.posting;
    await this.reconnecting;
    this.ws?.terminate();
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  private connect(): Promise<void> {
    const resume = this.connectionId ? `?connection_id=${this.connectionId}&sequence_number=${this.nextSeq}` : '';
    const ws = new WebSocket(`${this.baseUrl.replace(/^http/, 'ws')}/api/v4/websocket${resume}`, { headers: { Authorization: `Bearer ${this.token}` } });
    this.ws = ws;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let established = false;
      const timer = setTimeout(() => {
        ws.terminate();
        if (!settled) reject(new Error('no hello or resume within 5 s'));
      }, 5_000);
      const ok = () => {
        if (settled) return;
        settled = true;
        established = true;
        clearTimeout(timer);
        resolve();
      };
      if (resume) ws.once('open', ok); // a resumed stream starts with the missed events, not a hello
      ws.on('message', (raw) => {
        let msg: { event?: string; seq?: number; data?: Record<string, unknown> };
        try {
          msg = JSON.parse(raw.toString()) as typeof msg;
        } catch {
          return;
        }
        // The resync window must start at the last message of the stream that was lost, not at this
        // hello: a reconnect that takes several seconds (load balancer retries) would otherwise skip the
        // posts that were in flight when the old node died.
        const lastOfOldStream = this.lastGoodAt;
        this.lastGoodAt = Date.now();
        if (typeof msg.seq === 'number') this.nextSeq = msg.seq + 1;
        if (msg.event === 'hello') {
          const id = String(msg.data?.connection_id ?? '');
          const lost = this.connectionId !== '' && id !== this.connectionId;
          if (lost) this.resyncFrom = lastOfOldStream;
          this.timeline.push({ at: Date.now(), what: `hello ${lost ? 'new stream' : 'first'}` });
          this.connectionId = id;
          this.nextSeq = 1;
          ok();
          // Also on the first hello, as a client loads the channel after connecting: posts made while
          // this socket was being registered were never owed to it as events.
          void this.resync();
          return;
        }
        if (msg.event === 'posted' && typeof msg.data?.post === 'string') {
          const post = JSON.parse(msg.data.post) as { id: string; channel_id: string };
          if (post.channel_id === this.channelId) this.received.add(post.id);
        }
      });
      ws.once('error', (err) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(err);
      });
      ws.once('close', () => {
        clearTimeout(timer);
        if (!settled) {
          settled = true;
          reject(new Error('closed before hello'));
        }
        if (established) this.timeline.push({ at: Date.now(), what: 'closed' });
        // Only an established stream that dropped starts reconnecting; a failed attempt is retried by
        // the loop that made it.
        if (established && !this.closing) this.reconnecting = this.reconnect();
      });
    });
  }

  private reconnecting: Promise<void> = Promise.resolve();

  private async reconnect(): Promise<void> {
    while (!this.closing) {
      await sleep(200 + Math.random() * 300);
      if (this.closing) return;
      this.reconnects += 1;
      try {
        await this.connect();
        return;
      } catch {
        // no node ready behind the load balancer for a moment
      }
    }
  }

  /** After a lost stream: every post changed since shortly before the last good moment, over REST. */
  /** When the lost stream last delivered something; the resync asks for everything changed since. */
  private resyncFrom = Date.now();

  private async resync(): Promise<void> {
    this.resyncs += 1;
    const since = this.resyncFrom - 10_000;
    for (let attempt = 0; attempt < 50 && !this.closing; attempt++) {
      try {
        const list = await call<{ order: string[]; posts: Record<string, { id: string }> }>(this.baseUrl, 'GET', `/channels/${this.channelId}/posts?since=${since}`, this.token);
        for (const id of Object.keys(list.posts)) this.received.add(id);
        this.timeline.push({ at: Date.now(), what: `resync since ${since}: ${Object.keys(list.posts).length} posts` });
        return;
      } catch (err) {
        this.errors.push({ at: Date.now(), what: `resync: ${(err as Error).message}` });
        await sleep(300);
      }
    }
  }

  private async postLoop(intervalMs: number): Promise<void> {
    let n = 0;
    while (this.running) {
      n += 1;
      this.attempted += 1;
      const pending = `${randomUUID()}`;
      const body = { channel_id: this.channelId, message: `probe ${this.name} #${n}`, pending_post_id: pending };
      // Retried with the same pending_post_id until acknowledged: at most once in storage, at least once sent.
      for (let attempt = 0; ; attempt++) {
        try {
          const post = await call<{ id: string }>(this.baseUrl, 'POST', '/posts', this.token, body);
          this.acked.set(pending, post.id);
          this.ackTimes.push(Date.now());
          break;
        } catch (err) {
          this.errors.push({ at: Date.now(), what: `post: ${(err as Error).message}` });
          // A minute of failures: the cluster did not recover; the scenario reports it (unacknowledged).
          if (attempt >= 300) {
            this.gaveUp += 1;
            break;
          }
          await sleep(200);
        }
      }
      await sleep(intervalMs * (0.5 + Math.random()));
    }
  }

  missing(ids: Iterable<string>): string[] {
    return [...ids].filter((id) => !this.received.has(id));
  }
}

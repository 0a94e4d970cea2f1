// A stand-in integration for webhook and slash command tests: an HTTP server on loopback that records
// every request and answers as the test says.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The form fields (urlencoded body) or the JSON body. */
  fields: Record<string, unknown>;
}

export interface Answer {
  status?: number;
  /** An object is sent as JSON; a string as text/plain. */
  body?: unknown;
  contentType?: string;
  /** Wait this long before answering. */
  delayMs?: number;
}

export class IntegrationServer {
  readonly received: Received[] = [];
  /** What to answer, by request path (without query); the default answers 200 with an empty body. */
  answers = new Map<string, Answer | ((r: Received) => Answer)>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private waiters: Array<() => void> = [];
  url = '';

  private readonly server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const type = (req.headers['content-type'] ?? '').split(';')[0];
      let fields: Record<string, unknown> = {};
      if (type === 'application/json') fields = JSON.parse(body) as Record<string, unknown>;
      else if (type === 'application/x-www-form-urlencoded') fields = Object.fromEntries(new URLSearchParams(body));
      const r: Received = { method: req.method ?? '', path: u.pathname, query: u.searchParams, headers: req.headers, body, fields };
      this.received.push(r);
      for (const w of this.waiters.splice(0)) w();
      const a = this.answers.get(u.pathname);
      const answer = typeof a === 'function' ? a(r) : (a ?? {});
      const send = () => {
        if (res.destroyed) return;
        const isText = typeof answer.body === 'string';
        const payload = answer.body === undefined ? '' : isText ? (answer.body as string) : JSON.stringify(answer.body);
        res.writeHead(answer.status ?? 200, { 'Content-Type': answer.contentType ?? (isText ? 'text/plain' : 'application/json') });
        res.end(payload);
      };
      if (answer.delayMs) {
        const t = setTimeout(() => {
          this.timers.delete(t);
          send();
        }, answer.delayMs);
        this.timers.add(t);
      } else {
        send();
      }
    });
  });

  static async start(): Promise<IntegrationServer> {
    const s = new IntegrationServer();
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  /** Requests to one path so far. */
  to(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Waits until `count` requests to `path` have arrived. */
  async waitFor(path: string, count = 1, timeoutMs = 5000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.to(path).length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} request(s) to ${path}, got ${this.to(path).length}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.to(path);
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

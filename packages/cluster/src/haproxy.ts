// HAProxy in front of the nodes, as a load balancer would be in production: round robin over the nodes
// that pass /health/ready (so a stopping node gets no new requests), WebSocket upgrades tunnelled for up
// to an hour, and a request whose connection is refused retried on another node.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { portOpen, Proc, waitUntil } from './processes.js';

export interface Backend {
  name: string;
  port: number;
  metricsPort: number;
}

export function haproxyConfig(listenPort: number, backends: readonly Backend[]): string {
  const servers = backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check port ${b.metricsPort} inter 1s fall 2 rise 1`);
  return [
    'global',
    '  maxconn 8000',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    // WebSocket connections stay open for as long as the user does.
    '  timeout tunnel 1h',
    // A busy node answers its health check late; only two missed checks in a row take it out.
    '  timeout check 3s',
    '  timeout http-keep-alive 10s',
    '  option redispatch',
    '  retries 3',
    // Only failures before the request reached a node are retried: a POST that got there is never sent twice.
    '  retry-on conn-failure',
    'frontend parley',
    `  bind 127.0.0.1:${listenPort}`,
    '  default_backend nodes',
    'backend nodes',
    '  balance roundrobin',
    '  option httpchk GET /health/ready',
    '  http-check expect status 200',
    ...servers,
    '',
  ].join('\n');
}

export class HAProxy {
  private proc: Proc | null = null;
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-haproxy-'));

  constructor(
    readonly port: number,
    private readonly backends: readonly Backend[],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const cfg = path.join(this.dir, 'haproxy.cfg');
    fs.writeFileSync(cfg, haproxyConfig(this.port, this.backends));
    // -db: stay in the foreground; the config is checked first so a typo is an error, not a silent exit.
    const check = new Proc('haproxy-check', 'haproxy', ['-c', '-q', '-f', cfg]);
    if ((await check.exited) !== 0) throw new Error(`haproxy config invalid:\n${check.logTail()}`);
    this.proc = new Proc('haproxy', 'haproxy', ['-db', '-f', cfg]);
    await waitUntil(() => portOpen(this.port), `haproxy on ${this.port}`, 10_000, this.proc);
  }

  async close(): Promise<void> {
    await this.proc?.stop('SIGTERM', 5_000);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

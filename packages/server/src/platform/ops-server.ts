// The operations listener (default :8067, like Mattermost's MetricsSettings.ListenAddress): Prometheus
// `/metrics` and the orchestrator probes `/health/live` and `/health/ready`. A separate port keeps these
// off the public API and out of the API's own request metrics.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

export interface Readiness {
  ready: boolean;
  /** Named checks, each "OK" or a short reason. */
  checks: Record<string, string>;
}

export interface OpsServerOptions {
  host: string;
  port: number;
  metrics: Metrics;
  ready: () => Promise<Readiness>;
  log: Logger;
}

export interface OpsServer {
  /** e.g. http://127.0.0.1:8067 */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startOpsServer(opts: OpsServerOptions): Promise<OpsServer> {
  const server = http.createServer((req, res) => {
    const send = (status: number, contentType: string, body: string) => {
      res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const json = (status: number, value: unknown) => send(status, 'application/json', JSON.stringify(value));
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { status: 'method not allowed' });
    const path = (req.url ?? '/').split('?')[0];
    const work = async () => {
      switch (path) {
        case '/metrics': {
          const { contentType, body } = await opts.metrics.render();
          return send(200, contentType, body);
        }
        // Live: the process answers. An orchestrator restarts it only when this fails.
        case '/health/live':
          return json(200, { status: 'OK' });
        // Ready: may take traffic. Fails while migrating, when the database is unreachable, and on shutdown.
        case '/health/ready': {
          const r = await opts.ready();
          return json(r.ready ? 200 : 503, { status: r.ready ? 'OK' : 'UNAVAILABLE', ...r.checks });
        }
        default:
          return json(404, { status: 'not found' });
      }
    };
    work().catch((err: unknown) => {
      opts.log.error({ err, path }, 'operations endpoint failed');
      if (!res.headersSent) json(500, { status: 'error' });
      else res.destroy();
    });
  });
  // Scrapers keep connections alive; do not let them hold shutdown open.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host === '0.0.0.0' || opts.host === '::' || opts.host === '' ? '127.0.0.1' : opts.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

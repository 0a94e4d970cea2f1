// Prometheus metrics. Names follow Mattermost's (`mattermost_*`, server/enterprise/metrics/metrics.go) where
// Mattermost has the metric, so its load-test tool, dashboards and alerts read Parley unchanged; metrics of
// our own are `parley_*`. One registry per server instance: tests run several servers in one process.
// Every label has a bounded value set (route templates, event names, store method names), never ids or URLs.
import fs from 'node:fs';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const API_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// An indexed SQLite read takes ~10 µs, so the store buckets start two decades lower than the API's.
const STORE_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** What the registry reads at scrape time from the running parts; set once they exist. */
export interface MetricSources {
  /** Users with at least one live socket on this node. */
  usersOnline?: () => number;
  /** Connections the hub holds (live or waiting for resume). */
  hubConnections?: () => number;
  /** Events waiting in the hub's queue. */
  hubQueue?: () => number;
  /** Open database connections (pool size for PostgreSQL, 1 for SQLite). */
  dbConnections?: () => number;
}

export class Metrics {
  readonly registry = new Registry();
  readonly sources: MetricSources = {};

  // HTTP: Mattermost's api/http subsystems.
  readonly httpRequests: Counter;
  readonly httpErrors: Counter;
  readonly apiTime: Histogram<'handler' | 'method' | 'status_code' | 'origin_client' | 'page_load_context'>;
  readonly websockets: Gauge<'origin_client'>;
  // Store.
  readonly dbStoreTime: Histogram<'method' | 'success'>;
  // WebSocket and posts.
  readonly wsBroadcasts: Counter<'name'>;
  readonly wsEvents: Counter<'type'>;
  readonly posts: Counter;
  readonly postBroadcasts: Counter;
  readonly logins: Counter;
  readonly loginFailures: Counter;
  readonly clusterEvents: Counter<'name'>;
  readonly cacheHits: Counter<'name'>;
  readonly cacheMisses: Counter<'name'>;
  readonly cacheInvalidations: Counter<'name'>;
  // Parley's own.
  readonly wsMessagesSent: Counter;
  readonly wsEventsShed: Counter;
  readonly wsBroadcastTime: Histogram<'name'>;
  readonly busPublished: Counter<'event'>;
  readonly busReceived: Counter<'event'>;

  private defaultsOn = false;

  constructor(info: { nodeId: string; version: string; engine: string }) {
    const registers = [this.registry];
    const sources = this.sources;

    this.httpRequests = new Counter({ name: 'mattermost_http_requests_total', help: 'The total number of http API requests.', registers });
    this.httpErrors = new Counter({ name: 'mattermost_http_errors_total', help: 'The total number of http API errors (status >= 400).', registers });
    this.apiTime = new Histogram({
      name: 'mattermost_api_time',
      help: 'Time to execute the api handler, in seconds, by route template.',
      labelNames: ['handler', 'method', 'status_code', 'origin_client', 'page_load_context'],
      buckets: API_BUCKETS,
      registers,
    });
    this.websockets = new Gauge({
      name: 'mattermost_http_websockets_total',
      help: 'The number of open WebSocket connections, authenticated or not.',
      labelNames: ['origin_client'],
      registers,
    });
    this.dbStoreTime = new Histogram({
      name: 'mattermost_db_store_time',
      help: 'Time to execute a store method, in seconds (method like PostStore.Save).',
      labelNames: ['method', 'success'],
      buckets: STORE_BUCKETS,
      registers,
    });
    this.wsBroadcasts = new Counter({
      name: 'mattermost_websocket_broadcasts_total',
      help: 'The number of WebSocket events this node fanned out, by event name.',
      labelNames: ['name'],
      registers,
    });
    this.wsEvents = new Counter({
      name: 'mattermost_websocket_event_total',
      help: 'The number of WebSocket actions received from clients, by action.',
      labelNames: ['type'],
      registers,
    });
    this.posts = new Counter({ name: 'mattermost_post_total', help: 'The number of posts created.', registers });
    this.postBroadcasts = new Counter({ name: 'mattermost_post_broadcasts_total', help: 'The number of post events delivered to at least one socket.', registers });
    this.logins = new Counter({ name: 'mattermost_login_logins_total', help: 'The number of successful logins.', registers });
    this.loginFailures = new Counter({ name: 'mattermost_login_logins_fail_total', help: 'The number of failed logins.', registers });
    this.clusterEvents = new Counter({
      name: 'mattermost_cluster_cluster_event_type_totals',
      help: 'Messages this node sent on the cluster bus, by type (every WebSocket event is a "publish").',
      labelNames: ['name'],
      registers,
    });
    this.cacheHits = new Counter({ name: 'mattermost_cache_mem_hit_total', help: 'In-memory cache hits.', labelNames: ['name'], registers });
    this.cacheMisses = new Counter({ name: 'mattermost_cache_mem_miss_total', help: 'In-memory cache misses.', labelNames: ['name'], registers });
    this.cacheInvalidations = new Counter({ name: 'mattermost_cache_mem_invalidation_total', help: 'In-memory cache invalidations.', labelNames: ['name'], registers });

    new Gauge({
      name: 'mattermost_websocket_broadcast_buffer_size',
      help: 'Events waiting in the hub queue.',
      labelNames: ['hub'],
      registers,
      collect() {
        this.set({ hub: '0' }, sources.hubQueue?.() ?? 0);
      },
    });
    new Gauge({
      name: 'mattermost_websocket_broadcast_buffer_users_registered',
      help: 'Connections registered with the hub (live or resumable).',
      labelNames: ['hub'],
      registers,
      collect() {
        this.set({ hub: '0' }, sources.hubConnections?.() ?? 0);
      },
    });
    new Gauge({
      name: 'mattermost_db_master_connections_total',
      help: 'Open connections to the primary database.',
      registers,
      collect() {
        this.set(sources.dbConnections?.() ?? 0);
      },
    });
    const startedAt = Date.now() / 1000;
    new Gauge({
      name: 'mattermost_system_server_start_time',
      help: 'Server start time, in seconds since the epoch.',
      registers,
      collect() {
        this.set(startedAt);
      },
    });
    // Mattermost's load-test reports read CPU and memory under these names.
    new Counter({
      name: 'mattermost_process_cpu_seconds_total',
      help: 'User and system CPU time of the process, in seconds.',
      registers,
      collect() {
        const u = process.cpuUsage();
        this.reset();
        this.inc((u.user + u.system) / 1e6);
      },
    });
    new Gauge({
      name: 'mattermost_process_resident_memory_bytes',
      help: 'Resident memory of the process, in bytes.',
      registers,
      collect() {
        this.set(process.memoryUsage.rss());
      },
    });
    new Gauge({
      name: 'mattermost_process_open_fds',
      help: 'Open file descriptors of the process (Linux only).',
      registers,
      collect() {
        try {
          this.set(fs.readdirSync('/proc/self/fd').length);
        } catch {
          this.set(0);
        }
      },
    });

    new Gauge({
      name: 'parley_users_online',
      help: 'Users with at least one live WebSocket on this node.',
      registers,
      collect() {
        this.set(sources.usersOnline?.() ?? 0);
      },
    });
    this.wsMessagesSent = new Counter({ name: 'parley_websocket_messages_sent_total', help: 'Event frames handed to sockets (the fan-out).', registers });
    this.wsEventsShed = new Counter({ name: 'parley_websocket_events_shed_total', help: 'Ephemeral events (typing, status) not sent to a slow consumer.', registers });
    this.wsBroadcastTime = new Histogram({
      name: 'parley_websocket_broadcast_seconds',
      help: 'Time for the hub to route one event and hand it to every recipient socket.',
      labelNames: ['name'],
      buckets: STORE_BUCKETS,
      registers,
    });
    this.busPublished = new Counter({ name: 'parley_bus_events_published_total', help: 'Events this node published on the bus.', labelNames: ['event'], registers });
    this.busReceived = new Counter({ name: 'parley_bus_events_received_total', help: 'Events this node received from the bus.', labelNames: ['event'], registers });
    const build = new Gauge({
      name: 'parley_build_info',
      help: 'Always 1; labels name the build, node and database engine.',
      labelNames: ['version', 'node_id', 'engine'],
      registers,
    });
    build.set({ version: info.version, node_id: info.nodeId, engine: info.engine }, 1);
  }

  /**
   * Node runtime metrics (event-loop lag, GC, heap, handles). Only for a process that is scraped: they start
   * a GC observer and an event-loop monitor that live as long as the process.
   */
  collectRuntime(): void {
    if (this.defaultsOn) return;
    this.defaultsOn = true;
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }

  /** Prometheus text exposition of every metric. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/**
 * Mattermost's `origin_client` label, from request headers: a bounded set, never the raw user agent.
 */
export function originClient(headers: Record<string, string | string[] | undefined>): string {
  const ua = String(headers['user-agent'] ?? '');
  if (/Mattermost Mobile|\bRNBeta\b/i.test(ua)) return 'mobile';
  if (/Mattermost\/|Electron\//.test(ua)) return 'desktop';
  if (headers['x-requested-with'] === 'XMLHttpRequest') return 'web';
  return '';
}

/** `page_load_context` as the web app sends it (X-Page-Load-Context); anything else is "". */
export function pageLoadContext(headers: Record<string, string | string[] | undefined>): string {
  const v = headers['x-page-load-context'];
  return v === 'page_load' || v === 'reconnect' ? v : '';
}

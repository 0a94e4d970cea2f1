// Composition root: the only place that names concrete classes (SQL store, bus, HTTP server).
// main.ts uses it for the process; tests use it to run a real server on loopback.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { App } from './app/app.js';
import { SERVER_VERSION } from './app/system.js';
import type { Config } from './config/config.js';
import { ClusterBus } from './events/cluster-bus.js';
import { LocalBus } from './events/local-bus.js';
import { NatsTransport } from './events/nats-bus.js';
import { RedisTransport } from './events/redis-bus.js';
import type { EventBus } from './events/bus.js';
import { ObservedBus } from './events/observed-bus.js';
import { buildServer } from './api4/server.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { Logger } from './platform/logger.js';
import { openFileStore } from './platform/files/index.js';
import { newId } from './platform/ids.js';
import { Metrics } from './platform/metrics.js';
import { startOpsServer, type OpsServer, type Readiness } from './platform/ops-server.js';
import { fastifyTracing, traceMethods, tracingActive } from './platform/tracing.js';
import { migrateToLatest, openDatabase, type OpenedDatabase } from './store/database.js';
import { timedStore } from './store/layers/timing.js';
import { SqlStore } from './store/sql/index.js';
import type { Store } from './store/store.js';
import { Hub, type HubOptions } from './ws/hub.js';
import { registerWebSocketRoute } from './ws/route.js';

export { SERVER_VERSION };

export interface Parley {
  app: App;
  server: FastifyInstance;
  database: OpenedDatabase;
  bus: EventBus;
  hub: Hub;
  /** This process in the cluster. */
  node: { instanceId: string; name: string };
  /** Base URL once listening, e.g. http://127.0.0.1:8065 */
  url: string;
  /** Present when the metrics listener is on. */
  metrics?: Metrics;
  /** Base URL of the metrics/health listener, e.g. http://127.0.0.1:8067 */
  metricsUrl?: string;
  /** What /health/ready answers: DB reachable, migrations done, not shutting down. */
  ready(): Promise<Readiness>;
  close(): Promise<void>;
}

export interface ComposeOptions {
  logger: Logger;
  clock?: Clock;
  /** PostgreSQL: schema to use (tests create one per run). */
  pgSchema?: string;
  hub?: HubOptions;
  upkeepIntervalMs?: number;
  /** How often this process refreshes its row in cluster_nodes; 3 missed beats and it counts as gone. */
  heartbeatIntervalMs?: number;
}

/** The node's bus: in-process for one node, the broker named by PARLEY_CLUSTER_BUS for a cluster. */
async function openBus(config: Config, instanceId: string, log: Logger): Promise<EventBus> {
  const url = config.clusterBus ?? '';
  if (url === '') return new LocalBus();
  const name = config.clusterName ?? 'parley';
  const transport = url.startsWith('nats:') ? new NatsTransport(url, `${name}.events`) : new RedisTransport(url, `${name}:events`);
  const bus = new ClusterBus(transport, { instanceId, warn: (fields, message) => log.warn(fields, message) });
  try {
    await bus.start();
  } catch (err) {
    await bus.close().catch(() => {});
    throw new Error(`cannot reach the cluster bus at ${url.replace(/\/\/[^@]*@/, '//')}: ${(err as Error).message}`, { cause: err });
  }
  return bus;
}

/**
 * The App as api4/ and ws/ see it when tracing: each call into a service (`app.posts.createPost`) is a
 * span. Calls between services inside app/ go to the plain objects and stay inside the caller's span.
 */
function tracedApp(app: App): App {
  const services = new Map<PropertyKey, unknown>();
  return new Proxy(app, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof key !== 'string' || typeof value !== 'object' || value === null || !value.constructor.name.endsWith('Service')) return value;
      let s = services.get(key);
      if (!s) services.set(key, (s = traceMethods(value, `app.${key}`)));
      return s;
    },
  });
}

export async function startParley(config: Config, opts: ComposeOptions): Promise<Parley> {
  const tracing = tracingActive();
  const log = opts.logger;
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pgSchema: opts.pgSchema,
    traceSql: tracing,
    onIdleError: (err) => log.warn({ err: err.message }, 'database connection lost; it will be replaced'),
  });
  // Readiness before the app exists: migrating, then serving, then stopping.
  const state: { phase: 'migrating' | 'serving' | 'stopping'; app?: App } = { phase: 'migrating' };
  const ready = async (): Promise<Readiness> => {
    const { phase, app } = state;
    const database = app ? ((await app.system.health()).database ? 'OK' : 'UNHEALTHY') : 'UNKNOWN';
    const checks = { database, migrations: phase === 'migrating' ? 'PENDING' : 'OK', shutdown: phase === 'stopping' ? 'IN_PROGRESS' : 'NO' };
    return { ready: phase === 'serving' && database === 'OK', checks };
  };
  let metrics: Metrics | undefined;
  let ops: OpsServer | undefined;
  try {
    if (config.metricsListen) {
      metrics = new Metrics({ nodeId: config.nodeId ?? os.hostname(), version: SERVER_VERSION, engine: database.engine });
      metrics.collectRuntime();
      metrics.sources.dbConnections = () => database.connections();
      // Up before migrations, so that an orchestrator sees "alive, not ready" during a long one.
      ops = await startOpsServer({ ...config.metricsListen, metrics, ready, log });
    }
    await migrateToLatest(database);
  } catch (err) {
    await ops?.close();
    await database.close();
    throw err;
  }
  // The file store lives in the data directory; health reports whether it is writable.
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
  } catch (err) {
    log.warn({ err, data_dir: config.dataDir }, 'cannot create the data directory');
  }
  const m = metrics;
  const node = { instanceId: newId(), name: config.nodeId ?? os.hostname() };
  let bus: EventBus;
  try {
    bus = new ObservedBus(await openBus(config, node.instanceId, log), m);
  } catch (err) {
    await ops?.close();
    await database.close();
    throw err;
  }
  const sqlStore = new SqlStore(database.db, database.engine);
  const store: Store =
    m || tracing ? timedStore(sqlStore, m ? (method, ok, seconds) => m.dbStoreTime.observe({ method, success: String(ok) }, seconds) : () => {}) : sqlStore;
  const files = openFileStore(config.filesS3 ? { driver: 's3', ...config.filesS3 } : { driver: 'local', directory: path.join(config.dataDir, 'files') });
  const app = new App({ store, bus, config, clock: opts.clock ?? systemClock, log, files, node });
  await app.cluster.heartbeat();
  // The configuration saved through the API (over defaults, under the environment) before anything serves.
  await app.configAdmin.loadSaved();
  // Permission checks read the edited roles from the first request on.
  await app.roles.load();
  state.app = app;
  const api = tracing ? tracedApp(app) : app;
  const hub = new Hub(api, bus, log, { ...opts.hub, ...(m ? { metrics: m } : {}) });
  app.analytics.setNodeStats({ websocketConnections: () => hub.connectionCount, databaseConnections: () => database.connections() });
  if (m) {
    m.sources.usersOnline = () => hub.onlineUserCount;
    m.sources.hubConnections = () => hub.registeredCount;
    m.sources.hubQueue = () => hub.queueLength;
  }
  const server = await buildServer(api, {
    logger: log,
    ...(m ? { metrics: m } : {}),
    ...(tracing ? { tracing: await fastifyTracing() } : {}),
    registerExtra: (s) => registerWebSocketRoute(s, api, hub, m),
  });
  let url: string;
  try {
    url = await server.listen({ host: config.host, port: config.port });
  } catch (err) {
    // e.g. the port is taken: release what is open so the caller (or a test) can exit cleanly.
    await hub.close();
    await server.close();
    await database.close();
    await ops?.close();
    throw err;
  }
  state.phase = 'serving';
  // Periodic upkeep; each run is idempotent, so every node of a cluster may run it.
  const heartbeatMs = opts.heartbeatIntervalMs ?? 10_000;
  const heartbeat = setInterval(() => {
    app.cluster.heartbeat().catch((err: unknown) => log.warn({ err }, 'cluster heartbeat failed'));
  }, heartbeatMs);
  heartbeat.unref();
  const upkeep = setInterval(() => {
    app.statuses.expireDoNotDisturb().catch((err: unknown) => log.error({ err }, 'expiring do-not-disturb failed'));
    app.cluster.sweep(3 * heartbeatMs).catch((err: unknown) => log.warn({ err }, 'cluster presence sweep failed'));
    app.commands.cleanupCommandWebhooks().catch((err: unknown) => log.warn({ err }, 'removing expired command response URLs failed'));
    app.audits.deleteExpired().catch((err: unknown) => log.warn({ err }, 'removing expired audit rows failed'));
    app.postReminders.sendDue().catch((err: unknown) => log.warn({ err }, 'sending post reminders failed'));
  }, opts.upkeepIntervalMs ?? 30_000);
  upkeep.unref();
  const stopEmailBatching = app.email.startBatching();
  let closed = false;
  return {
    app,
    server,
    database,
    bus,
    hub,
    node,
    url: url.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1'),
    ...(m ? { metrics: m } : {}),
    ...(ops ? { metricsUrl: ops.url } : {}),
    ready,
    async close() {
      if (closed) return;
      closed = true;
      // Graceful stop: not ready (the load balancer stops routing here), sockets told to reconnect to
      // another node (1001), no new connections, in-flight requests finished, mail and the bus flushed.
      state.phase = 'stopping';
      if (config.shutdownDrainMs) await new Promise((r) => setTimeout(r, config.shutdownDrainMs));
      clearInterval(upkeep);
      clearInterval(heartbeat);
      stopEmailBatching();
      await hub.close();
      await server.close();
      // Mails already handed to the mailer, and outgoing webhook calls (each bounded by its timeout),
      // finish before the database and SMTP connection close.
      await app.email.idle();
      await app.webhooks.idle();
      await app.audits.idle();
      app.email.close();
      await app.cluster.leave().catch((err: unknown) => log.warn({ err }, 'leaving the cluster table failed'));
      await bus.close();
      await database.close();
      await ops?.close();
    },
  };
}

// Composition root: the only place that names concrete classes (SQL store, bus, HTTP server).
// main.ts uses it for the process; tests use it to run a real server on loopback.
import type { FastifyInstance } from 'fastify';
import { App } from './app/app.js';
import type { Config } from './config/config.js';
import { LocalBus } from './events/local-bus.js';
import type { EventBus } from './events/bus.js';
import { buildServer } from './api4/server.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { Logger } from './platform/logger.js';
import { migrateToLatest, openDatabase, type OpenedDatabase } from './store/database.js';
import { SqlStore } from './store/sql/index.js';
import { Hub, type HubOptions } from './ws/hub.js';
import { registerWebSocketRoute } from './ws/route.js';

export interface Parley {
  app: App;
  server: FastifyInstance;
  database: OpenedDatabase;
  bus: EventBus;
  hub: Hub;
  /** Base URL once listening, e.g. http://127.0.0.1:8065 */
  url: string;
  close(): Promise<void>;
}

export interface ComposeOptions {
  logger: Logger;
  clock?: Clock;
  /** PostgreSQL: schema to use (tests create one per run). */
  pgSchema?: string;
  hub?: HubOptions;
  upkeepIntervalMs?: number;
}

export async function startParley(config: Config, opts: ComposeOptions): Promise<Parley> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, pgSchema: opts.pgSchema });
  try {
    await migrateToLatest(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  const bus = new LocalBus();
  const store = new SqlStore(database.db, database.engine);
  const app = new App({ store, bus, config, clock: opts.clock ?? systemClock, log: opts.logger });
  const hub = new Hub(app, bus, opts.logger, opts.hub);
  const server = await buildServer(app, { logger: opts.logger, registerExtra: (s) => registerWebSocketRoute(s, app, hub) });
  const url = await server.listen({ host: config.host, port: config.port });
  // Periodic upkeep; each run is idempotent, so every node of a cluster may run it.
  const upkeep = setInterval(() => {
    app.statuses.expireDoNotDisturb().catch((err: unknown) => opts.logger.error({ err }, 'expiring do-not-disturb failed'));
  }, opts.upkeepIntervalMs ?? 30_000);
  upkeep.unref();
  let closed = false;
  return {
    app,
    server,
    database,
    bus,
    hub,
    url: url.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1'),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(upkeep);
      await hub.close();
      await server.close();
      await bus.close();
      await database.close();
    },
  };
}

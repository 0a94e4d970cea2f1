// Several Parley nodes in this process, sharing one PostgreSQL schema and a real broker (Redis or NATS) on
// loopback — the cluster shape without process management. Each node has its own bus connections, hub
// and HTTP listener; the bus channel is unique per test cluster so runs never hear each other.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultSettings, type Config, type Settings } from '../src/config/config.js';
import { startParley, type ComposeOptions, type Parley } from '../src/compose.js';
import { createLogger } from '../src/platform/logger.js';
import { newId } from '../src/platform/ids.js';
import { PG_URL, pgAdmin } from './engines.js';
import { client, type TestUser } from './harness.js';

export type BusKind = 'redis' | 'nats';
export const BUS_URLS: Record<BusKind, string> = {
  redis: process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  nats: process.env.PARLEY_TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
};

export function busKinds(): BusKind[] {
  const list = (process.env.PARLEY_TEST_BUSES ?? 'redis,nats').split(',').map((s) => s.trim());
  return list.filter((b): b is BusKind => b === 'redis' || b === 'nats');
}

export interface TestCluster {
  nodes: Parley[];
  schema: string;
  clusterName: string;
  busUrl: string;
  /** Runs SQL on the cluster's schema (to age a heartbeat, count rows). */
  sql<T = Record<string, unknown>>(statement: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startTestCluster(
  bus: BusKind,
  n: number,
  opts: { settings?: Partial<Settings>; compose?: Partial<ComposeOptions> } = {},
): Promise<TestCluster> {
  const schema = `c_${newId()}`;
  const clusterName = `test-${newId()}`;
  await pgAdmin(`CREATE SCHEMA ${schema}`);
  const dirs: string[] = [];
  const nodes: Parley[] = [];
  const close = async () => {
    for (const node of nodes) await node.close().catch(() => {});
    await pgAdmin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  };
  try {
    // One after another: the first migrates, the others find the schema current.
    for (let i = 0; i < n; i++) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-cluster-'));
      dirs.push(dataDir);
      const config: Config = {
        host: '127.0.0.1',
        port: 0,
        dataDir,
        databaseUrl: PG_URL,
        siteUrl: 'http://127.0.0.1',
        settings: { ...defaultSettings, passwordIterations: 1000, ...opts.settings },
        metricsListen: null,
        nodeId: `node-${i + 1}`,
        clusterBus: BUS_URLS[bus],
        clusterName,
      };
      const logger = createLogger(process.env.PARLEY_TEST_LOG ?? 'silent');
      nodes.push(await startParley(config, { logger, pgSchema: schema, ...opts.compose }));
    }
  } catch (err) {
    await close();
    throw err;
  }
  return {
    nodes,
    schema,
    clusterName,
    busUrl: BUS_URLS[bus],
    async sql<T>(statement: string, params: unknown[] = []) {
      const pg = (await import('pg')).default;
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`SET search_path TO ${schema}`);
        return (await c.query(statement, params)).rows as T[];
      } finally {
        await c.end();
      }
    },
    close,
  };
}

/** Polls until check() holds, failing with `what` after timeoutMs. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The same user talking to another node. */
export const onNode = (nodeUrl: string, u: TestUser): TestUser => ({ ...u, client: client(nodeUrl, u.client.getToken()) });

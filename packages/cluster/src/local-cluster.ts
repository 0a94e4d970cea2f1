// N Parley node processes (the production bundle, packages/server/dist/main.js) on one PostgreSQL and one
// bus, behind HAProxy: the deployment shape of deploy/k8s on one machine. Nodes can be stopped gracefully
// (SIGTERM), killed (SIGKILL) and started again on the same ports.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HAProxy, type Backend } from './haproxy.js';
import { freePort, httpOk, Proc, waitUntil } from './processes.js';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
const MAIN = path.join(ROOT, 'packages/server/dist/main.js');

/** Bundles the server as `npm start` does (and the web client when asked). */
export function buildServer(opts: { web: boolean }): void {
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`build failed: node ${args.join(' ')}`);
  };
  if (opts.web) {
    const r = spawnSync('npm', ['run', 'build', '-w', '@parley/web'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('building the web client failed');
  }
  run([path.join(ROOT, 'packages/server/scripts/build.mjs')]);
}

export interface LocalClusterOptions {
  nodes: number;
  databaseUrl: string;
  busUrl: string;
  /** Load balancer port; 0 = a free one. */
  port: number;
  /** Shared by the nodes: uploaded files must be visible from every node. */
  dataDir?: string;
  clusterName?: string;
  /** Extra environment for every node (settings). */
  env?: NodeJS.ProcessEnv;
  /** Print node logs with a [node-i] prefix. */
  echo?: boolean;
  log?: (msg: string) => void;
}

class NodeProcess {
  proc: Proc | null = null;
  constructor(
    readonly index: number,
    readonly backend: Backend,
    private readonly env: NodeJS.ProcessEnv,
    private readonly echo: boolean,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.backend.port}`;
  }

  async start(): Promise<void> {
    this.proc = new Proc(this.backend.name, process.execPath, ['--enable-source-maps', MAIN], { env: this.env, cwd: ROOT, echo: this.echo });
    await waitUntil(() => httpOk(`http://127.0.0.1:${this.backend.metricsPort}/health/ready`), `${this.backend.name} ready`, 60_000, this.proc);
  }
}

export class LocalCluster {
  private constructor(
    readonly nodes: NodeProcess[],
    readonly haproxy: HAProxy,
    private readonly ownDataDir: string | null,
  ) {}

  get url(): string {
    return this.haproxy.url;
  }

  static async start(o: LocalClusterOptions): Promise<LocalCluster> {
    const log = o.log ?? (() => {});
    if (!fs.existsSync(MAIN)) buildServer({ web: false });
    const ownDataDir = o.dataDir ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'parley-cluster-data-'));
    const dataDir = o.dataDir ?? ownDataDir!;
    const nodes: NodeProcess[] = [];
    for (let i = 0; i < o.nodes; i++) {
      const backend = { name: `node-${i + 1}`, port: await freePort(), metricsPort: await freePort() };
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...o.env,
        PARLEY_LISTEN: `127.0.0.1:${backend.port}`,
        PARLEY_METRICS_LISTEN: `127.0.0.1:${backend.metricsPort}`,
        PARLEY_DATABASE_URL: o.databaseUrl,
        PARLEY_CLUSTER_BUS: o.busUrl,
        PARLEY_CLUSTER_NAME: o.clusterName ?? 'parley',
        PARLEY_NODE_ID: backend.name,
        PARLEY_DATA_DIR: dataDir,
      };
      nodes.push(new NodeProcess(i, backend, env, o.echo ?? false));
    }
    const haproxy = new HAProxy(o.port || (await freePort()), nodes.map((n) => n.backend));
    const cluster = new LocalCluster(nodes, haproxy, ownDataDir);
    try {
      // The first node migrates the database; the others start on a current schema.
      await nodes[0]!.start();
      await Promise.all(nodes.slice(1).map((n) => n.start()));
      log(`nodes: ${nodes.map((n) => `${n.backend.name} ${n.url}`).join(', ')}`);
      await haproxy.start();
      // HAProxy marks a node up after its first passing check.
      await waitUntil(() => httpOk(`${haproxy.url}/api/v4/system/ping`), 'the load balancer', 10_000);
    } catch (err) {
      await cluster.close();
      throw err;
    }
    return cluster;
  }

  /** SIGTERM and wait for the exit: the node drains (graceful shutdown). Returns its exit code. */
  async stopNode(i: number): Promise<number | null> {
    return (await this.nodes[i]!.proc?.stop('SIGTERM', 30_000)) ?? null;
  }

  /** SIGKILL: no shutdown at all, as a crash or a lost host. */
  async killNode(i: number): Promise<void> {
    await this.nodes[i]!.proc?.stop('SIGKILL');
  }

  async startNode(i: number): Promise<void> {
    await this.nodes[i]!.start();
  }

  nodeLog(i: number): string {
    return this.nodes[i]!.proc?.logTail(60) ?? '';
  }

  async close(): Promise<void> {
    await this.haproxy.close();
    await Promise.all(this.nodes.map((n) => n.proc?.stop('SIGTERM', 10_000)));
    if (this.ownDataDir) fs.rmSync(this.ownDataDir, { recursive: true, force: true });
  }
}

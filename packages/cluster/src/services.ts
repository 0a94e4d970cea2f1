// Dependencies of a local cluster. `npm run cluster` uses the machine's PostgreSQL, Redis and NATS; the
// fault tests start private ones on free ports (a PostgreSQL cluster in a temp directory, a redis-server,
// a nats-server) so they can restart them without touching anything else on the machine.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, portOpen, Proc, sleep, waitUntil } from './processes.js';

/** One statement on its own connection (the fault runner's occasional look at the database). */
export async function queryOnce<T extends Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

export interface Dependency {
  readonly name: string;
  readonly url: string;
  /** Stops it (a crash for the nodes: connections drop), waits `downMs`, starts it again on the same port. */
  restart(downMs: number): Promise<void>;
  close(): Promise<void>;
}

function pgBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (fs.existsSync(path.join(base, v, 'bin', 'initdb'))) return path.join(base, v, 'bin');
  throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql');
}

/** Runs a PostgreSQL tool as the postgres user when we are root (initdb refuses root). */
function asPostgres(bin: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  const r = root ? spawnSync('runuser', ['-u', 'postgres', '--', bin, ...args], { encoding: 'utf8' }) : spawnSync(bin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${path.basename(bin)} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
}

export class PrivatePostgres implements Dependency {
  readonly name = 'postgresql';
  /** pg_ctl runs the server detached from us: stop it even if this process dies without close(). */
  private readonly onExit = () => {
    try {
      this.pgCtl('stop', 'immediate');
    } catch {
      // already stopped
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  };

  private constructor(
    private readonly dir: string,
    private readonly port: number,
    private readonly bin: string,
  ) {
    process.once('exit', this.onExit);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/parley`;
  }

  static async start(): Promise<PrivatePostgres> {
    const bin = pgBinDir();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-pg-'));
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
    const port = await freePort();
    asPostgres(path.join(bin, 'initdb'), ['-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    const pgDb = new PrivatePostgres(dir, port, bin);
    pgDb.pgCtl('start');
    await queryOnce(`postgres://postgres@127.0.0.1:${port}/postgres`, 'CREATE DATABASE parley');
    return pgDb;
  }

  private pgCtl(action: 'start' | 'stop' | 'restart', mode = 'fast'): void {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    asPostgres(path.join(this.bin, 'pg_ctl'), ['-D', path.join(this.dir, 'data'), '-o', opts, '-l', path.join(this.dir, 'log'), '-m', mode, '-w', action]);
  }

  async restart(downMs: number): Promise<void> {
    // immediate: what a crash looks like to clients (no graceful disconnect)
    this.pgCtl('stop', 'immediate');
    await sleep(downMs);
    this.pgCtl('start');
  }

  async close(): Promise<void> {
    process.removeListener('exit', this.onExit);
    this.onExit();
  }
}

class PrivateServer implements Dependency {
  private proc: Proc | null = null;
  constructor(
    readonly name: string,
    private readonly port: number,
    private readonly command: string,
    private readonly args: string[],
    readonly url: string,
  ) {}

  async start(): Promise<void> {
    this.proc = new Proc(this.name, this.command, this.args);
    await waitUntil(() => portOpen(this.port), `${this.name} on port ${this.port}`, 10_000, this.proc);
  }

  async restart(downMs: number): Promise<void> {
    await this.proc?.stop('SIGKILL');
    await sleep(downMs);
    await this.start();
  }

  async close(): Promise<void> {
    await this.proc?.stop('SIGKILL');
  }
}

export async function privateRedis(): Promise<Dependency> {
  const port = await freePort();
  const s = new PrivateServer('redis', port, 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], `redis://127.0.0.1:${port}`);
  await s.start();
  return s;
}

export async function privateNats(): Promise<Dependency> {
  const port = await freePort();
  const bin = fs.existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
  const s = new PrivateServer('nats', port, bin, ['-a', '127.0.0.1', '-p', String(port)], `nats://127.0.0.1:${port}`);
  await s.start();
  return s;
}

/** The machine's PostgreSQL: a database of its own for the local cluster, created when missing. */
export async function machinePostgresDatabase(baseUrl: string, database: string, fresh: boolean): Promise<string> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const u = new URL(baseUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

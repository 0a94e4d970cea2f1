// The embedded target: packages/server/bench/server.ts in a child process (never imported — the loadtest
// package must not depend on server source), so its CPU and RSS can be read from /proc alone.
import { spawn, execFileSync, type ChildProcessByStdio } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { SeedSpec } from './dataset.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SERVER_SCRIPT = path.join(ROOT, 'packages/server/bench/server.ts');

let clkTck = 100;
try {
  clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // getconf missing: Linux's USER_HZ is 100 almost everywhere
}

export function procRssKb(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/** utime + stime in seconds. */
export function procCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / clkTck;
}

/** Turns successive CPU-seconds readings into % of one core over the interval between them. */
export class CpuMeter {
  private last: { cpu: number; at: number };
  constructor(private readonly read: () => number) {
    this.last = { cpu: read(), at: performance.now() };
  }
  sample(): number {
    const now = { cpu: this.read(), at: performance.now() };
    const pct = (100 * (now.cpu - this.last.cpu)) / Math.max(0.001, (now.at - this.last.at) / 1000);
    this.last = now;
    return Math.round(pct * 10) / 10;
  }
}

export interface EventLoopLag {
  p50: number;
  p99: number;
  max: number;
}

/** Where the embedded server keeps its data: a directory (SQLite file and uploads) and, on PostgreSQL, a schema. */
export interface DataPlace {
  dataDir: string;
  pgSchema?: string;
  /** The data outlives the process (--keep-data); otherwise the process that owns it deletes it on exit. */
  keep: boolean;
}

export interface StoreSeedResult {
  reused: boolean;
  seconds: number;
  rows: Record<string, number> | null;
  rowsPerSecond: number;
}

export class EmbeddedServer {
  private nextId = 1;
  private readonly waiting = new Map<number, (r: Record<string, unknown>) => void>();
  private readonly exited: Promise<void>;
  private gone = false;

  private constructor(
    private readonly child: ChildProcessByStdio<Writable, Readable, null>,
    public url: string,
    readonly pid: number,
    /** Where this process keeps its data (a temp dir and schema unless a place was given). */
    readonly place: DataPlace,
    lines: readline.Interface,
  ) {
    lines.on('line', (line) => {
      try {
        const r = JSON.parse(line) as Record<string, unknown>;
        const id = Number(r.id);
        this.waiting.get(id)?.(r);
        this.waiting.delete(id);
      } catch {
        // not a reply line
      }
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        this.gone = true;
        for (const answer of this.waiting.values()) answer({ ok: false, error: 'the server process exited' });
        resolve();
      }),
    );
    child.stdin.on('error', () => undefined);
  }

  /**
   * Starts bench/server.ts. With a place, over that data: kept (--keep-data), or handed over by an earlier
   * process (see `handOver`), which this one then owns and deletes on exit.
   */
  static async start(engine = 'sqlite', place?: DataPlace): Promise<EmbeddedServer> {
    const args = ['--import', 'tsx', SERVER_SCRIPT, '--engine', engine];
    if (place) {
      if (place.keep) args.push('--keep-data');
      args.push('--data-dir', place.dataDir, ...(place.pgSchema ? ['--pg-schema', place.pgSchema] : []));
    }
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = readline.createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start within 60 s')), 60_000);
      lines.once('line', (line) => {
        clearTimeout(timer);
        resolve(line);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${String(code)} before listening`));
      });
    });
    const hello = JSON.parse(first) as { url: string; pid: number; dataDir: string; pgSchema: string | null };
    const where: DataPlace = { dataDir: hello.dataDir, ...(hello.pgSchema ? { pgSchema: hello.pgSchema } : {}), keep: place?.keep ?? false };
    return new EmbeddedServer(child, hello.url, hello.pid, where, lines);
  }

  private async request(cmd: Record<string, unknown>, timeoutMs: number): Promise<Record<string, unknown>> {
    if (this.gone) return { ok: false, error: 'server exited' };
    const id = this.nextId++;
    const reply = new Promise<Record<string, unknown>>((resolve) => {
      const timer = setTimeout(() => resolve({ ok: false, error: `no answer to ${String(cmd.cmd)} within ${timeoutMs} ms` }), timeoutMs);
      this.waiting.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
    this.child.stdin.write(`${JSON.stringify({ ...cmd, id })}\n`);
    return reply;
  }

  /**
   * Seeds `spec` at store level in the server process (bench/seed): reused if that very dataset is there
   * already, wiped and seeded again if `fresh` or if it is another or an unfinished one.
   */
  async seed(spec: SeedSpec, fresh: boolean): Promise<StoreSeedResult> {
    const r = await this.request({ cmd: 'seed', spec, fresh }, 24 * 3600 * 1000);
    if (!r.ok) throw new Error(`store seed failed: ${String(r.error)}`);
    this.url = String(r.url);
    return { reused: r.reused === true, seconds: Number(r.seconds), rows: (r.rows as Record<string, number> | null) ?? null, rowsPerSecond: Number(r.rowsPerSecond) };
  }

  /** Gives up ownership of temp data, so that a next process started over `place` owns it instead. */
  async handOver(): Promise<void> {
    const r = await this.request({ cmd: 'handover' }, 10_000);
    if (!r.ok) throw new Error(`handover failed: ${String(r.error)}`);
  }

  /** Event-loop delay since the last call (bench/server.ts keeps a monitorEventLoopDelay). */
  async eventLoopLag(): Promise<EventLoopLag | null> {
    if (this.gone) return null;
    const r = await this.request({ cmd: 'stats' }, 5_000);
    this.child.stdin.write(`${JSON.stringify({ id: this.nextId++, cmd: 'reset-loop' })}\n`);
    const lag = r.eventLoopLagMs as EventLoopLag | undefined;
    return r.ok && lag ? lag : null;
  }

  async stop(): Promise<void> {
    if (this.gone) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}

// The engine shared by bounded runs and the coordinator: a pool of simulated users that can grow and
// shrink, a 1 s sampler (client metrics, server CPU/RSS, generator CPU) and the final report.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Metrics, summarizeCounters, type CountersSummary } from './metrics.js';
import { CpuMeter, procCpuSeconds, procRssKb, type EmbeddedServer, type EventLoopLag } from './server-process.js';
import type { ServerSource } from './server-metrics.js';
import type { Dataset } from './seed.js';
import { SimUser, type ActionName, type Profile } from './user.js';
import { inParallel } from './util.js';

export interface PoolOptions {
  baseUrl: string;
  dataset: Dataset;
  profile: Profile;
  speed: number;
  /** Start user i with action coverAll[i % n] (short runs that must exercise every action). */
  coverAll?: readonly ActionName[];
  log: (msg: string) => void;
}

export class UserPool {
  readonly metrics = new Metrics();
  private readonly users: SimUser[] = [];
  private started = 0;
  private starting = 0;
  loginFailures = 0;
  readonly errorSamples: string[] = [];
  /** Failed actions and background calls so far (not only the sampled ones). */
  errorCount = 0;

  constructor(private readonly o: PoolOptions) {}

  get active(): number {
    return this.users.length;
  }

  get pending(): number {
    return this.starting;
  }

  private noteError(what: string, err: unknown): void {
    this.errorCount++;
    if (this.errorSamples.length < 20) this.errorSamples.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  }

  /** Starts n more users; more users than accounts reuse accounts (one session each). */
  async add(n: number, parallel = 8): Promise<void> {
    const names = this.o.dataset.usernames;
    this.starting += n;
    await inParallel(
      Array.from({ length: n }, () => this.started++),
      parallel,
      async (i) => {
        const user = new SimUser({
          baseUrl: this.o.baseUrl,
          username: names[i % names.length]!,
          password: this.o.dataset.password,
          others: names,
          teamIndex: i,
          profile: this.o.profile,
          speed: this.o.speed,
          metrics: this.metrics,
          ...(this.o.coverAll ? { firstAction: this.o.coverAll[i % this.o.coverAll.length]! } : {}),
          onError: (what, err) => this.noteError(what, err),
        });
        // Session start (login, initial load, WebSocket) is one of the user-visible actions §8.5 reports.
        const t0 = performance.now();
        try {
          await user.start();
          this.metrics.action('Login', (performance.now() - t0) * 1000, false);
          this.users.push(user);
        } catch (err) {
          this.metrics.action('Login', (performance.now() - t0) * 1000, true);
          this.loginFailures++;
          this.noteError('start', err);
          await user.stop();
        } finally {
          this.starting--;
        }
      },
    );
  }

  async remove(n: number): Promise<void> {
    const gone = this.users.splice(Math.max(0, this.users.length - n), n);
    await Promise.all(gone.map((u) => u.stop()));
  }

  async stopAll(): Promise<void> {
    await this.remove(this.users.length);
  }
}

export interface Sample {
  t: number;
  users: number;
  actionsPerSec: number;
  reqPerSec: number;
  avgMs: number;
  p99Ms: number;
  errors: number;
  timeouts: number;
  serverCpuPct: number | null;
  serverRssMb: number | null;
  generatorCpuPct: number;
  eventLoopP99Ms: number | null;
}

/** Reads one window of the pool's metrics plus process figures, then starts the next window. */
export class Sampler {
  private readonly serverCpu: CpuMeter | null;
  private readonly selfCpu = new CpuMeter(() => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  });
  private readonly t0 = performance.now();
  private lastAt = performance.now();
  readonly samples: Sample[] = [];
  readonly serverPid: number | null;

  constructor(
    private readonly pool: UserPool,
    private readonly server: EmbeddedServer | null,
    /** A remote target's /metrics endpoints, read when there is no embedded server. */
    private readonly scraper: ServerSource | null = null,
  ) {
    this.serverPid = server?.pid ?? null;
    this.serverCpu = server ? new CpuMeter(() => procCpuSeconds(server.pid)) : null;
  }

  async sample(): Promise<Sample> {
    const w = this.pool.metrics.window;
    const now = performance.now();
    const secs = Math.max(0.001, (now - this.lastAt) / 1000);
    this.lastAt = now;
    let actions = 0;
    for (const h of w.actions.values()) actions += h.count;
    let lag: EventLoopLag | null = null;
    if (this.server) lag = await this.server.eventLoopLag();
    const remote = !this.server && this.scraper ? await this.scraper.read() : null;
    const s: Sample = {
      t: Math.round((now - this.t0) / 100) / 10,
      users: this.pool.active,
      actionsPerSec: Math.round((actions / secs) * 10) / 10,
      reqPerSec: Math.round((w.requests / secs) * 10) / 10,
      avgMs: Math.round(w.http.mean() / 100) / 10,
      p99Ms: Math.round(w.http.percentile(99) / 100) / 10,
      errors: w.errors4xx + w.errors5xx + w.networkErrors,
      timeouts: w.timeouts,
      serverCpuPct: this.serverCpu ? this.serverCpu.sample() : (remote?.cpuPct ?? null),
      serverRssMb: this.serverPid ? Math.round(procRssKb(this.serverPid) / 1024) : (remote?.rssMb ?? null),
      generatorCpuPct: this.selfCpu.sample(),
      eventLoopP99Ms: lag ? lag.p99 : (remote?.eventLoopP99Ms ?? null),
    };
    // Window counters feed the next sample only; totals keep everything.
    w.reset();
    this.samples.push(s);
    return s;
  }
}

export const formatSample = (s: Sample, extra = '') =>
  `[${s.t.toFixed(0).padStart(4)}s] users ${String(s.users).padStart(5)} | ${s.actionsPerSec.toFixed(1)} act/s ${s.reqPerSec.toFixed(1)} req/s | avg ${s.avgMs} ms p99 ${s.p99Ms} ms | err ${s.errors} to ${s.timeouts}` +
  (s.serverCpuPct === null ? '' : ` | server cpu ${s.serverCpuPct}% rss ${s.serverRssMb} MB`) +
  (s.eventLoopP99Ms === null ? '' : ` lag p99 ${s.eventLoopP99Ms} ms`) +
  ` | gen cpu ${s.generatorCpuPct}%${extra}`;

export interface Report {
  kind: 'bounded' | 'capacity';
  /** fanout profile only: the broadcast and its verdict. */
  fanout?: { sockets: number; ratePerSec: number; posted: number; failed: number; skipped: number; deliveryP95Ms: number; targetP95Ms: number; pass: boolean };
  startedAt: string;
  durationSec: number;
  target: string;
  embedded: boolean;
  profile: Profile;
  speed: number;
  dataset: { users: number; teams: number; reused: boolean; tier: string };
  environment: { cpus: number; cpuModel: string; node: string; platform: string; note: string };
  users: { final: number; peak: number; loginFailures: number };
  throughput: { actionsPerSec: number; httpReqPerSec: number; httpReqPerUserPerMin: number; actionsPerSecByType: Record<string, number> };
  client: CountersSummary;
  server: { cpuPctAvg: number | null; cpuPctMax: number | null; rssMbMax: number | null; eventLoopP99MsMax: number | null } | null;
  generator: { cpuPctAvg: number; cpuMsPerUserPerSec: number };
  capacity?: { supportedUsers: number; equivalentUsersAtSpeed1: number; settled: boolean; reason: string; alerts: Record<string, number> };
  errorSamples: string[];
  samples: Sample[];
}

const avg = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const r1 = (x: number) => Math.round(x * 10) / 10;

export function buildReport(args: {
  kind: Report['kind'];
  startedAt: Date;
  durationSec: number;
  target: string;
  server: EmbeddedServer | null;
  pool: UserPool;
  sampler: Sampler;
  profile: Profile;
  speed: number;
  dataset: Dataset;
  tier: string;
}): Report {
  const total = summarizeCounters(args.pool.metrics.total);
  const samples = args.sampler.samples;
  const secs = Math.max(0.001, args.durationSec);
  let actions = 0;
  const byType: Record<string, number> = {};
  for (const [name, a] of Object.entries(total.actions)) {
    actions += a.n;
    byType[name] = Math.round((a.n / secs) * 1000) / 1000;
  }
  const loaded = samples.filter((s) => s.users > 0);
  const userSeconds = loaded.reduce((acc, s, i) => acc + s.users * (i === 0 ? s.t : s.t - loaded[i - 1]!.t), 0);
  const avgUsers = userSeconds / secs;
  const genAvg = avg(samples.map((s) => s.generatorCpuPct));
  const cpus = os.cpus();
  return {
    kind: args.kind,
    startedAt: args.startedAt.toISOString(),
    durationSec: r1(secs),
    target: args.target,
    embedded: args.server !== null,
    profile: args.profile,
    speed: args.speed,
    dataset: { users: args.dataset.usernames.length, teams: args.dataset.teamNames.length, reused: args.dataset.reused, tier: args.tier },
    environment: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      note: args.server ? 'server, database and load generator share this machine' : 'load generator only on this machine',
    },
    users: { final: args.pool.active, peak: Math.max(0, ...samples.map((s) => s.users)), loginFailures: args.pool.loginFailures },
    throughput: {
      actionsPerSec: r1(actions / secs),
      httpReqPerSec: r1(total.requests / secs),
      httpReqPerUserPerMin: avgUsers > 0 ? r1((total.requests / secs / avgUsers) * 60) : 0,
      actionsPerSecByType: byType,
    },
    client: total,
    server: args.server || samples.some((s) => s.serverCpuPct !== null)
      ? {
          cpuPctAvg: r1(avg(samples.map((s) => s.serverCpuPct ?? 0))),
          cpuPctMax: Math.max(0, ...samples.map((s) => s.serverCpuPct ?? 0)),
          rssMbMax: Math.max(0, ...samples.map((s) => s.serverRssMb ?? 0)),
          eventLoopP99MsMax: Math.max(0, ...samples.map((s) => s.eventLoopP99Ms ?? 0)),
        }
      : null,
    generator: { cpuPctAvg: r1(genAvg), cpuMsPerUserPerSec: avgUsers > 0 ? Math.round((genAvg * 10 * 1000) / avgUsers) / 1000 : 0 },
    errorSamples: args.pool.errorSamples,
    samples,
  };
}

export function printReport(r: Report, out: (line: string) => void): void {
  out('');
  out(`== Parley load test (${r.kind}, profile ${r.profile}, speed ×${r.speed}) against ${r.target}${r.embedded ? ' (embedded)' : ''}`);
  out(`   dataset ${r.dataset.tier}: ${r.dataset.users} users, ${r.dataset.teams} teams${r.dataset.reused ? ' (reused)' : ''}; ${r.environment.cpus} CPUs (${r.environment.cpuModel}); ${r.environment.note}`);
  out(`   duration ${r.durationSec} s, users final ${r.users.final} peak ${r.users.peak}, login failures ${r.users.loginFailures}`);
  out(`   throughput: ${r.throughput.actionsPerSec} actions/s, ${r.throughput.httpReqPerSec} HTTP req/s (${r.throughput.httpReqPerUserPerMin} req/user/min)`);
  const h = r.client.http;
  out(`   HTTP latency: avg ${h.avgMs} ms, p50 ${h.p50Ms}, p95 ${h.p95Ms}, p99 ${h.p99Ms}, max ${h.maxMs} (n=${h.n})`);
  out('   per action:            n    /s     avg     p50     p95     p99  errors');
  for (const [name, a] of Object.entries(r.client.actions)) {
    out(`     ${name.padEnd(19)}${String(a.n).padStart(6)} ${(r.throughput.actionsPerSecByType[name] ?? 0).toFixed(2).padStart(5)} ${a.avgMs.toFixed(1).padStart(7)} ${a.p50Ms.toFixed(1).padStart(7)} ${a.p95Ms.toFixed(1).padStart(7)} ${a.p99Ms.toFixed(1).padStart(7)} ${String(a.errors).padStart(7)}`);
  }
  const d = r.client.wsPostedDelivery;
  out(`   WebSocket posted delivery: p50 ${d.p50Ms} ms, p95 ${d.p95Ms}, p99 ${d.p99Ms}, max ${d.maxMs} (n=${d.n}); connects ${r.client.wsConnects}`);
  if (r.fanout) {
    const f = r.fanout;
    out(`   FANOUT: ${f.sockets} sockets in one channel, ${f.ratePerSec} posts/s (${f.posted} posted, ${f.failed} failed, ${f.skipped} skipped): delivery p95 ${f.deliveryP95Ms} ms — ${f.pass ? 'PASS' : 'FAIL'} (target < ${f.targetP95Ms} ms)`);
  }
  const e = r.client.errors;
  out(`   errors: 4xx ${e.http4xx}, 5xx ${e.http5xx}, network ${e.network}, timeouts(5 s) ${e.timeouts}, websocket drops ${e.websocket}`);
  for (const [k, v] of Object.entries(e.byRoute)) out(`     ${v} × ${k}`);
  for (const s of r.errorSamples.slice(0, 5)) out(`     e.g. ${s}`);
  if (r.server) out(`   server: CPU avg ${r.server.cpuPctAvg} % max ${r.server.cpuPctMax} % of one core, RSS max ${r.server.rssMbMax} MB, event-loop p99 max ${r.server.eventLoopP99MsMax} ms`);
  out(`   generator: CPU avg ${r.generator.cpuPctAvg} % of one core, ${r.generator.cpuMsPerUserPerSec} ms CPU per simulated user per second`);
  if (r.capacity) {
    out(`   SUPPORTED USERS: ${r.capacity.supportedUsers}${r.speed !== 1 ? ` at speed ×${r.speed} (the action rate of ≈ ${r.capacity.equivalentUsersAtSpeed1} users at Mattermost's think time, with ${r.capacity.supportedUsers} sessions: not a capacity claim)` : ''}; ${r.capacity.settled ? 'settled' : 'not settled'} (${r.capacity.reason})`);
    out(`   alerts seen: ${Object.entries(r.capacity.alerts).map(([k, v]) => `${k} ×${v}`).join(', ') || 'none'}`);
  }
}

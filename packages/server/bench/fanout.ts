// WebSocket fan-out benchmark (DESIGN.md §9): one N-member channel with every member connected.
//   setup    N users over REST (the first is admin), one open team, one channel holding all of them;
//            then the setup server hands its database to a fresh server process, which is measured.
//   phase 1  idle: server RSS (VmRSS) and heap before connecting, with N/2 and with N sockets connected
//            and idle 2 s (after a GC) → KB per socket; the second half gives the marginal cost.
//   phase 2  fan-out: a 1 s warm-up, then posts at R/s for D s over REST (open loop); every socket
//            timestamps each `posted` it receives → post → delivered-to-all and per-delivery latency,
//            deliveries per server CPU-second (/proc/<pid>/stat), missing deliveries.
// The server runs in its own process (bench/server.ts) so /proc figures are its alone; the N clients run
// here, on the same machine, so the report carries this process's CPU and event-loop lag as evidence of
// whether the clients kept up. A benchmark, not a test: it prints figures and never fails `npm test`.
//
//   npm run bench:fanout -- [--users 1000] [--rate 50] [--seconds 10] [--engine sqlite|postgres]
//       [--posters 4] [--wait-quiet seconds] [--cpu-prof file.cpuprofile] [--heap-snapshots dir]
import { spawn, execFileSync, type ChildProcessByStdio } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import WebSocket, { type RawData } from 'ws';
import { hotFunctions } from './cpu-profile.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SERVER_SCRIPT = path.join(import.meta.dirname, 'server.ts');
const PASSWORD = 'Passw0rd!bench';
const SETUP_PARALLELISM = 16;
const CONNECT_PARALLELISM = 50;
const TEAM_BATCH = 256; // the server's cap for /teams/{id}/members/batch
const CHANNEL_BATCH = 100;
const MAX_IN_FLIGHT_POSTS = 200;
const HTTP_TIMEOUT_MS = 15_000;
const HELLO_TIMEOUT_MS = 60_000;
const DRAIN_TIMEOUT_MS = 15_000;
const IDLE_SETTLE_MS = 2_000;
const TARGET_P99_MS = 150;
const LOOP_RESOLUTION_MS = 10;
const TARGET_KB_PER_CONN = 20;

// ---------------------------------------------------------------- options

const { values: argv } = parseArgs({
  options: {
    users: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    engine: { type: 'string', default: process.env.PARLEY_BENCH_PG_URL ? 'postgres' : 'sqlite' },
    posters: { type: 'string', default: '4' },
    'cpu-prof': { type: 'string' },
    'wait-quiet': { type: 'string', default: '0' },
    'heap-snapshots': { type: 'string' },
  },
});

function numberOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number in [${min}, ${max}], got ${value}`);
  return n;
}

const USERS = Math.floor(numberOption('users', argv.users, 2, 20_000));
const RATE = numberOption('rate', argv.rate, 0.1, 2_000);
const SECONDS = numberOption('seconds', argv.seconds, 1, 600);
const POSTERS = Math.floor(numberOption('posters', argv.posters, 1, 100));
const ENGINE = argv.engine;
if (ENGINE !== 'sqlite' && ENGINE !== 'postgres') throw new Error(`--engine must be sqlite or postgres, got ${String(ENGINE)}`);
const TOTAL_POSTS = Math.max(1, Math.round(RATE * SECONDS));
if (TOTAL_POSTS * USERS > 50_000_000) throw new Error('users × rate × seconds is too large for the in-memory delivery table (max 50 M)');
const CPU_PROF = argv['cpu-prof'] ? path.resolve(argv['cpu-prof']) : undefined;
const HEAP_SNAPSHOTS = argv['heap-snapshots'] ? path.resolve(argv['heap-snapshots']) : undefined;
if (HEAP_SNAPSHOTS) fs.mkdirSync(HEAP_SNAPSHOTS, { recursive: true });
const WAIT_QUIET_S = numberOption('wait-quiet', argv['wait-quiet'], 0, 3600);
const QUIET_PCT = 25;

const progress = (msg: string) => process.stderr.write(`[fanout ${(performance.now() / 1000).toFixed(1)}s] ${msg}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- /proc readers

let clkTck = 100;
try {
  clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // getconf missing: Linux's USER_HZ is 100 almost everywhere
}

function rssKb(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]);
}

/** utime + stime of one process, in clock ticks. */
function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11]) + Number(rest[12]);
}

/** Machine-wide busy and total ticks over all cores. */
function machineTicks(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: total - idle, total };
}

/** CPU ticks of every `postgres` process (the DB's share when the engine is PostgreSQL). */
function postgresTicks(): number {
  let sum = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      sum += cpuTicks(Number(entry));
    } catch {
      // the process ended between listing and reading
    }
  }
  return sum;
}

/** CPU used by everything but this process, `pid` and PostgreSQL over `ms`, in % of one core. */
async function otherLoadPct(pid: number, ms: number): Promise<number> {
  const m0 = machineTicks();
  const s0 = cpuTicks(pid);
  const p0 = ENGINE === 'postgres' ? postgresTicks() : 0;
  const b0 = process.cpuUsage();
  await sleep(ms);
  const m1 = machineTicks();
  const ours = cpuTicks(pid) - s0 + (ENGINE === 'postgres' ? postgresTicks() - p0 : 0);
  const b = process.cpuUsage(b0);
  const busyCores = ((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * os.cpus().length;
  return Math.round(100 * busyCores - (100 * ours) / clkTck / (ms / 1000) - (b.user + b.system) / 1e4 / (ms / 1000));
}

/** `--wait-quiet S`: on a shared machine, waits up to S seconds for other jobs to leave the CPUs alone. */
async function waitQuiet(pid: number): Promise<number> {
  const deadline = performance.now() + WAIT_QUIET_S * 1000;
  let other = await otherLoadPct(pid, 1000);
  while (other >= QUIET_PCT && performance.now() < deadline) {
    progress(`other processes use ${other} % of a core; waiting for < ${QUIET_PCT} % (up to ${WAIT_QUIET_S} s)`);
    other = await otherLoadPct(pid, 2000);
  }
  return other;
}

// ---------------------------------------------------------------- the server process

interface ServerReply {
  id: number;
  ok: boolean;
  error?: string;
  [k: string]: unknown;
}

interface ServerData {
  dataDir: string;
  pgSchema: string | null;
}

class ServerProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, (r: ServerReply) => void>();
  private readonly exited: Promise<number | null>;
  private gone = false;

  private constructor(
    private readonly child: ChildProcessByStdio<Writable, Readable, null>,
    readonly url: string,
    readonly pid: number,
    readonly data: ServerData,
    lines: readline.Interface,
  ) {
    lines.on('line', (line) => {
      let r: ServerReply;
      try {
        r = JSON.parse(line) as ServerReply;
      } catch {
        return;
      }
      const resolve = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      resolve?.(r);
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        this.gone = true;
        for (const [id, answer] of this.waiting) answer({ id, ok: false, error: 'server exited' });
        this.waiting.clear();
        resolve(code);
      }),
    );
    // Writing a command to a server that just died must not crash the driver; the reply says it is gone.
    child.stdin.on('error', () => undefined);
  }

  /** Starts a server over a fresh database, or over `reuse` (handed over by an earlier one). */
  static async start(engine: string, reuse?: ServerData): Promise<ServerProcess> {
    const args = ['--expose-gc', '--import', 'tsx', SERVER_SCRIPT, '--engine', engine];
    if (reuse) args.push('--data-dir', reuse.dataDir, ...(reuse.pgSchema ? ['--pg-schema', reuse.pgSchema] : []));
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
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
    const hello = JSON.parse(first) as { url: string; pid: number } & ServerData;
    return new ServerProcess(child, hello.url, hello.pid, { dataDir: hello.dataDir, pgSchema: hello.pgSchema }, lines);
  }

  async command(cmd: string, extra: Record<string, unknown> = {}): Promise<ServerReply> {
    if (this.gone) throw new Error(`server command ${cmd}: the server has exited`);
    const id = this.nextId++;
    const reply = new Promise<ServerReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`server command ${cmd} timed out`));
      }, 60_000);
      this.waiting.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
    this.child.stdin.write(`${JSON.stringify({ id, cmd, ...extra })}\n`);
    const r = await reply;
    if (!r.ok) throw new Error(`server command ${cmd} failed: ${r.error ?? ''}`);
    return r;
  }

  async stop(): Promise<void> {
    if (this.gone) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------- REST

interface HttpResult {
  status: number;
  headers: Headers;
  json: unknown;
}

function makeApi(baseUrl: string) {
  return async (method: string, pathname: string, opts: { token?: string; body?: unknown; expect: number }): Promise<HttpResult> => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(baseUrl + pathname, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (res.status !== opts.expect) throw new Error(`${method} ${pathname}: expected ${opts.expect}, got ${res.status} ${text.slice(0, 300)}`);
    return { status: res.status, headers: res.headers, json };
  };
}

function field(json: unknown, name: string): string {
  const v = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[name] : undefined;
  if (typeof v !== 'string') throw new Error(`response has no string ${name}: ${JSON.stringify(json).slice(0, 200)}`);
  return v;
}

/** Runs fn over items with at most `limit` in flight; rejects on the first failure. */
async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const chunks = <T>(xs: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

// ---------------------------------------------------------------- statistics

interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles over a copy of the samples (at most a few million: a sort is enough). */
function summarise(samples: Float64Array | number[]): Summary {
  const s = Float64Array.from(samples).sort();
  const n = s.length;
  const at = (q: number) => (n === 0 ? NaN : s[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!);
  let sum = 0;
  for (const x of s) sum += x;
  const r = (x: number) => Math.round(x * 10) / 10;
  return { n, p50: r(at(0.5)), p95: r(at(0.95)), p99: r(at(0.99)), max: r(n === 0 ? NaN : s[n - 1]!), mean: r(n === 0 ? NaN : sum / n) };
}

// ---------------------------------------------------------------- the clients

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** Every socket's receive time of every post: recv[post * users + socket], NaN until it arrives. */
class DeliveryTable {
  readonly recv: Float64Array;
  received = 0;
  /** Deliveries of the warm-up posts, which no figure includes. */
  warmupReceived = 0;
  duplicates = 0;
  unknownPosts = 0;
  seqGaps = 0;
  badFrames = 0;
  /** Size of the last `posted` frame seen, for the memory arithmetic. */
  postedFrameBytes = 0;
  readonly otherEvents = new Map<string, number>();
  private readonly lastSeq: Int32Array;

  constructor(
    readonly posts: number,
    readonly users: number,
  ) {
    this.recv = new Float64Array(posts * users).fill(NaN);
    this.lastSeq = new Int32Array(users).fill(-1);
  }

  /** Deliveries still missing for the posts marked in `ok`. */
  missingFor(ok: Uint8Array): number {
    let missing = 0;
    for (let k = 0; k < this.posts; k++) {
      if (!ok[k]) continue;
      for (let i = k * this.users, end = i + this.users; i < end; i++) if (Number.isNaN(this.recv[i]!)) missing += 1;
    }
    return missing;
  }

  /** Parses one frame as a client would; returns the event name. */
  onFrame(socket: number, data: RawData, at: number): string {
    let frame: unknown;
    const text = rawText(data);
    try {
      frame = JSON.parse(text);
    } catch {
      this.badFrames += 1;
      return '';
    }
    if (!isRecord(frame)) return '';
    if (typeof frame.seq === 'number') {
      if (frame.seq !== this.lastSeq[socket]! + 1) this.seqGaps += 1;
      this.lastSeq[socket] = frame.seq;
    }
    const event = typeof frame.event === 'string' ? frame.event : '';
    if (event !== 'posted') {
      if (event !== 'hello') this.otherEvents.set(event, (this.otherEvents.get(event) ?? 0) + 1);
      return event;
    }
    this.postedFrameBytes = Buffer.byteLength(text);
    let post: unknown;
    try {
      post = isRecord(frame.data) && typeof frame.data.post === 'string' ? JSON.parse(frame.data.post) : null;
    } catch {
      this.badFrames += 1;
      return event;
    }
    const m = isRecord(post) && typeof post.message === 'string' ? /^(fanout|warmup) (\d+)$/.exec(post.message) : null;
    if (m?.[1] === 'warmup') {
      this.warmupReceived += 1;
      return event;
    }
    const k = m ? Number(m[2]) : -1;
    if (k < 0 || k >= this.posts) {
      this.unknownPosts += 1;
      return event;
    }
    const slot = k * this.users + socket;
    if (Number.isNaN(this.recv[slot]!)) {
      this.recv[slot] = at;
      this.received += 1;
    } else {
      this.duplicates += 1;
    }
    return event;
  }
}

interface Clients {
  sockets: WebSocket[];
  closed: { count: number; codes: Map<number, number> };
}

/** Opens sockets for users [from, to) and resolves once each has had its `hello`. */
async function connectRange(baseUrl: string, tokens: readonly string[], from: number, to: number, table: DeliveryTable, clients: Clients): Promise<void> {
  const wsUrl = `${baseUrl.replace(/^http/, 'ws')}/api/v4/websocket`;
  const closed = clients.closed;
  const sockets = await inParallel(tokens.slice(from, to), CONNECT_PARALLELISM, (token, j) => {
    const i = from + j;
    const ws = new WebSocket(wsUrl, { headers: { Authorization: `Bearer ${token}` }, perMessageDeflate: false });
    return new Promise<WebSocket>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`socket ${i}: no hello within ${HELLO_TIMEOUT_MS} ms`)), HELLO_TIMEOUT_MS);
      ws.on('message', (data) => {
        const at = performance.now();
        if (table.onFrame(i, data, at) === 'hello') {
          clearTimeout(timer);
          resolve(ws);
        }
      });
      ws.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      // Counted until the report is printed; the teardown's own closes come after it.
      ws.once('close', (code) => {
        closed.count += 1;
        closed.codes.set(code, (closed.codes.get(code) ?? 0) + 1);
      });
    });
  });
  clients.sockets.push(...sockets);
}

// ---------------------------------------------------------------- phases

interface World {
  teamId: string;
  channelId: string;
  userIds: string[];
  tokens: string[];
}

async function setUp(api: ReturnType<typeof makeApi>): Promise<World> {
  const name = (i: number) => `fan${String(i).padStart(5, '0')}`;
  const t = performance.now();
  // The first account of a fresh server becomes system admin; it is member 0 of the channel.
  const admin = await api('POST', '/api/v4/users', { body: { username: name(0), email: `${name(0)}@example.com`, password: PASSWORD }, expect: 201 });
  const login = async (i: number) => {
    const r = await api('POST', '/api/v4/users/login', { body: { login_id: name(i), password: PASSWORD }, expect: 200 });
    const token = r.headers.get('Token');
    if (!token) throw new Error(`login of ${name(i)} returned no Token header`);
    return token;
  };
  const adminToken = await login(0);
  const userIds = [field(admin.json, 'id')];
  const tokens = [adminToken];
  const rest = Array.from({ length: USERS - 1 }, (_, i) => i + 1);
  const created = await inParallel(rest, SETUP_PARALLELISM, async (i) => {
    const r = await api('POST', '/api/v4/users', { token: adminToken, body: { username: name(i), email: `${name(i)}@example.com`, password: PASSWORD }, expect: 201 });
    return { id: field(r.json, 'id'), token: await login(i) };
  });
  for (const c of created) {
    userIds.push(c.id);
    tokens.push(c.token);
  }
  progress(`created and logged in ${USERS} users in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const t2 = performance.now();
  const team = await api('POST', '/api/v4/teams', { token: adminToken, body: { name: 'fanout', display_name: 'Fan-out', type: 'O', allow_open_invite: true }, expect: 201 });
  const teamId = field(team.json, 'id');
  for (const batch of chunks(userIds.slice(1), TEAM_BATCH)) {
    await api('POST', `/api/v4/teams/${teamId}/members/batch`, { token: adminToken, body: batch.map((user_id) => ({ team_id: teamId, user_id })), expect: 201 });
  }
  progress(`added ${USERS - 1} users to the team in ${((performance.now() - t2) / 1000).toFixed(1)} s`);

  const t3 = performance.now();
  const channel = await api('POST', '/api/v4/channels', { token: adminToken, body: { team_id: teamId, name: 'fanout', display_name: 'Fan-out', type: 'O' }, expect: 201 });
  const channelId = field(channel.json, 'id');
  for (const batch of chunks(userIds.slice(1), CHANNEL_BATCH)) {
    await api('POST', `/api/v4/channels/${channelId}/members`, { token: adminToken, body: { user_ids: batch }, expect: 201 });
  }
  const stats = await api('GET', `/api/v4/channels/${channelId}/stats`, { token: adminToken, expect: 200 });
  const members = isRecord(stats.json) ? stats.json.member_count : undefined;
  if (members !== USERS) throw new Error(`channel has ${String(members)} members, expected ${USERS}`);
  progress(`added ${USERS - 1} users to the channel in ${((performance.now() - t3) / 1000).toFixed(1)} s`);
  return { teamId, channelId, userIds, tokens };
}

interface PostingResult {
  sendAt: Float64Array;
  ok: Uint8Array;
  http: number[];
  failed: number;
  skipped: number;
  scheduleLag: number[];
  firstSend: number;
  lastSend: number;
  errors: string[];
}

/**
 * Open loop: post k is due at t0 + k/R whatever the earlier ones are doing (no coordinated omission).
 * Posts carry `<tag> <k>` as their message; the delivery table keys on it.
 */
async function postAtRate(api: ReturnType<typeof makeApi>, world: World, count: number, tag: 'fanout' | 'warmup'): Promise<PostingResult> {
  const posters = world.tokens.slice(0, Math.min(POSTERS, USERS));
  const r: PostingResult = {
    sendAt: new Float64Array(count).fill(NaN),
    ok: new Uint8Array(count),
    http: [],
    failed: 0,
    skipped: 0,
    scheduleLag: [],
    firstSend: NaN,
    lastSend: NaN,
    errors: [],
  };
  const interval = 1000 / RATE;
  const inFlight = new Set<Promise<void>>();
  const fire = (k: number) => {
    const sentAt = performance.now();
    r.sendAt[k] = sentAt;
    const p = api('POST', '/api/v4/posts', { token: posters[k % posters.length]!, body: { channel_id: world.channelId, message: `${tag} ${k}` }, expect: 201 })
      .then(() => {
        r.ok[k] = 1;
        r.http.push(performance.now() - sentAt);
      })
      .catch((err: unknown) => {
        r.failed += 1;
        if (r.errors.length < 5) r.errors.push(String(err));
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  const t0 = performance.now() + 20;
  let k = 0;
  while (k < count) {
    const wait = t0 + k * interval - performance.now();
    if (wait > 0) await sleep(wait);
    const now = performance.now();
    while (k < count && t0 + k * interval <= now) {
      r.scheduleLag.push(now - (t0 + k * interval));
      if (inFlight.size >= MAX_IN_FLIGHT_POSTS) r.skipped += 1;
      else fire(k);
      if (Number.isNaN(r.firstSend)) r.firstSend = now;
      r.lastSend = now;
      k += 1;
    }
  }
  await Promise.allSettled([...inFlight]);
  return r;
}

// ---------------------------------------------------------------- report

const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '—');

function table(rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  return cells.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const cpuModel = os.cpus()[0]?.model ?? 'unknown';
  progress(`engine ${ENGINE}, ${USERS} users, ${RATE} posts/s for ${SECONDS} s, ${POSTERS} posters; ${os.cpus().length} CPUs (${cpuModel}) shared by server and clients`);
  let server = await ServerProcess.start(ENGINE);
  progress(`server pid ${server.pid} at ${server.url} (setup)`);
  let clients: Clients | undefined;
  try {
    const world = await setUp(makeApi(server.url));

    // Memory is measured in a fresh process over the same database, not in the one whose heap grew while
    // creating the users; the setup process hands its data over and stops.
    await server.command('handover');
    await server.stop();
    server = await ServerProcess.start(ENGINE, server.data);
    progress(`server pid ${server.pid} at ${server.url} (measured)`);
    const api = makeApi(server.url);
    const deliveries = new DeliveryTable(TOTAL_POSTS, USERS);

    // Phase 1: idle connections, in two halves. The second half's growth is the marginal cost of a socket;
    // the first half's also carries one-time costs (code compiled for the upgrade path, pools, heap slack).
    if (WAIT_QUIET_S > 0) await waitQuiet(server.pid);
    const settle = async (label: string) => {
      await sleep(IDLE_SETTLE_MS);
      await server.command('drain');
      await server.command('gc');
      if (HEAP_SNAPSHOTS) await server.command('heap-snapshot', { path: path.join(HEAP_SNAPSHOTS, `${label}.heapsnapshot`) });
      const stats = await server.command('stats');
      return { rss: rssKb(server.pid), heap: Number(stats.heapUsedKb), heapTotal: Number(stats.heapTotalKb), external: Number(stats.externalKb), connections: stats.connections };
    };
    const before = await settle('0-before');
    const half = Math.floor(USERS / 2);
    clients = { sockets: [], closed: { count: 0, codes: new Map() } };
    const tc = performance.now();
    await connectRange(server.url, world.tokens, 0, half, deliveries, clients);
    const halfConnectMs = performance.now() - tc;
    const mid = await settle('1-half');
    const tc2 = performance.now();
    await connectRange(server.url, world.tokens, half, USERS, deliveries, clients);
    const connectMs = halfConnectMs + performance.now() - tc2;
    progress(`${clients.sockets.length} sockets connected (all hellos) in ${(connectMs / 1000).toFixed(1)} s`);
    const idle = await settle('2-all');
    if (idle.connections !== USERS) throw new Error(`server reports ${String(idle.connections)} connections, expected ${USERS}`);
    const perSocket = (a: number, b: number, n: number) => Math.round(((b - a) / n) * 10) / 10;
    const kbPerConn = perSocket(mid.rss, idle.rss, USERS - half);
    const heapKbPerConn = perSocket(mid.heap, idle.heap, USERS - half);
    const avgKbPerConn = perSocket(before.rss, idle.rss, USERS);
    const avgHeapKbPerConn = perSocket(before.heap, idle.heap, USERS);

    // Warm-up: one second at the rate (JIT, statement caches), excluded from every figure.
    const warmupPosts = Math.max(1, Math.round(RATE));
    const warm = await postAtRate(api, world, warmupPosts, 'warmup');
    const warmDeadline = performance.now() + DRAIN_TIMEOUT_MS;
    const warmExpected = warm.ok.reduce((n, x) => n + x, 0) * USERS;
    while (deliveries.warmupReceived < warmExpected && performance.now() < warmDeadline) await sleep(20);
    progress(`warm-up: ${warmupPosts} posts, ${deliveries.warmupReceived}/${warmExpected} deliveries`);

    // Phase 2: fan-out.
    if (WAIT_QUIET_S > 0) await waitQuiet(server.pid);
    progress(`posting ${TOTAL_POSTS} posts at ${RATE}/s to ${USERS} sockets`);
    if (CPU_PROF) await server.command('profile-start');
    await server.command('reset-loop');
    const benchLoop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    benchLoop.enable();
    const cpu0 = cpuTicks(server.pid);
    const pg0 = ENGINE === 'postgres' ? postgresTicks() : 0;
    const m0 = machineTicks();
    const benchCpu0 = process.cpuUsage();
    const wall0 = performance.now();

    const posting = await postAtRate(api, world, TOTAL_POSTS, 'fanout');
    const okPosts = posting.ok.reduce((n, x) => n + x, 0);
    const expected = okPosts * USERS;
    const drainDeadline = performance.now() + DRAIN_TIMEOUT_MS;
    while (deliveries.missingFor(posting.ok) > 0 && performance.now() < drainDeadline) await sleep(50);

    const wall = (performance.now() - wall0) / 1000;
    const serverCpu = (cpuTicks(server.pid) - cpu0) / clkTck;
    const pgCpu = ENGINE === 'postgres' ? (postgresTicks() - pg0) / clkTck : NaN;
    const m1 = machineTicks();
    const benchCpuUse = process.cpuUsage(benchCpu0);
    const benchCpu = (benchCpuUse.user + benchCpuUse.system) / 1e6;
    benchLoop.disable();
    const serverAfter = await server.command('stats');
    const rssAfter = rssKb(server.pid);
    if (CPU_PROF) await server.command('profile-stop', { path: CPU_PROF });
    // What the fan-out left behind once garbage is gone: per-connection replay buffers and the like.
    await server.command('gc');
    const retained = await server.command('stats');
    const retainedHeapKb = Number(retained.heapUsedKb);

    // Latencies.
    const perDelivery: number[] = [];
    const perPost: number[] = [];
    const spread: number[] = [];
    let missing = 0;
    for (let k = 0; k < TOTAL_POSTS; k++) {
      if (!posting.ok[k]) continue;
      const sent = posting.sendAt[k]!;
      let first = Infinity;
      let last = -Infinity;
      let got = 0;
      for (let i = 0; i < USERS; i++) {
        const at = deliveries.recv[k * USERS + i]!;
        if (Number.isNaN(at)) continue;
        got += 1;
        perDelivery.push(at - sent);
        if (at < first) first = at;
        if (at > last) last = at;
      }
      missing += USERS - got;
      if (got === USERS) {
        perPost.push(last - sent);
        spread.push(last - first);
      }
    }
    const post = summarise(perPost);
    const delivery = summarise(perDelivery);
    const spreadS = summarise(spread);
    const http = summarise(posting.http);
    const lag = summarise(posting.scheduleLag);
    const sendWindow = (posting.lastSend - posting.firstSend) / 1000 + 1 / RATE;
    const achievedRate = okPosts / sendWindow;
    const machineBusyPct = (100 * (m1.busy - m0.busy)) / Math.max(1, m1.total - m0.total);
    // Whatever else ran on the machine meanwhile (other jobs, the kernel), in % of one core.
    const otherPct = (machineBusyPct * os.cpus().length) - (100 * (serverCpu + benchCpu + (Number.isNaN(pgCpu) ? 0 : pgCpu))) / wall;
    // Node records each sample as the whole timer interval: lag is the value minus the resolution.
    const lagMs = (ns: number) => Math.max(0, Math.round((ns / 1e6 - LOOP_RESOLUTION_MS) * 100) / 100);
    const benchLoopMs = { p50: lagMs(benchLoop.percentile(50)), p99: lagMs(benchLoop.percentile(99)), max: lagMs(benchLoop.max) };
    const serverLoopMs = serverAfter.eventLoopLagMs as { p50: number; p99: number; max: number };
    const benchCpuPct = (100 * benchCpu) / wall;
    const serverCpuPct = (100 * serverCpu) / wall;
    // All deliveries count as work done, those of posts whose HTTP call failed included.
    const deliveriesPerCpuS = deliveries.received / serverCpu;
    const receivedOk = expected - missing;
    // One Node process uses one core: above this the server queues instead of keeping up.
    const offeredPerS = RATE * USERS;
    const coresNeeded = offeredPerS / deliveriesPerCpuS;
    const benchOverloaded = benchLoopMs.p99 > 50 || benchCpuPct > 85 || lag.p99 > 50;

    const result = {
      bench: 'ws-fanout',
      engine: ENGINE,
      users: USERS,
      rate: RATE,
      seconds: SECONDS,
      posters: POSTERS,
      machine: { cpus: os.cpus().length, model: cpuModel, node: process.version, note: 'server, database and all clients share these CPUs over loopback' },
      idle: {
        rssBeforeKb: before.rss,
        rssHalfKb: mid.rss,
        rssIdleKb: idle.rss,
        kbPerConnection: kbPerConn,
        heapKbPerConnection: heapKbPerConn,
        averageKbPerConnection: avgKbPerConn,
        averageHeapKbPerConnection: avgHeapKbPerConn,
        heapTotalKb: { before: before.heapTotal, idle: idle.heapTotal },
        externalKb: { before: before.external, idle: idle.external },
        connectSeconds: Math.round(connectMs) / 1000,
      },
      posts: { planned: TOTAL_POSTS, ok: okPosts, failed: posting.failed, skipped: posting.skipped, achievedRate: Math.round(achievedRate * 10) / 10, errors: posting.errors },
      latencyMs: { deliveredToAll: post, perDelivery: delivery, spread: spreadS, postHttp: http },
      deliveries: { expected, received: receivedOk, missing, ofFailedPosts: deliveries.received - receivedOk, offeredPerSecond: offeredPerS, serverCoresNeeded: Math.round(coresNeeded * 100) / 100, duplicates: deliveries.duplicates, seqGaps: deliveries.seqGaps, unknownPosts: deliveries.unknownPosts, badFrames: deliveries.badFrames, socketsClosed: clients.closed.count, closeCodes: Object.fromEntries(clients.closed.codes), otherEvents: Object.fromEntries(deliveries.otherEvents) },
      cpu: {
        wallSeconds: Math.round(wall * 100) / 100,
        serverCpuSeconds: serverCpu,
        serverCpuPctOfOneCore: Math.round(serverCpuPct),
        deliveriesPerServerCpuSecond: Math.round(deliveriesPerCpuS),
        postgresCpuSeconds: Number.isNaN(pgCpu) ? null : pgCpu,
        benchCpuPctOfOneCore: Math.round(benchCpuPct),
        machineBusyPct: Math.round(machineBusyPct),
        otherProcessesPctOfOneCore: Math.round(otherPct),
        clkTck,
      },
      eventLoopLagMs: { server: serverLoopMs, bench: benchLoopMs, postScheduleLag: lag },
      memory: {
        serverRssAfterFanoutKb: rssAfter,
        serverHeapAfterFanoutKb: serverAfter.heapUsedKb,
        serverHeapRetainedAfterGcKb: retainedHeapKb,
        retainedKbPerConnection: Math.round(((retainedHeapKb - idle.heap) / USERS) * 10) / 10,
        postedFrameBytes: deliveries.postedFrameBytes,
        benchRssKb: Math.round(process.memoryUsage().rss / 1024),
      },
      targets: { deliveredToAllP99Ms: TARGET_P99_MS, kbPerIdleConnection: TARGET_KB_PER_CONN, p99Met: post.p99 < TARGET_P99_MS && missing === 0, idleMemoryMet: kbPerConn < TARGET_KB_PER_CONN },
      benchOverloaded,
      ...(CPU_PROF ? { cpuProfile: CPU_PROF } : {}),
    };

    const lines: string[] = [];
    lines.push(`Parley WebSocket fan-out — ${ENGINE}, ${USERS} members connected in one channel, ${RATE} posts/s × ${SECONDS} s from ${POSTERS} posters`);
    lines.push(`machine: ${os.cpus().length} × ${cpuModel}, Node ${process.version}; server, DB and the ${USERS} clients share these CPUs (loopback)`);
    lines.push('');
    lines.push(
      table([
        ['idle sockets (server)', 'sockets', 'RSS', 'heap used', 'RSS KB/socket', 'heap KB/socket'],
        ['before connecting', 0, `${before.rss} KB`, `${before.heap} KB`, '', ''],
        ['first half connected', half, `${mid.rss} KB`, `${mid.heap} KB`, fmt(perSocket(before.rss, mid.rss, half)), fmt(perSocket(before.heap, mid.heap, half))],
        ['all connected', USERS, `${idle.rss} KB`, `${idle.heap} KB`, fmt(kbPerConn), fmt(heapKbPerConn)],
      ]),
    );
    lines.push(`target: < ${TARGET_KB_PER_CONN} KB per idle socket (second half, marginal) → ${kbPerConn < TARGET_KB_PER_CONN ? 'met' : 'MISSED'}; average over all ${USERS}: ${fmt(avgKbPerConn)} KB RSS, ${fmt(avgHeapKbPerConn)} KB heap`);
    lines.push('');
    lines.push(
      table([
        ['latency (ms)', 'n', 'p50', 'p95', 'p99', 'max'],
        ['post → delivered to all', post.n, fmt(post.p50), fmt(post.p95), fmt(post.p99), fmt(post.max)],
        ['post → one delivery', delivery.n, fmt(delivery.p50), fmt(delivery.p95), fmt(delivery.p99), fmt(delivery.max)],
        ['first → last socket', spreadS.n, fmt(spreadS.p50), fmt(spreadS.p95), fmt(spreadS.p99), fmt(spreadS.max)],
        ['POST /posts (201)', http.n, fmt(http.p50), fmt(http.p95), fmt(http.p99), fmt(http.max)],
      ]),
    );
    lines.push(`target: delivered-to-all p99 < ${TARGET_P99_MS} ms with 0 missing → ${result.targets.p99Met ? 'met' : 'MISSED'}`);
    lines.push('');
    lines.push(`posts        ${okPosts}/${TOTAL_POSTS} ok, ${posting.failed} failed, ${posting.skipped} skipped; achieved ${fmt(achievedRate)} posts/s`);
    lines.push(`deliveries   ${receivedOk}/${expected} received, ${missing} missing, ${deliveries.duplicates} duplicate, ${deliveries.seqGaps} seq gaps, ${clients.closed.count} sockets closed` + (deliveries.received > receivedOk ? `; ${deliveries.received - receivedOk} more for posts whose HTTP call failed` : ''));
    lines.push(`server CPU   ${fmt(serverCpu, 2)} s over ${fmt(wall, 2)} s (${Math.round(serverCpuPct)} % of one core) → ${Math.round(deliveriesPerCpuS)} deliveries per server CPU-second`);
    lines.push(`capacity     offered ${offeredPerS} deliveries/s needs ~${fmt(coresNeeded, 2)} server cores at that cost; one Node process has 1${coresNeeded > 0.9 ? ' → CPU-bound: latency is queueing' : ''}`);
    if (ENGINE === 'postgres') lines.push(`postgres CPU ${fmt(pgCpu, 2)} s (all postgres processes)`);
    lines.push(`machine      ${Math.round(machineBusyPct)} % busy over ${os.cpus().length} cores; bench process ${Math.round(benchCpuPct)} % of one core; everything else ${Math.round(otherPct)} % of one core`);
    lines.push(`loop lag     server p50/p99/max ${serverLoopMs.p50}/${serverLoopMs.p99}/${serverLoopMs.max} ms; bench ${benchLoopMs.p50}/${benchLoopMs.p99}/${benchLoopMs.max} ms; post schedule lag p99/max ${fmt(lag.p99)}/${fmt(lag.max)} ms`);
    lines.push(`memory       server RSS ${rssAfter} KB after fan-out (idle ${idle.rss} KB); heap still held after a full GC ${retainedHeapKb} KB (idle ${idle.heap} KB) = ${fmt(result.memory.retainedKbPerConnection)} KB per socket; posted frame ${deliveries.postedFrameBytes} B; bench RSS ${result.memory.benchRssKb} KB`);
    if (HEAP_SNAPSHOTS) lines.push(`note         heap snapshots were written to ${HEAP_SNAPSHOTS}; writing them inflates RSS, so the RSS figures of this run are not comparable`);
    if (benchOverloaded) {
      lines.push('WARNING      the bench process itself was near or past its limit (event-loop lag p99 > 50 ms, CPU > 85 % or schedule lag p99 > 50 ms):');
      lines.push(`             the latencies above include client-side queueing — about its event-loop lag (p99 ${benchLoopMs.p99} ms, max ${benchLoopMs.max} ms) — on top of the server’s`);
    }
    if (CPU_PROF) {
      const hot = hotFunctions(CPU_PROF, ROOT);
      lines.push('');
      lines.push(`server CPU profile of the fan-out phase (${hot.totalMs} ms wall): ${CPU_PROF}`);
      lines.push(table([['self %', 'self ms', 'function', 'where'], ...hot.functions.map((f) => [fmt(f.selfPct), f.selfMs, f.name, f.where])]));
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    const ts = performance.now();
    if (clients) {
      for (const ws of clients.sockets) ws.terminate();
      // Let the server see the closes (and set those users offline) before it is told to stop.
      const deadline = performance.now() + 10_000;
      try {
        while (Number((await server.command('stats')).connections) > 0 && performance.now() < deadline) await sleep(100);
        await sleep(500);
      } catch {
        // the server is already gone; stop() below copes
      }
    }
    await server.stop();
    progress(`server stopped in ${Math.round(performance.now() - ts)} ms`);
  }
}

await main();

// Benchmark target: one Parley in its own process, so the driver can read its RSS and CPU from /proc
// without counting its own work. Not a test and never part of `npm test`.
//
//   node --expose-gc --import tsx packages/server/bench/server.ts [--engine sqlite|postgres]
//       [--keep-data --data-dir DIR [--pg-schema NAME]]
//
// By default SQLite lives in a temp dir and PostgreSQL (PARLEY_BENCH_PG_URL, or the local test database)
// gets a fresh schema. Both are removed on exit — unless the `handover` command passed them on: the driver
// then starts a second process with `--data-dir DIR [--pg-schema NAME]` over the same data, which owns them
// from then on (so memory is measured in a process that did not also create 1,000 users).
// With --keep-data the data is the caller's and outlives the process: DIR (any directory, created if
// missing) holds the SQLite file and uploaded files, NAME (created if missing) the PostgreSQL tables. The
// load test keeps its seeded datasets this way between runs.
// stdout carries JSON lines only: first `{url, pid, engine, dataDir, pgSchema, keepData}`, then one reply per command
// read from stdin (`{"id":1,"cmd":"stats"}`). `{"id":2,"cmd":"seed","spec":{…},"fresh":false}` seeds a
// load-test dataset at store level (bench/seed): the server stops listening, the seeder reuses, wipes or
// fills the database, and the server comes back on the same port; the reply carries whether the data was
// reused, the seconds and the rows written. Logs go to stderr. The process stops on SIGTERM, SIGINT or
// when stdin closes (so a crashed driver never leaves it behind).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import pg from 'pg';
import { pino } from 'pino';
import { defaultSettings, type Config } from '../src/config/config.js';
import { startParley, type Parley } from '../src/compose.js';
import type { Engine } from '../src/store/database.js';
import { newId } from '../src/platform/ids.js';
import type { SeedSpec } from '../../loadtest/src/dataset.js';
import { seedDatabase } from './seed/seed-database.js';

const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

const { values: flags } = parseArgs({
  options: {
    engine: { type: 'string', default: process.env.PARLEY_BENCH_PG_URL ? 'postgres' : 'sqlite' },
    'data-dir': { type: 'string' },
    'pg-schema': { type: 'string' },
    'keep-data': { type: 'boolean', default: false },
  },
});
if (flags.engine !== 'sqlite' && flags.engine !== 'postgres') throw new Error(`--engine must be sqlite or postgres, got ${String(flags.engine)}`);
const engine: Engine = flags.engine;
const pgUrl = process.env.PARLEY_BENCH_PG_URL ?? DEFAULT_PG_URL;

const log = pino({ level: process.env.PARLEY_BENCH_LOG ?? 'warn' }, pino.destination(2));

async function pgAdmin(statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

const keepData = flags['keep-data'];
// Reusing a handed-over database: it exists already, and this process cleans it up.
const reuse = !keepData && flags['data-dir'] !== undefined;
if (keepData && flags['data-dir'] === undefined) throw new Error('--keep-data needs --data-dir DIR (and --pg-schema NAME with --engine postgres)');
if (keepData && engine === 'postgres' && flags['pg-schema'] === undefined) throw new Error('--keep-data with --engine postgres needs --pg-schema NAME');
const dataDir = path.resolve(flags['data-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-')));
// This process deletes what it owns on exit, so it accepts only what an earlier bench server created.
if (reuse && (path.dirname(dataDir) !== os.tmpdir() || !path.basename(dataDir).startsWith('parley-bench-'))) {
  throw new Error(`--data-dir must be a ${path.join(os.tmpdir(), 'parley-bench-*')} directory made by a bench server, got ${dataDir}`);
}
const schema = flags['pg-schema'] ?? `bench_${newId()}`;
if (keepData ? !/^[a-z_][a-z0-9_]{0,62}$/.test(schema) : !/^bench_[a-z0-9]+$/.test(schema)) {
  throw new Error(`--pg-schema must look like ${keepData ? 'a lowercase identifier' : 'bench_<id>'}, got ${schema}`);
}
if (keepData) fs.mkdirSync(dataDir, { recursive: true });
if (engine === 'postgres' && !reuse) await pgAdmin(keepData ? `CREATE SCHEMA IF NOT EXISTS ${schema}` : `CREATE SCHEMA ${schema}`);
let ownsData = !keepData;

const config: Config = {
  host: '127.0.0.1',
  port: 0,
  dataDir,
  databaseUrl: engine === 'postgres' ? pgUrl : '',
  siteUrl: 'http://127.0.0.1',
  // Cheap PBKDF2 so creating and logging in 1,000 users takes seconds; no cap on team size (0 = none).
  settings: { ...defaultSettings, passwordIterations: 1000, maxUsersPerTeam: 0 },
};

async function cleanup(): Promise<void> {
  if (!ownsData) return;
  if (engine === 'postgres') await pgAdmin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch((err: unknown) => log.error({ err }, 'dropping bench schema failed'));
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const composeOptions = { logger: log, ...(engine === 'postgres' ? { pgSchema: schema } : {}) };
let parley: Parley;
try {
  parley = await startParley(config, composeOptions);
} catch (err) {
  await cleanup();
  throw err;
}

// Node records each sample as the whole timer interval, so lag is the value minus the resolution.
const LOOP_RESOLUTION_MS = 10;
const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
loop.enable();
let profiler: Session | null = null;

const out = (obj: unknown) => process.stdout.write(`${JSON.stringify(obj)}\n`);
out({ url: parley.url, pid: process.pid, engine, dataDir, pgSchema: engine === 'postgres' ? schema : null, keepData });

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  loop.disable();
  try {
    await parley.close();
  } catch (err) {
    log.error({ err }, 'close failed');
  }
  await cleanup();
  process.exit(code);
}
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
// The temp dir and schema must go even when something in the server rejects unhandled (seen: a socket's
// close handler still setting its user offline after the database was closed during shutdown).
process.on('unhandledRejection', (err) => {
  log.error({ err }, stopping ? 'unhandled rejection during shutdown' : 'unhandled rejection');
  void stop(1);
});

const lagMs = (ns: number) => Math.max(0, Math.round((ns / 1e6 - LOOP_RESOLUTION_MS) * 100) / 100);

interface Command {
  id: number;
  cmd: string;
  path?: string;
  spec?: SeedSpec;
  fresh?: boolean;
}

let seeding = false;

/** The seeder needs the database to itself (it may replace the SQLite file): the server steps aside. */
async function seed(spec: SeedSpec, fresh: boolean): Promise<Record<string, unknown>> {
  if (seeding) throw new Error('a seed is already running');
  seeding = true;
  try {
    const port = Number(new URL(parley.url).port);
    await parley.close();
    try {
      const result = await seedDatabase(
        { engine, dataDir, databaseUrl: config.databaseUrl, ...(engine === 'postgres' ? { pgSchema: schema } : {}) },
        { spec, fresh, passwordIterations: config.settings.passwordIterations, log: (m) => process.stderr.write(`${m}\n`) },
      );
      return { reused: result.reused, seconds: result.seconds, rows: result.rows, rowsPerSecond: result.rowsPerSecond };
    } finally {
      parley = await startParley({ ...config, port }, composeOptions);
    }
  } finally {
    seeding = false;
  }
}

async function handle(c: Command): Promise<Record<string, unknown>> {
  switch (c.cmd) {
    case 'stats': {
      const m = process.memoryUsage();
      return {
        rssKb: Math.round(m.rss / 1024),
        heapUsedKb: Math.round(m.heapUsed / 1024),
        heapTotalKb: Math.round(m.heapTotal / 1024),
        externalKb: Math.round(m.external / 1024),
        connections: parley.hub.connectionCount,
        eventLoopLagMs: { p50: lagMs(loop.percentile(50)), p99: lagMs(loop.percentile(99)), max: lagMs(loop.max) },
      };
    }
    case 'handover':
      ownsData = false;
      return {};
    case 'seed':
      if (!c.spec) throw new Error('seed needs a spec');
      return { ...(await seed(c.spec, c.fresh === true)), url: parley.url };
    case 'reset-loop':
      loop.reset();
      return {};
    case 'gc': {
      // Present only with --expose-gc; two passes so weakly held garbage goes too.
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc) {
        gc();
        gc();
      }
      return { collected: gc !== undefined };
    }
    case 'heap-snapshot':
      if (!c.path) throw new Error('heap-snapshot needs a path');
      return { path: v8.writeHeapSnapshot(c.path) };
    case 'drain':
      await parley.hub.drain();
      return {};
    case 'profile-start':
      if (profiler) throw new Error('profiler already running');
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 500 });
      await profiler.post('Profiler.start');
      return {};
    case 'profile-stop': {
      if (!profiler) throw new Error('profiler not running');
      const { profile } = await profiler.post('Profiler.stop');
      profiler.disconnect();
      profiler = null;
      if (!c.path) throw new Error('profile-stop needs a path');
      fs.writeFileSync(c.path, JSON.stringify(profile));
      return { path: c.path };
    }
    default:
      throw new Error(`unknown command ${c.cmd}`);
  }
}

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  let c: Command;
  try {
    c = JSON.parse(line) as Command;
  } catch {
    return;
  }
  handle(c).then(
    (result) => out({ id: c.id, ok: true, ...result }),
    (err: unknown) => out({ id: c.id, ok: false, error: String(err) }),
  );
});
lines.on('close', () => void stop(0));

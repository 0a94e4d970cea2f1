// npm run loadtest -- [--users N --duration S] [--speed X] [--profile simulative|noop|fanout [--rate R]] [--target URL --admin user:pass [--metrics URL,… | --prometheus URL]]
//   [--json FILE] [--report FILE] [--max-minutes M] [--max-users N] [--inc 8] [--settle S] [--progress S] [--engine sqlite|postgres]
//   [--tier S|M|S-lite] [--seed-users N] [--seed-teams N] [--seed-channels N] [--seed-posts N] [--data DIR] [--fresh] [--cover-all]
// Without --users it finds capacity (feedback loop); with it, it holds N users for --duration seconds.
// The embedded server seeds its dataset at store level and keeps it (in --data DIR, by default a cache per
// tier and engine under the temp directory; on PostgreSQL also a schema lt_<tier> of the bench database), so
// the next run with the same dataset starts at once; --fresh seeds it again. A --target deployment is seeded
// through the API, or beforehand with `npm run seed` against its database.
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { normalizeSpec, tierName, TIERS, withOverrides, type SeedSpec } from './dataset.js';
import { DEFAULTS, runLoadTest, type LoadTestOptions } from './loadtest.js';

const { values: a } = parseArgs({
  options: {
    users: { type: 'string' },
    duration: { type: 'string' },
    speed: { type: 'string' },
    profile: { type: 'string' },
    rate: { type: 'string' },
    tier: { type: 'string' },
    target: { type: 'string' },
    metrics: { type: 'string' },
    prometheus: { type: 'string' },
    admin: { type: 'string' },
    engine: { type: 'string' },
    json: { type: 'string' },
    report: { type: 'string' },
    'max-minutes': { type: 'string' },
    'max-users': { type: 'string' },
    inc: { type: 'string' },
    settle: { type: 'string' },
    progress: { type: 'string' },
    'seed-users': { type: 'string' },
    'seed-teams': { type: 'string' },
    'seed-channels': { type: 'string' },
    'seed-posts': { type: 'string' },
    data: { type: 'string' },
    fresh: { type: 'boolean' },
    'cover-all': { type: 'boolean' },
    help: { type: 'boolean' },
  },
});

if (a.help) {
  process.stdout.write(`Usage: npm run loadtest -- [options]  (see README.md, "Load testing")\n`);
  process.exit(0);
}

function num(name: string, v: string | undefined, fallback: number, min: number, max: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number in [${min}, ${max}], got ${v}`);
  return n;
}

const profile = a.profile ?? 'simulative';
if (profile !== 'simulative' && profile !== 'noop' && profile !== 'fanout') throw new Error(`--profile must be simulative, noop or fanout, got ${profile}`);
const engine = a.engine ?? 'sqlite';
if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`--engine must be sqlite or postgres, got ${engine}`);
let admin: LoadTestOptions['admin'];
if (a.admin) {
  const i = a.admin.indexOf(':');
  if (i <= 0) throw new Error('--admin must be user:password');
  admin = { username: a.admin.slice(0, i), password: a.admin.slice(i + 1) };
}
function metricsUrls(v: string): string[] {
  const urls = v.split(',').map((u) => u.trim()).filter(Boolean);
  for (const u of urls) if (!/^https?:\/\//.test(u)) throw new Error(`--metrics takes http(s) URLs of /metrics endpoints, comma-separated; got ${u}`);
  return urls;
}
if (a.metrics && !a.target) throw new Error('--metrics is for a --target deployment (the embedded server is measured directly)');
if (a.prometheus && !a.target) throw new Error('--prometheus is for a --target deployment (the embedded server is measured directly)');
if (a.prometheus && a.metrics) throw new Error('give --metrics or --prometheus, not both');
if (a.prometheus && !/^https?:\/\//.test(a.prometheus)) throw new Error(`--prometheus takes the http(s) URL of a Prometheus server, got ${a.prometheus}`);
if (a.target && !/^https?:\/\//.test(a.target)) throw new Error(`--target must be an http(s) URL, got ${a.target}`);

const tier = a.tier ?? 'S';
const base = TIERS[tier];
if (!base) throw new Error(`--tier must be one of ${Object.keys(TIERS).join(', ')}, got ${tier}`);
const seedSpec = withOverrides(base, {
  ...(a['seed-users'] !== undefined ? { users: Math.floor(num('seed-users', a['seed-users'], base.users, 2, 1_000_000)) } : {}),
  ...(a['seed-teams'] !== undefined ? { teams: Math.floor(num('seed-teams', a['seed-teams'], base.teams, 1, 100)) } : {}),
  ...(a['seed-channels'] !== undefined ? { channelsPerTeam: Math.floor(num('seed-channels', a['seed-channels'], base.channelsPerTeam, 1, 10_000)) } : {}),
  ...(a['seed-posts'] !== undefined ? { posts: Math.floor(num('seed-posts', a['seed-posts'], base.posts, 0, 200_000_000)) } : {}),
});
if (a.target && (a.data || a.fresh)) throw new Error('--data and --fresh are for the embedded server; seed a --target deployment with `npm run seed`');

/**
 * Where the embedded server keeps this dataset: one directory per tier and engine (a custom spec gets its own,
 * named by a hash of it), and on PostgreSQL a schema named alike; --data DIR puts it elsewhere.
 */
function keepPlace(spec: SeedSpec): NonNullable<LoadTestOptions['keep']> {
  const name = tierName(spec);
  const key = name === 'custom' ? `custom-${createHash('sha1').update(JSON.stringify(normalizeSpec(spec))).digest('hex').slice(0, 8)}` : name;
  const dataDir = path.resolve(a.data ?? path.join(os.tmpdir(), 'parley-loadtest', `${key}-${engine}`));
  const suffix = a.data ? `_${createHash('sha1').update(dataDir).digest('hex').slice(0, 8)}` : '';
  return { dataDir, ...(engine === 'postgres' ? { pgSchema: `lt_${key.toLowerCase().replace(/[^a-z0-9]+/g, '_')}${suffix}` } : {}) };
}

const options: LoadTestOptions = {
  ...DEFAULTS,
  durationSec: num('duration', a.duration, DEFAULTS.durationSec, 1, 24 * 3600),
  speed: num('speed', a.speed, DEFAULTS.speed, 0.01, 1000),
  profile,
  fanoutRate: num('rate', a.rate, DEFAULTS.fanoutRate, 0.1, 1_000),
  engine,
  seed: seedSpec,
  ...(a.target ? {} : { keep: keepPlace(seedSpec), fresh: a.fresh ?? false }),
  maxMinutes: num('max-minutes', a['max-minutes'], DEFAULTS.maxMinutes, 0.1, 24 * 60),
  maxUsers: Math.floor(num('max-users', a['max-users'], DEFAULTS.maxUsers, 1, 1_000_000)),
  inc: Math.floor(num('inc', a.inc, DEFAULTS.inc, 1, 1000)),
  settleSec: num('settle', a.settle, DEFAULTS.settleSec, 5, 3600),
  progressSec: Math.floor(num('progress', a.progress, DEFAULTS.progressSec, 1, 3600)),
  coverAll: a['cover-all'] ?? false,
  ...(a.users !== undefined ? { users: Math.floor(num('users', a.users, 0, 0, 1_000_000)) } : {}),
  ...(a.target ? { target: a.target.replace(/\/$/, '') } : {}),
  ...(a.metrics ? { metricsUrls: metricsUrls(a.metrics) } : {}),
  ...(a.prometheus ? { prometheusUrl: a.prometheus.replace(/\/$/, '') } : {}),
  ...(admin ? { admin } : {}),
  ...(a.json ? { json: a.json } : {}),
  ...(a.report ? { html: a.report } : {}),
};

await runLoadTest(options);

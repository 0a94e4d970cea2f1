// Seeds a load-test dataset straight into a Parley database, for a `npm run loadtest -- --target URL` run
// against a deployment (the load test's own embedded server seeds itself the same way).
//
//   npm run seed -- --tier S|M|S-lite [--seed-users N --seed-teams N --seed-channels N --seed-posts N]
//       [--engine sqlite --data-dir DIR | --database-url postgres://… [--pg-schema NAME]]
//       [--password-iterations N] [--fresh]
//
// Where and how: the deployment's own environment is the default (PARLEY_DATA_DIR, PARLEY_DATABASE_URL,
// PARLEY_PASSWORD_ITERATIONS), so run it with the server's settings and the server stopped (on SQLite the
// file may be replaced). The admin is ltadmin with the dataset password (packages/loadtest/src/dataset.ts):
//   npm run loadtest -- --target URL --admin 'ltadmin:Passw0rd!load' --tier S
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config/config.js';
import { TIERS, withOverrides } from '../../../loadtest/src/dataset.js';
import { seedDatabase, type SeedTarget } from './seed-database.js';

const { values: a } = parseArgs({
  options: {
    tier: { type: 'string', default: 'S' },
    'seed-users': { type: 'string' },
    'seed-teams': { type: 'string' },
    'seed-channels': { type: 'string' },
    'seed-posts': { type: 'string' },
    engine: { type: 'string' },
    'data-dir': { type: 'string' },
    'database-url': { type: 'string' },
    'pg-schema': { type: 'string' },
    'password-iterations': { type: 'string' },
    fresh: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (a.help) {
  process.stdout.write('Usage: npm run seed -- --tier S|M [--engine sqlite --data-dir DIR | --database-url postgres://… [--pg-schema NAME]] [--fresh]\n');
  process.exit(0);
}

function int(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer in [${min}, ${max}], got ${v}`);
  return n;
}

const base = TIERS[a.tier];
if (!base) throw new Error(`--tier must be one of ${Object.keys(TIERS).join(', ')}, got ${a.tier}`);
const spec = withOverrides(base, {
  users: int('seed-users', a['seed-users'], 2, 1_000_000),
  teams: int('seed-teams', a['seed-teams'], 1, 100),
  channelsPerTeam: int('seed-channels', a['seed-channels'], 1, 10_000),
  posts: int('seed-posts', a['seed-posts'], 0, 200_000_000),
});

const env = loadConfig(process.env);
const databaseUrl = a['database-url'] ?? (a.engine === 'sqlite' ? '' : env.databaseUrl);
const engine = databaseUrl ? 'postgres' : 'sqlite';
if (a.engine && a.engine !== engine) throw new Error(`--engine ${a.engine} does not match the database URL (${databaseUrl ? 'postgres://…' : 'none: SQLite'})`);
if (engine === 'sqlite' && a['pg-schema']) throw new Error('--pg-schema is for PostgreSQL');
const schema = a['pg-schema'];
if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`--pg-schema must be a plain lowercase identifier, got ${schema}`);
const target: SeedTarget = {
  engine,
  dataDir: path.resolve(a['data-dir'] ?? env.dataDir),
  databaseUrl,
  ...(schema ? { pgSchema: schema } : {}),
};
const passwordIterations = int('password-iterations', a['password-iterations'], 1_000, 10_000_000) ?? env.settings.passwordIterations;

const result = await seedDatabase(target, { spec, fresh: a.fresh, passwordIterations, log: (m) => process.stderr.write(`${m}\n`) });
process.stdout.write(`${JSON.stringify({ tier: a.tier, ...result, seconds: Math.round(result.seconds * 10) / 10, rowsPerSecond: Math.round(result.rowsPerSecond) })}\n`);

// User search benchmark: seeds N users straight into the store's database, then times the store's user
// search (the query behind POST /users/search and /users/autocomplete) for prefixes that match many, few
// and no users, and prints p50/p99 per kind. A benchmark, not a test: it prints figures and never fails.
//
//   node --import tsx packages/server/bench/user-search.ts [--users 100000] [--queries 100] [--engine sqlite|postgres|both]
// PostgreSQL: PARLEY_BENCH_PG_URL, or postgres://postgres@127.0.0.1:5432/test; a throwaway schema is used.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { newId } from '../src/platform/ids.js';
import { migrateToLatest, openDatabase, type Engine } from '../src/store/database.js';
import type { UsersTable } from '../src/store/schema.js';
import { SqlStore } from '../src/store/sql/index.js';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '100' },
    engine: { type: 'string', default: 'both' },
  },
});
const USERS = Number(args.users);
const QUERIES = Number(args.queries);
const PG_URL = process.env.PARLEY_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'ten', 'so', 'vi', 'na', 'el', 'dor', 'fa', 'qu', 'zy', 'bri', 'ost'];
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const word = (n: number) => Array.from({ length: n }, () => SYLLABLES[Math.floor(rnd() * SYLLABLES.length)]).join('');

function user(i: number): UsersTable {
  const first = word(2);
  const last = word(3);
  return {
    id: newId(), create_at: i, update_at: i, delete_at: 0, username: `${first}.${last}${i}`, password: '', auth_data: null, auth_service: '',
    email: `${first}${i}@example.com`, email_verified: 1, nickname: rnd() < 0.2 ? word(2) : '', first_name: first[0]!.toUpperCase() + first.slice(1),
    last_name: last, position: '', roles: 'system_user', props: '{}', notify_props: '{}', timezone: '{}', locale: 'en', last_password_update: 0,
    last_picture_update: 0, failed_attempts: 0, mfa_active: 0, mfa_secret: '', last_activity_at: 0, is_bot: 0, bot_description: '', last_login: 0, custom_mentions: 0,
  };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function run(engine: Engine): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-usearch-'));
  const schema = `bench_${newId()}`;
  if (engine === 'postgres') {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.end();
  }
  const db = await openDatabase({ databaseUrl: engine === 'postgres' ? PG_URL : '', dataDir: dir, ...(engine === 'postgres' ? { pgSchema: schema } : {}) });
  try {
    await migrateToLatest(db);
    const t0 = performance.now();
    for (let i = 0; i < USERS; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, USERS - i) }, (_, k) => user(i + k));
      await db.db.insertInto('users').values(rows).execute();
    }
    const store = new SqlStore(db.db, engine);
    console.log(`${engine}: seeded ${USERS} users in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const kinds: Record<string, () => string> = {
      'many (2 letters)': () => SYLLABLES[Math.floor(rnd() * SYLLABLES.length)]!,
      'few (a username prefix)': () => `${word(2)}.${word(1)}`,
      'none': () => `zzq${Math.floor(rnd() * 1000)}`,
    };
    for (const [kind, term] of Object.entries(kinds)) {
      const times: number[] = [];
      let found = 0;
      for (let q = 0; q < QUERIES; q++) {
        const t = performance.now();
        found += (await store.users.search({ term: term(), limit: 100 })).length;
        times.push(performance.now() - t);
      }
      console.log(`${engine}: ${kind.padEnd(24)} p50 ${pct(times, 50).toFixed(2)} ms  p99 ${pct(times, 99).toFixed(2)} ms  (avg ${(found / QUERIES).toFixed(1)} results)`);
    }
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (engine === 'postgres') {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  }
}

for (const e of args.engine === 'both' ? (['sqlite', 'postgres'] as const) : [args.engine as Engine]) await run(e);

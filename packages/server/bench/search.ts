// Post search benchmark: seeds N posts straight into the store's database in batched inserts, then
// times two-word searches through the store (posts.search, the query the API runs) and prints p50/p99.
// A benchmark, not a test: it prints figures and never fails `npm test`.
//
//   node --import tsx packages/server/bench/search.ts [--posts 1000000] [--queries 200]
//       [--engine sqlite|postgres|both] [--channels 200] [--member-of 50]
// PostgreSQL: PARLEY_BENCH_PG_URL, or postgres://postgres@127.0.0.1:5432/test; a throwaway schema is used.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { newId } from '../src/platform/ids.js';
import { migrateToLatest, openDatabase, type Engine } from '../src/store/database.js';
import type { PostSearch } from '../src/store/posts.js';
import type { ChannelMembersTable, ChannelsTable, PostsTable } from '../src/store/schema.js';
import { SqlStore } from '../src/store/sql/index.js';

const { values: args } = parseArgs({
  options: {
    posts: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '200' },
    engine: { type: 'string', default: 'both' },
    channels: { type: 'string', default: '200' },
    'member-of': { type: 'string', default: '50' },
    explain: { type: 'boolean', default: false },
  },
});
const POSTS = Number(args.posts);
const QUERIES = Number(args.queries);
const CHANNELS = Number(args.channels);
const MEMBER_OF = Math.min(Number(args['member-of']), CHANNELS);
// 18 columns × 1,000 rows stays under SQLite's 32,766 bound parameters.
const BATCH = 1000;
const PG_URL = process.env.PARLEY_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Deterministic PRNG (mulberry32), so both engines get the same corpus and queries. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

// A synthetic vocabulary with a Zipf-like spread: a few words are everywhere, most are rare, as in chat.
const SYLLABLES = ['ka', 'lo', 'mi', 'ru', 'te', 'sa', 'no', 'vi', 'de', 'po', 'zu', 'ge', 'ha', 'ri', 'bo', 'fe'];
const VOCAB = Array.from({ length: 20_000 }, (_, i) => {
  let w = '';
  let n = i + 7;
  do {
    w += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return w;
});
const zipf = (r: () => number) => VOCAB[Math.min(VOCAB.length - 1, Math.floor(Math.pow(r(), 3) * VOCAB.length))]!;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(engine: Engine): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-search-'));
  const schema = `bench_${newId()}`;
  const opened = await openDatabase({ databaseUrl: engine === 'postgres' ? PG_URL : '', dataDir, pgSchema: engine === 'postgres' ? schema : undefined });
  if (engine === 'postgres') await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(opened.db);
  try {
    await migrateToLatest(opened);
    const db = opened.db;
    const store = new SqlStore(db, engine);
    const r = rng(7);
    const now = Date.now();
    const reader = newId();
    const authors = Array.from({ length: 100 }, () => newId());
    const teamId = newId();
    const channelIds = Array.from({ length: CHANNELS }, () => newId());
    await db.insertInto('channels').values(channelIds.map((id, i): ChannelsTable => ({
      id, create_at: now, update_at: now, delete_at: 0, team_id: teamId, type: 'O', display_name: `c${i}`, name: `c${i}`,
      header: '', purpose: '', last_post_at: now, last_root_post_at: now, total_msg_count: 0, total_msg_count_root: 0,
      extra_update_at: 0, creator_id: reader, scheme_id: null, group_constrained: null, shared: null, props: null,
    }))).execute();
    await db.insertInto('channel_members').values(channelIds.slice(0, MEMBER_OF).map((channel_id): ChannelMembersTable => ({
      channel_id, user_id: reader, roles: '', last_viewed_at: 0, msg_count: 0, mention_count: 0, mention_count_root: 0,
      urgent_mention_count: 0, msg_count_root: 0, notify_props: '{}', last_update_at: now, scheme_guest: 0, scheme_user: 1, scheme_admin: 0, auto_follow_threads: 0,
    }))).execute();

    const t0 = performance.now();
    for (let done = 0; done < POSTS; done += BATCH) {
      const rows: PostsTable[] = [];
      for (let i = done; i < Math.min(POSTS, done + BATCH); i++) {
        const words = Array.from({ length: 4 + Math.floor(r() * 12) }, () => zipf(r));
        rows.push({
          id: newId(), create_at: now - (POSTS - i) * 1000, update_at: now, edit_at: 0, delete_at: 0, is_pinned: 0,
          user_id: authors[i % authors.length]!, channel_id: channelIds[Math.floor(r() * CHANNELS)]!, root_id: '', original_id: '',
          message: words.join(' '), type: '', props: '{}', hashtags: '', file_ids: '[]', has_reactions: 0, remote_id: null, pending_post_id: '',
        });
      }
      await db.transaction().execute((trx) => trx.insertInto('posts').values(rows).execute());
      if ((done / BATCH) % 100 === 0) process.stderr.write(`\r[${engine}] seeded ${done + rows.length}/${POSTS}`);
    }
    const seedSeconds = (performance.now() - t0) / 1000;
    process.stderr.write('\n');
    if (engine === 'postgres') await sql`ANALYZE ${sql.join(['posts', 'channels', 'channel_members'].map((t) => sql.table(t)))}`.execute(db);
    else await sql`ANALYZE`.execute(db);

    const q = rng(99);
    const base: PostSearch = {
      userId: reader, teamId, words: [], phrases: [], hashtags: [], orSearch: false, excludedWords: [], excludedPhrases: [],
      fromUserIds: [], excludedUserIds: [], inChannelNames: [], excludedChannelNames: [], includeDeletedChannels: false, offset: 0, limit: 60,
    };
    const times: number[] = [];
    let hits = 0;
    let slowest = { ms: 0, words: [] as string[] };
    for (let i = 0; i < QUERIES + 10; i++) {
      const words = [zipf(q), zipf(q)];
      const start = performance.now();
      const found = await store.posts.search({ ...base, words });
      const ms = performance.now() - start;
      if (i >= 10) times.push(ms); // the first ten warm the caches
      if (ms > slowest.ms) slowest = { ms, words };
      hits += found.length;
    }
    if (args.explain) {
      console.log(`slowest: ${slowest.words.join(' ')} ${slowest.ms.toFixed(1)}ms`);
      if (engine === 'postgres') {
        const plan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers) select p.id from posts p join channel_members cm on cm.channel_id = p.channel_id and cm.user_id = ${reader} join channels c on c.id = p.channel_id where p.delete_at = 0 and to_tsvector('english', p.message) @@ to_tsquery('english', ${slowest.words.map((w) => `'${w}'`).join(' & ')}) order by p.create_at desc limit 60`.execute(db);
        for (const row of plan.rows) console.log(row['QUERY PLAN']);
      }
    }
    times.sort((a, b) => a - b);
    console.log(
      `${engine.padEnd(8)} posts=${POSTS} seed=${seedSeconds.toFixed(1)}s queries=${QUERIES} ` +
        `p50=${percentile(times, 50).toFixed(2)}ms p99=${percentile(times, 99).toFixed(2)}ms max=${times.at(-1)!.toFixed(2)}ms avg_hits=${(hits / (QUERIES + 10)).toFixed(1)}`,
    );
  } finally {
    if (engine === 'postgres') await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(opened.db);
    await opened.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const engines: Engine[] = args.engine === 'both' ? ['sqlite', 'postgres'] : [args.engine as Engine];
for (const engine of engines) await run(engine);

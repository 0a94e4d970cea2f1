// Store-level seeding of a load-test dataset (loadtest-model.md §8.3) straight into a Parley database: the
// rows the API would have written, in bulk. The database is opened with the server's own openDatabase and
// migrated first; nothing in the schema is dropped or bypassed (FTS5 triggers and GIN indexes stay live).
//
// Reuse: a finished seed of the same spec is found by its marker (marker.ts) and kept. An unfinished one (the
// process died midway) or one of another spec is wiped and seeded again from scratch; so is everything with
// `fresh`. A database that has users but no marker belongs to someone else and is refused unless `fresh`.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { migrateToLatest, openDatabase, type Engine, type OpenedDatabase } from '../../src/store/database.js';
import type { Database } from '../../src/store/schema.js';
import { hashPassword } from '../../src/platform/password.js';
import { DEFAULT_NOTIFY_PROPS, FIRST_ADMIN_KEY } from '../../src/app/users.js';
import { hasCustomMentions } from '../../src/store/sql/mention-flags.js';
import { ADMIN_EMAIL, ADMIN_USERNAME, PASSWORD, describeSpec, normalizeSpec, teamDisplayName, teamName, userEmail, username, type SeedSpec } from '../../../loadtest/src/dataset.js';
import { isReusable, newMarker, readMarker, writeMarker } from './marker.js';
import { ADMIN, buildPlan, userCreateAt, type Plan } from './plan.js';
import { Prng } from './prng.js';
import { simulateChannel, type TraceEvent } from './simulate.js';
import { BulkWriter, type SeededTable } from './writer.js';

export interface SeedTarget {
  engine: Engine;
  /** SQLite: the directory holding parley.db (the server's PARLEY_DATA_DIR). */
  dataDir: string;
  /** PostgreSQL: postgres://…; '' for SQLite. */
  databaseUrl: string;
  /** PostgreSQL: the schema to seed (created if missing); the server's default search_path otherwise. */
  pgSchema?: string;
}

export interface SeedOptions {
  spec: SeedSpec;
  /** Wipe and seed again even when a finished seed of this spec is there. */
  fresh?: boolean;
  /** PBKDF2 iterations of the one password hash every user shares (the server's passwordIterations). */
  passwordIterations: number;
  log?: (msg: string) => void;
  /** End of the dataset's time line (default: now). */
  now?: number;
  /** Every join, post and view as it is replayed (tests replay the same through the API). */
  trace?: (e: TraceEvent) => void;
}

export interface SeedResult {
  reused: boolean;
  seconds: number;
  rows: Record<SeededTable, number> | null;
  rowsPerSecond: number;
  spec: Required<SeedSpec>;
}

const SQLITE_FILES = ['parley.db', 'parley.db-wal', 'parley.db-shm'];
/**
 * Present in the data directory while a SQLite seed writes without a journal: if it is still there, the seed
 * died and parley.db may be torn, so it is deleted unread.
 */
const SQLITE_SEEDING = 'parley.db.seeding';
/**
 * The seeding connection's page cache (SQLite), per post and at most: the random-key indexes (post ids, thread
 * memberships) must stay in memory, or every chunk rewrites pages all over the file.
 */
const SQLITE_CACHE_BYTES_PER_POST = 400;
const SQLITE_CACHE_MAX_BYTES = 4 * 1024 ** 3;
const PROGRESS_MS = 10_000;

/** Mattermost's default for a new account (users.ts buildUser). */
const USER_TIMEZONE = JSON.stringify({ useAutomaticTimezone: 'true', automaticTimezone: '', manualTimezone: '' });
const USER_NOTIFY_PROPS = JSON.stringify({ ...DEFAULT_NOTIFY_PROPS });
/** The derived flag the user store writes with every user (from notify props and first name). */
const USER_CUSTOM_MENTIONS = hasCustomMentions({ ...DEFAULT_NOTIFY_PROPS }, '') ? 1 : 0;

async function open(target: SeedTarget): Promise<OpenedDatabase> {
  const opened = await openDatabase({ databaseUrl: target.databaseUrl, dataDir: target.dataDir, pgSchema: target.pgSchema, poolSize: 2 });
  try {
    if (opened.engine === 'postgres' && target.pgSchema) await sql`create schema if not exists ${sql.id(target.pgSchema)}`.execute(opened.db);
    await migrateToLatest(opened);
  } catch (err) {
    await opened.close();
    throw err;
  }
  return opened;
}

/** Removes every row the seed (and any server run over it) wrote, keeping the schema and its migrations. */
async function wipe(opened: OpenedDatabase, target: SeedTarget): Promise<OpenedDatabase> {
  if (opened.engine === 'sqlite') {
    await opened.close();
    for (const f of SQLITE_FILES) fs.rmSync(path.join(target.dataDir, f), { force: true });
    return open(target);
  }
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_migration%'`.execute(opened.db);
  if (rows.length > 0) await sql`truncate ${sql.join(rows.map((r) => sql.id(r.name)))}`.execute(opened.db);
  return opened;
}

async function userCount(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * SQLite, while seeding: no journal and no syncs (the server's WAL would write every page twice, and random-key
 * index pages are rewritten at every commit), and a page cache sized for the dataset. A crash midway leaves the
 * sidecar file behind, and the next seed starts over. Returns the undo.
 */
async function sqliteBulkMode(opened: OpenedDatabase, target: SeedTarget, spec: Required<SeedSpec>): Promise<() => Promise<void>> {
  const sidecar = path.join(target.dataDir, SQLITE_SEEDING);
  fs.writeFileSync(sidecar, `${new Date().toISOString()}\n`);
  const cacheKib = Math.round(Math.min(SQLITE_CACHE_MAX_BYTES, Math.max(64 * 1024 ** 2, spec.posts * SQLITE_CACHE_BYTES_PER_POST)) / 1024);
  await sql`pragma cache_size = ${sql.raw(String(-cacheKib))}`.execute(opened.db);
  // Refused (it stays 'wal') while another connection has the file open; then the seed is merely slower.
  await sql`pragma journal_mode = off`.execute(opened.db);
  await sql`pragma synchronous = off`.execute(opened.db);
  return async () => {
    await sql`pragma journal_mode = wal`.execute(opened.db);
    await sql`pragma synchronous = normal`.execute(opened.db);
    fs.rmSync(sidecar, { force: true });
  };
}

export async function seedDatabase(target: SeedTarget, o: SeedOptions): Promise<SeedResult> {
  const log = o.log ?? (() => undefined);
  const spec = normalizeSpec(o.spec);
  const t0 = performance.now();
  if (target.engine === 'sqlite' && fs.existsSync(path.join(target.dataDir, SQLITE_SEEDING))) {
    log('seed: an earlier seed did not finish; deleting its database');
    for (const f of [...SQLITE_FILES, SQLITE_SEEDING]) fs.rmSync(path.join(target.dataDir, f), { force: true });
  }
  let opened = await open(target);
  try {
    const marker = await readMarker(opened.db);
    if (!o.fresh && isReusable(marker, spec)) {
      log(`seed: reusing the finished seed of ${describeSpec(spec)} from ${marker!.finishedAt ?? '?'}`);
      return { reused: true, seconds: (performance.now() - t0) / 1000, rows: null, rowsPerSecond: 0, spec };
    }
    if (marker || o.fresh) {
      const why = o.fresh ? 'fresh seed asked for' : marker!.state === 'running' ? 'an earlier seed did not finish' : `it holds another dataset (${describeSpec(marker!.spec)})`;
      log(`seed: wiping the database: ${why}`);
      opened = await wipe(opened, target);
    } else if ((await userCount(opened.db)) > 0) {
      throw new Error('the database already has users that no load-test seed made; seed an empty database, or pass fresh (--fresh) to wipe it');
    }
    const started = newMarker(spec);
    await writeMarker(opened.db, started);

    log(`seed: ${describeSpec(spec)} into ${target.engine === 'sqlite' ? path.join(target.dataDir, 'parley.db') : `${target.databaseUrl.replace(/\/\/[^@/]*@/, '//')} schema ${target.pgSchema ?? '(default)'}`}`);
    const plan = buildPlan(spec, o.now ?? Date.now());
    const planned = performance.now();
    log(`seed: planned ${plan.channels.length} channels in ${((planned - t0) / 1000).toFixed(1)} s`);
    const writer = new BulkWriter(opened.db, opened.engine);
    const endBulk = opened.engine === 'sqlite' ? await sqliteBulkMode(opened, target, spec) : null;
    await writeAccounts(plan, writer, await hashPassword(PASSWORD, o.passwordIterations));
    await writeChannels(plan, writer, log, o.trace);
    await writer.finish();
    await endBulk?.();
    await opened.db.insertInto('systems').values({ name: FIRST_ADMIN_KEY, value: plan.adminId }).onConflict((oc) => oc.column('name').doNothing()).execute();
    if (opened.engine === 'postgres') {
      // What autovacuum would do within minutes of a real bulk load; a plan over empty statistics is not a
      // plan a deployment would run. (SQLite keeps no statistics unless asked, and the server never asks.)
      log('seed: analyze');
      // Only this schema's tables: a bare ANALYZE would walk every schema of the database.
      await sql`analyze ${sql.join(Object.keys(writer.counts).map((t) => sql.table(t)))}`.execute(opened.db);
    }
    const seconds = (performance.now() - t0) / 1000;
    const total = Object.values(writer.counts).reduce((a, b) => a + b, 0);
    await writeMarker(opened.db, { ...started, state: 'done', finishedAt: new Date().toISOString(), seconds: Math.round(seconds * 10) / 10, rows: writer.counts });
    log(`seed: done in ${seconds.toFixed(1)} s, ${total} rows (${Math.round(total / seconds)} rows/s): ${JSON.stringify(writer.counts)}`);
    log(`seed: seconds in INSERTs by table: ${JSON.stringify(Object.fromEntries(Object.entries(writer.seconds).map(([k, v]) => [k, Math.round(v * 10) / 10])))}`);
    return { reused: false, seconds, rows: writer.counts, rowsPerSecond: total / seconds, spec };
  } finally {
    await opened.close();
  }
}

async function writeAccounts(plan: Plan, w: BulkWriter, password: string): Promise<void> {
  const user = (u: number, id: string, name: string, email: string, roles: string) => {
    const at = userCreateAt(plan.time, u);
    w.add('users', {
      id,
      create_at: at,
      update_at: at,
      delete_at: 0,
      username: name,
      password,
      auth_data: null,
      auth_service: '',
      email,
      email_verified: 0,
      nickname: '',
      first_name: '',
      last_name: '',
      position: '',
      roles,
      props: '{}',
      notify_props: USER_NOTIFY_PROPS,
      timezone: USER_TIMEZONE,
      locale: 'en',
      last_password_update: at,
      last_picture_update: 0,
      failed_attempts: 0,
      mfa_active: 0,
      mfa_secret: '',
      last_activity_at: 0,
      is_bot: 0,
      bot_description: '',
      last_login: 0,
      custom_mentions: USER_CUSTOM_MENTIONS,
    });
  };
  // The first account is the system admin, and it made the teams.
  user(ADMIN, plan.adminId, ADMIN_USERNAME, ADMIN_EMAIL, 'system_admin system_user');
  plan.userIds.forEach((id, u) => user(u, id, username(u), userEmail(u), 'system_user'));
  for (const t of plan.teams) {
    w.add('teams', {
      id: t.id,
      create_at: t.createAt,
      update_at: t.createAt,
      delete_at: 0,
      display_name: teamDisplayName(t.index),
      name: teamName(t.index),
      description: '',
      email: ADMIN_EMAIL,
      type: 'O',
      company_name: '',
      allowed_domains: '',
      invite_id: t.inviteId,
      allow_open_invite: 1,
      last_team_icon_update: 0,
      scheme_id: null,
      group_constrained: null,
    });
    // The creator's email is the team's, which makes them its admin.
    w.add('team_members', { team_id: t.id, user_id: plan.adminId, roles: '', delete_at: 0, scheme_guest: 0, scheme_user: 1, scheme_admin: 1, create_at: t.createAt });
    t.members.forEach((u, i) => {
      w.add('team_members', { team_id: t.id, user_id: plan.userIds[u]!, roles: '', delete_at: 0, scheme_guest: 0, scheme_user: 1, scheme_admin: 0, create_at: t.joinAt[i]! });
    });
  }
  if (w.full) await w.flush();
}

async function writeChannels(plan: Plan, w: BulkWriter, log: (msg: string) => void, trace?: (e: TraceEvent) => void): Promise<void> {
  const streams = new Prng(42).fork('channels');
  const t0 = performance.now();
  let lastLog = t0;
  for (const ch of plan.channels) {
    simulateChannel({ plan, writer: w, ...(trace ? { trace } : {}) }, ch, streams.fork(ch.index));
    if (w.full) await w.flush();
    const now = performance.now();
    if (now - lastLog > PROGRESS_MS) {
      lastLog = now;
      const rows = Object.values(w.counts).reduce((a, b) => a + b, 0);
      log(`seed: ${ch.index + 1}/${plan.channels.length} channels, ${w.counts.posts} posts, ${rows} rows, ${Math.round(rows / ((now - t0) / 1000))} rows/s`);
    }
  }
}

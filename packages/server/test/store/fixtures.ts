// Store-level test fixtures: a migrated throwaway database per engine, a real SqlStore over it, and
// factories that build complete model objects. No HTTP here, so the store suites load only the store.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Insertable, Kysely } from 'kysely';
import { openDatabase, migrateToLatest, type Engine } from '../../src/store/database.js';
import type { Database } from '../../src/store/schema.js';
import { SqlStore } from '../../src/store/sql/index.js';
import type {
  Channel,
  ChannelMember,
  Post,
  Reaction,
  Session,
  Status,
  Store,
  Team,
  TeamMember,
  ThreadMembership,
  User,
  UserAccessToken,
} from '../../src/store/store.js';
import { newId } from '../../src/platform/ids.js';
import { engines, PG_URL, pgAdmin } from '../engines.js';

export { engines, PG_URL };

export interface TestDb {
  engine: Engine;
  db: Kysely<Database>;
  store: Store;
  close(): Promise<void>;
}


/** A migrated database of its own: a temp-dir SQLite file, or a fresh PostgreSQL schema dropped on close. */
export async function openTestDb(engine: Engine): Promise<TestDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-store-'));
  const schema = `t_${newId()}`;
  if (engine === 'postgres') await pgAdmin(`CREATE SCHEMA ${schema}`);
  const opened = await openDatabase({
    databaseUrl: engine === 'postgres' ? PG_URL : '',
    dataDir,
    pgSchema: engine === 'postgres' ? schema : undefined,
  });
  await migrateToLatest(opened);
  const store: Store = new SqlStore(opened.db, opened.engine);
  return {
    engine,
    db: opened.db,
    store,
    async close() {
      await opened.close();
      if (engine === 'postgres') await pgAdmin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let seq = 0;
/** A short name no other factory call in this process returns; lowercase letters and digits only. */
export function uniq(prefix: string): string {
  seq += 1;
  return `${prefix}${seq}${newId().slice(0, 6)}`;
}

// Millisecond timestamps in the range real data has, so int8 handling is exercised for real.
const BASE_TIME = 1_700_000_000_000;

export function makeUser(fields: Partial<User> = {}): User {
  const username = fields.username ?? uniq('user');
  return {
    id: newId(),
    create_at: BASE_TIME,
    update_at: BASE_TIME,
    delete_at: 0,
    username,
    password: '',
    auth_data: null,
    auth_service: '',
    email: `${username}@example.com`,
    email_verified: false,
    nickname: '',
    first_name: '',
    last_name: '',
    position: '',
    roles: 'system_user',
    props: {},
    notify_props: {},
    timezone: {},
    locale: 'en',
    last_password_update: BASE_TIME,
    last_picture_update: 0,
    failed_attempts: 0,
    mfa_active: false,
    mfa_secret: '',
    last_activity_at: 0,
    is_bot: false,
    bot_description: '',
    last_login: 0,
    ...fields,
  };
}

export function makeSession(fields: Pick<Session, 'user_id'> & Partial<Session>): Session {
  return {
    id: newId(),
    token: newId(),
    create_at: BASE_TIME,
    expires_at: BASE_TIME + 30 * 86_400_000,
    last_activity_at: BASE_TIME,
    device_id: '',
    roles: 'system_user',
    is_oauth: false,
    expired_notify: false,
    props: {},
    ...fields,
  };
}

export function makeAccessToken(fields: Pick<UserAccessToken, 'user_id'> & Partial<UserAccessToken>): UserAccessToken {
  return { id: newId(), token: newId(), description: 'test token', is_active: true, expires_at: 0, ...fields };
}

export function makeTeam(fields: Partial<Team> = {}): Team {
  const name = fields.name ?? uniq('team');
  return {
    id: newId(),
    create_at: BASE_TIME,
    update_at: BASE_TIME,
    delete_at: 0,
    display_name: name,
    name,
    description: '',
    email: '',
    type: 'O',
    company_name: '',
    allowed_domains: '',
    invite_id: newId(),
    allow_open_invite: false,
    last_team_icon_update: 0,
    scheme_id: null,
    group_constrained: null,
    ...fields,
  };
}

export function makeTeamMember(fields: Pick<TeamMember, 'team_id' | 'user_id'> & Partial<TeamMember>): TeamMember {
  return {
    roles: '',
    delete_at: 0,
    scheme_guest: false,
    scheme_user: true,
    scheme_admin: false,
    create_at: BASE_TIME,
    ...fields,
  };
}

export function makeChannel(fields: Pick<Channel, 'team_id'> & Partial<Channel>): Channel {
  const name = fields.name ?? uniq('chan');
  return {
    id: newId(),
    create_at: BASE_TIME,
    update_at: BASE_TIME,
    delete_at: 0,
    type: 'O',
    display_name: name,
    name,
    header: '',
    purpose: '',
    last_post_at: 0,
    last_root_post_at: 0,
    total_msg_count: 0,
    total_msg_count_root: 0,
    extra_update_at: 0,
    creator_id: '',
    scheme_id: null,
    group_constrained: null,
    shared: null,
    props: null,
    ...fields,
  };
}

export function makeChannelMember(fields: Pick<ChannelMember, 'channel_id' | 'user_id'> & Partial<ChannelMember>): ChannelMember {
  return {
    roles: '',
    last_viewed_at: 0,
    msg_count: 0,
    mention_count: 0,
    mention_count_root: 0,
    urgent_mention_count: 0,
    msg_count_root: 0,
    notify_props: { desktop: 'default', mark_unread: 'all' },
    last_update_at: BASE_TIME,
    scheme_guest: false,
    scheme_user: true,
    scheme_admin: false,
    ...fields,
  };
}

export function makePost(fields: Pick<Post, 'channel_id' | 'user_id'> & Partial<Post>): Post {
  const createAt = fields.create_at ?? BASE_TIME;
  return {
    id: newId(),
    create_at: createAt,
    update_at: createAt,
    edit_at: 0,
    delete_at: 0,
    is_pinned: false,
    root_id: '',
    original_id: '',
    message: 'hello',
    type: '',
    props: {},
    hashtags: '',
    file_ids: [],
    has_reactions: false,
    remote_id: null,
    pending_post_id: '',
    ...fields,
  };
}

export function makeReaction(fields: Pick<Reaction, 'post_id' | 'user_id' | 'channel_id'> & Partial<Reaction>): Reaction {
  return { emoji_name: 'smile', create_at: BASE_TIME, update_at: BASE_TIME, delete_at: 0, remote_id: null, ...fields };
}

export function makeStatus(fields: Pick<Status, 'user_id'> & Partial<Status>): Status {
  return { status: 'online', manual: false, last_activity_at: BASE_TIME, dnd_end_time: 0, prev_status: '', ...fields };
}

export function makeThreadMembership(fields: Pick<ThreadMembership, 'post_id' | 'user_id'> & Partial<ThreadMembership>): ThreadMembership {
  return { following: true, last_viewed: 0, last_updated: BASE_TIME, unread_mentions: 0, ...fields };
}

/**
 * A model as its row is stored (flags 0/1, JSON as text), for seeding volume in bulk: going through
 * the store one row at a time would cost seconds on PostgreSQL.
 */
export function toRow<T extends keyof Database>(_table: T, model: object): Insertable<Database[T]> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(model)) {
    if (typeof v === 'boolean') out[k] = v ? 1 : 0;
    else if (v !== null && typeof v === 'object') out[k] = JSON.stringify(v);
    else out[k] = v;
  }
  return out as Insertable<Database[T]>;
}

/** Sorted ids, for comparing result sets whose order the contract leaves open. */
export function ids(rows: readonly { id: string }[]): string[] {
  return rows.map((r) => r.id).sort();
}

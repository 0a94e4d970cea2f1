// Bulk inserts for the seeder: rows are buffered per table and written in chunks, one transaction per chunk.
// SQLite gets multi-row VALUES statements (as many rows as its 32,766 bound parameters allow; the SQL text is
// the same for every full batch, so the prepared statement is reused); PostgreSQL gets one INSERT … SELECT
// FROM unnest(column arrays) per table and chunk, whatever the number of rows. While PostgreSQL writes one
// chunk the caller builds the next.
import { performance } from 'node:perf_hooks';
import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import type { Engine } from '../../src/store/database.js';
import type { ChannelMembersTable, ChannelsTable, Database, PostsTable, TeamMembersTable, TeamsTable, ThreadMembershipsTable, ThreadsTable, UsersTable } from '../../src/store/schema.js';

type PgType = 'text' | 'int8';

/** The tables the seeder fills, each column with the PostgreSQL array type its values travel in. */
const COLUMNS = {
  users: {
    id: 'text', create_at: 'int8', update_at: 'int8', delete_at: 'int8', username: 'text', password: 'text', auth_data: 'text', auth_service: 'text',
    email: 'text', email_verified: 'int8', nickname: 'text', first_name: 'text', last_name: 'text', position: 'text', roles: 'text', props: 'text',
    notify_props: 'text', timezone: 'text', locale: 'text', last_password_update: 'int8', last_picture_update: 'int8', failed_attempts: 'int8',
    mfa_active: 'int8', mfa_secret: 'text', last_activity_at: 'int8', is_bot: 'int8', bot_description: 'text', last_login: 'int8',
    custom_mentions: 'int8',
  } satisfies Record<keyof UsersTable, PgType>,
  teams: {
    id: 'text', create_at: 'int8', update_at: 'int8', delete_at: 'int8', display_name: 'text', name: 'text', description: 'text', email: 'text', type: 'text',
    company_name: 'text', allowed_domains: 'text', invite_id: 'text', allow_open_invite: 'int8', last_team_icon_update: 'int8', scheme_id: 'text', group_constrained: 'int8',
  } satisfies Record<keyof TeamsTable, PgType>,
  team_members: {
    team_id: 'text', user_id: 'text', roles: 'text', delete_at: 'int8', scheme_guest: 'int8', scheme_user: 'int8', scheme_admin: 'int8', create_at: 'int8',
  } satisfies Record<keyof TeamMembersTable, PgType>,
  channels: {
    id: 'text', create_at: 'int8', update_at: 'int8', delete_at: 'int8', team_id: 'text', type: 'text', display_name: 'text', name: 'text', header: 'text',
    purpose: 'text', last_post_at: 'int8', last_root_post_at: 'int8', total_msg_count: 'int8', total_msg_count_root: 'int8', extra_update_at: 'int8',
    creator_id: 'text', scheme_id: 'text', group_constrained: 'int8', shared: 'int8', props: 'text',
  } satisfies Record<keyof ChannelsTable, PgType>,
  channel_members: {
    channel_id: 'text', user_id: 'text', roles: 'text', last_viewed_at: 'int8', msg_count: 'int8', mention_count: 'int8', mention_count_root: 'int8',
    urgent_mention_count: 'int8', msg_count_root: 'int8', notify_props: 'text', last_update_at: 'int8', scheme_guest: 'int8', scheme_user: 'int8', scheme_admin: 'int8',
    auto_follow_threads: 'int8',
  } satisfies Record<keyof ChannelMembersTable, PgType>,
  posts: {
    id: 'text', create_at: 'int8', update_at: 'int8', edit_at: 'int8', delete_at: 'int8', is_pinned: 'int8', user_id: 'text', channel_id: 'text', root_id: 'text',
    original_id: 'text', message: 'text', type: 'text', props: 'text', hashtags: 'text', file_ids: 'text', has_reactions: 'int8', remote_id: 'text', pending_post_id: 'text',
  } satisfies Record<keyof PostsTable, PgType>,
  threads: {
    post_id: 'text', channel_id: 'text', reply_count: 'int8', last_reply_at: 'int8', participants: 'text', thread_delete_at: 'int8', thread_team_id: 'text',
  } satisfies Record<keyof ThreadsTable, PgType>,
  thread_memberships: {
    post_id: 'text', user_id: 'text', following: 'int8', last_viewed: 'int8', last_updated: 'int8', unread_mentions: 'int8',
  } satisfies Record<keyof ThreadMembershipsTable, PgType>,
} as const;

export type SeededTable = keyof typeof COLUMNS;
const NAMES = Object.fromEntries(Object.entries(COLUMNS).map(([t, cols]) => [t, Object.keys(cols)])) as unknown as Record<SeededTable, readonly string[]>;
export type Row<T extends SeededTable> = Database[T];
type Value = string | number | null;

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER. */
const SQLITE_MAX_PARAMS = 32_766;
/** Rows buffered (over all tables) before a chunk is written. */
const CHUNK_ROWS = { sqlite: 200_000, postgres: 50_000 } as const;

export class BulkWriter {
  /** Per table, its buffered rows' values one after the other (no array per row: less for the GC). */
  private buffers = new Map<SeededTable, Value[]>();
  private buffered = 0;
  private inFlight: Promise<void> | null = null;
  readonly counts: Record<SeededTable, number> = { users: 0, teams: 0, team_members: 0, channels: 0, channel_members: 0, posts: 0, threads: 0, thread_memberships: 0 };
  /** Seconds spent in each table's INSERTs (indexes and triggers included), for the log. */
  readonly seconds: Record<SeededTable, number> = { users: 0, teams: 0, team_members: 0, channels: 0, channel_members: 0, posts: 0, threads: 0, thread_memberships: 0 };
  private readonly sqliteSql = new Map<string, string>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: Engine,
  ) {}

  add<T extends SeededTable>(table: T, row: Row<T>): void {
    const cols = NAMES[table] as readonly (keyof Row<T>)[];
    let buf = this.buffers.get(table);
    if (!buf) this.buffers.set(table, (buf = []));
    for (const c of cols) buf.push(row[c] as Value);
    this.counts[table] += 1;
    this.buffered += 1;
  }

  /** Enough is buffered for a chunk: the caller should flush at its next convenient point. */
  get full(): boolean {
    return this.buffered >= CHUNK_ROWS[this.engine];
  }

  /** Starts writing what is buffered; waits only for the chunk before it. */
  async flush(): Promise<void> {
    if (this.buffered === 0) return;
    const chunk = this.buffers;
    this.buffers = new Map();
    this.buffered = 0;
    await this.inFlight;
    const writing = this.db.transaction().execute(async (trx) => {
      if (this.engine === 'postgres') await sql`set local synchronous_commit = off`.execute(trx);
      for (const [table, rows] of chunk) {
        const t0 = performance.now();
        await this.insert(trx, table, rows);
        this.seconds[table] += (performance.now() - t0) / 1000;
      }
    });
    // The next flush (or finish) awaits it and surfaces a failure; until then it must not count as unhandled.
    writing.catch(() => undefined);
    this.inFlight = writing;
    if (this.engine === 'sqlite') await writing;
  }

  /** Writes everything still buffered and waits for it. */
  async finish(): Promise<void> {
    await this.flush();
    await this.inFlight;
    this.inFlight = null;
  }

  private async insert(trx: Transaction<Database>, table: SeededTable, values: Value[]): Promise<void> {
    const types = Object.values(COLUMNS[table]) as PgType[];
    const names = NAMES[table];
    const width = names.length;
    const rows = values.length / width;
    if (this.engine === 'postgres') {
      const arrays = names.map((_, c) => {
        const column = new Array<Value>(rows);
        for (let r = 0; r < rows; r++) column[r] = values[r * width + c]!;
        return column;
      });
      const text = `insert into ${table} (${names.join(', ')}) select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
      await trx.executeQuery(CompiledQuery.raw(text, arrays));
      return;
    }
    const perStatement = Math.min(1_000, Math.floor(SQLITE_MAX_PARAMS / width));
    for (let r = 0; r < rows; r += perStatement) {
      const n = Math.min(perStatement, rows - r);
      await trx.executeQuery(CompiledQuery.raw(this.sqliteInsert(table, names, n), values.slice(r * width, (r + n) * width)));
    }
  }

  private sqliteInsert(table: string, names: readonly string[], n: number): string {
    const key = `${table}:${n}`;
    let text = this.sqliteSql.get(key);
    if (!text) {
      const one = `(${names.map(() => '?').join(',')})`;
      text = `insert into ${table} (${names.join(', ')}) values ${Array.from({ length: n }, () => one).join(',')}`;
      this.sqliteSql.set(key, text);
    }
    return text;
  }
}

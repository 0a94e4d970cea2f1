import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';
import type { Database, UsersTable } from '../schema.js';
import type { User } from '../models.js';
import type { ProfileQuery, UserSearch, UserStore } from '../users.js';
import { codec } from './codec.js';
import { hasWord, lowerPrefixRange } from './like.js';
import { userMentionFlags } from './mention-flags.js';

const users = codec<UsersTable, User>(['email_verified', 'mfa_active', 'is_bot'], ['props', 'notify_props', 'timezone'], userMentionFlags);

export class SqlUserStore implements UserStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: Engine,
  ) {}

  async save(user: User): Promise<User> {
    await this.db.insertInto('users').values(users.encode(user) as UsersTable).execute();
    return user;
  }

  async update(user: User): Promise<User> {
    const { id, ...rest } = users.encode(user);
    await this.db.updateTable('users').set(rest).where('id', '=', id!).execute();
    return user;
  }

  async get(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && users.decode(row);
  }

  async getMany(ids: readonly string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('users').selectAll().where('id', 'in', [...ids]).execute();
    return rows.map(users.decode);
  }

  async getByUsername(username: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
    return row && users.decode(row);
  }

  async getByUsernames(usernames: readonly string[]): Promise<User[]> {
    if (usernames.length === 0) return [];
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username', 'in', usernames.map((u) => u.toLowerCase()))
      .execute();
    return rows.map(users.decode);
  }

  async getByEmail(email: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
    return row && users.decode(row);
  }

  async count(opts: { includeDeleted?: boolean; includeBots?: boolean } = {}): Promise<number> {
    let q = this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n'));
    if (!opts.includeDeleted) q = q.where('delete_at', '=', 0);
    if (!opts.includeBots) q = q.where('is_bot', '=', 0);
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private filtered(q: Omit<ProfileQuery, 'offset' | 'limit' | 'sort'>) {
    let query = this.db.selectFrom('users').selectAll('users');
    if (q.inTeam) {
      const teamId = q.inTeam;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('team_members as tm')
            .select('tm.user_id')
            .whereRef('tm.user_id', '=', 'users.id')
            .where('tm.team_id', '=', teamId)
            .where('tm.delete_at', '=', 0),
        ),
      );
    }
    if (q.notInTeam) {
      const teamId = q.notInTeam;
      query = query.where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('team_members as tm')
              .select('tm.user_id')
              .whereRef('tm.user_id', '=', 'users.id')
              .where('tm.team_id', '=', teamId)
              .where('tm.delete_at', '=', 0),
          ),
        ),
      );
    }
    if (q.withoutTeam) {
      query = query.where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('team_members as tm').select('tm.user_id').whereRef('tm.user_id', '=', 'users.id').where('tm.delete_at', '=', 0),
          ),
        ),
      );
    }
    if (q.inChannel) {
      const channelId = q.inChannel;
      query = query.where((eb) =>
        eb.exists(
          eb.selectFrom('channel_members as cm').select('cm.user_id').whereRef('cm.user_id', '=', 'users.id').where('cm.channel_id', '=', channelId),
        ),
      );
    }
    if (q.notInChannel) {
      const channelId = q.notInChannel;
      query = query.where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('channel_members as cm').select('cm.user_id').whereRef('cm.user_id', '=', 'users.id').where('cm.channel_id', '=', channelId),
          ),
        ),
      );
    }
    if (q.active === true) query = query.where('delete_at', '=', 0);
    if (q.active === false) query = query.where('delete_at', '>', 0);
    if (q.role) {
      query = query.where(hasWord('users.roles', q.role));
    }
    return query;
  }

  async getProfiles(q: ProfileQuery): Promise<User[]> {
    let query = this.filtered(q);
    if (q.sort === 'create_at') query = query.orderBy('create_at', 'desc');
    else if (q.sort === 'last_activity_at') query = query.orderBy('last_activity_at', 'desc');
    query = query.orderBy('username', 'asc');
    const rows = await query.offset(q.offset).limit(q.limit).execute();
    return rows.map(users.decode);
  }

  async search(q: UserSearch): Promise<User[]> {
    const term = q.term.trim().replace(/^@/, '');
    let query = this.filtered({ ...q, active: undefined });
    // Unary plus: an expression SQLite cannot index, so it drives the query from the few matched ids and
    // not from idx_users_delete_at, which holds nearly every user.
    if (!q.allowInactive) query = query.where(sql<number>`+${sql.ref('users.delete_at')}`, '=', 0);
    if (term) {
      const columns = ['username', 'first_name', 'last_name', 'nickname', ...(q.includeEmail ? ['email'] : [])];
      // One index range per column, united: only matching users are read, however many users there are.
      const ranges = columns.map((col) => this.db.selectFrom('users as m').select('m.id').where(lowerPrefixRange(`m.${col}`, term, this.engine)));
      const matching = ranges.slice(1).reduce((all, r) => all.union(r), ranges[0]!);
      query = query.where('users.id', 'in', matching);
    }
    const rows = await query.orderBy('username', 'asc').limit(q.limit).execute();
    return rows.map(users.decode);
  }

  async setFailedAttempts(id: string, attempts: number): Promise<void> {
    await this.db.updateTable('users').set({ failed_attempts: attempts }).where('id', '=', id).execute();
  }
}

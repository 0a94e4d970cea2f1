import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { AnalyticsRow, AnalyticsStore, UserCountFilter } from '../analytics.js';
import type { Database } from '../schema.js';

const DAY_MS = 86_400_000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table: only the count column is read
async function count(q: SelectQueryBuilder<Database, any, { n: number | string | bigint }>): Promise<number> {
  const row = await q.executeTakeFirst();
  return Number(row?.n ?? 0);
}

export class SqlAnalyticsStore implements AnalyticsStore {
  constructor(private readonly db: Kysely<Database>) {}

  channelTypeCount(type: 'O' | 'P', teamId?: string) {
    let q = this.db.selectFrom('channels').select((eb) => eb.fn.countAll().as('n')).where('type', '=', type);
    if (teamId) q = q.where('team_id', '=', teamId);
    return count(q);
  }

  postCount(opts: { teamId?: string; mustHaveFile?: boolean; mustHaveHashtag?: boolean }) {
    let q = this.db.selectFrom('posts').select((eb) => eb.fn.countAll().as('n'));
    if (opts.teamId) {
      const teamId = opts.teamId;
      q = q.where((eb) => eb('posts.channel_id', 'in', eb.selectFrom('channels').select('channels.id').where('channels.team_id', '=', teamId)));
    }
    if (opts.mustHaveFile) q = q.where('posts.file_ids', '!=', '[]').where('posts.file_ids', '!=', '');
    if (opts.mustHaveHashtag) q = q.where('posts.hashtags', '!=', '');
    return count(q);
  }

  async postCountsByDay(opts: { teamId?: string; since: number; until: number; distinctUsers?: boolean; botsOnly?: boolean }): Promise<AnalyticsRow[]> {
    // The same expression as idx_posts_create_day, so the range below is read from that index.
    const day = sql<number>`posts.create_at / 86400000`;
    const value = opts.distinctUsers ? sql<number>`count(distinct posts.user_id)` : sql<number>`count(*)`;
    let q = this.db
      .selectFrom('posts')
      .select([day.as('day'), value.as('value')])
      .where(day, '>=', Math.floor(opts.since / DAY_MS))
      .where('posts.create_at', '<=', opts.until);
    if (opts.teamId) {
      const teamId = opts.teamId;
      q = q.where((eb) => eb('posts.channel_id', 'in', eb.selectFrom('channels').select('channels.id').where('channels.team_id', '=', teamId)));
    }
    if (opts.botsOnly) q = q.where((eb) => eb('posts.user_id', 'in', eb.selectFrom('users').select('users.id').where('users.is_bot', '=', 1)));
    const rows = await q.groupBy(day).orderBy(day, 'desc').limit(30).execute();
    return rows.map((r) => ({ name: new Date(Number(r.day) * DAY_MS).toISOString().slice(0, 10), value: Number(r.value) }));
  }

  userCount(filter: UserCountFilter) {
    let q = this.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n'));
    if (!filter.includeDeleted) q = q.where('users.delete_at', '=', 0);
    if (!filter.includeBots) q = q.where('users.is_bot', '=', 0);
    if (filter.teamId) {
      const teamId = filter.teamId;
      q = q.where((eb) =>
        eb.exists(eb.selectFrom('team_members as tm').select('tm.user_id').whereRef('tm.user_id', '=', 'users.id').where('tm.team_id', '=', teamId).where('tm.delete_at', '=', 0)),
      );
    }
    if (filter.sharesTeamWith) {
      const userId = filter.sharesTeamWith;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('team_members as tm')
            .innerJoin('team_members as mine', 'mine.team_id', 'tm.team_id')
            .select('tm.user_id')
            .whereRef('tm.user_id', '=', 'users.id')
            .where('tm.delete_at', '=', 0)
            .where('mine.user_id', '=', userId)
            .where('mine.delete_at', '=', 0),
        ),
      );
    }
    if (filter.channelId) {
      const channelId = filter.channelId;
      q = q.where((eb) => eb.exists(eb.selectFrom('channel_members as cm').select('cm.user_id').whereRef('cm.user_id', '=', 'users.id').where('cm.channel_id', '=', channelId)));
    }
    if (filter.roles && filter.roles.length > 0) {
      // roles is a space-separated list; pad it so a role matches only as a whole word.
      const padded = sql<string>`' ' || users.roles || ' '`;
      const roles = filter.roles;
      q = q.where((eb) => eb.or(roles.map((r) => eb(padded, 'like', `% ${r} %`))));
    }
    return count(q);
  }

  inactiveUserCount() {
    return count(this.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('delete_at', '>', 0));
  }

  activeUserCount(since: number) {
    return count(
      this.db
        .selectFrom('status')
        .innerJoin('users', 'users.id', 'status.user_id')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('status.last_activity_at', '>', since)
        .where('users.delete_at', '=', 0)
        .where('users.is_bot', '=', 0),
    );
  }

  teamCount() {
    return count(this.db.selectFrom('teams').select((eb) => eb.fn.countAll().as('n')).where('delete_at', '=', 0));
  }

  incomingWebhookCount(teamId?: string) {
    let q = this.db.selectFrom('incoming_webhooks').select((eb) => eb.fn.countAll().as('n')).where('delete_at', '=', 0);
    if (teamId) q = q.where('team_id', '=', teamId);
    return count(q);
  }

  outgoingWebhookCount(teamId?: string) {
    let q = this.db.selectFrom('outgoing_webhooks').select((eb) => eb.fn.countAll().as('n')).where('delete_at', '=', 0);
    if (teamId) q = q.where('team_id', '=', teamId);
    return count(q);
  }

  commandCount(teamId?: string) {
    let q = this.db.selectFrom('commands').select((eb) => eb.fn.countAll().as('n')).where('delete_at', '=', 0);
    if (teamId) q = q.where('team_id', '=', teamId);
    return count(q);
  }

  sessionCount(now: number) {
    return count(this.db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).where((eb) => eb.or([eb('expires_at', '=', 0), eb('expires_at', '>', now)])));
  }
}

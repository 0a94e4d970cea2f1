// Threads and thread memberships on both engines. A user's thread list is driven from their memberships
// (index on thread_memberships.user_id) joined to threads by primary key, so its cost grows with what the
// user follows, never with the size of the server.
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database, ThreadMembershipsTable, ThreadsTable } from '../schema.js';
import type { Thread, ThreadMembership } from '../models.js';
import type { TeamThreadUnreads, ThreadStore, UserThread, UserThreadQuery, UserThreadTotals } from '../threads.js';
import { codec } from './codec.js';
import { posts } from './posts.js';

const threads = codec<ThreadsTable, Thread>([], ['participants']);
const memberships = codec<ThreadMembershipsTable, ThreadMembership>(['following'], []);

type Joined = ExpressionBuilder<Database & { tm: ThreadMembershipsTable; t: ThreadsTable }, 'tm' | 't'>;

/** A team's threads plus the DMs' and GMs', which belong to no team (Mattermost's ThreadTeamId = ''). */
function inTeam(eb: Joined, teamId: string): Expression<SqlBool> {
  return eb.or([eb('t.thread_team_id', '=', teamId), eb('t.thread_team_id', '=', '')]);
}

export class SqlThreadStore implements ThreadStore {
  constructor(private readonly db: Kysely<Database>) {}

  async get(postId: string): Promise<Thread | undefined> {
    const row = await this.db.selectFrom('threads').selectAll().where('post_id', '=', postId).executeTakeFirst();
    return row && threads.decode(row);
  }

  async getMany(postIds: readonly string[]): Promise<Thread[]> {
    if (postIds.length === 0) return [];
    const rows = await this.db.selectFrom('threads').selectAll().where('post_id', 'in', [...new Set(postIds)]).execute();
    return rows.map(threads.decode);
  }

  async recordReply(rootId: string, channelId: string, teamId: string, replierId: string, at: number): Promise<Thread> {
    // Callers hold the channel's post lock, so this read-modify-write cannot interleave with another reply.
    const existing = await this.get(rootId);
    if (!existing) {
      const thread: Thread = {
        post_id: rootId,
        channel_id: channelId,
        reply_count: 1,
        last_reply_at: at,
        participants: [replierId],
        thread_delete_at: 0,
        thread_team_id: teamId,
      };
      await this.db.insertInto('threads').values(threads.encode(thread) as ThreadsTable).execute();
      return thread;
    }
    const next: Thread = {
      ...existing,
      reply_count: Number(existing.reply_count) + 1,
      last_reply_at: Math.max(Number(existing.last_reply_at), at),
      participants: existing.participants.includes(replierId) ? existing.participants : [...existing.participants, replierId],
    };
    const { post_id: _id, ...rest } = threads.encode(next);
    await this.db.updateTable('threads').set(rest).where('post_id', '=', rootId).execute();
    return next;
  }

  async recount(rootId: string): Promise<void> {
    const repliers = await this.db
      .selectFrom('posts')
      .select((eb) => ['user_id', eb.fn.min<number>('create_at').as('first'), eb.fn.max<number>('create_at').as('last'), eb.fn.countAll<number>().as('n')])
      .where('root_id', '=', rootId)
      .where('delete_at', '=', 0)
      .groupBy('user_id')
      .execute();
    repliers.sort((a, b) => Number(a.first) - Number(b.first));
    await this.db
      .updateTable('threads')
      .set({
        reply_count: repliers.reduce((sum, r) => sum + Number(r.n), 0),
        last_reply_at: repliers.reduce((max, r) => Math.max(max, Number(r.last)), 0),
        participants: JSON.stringify(repliers.map((r) => r.user_id)),
      })
      .where('post_id', '=', rootId)
      .execute();
  }

  async markDeleted(rootId: string, at: number): Promise<void> {
    await this.db.updateTable('threads').set({ thread_delete_at: at }).where('post_id', '=', rootId).execute();
  }

  async getMembership(postId: string, userId: string): Promise<ThreadMembership | undefined> {
    const row = await this.db.selectFrom('thread_memberships').selectAll().where('post_id', '=', postId).where('user_id', '=', userId).executeTakeFirst();
    return row && memberships.decode(row);
  }

  async getMemberships(postId: string, userIds: readonly string[]): Promise<ThreadMembership[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('thread_memberships')
      .selectAll()
      .where('post_id', '=', postId)
      .where('user_id', 'in', [...new Set(userIds)])
      .execute();
    return rows.map(memberships.decode);
  }

  async getMembershipsOfUser(userId: string, postIds: readonly string[]): Promise<ThreadMembership[]> {
    if (postIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('thread_memberships')
      .selectAll()
      .where('post_id', 'in', [...new Set(postIds)])
      .where('user_id', '=', userId)
      .execute();
    return rows.map(memberships.decode);
  }

  async saveMembership(m: ThreadMembership): Promise<void> {
    const row = memberships.encode(m) as ThreadMembershipsTable;
    const { post_id: _p, user_id: _u, ...rest } = row;
    await this.db
      .insertInto('thread_memberships')
      .values(row)
      .onConflict((oc) => oc.columns(['post_id', 'user_id']).doUpdateSet(rest))
      .execute();
  }

  async getFollowers(postId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('thread_memberships').select('user_id').where('post_id', '=', postId).where('following', '=', 1).execute();
    return rows.map((r) => r.user_id);
  }

  async countRepliesAfter(postId: string, after: number): Promise<number> {
    const row = await this.db
      .selectFrom('posts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('root_id', '=', postId)
      .where('delete_at', '=', 0)
      .where('create_at', '>', after)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Followed threads with their membership and unread reply count; the caller adds filters and order. */
  private followed(userId: string) {
    return this.db
      .selectFrom('thread_memberships as tm')
      // CROSS JOIN keeps SQLite walking the user's memberships first (its planner otherwise tends to walk
      // every thread); PostgreSQL treats it as the inner join it is.
      .crossJoin('threads as t')
      .whereRef('t.post_id', '=', 'tm.post_id')
      .select((eb) => [
        't.post_id',
        't.channel_id',
        't.reply_count',
        't.last_reply_at',
        't.participants',
        't.thread_delete_at',
        't.thread_team_id',
        'tm.following',
        'tm.last_viewed',
        'tm.last_updated',
        'tm.unread_mentions',
        eb
          .selectFrom('posts as r')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('r.root_id', '=', 'tm.post_id')
          .where('r.delete_at', '=', 0)
          .whereRef('r.create_at', '>', 'tm.last_viewed')
          .as('unread_replies'),
      ])
      .where('tm.user_id', '=', userId)
      .where('tm.following', '=', 1);
  }

  private async withPosts(userId: string, rows: Awaited<ReturnType<ReturnType<SqlThreadStore['followed']>['execute']>>): Promise<UserThread[]> {
    if (rows.length === 0) return [];
    const roots = await this.db
      .selectFrom('posts')
      .selectAll()
      .where('id', 'in', rows.map((r) => r.post_id))
      .execute();
    const byId = new Map(roots.map((p) => [p.id, posts.decode(p)]));
    const out: UserThread[] = [];
    for (const r of rows) {
      const post = byId.get(r.post_id);
      if (!post) continue;
      out.push({
        thread: threads.decode({
          post_id: r.post_id,
          channel_id: r.channel_id,
          reply_count: Number(r.reply_count),
          last_reply_at: Number(r.last_reply_at),
          participants: r.participants,
          thread_delete_at: Number(r.thread_delete_at),
          thread_team_id: r.thread_team_id,
        }),
        membership: memberships.decode({
          post_id: r.post_id,
          user_id: userId,
          following: r.following,
          last_viewed: Number(r.last_viewed),
          last_updated: Number(r.last_updated),
          unread_mentions: Number(r.unread_mentions),
        }),
        unreadReplies: Number(r.unread_replies ?? 0),
        post,
      });
    }
    return out;
  }

  async getForUser(userId: string, q: UserThreadQuery): Promise<UserThread[]> {
    let query = this.followed(userId).where((eb) => inTeam(eb, q.teamId));
    if (!q.deleted) query = query.where('t.thread_delete_at', '=', 0);
    if (q.since > 0) {
      const since = q.since;
      query = query.where((eb) => eb.or([eb('tm.last_updated', '>=', since), eb('t.last_reply_at', '>=', since)]));
    }
    if (q.unreadOnly) query = query.whereRef('tm.last_viewed', '<', 't.last_reply_at');
    const cursorId = q.after ?? q.before;
    if (cursorId) {
      const cursor = await this.db.selectFrom('threads').select('last_reply_at').where('post_id', '=', cursorId).executeTakeFirst();
      if (!cursor) return [];
      const at = Number(cursor.last_reply_at);
      const op = q.after ? '>' : '<';
      // Ties on last_reply_at are broken by id, so paging never skips or repeats a thread.
      query = query.where((eb) => eb.or([eb('t.last_reply_at', op, at), eb.and([eb('t.last_reply_at', '=', at), eb('t.post_id', op, cursorId)])]));
    }
    const dir = q.after ? 'asc' : 'desc';
    const rows = await query.orderBy('t.last_reply_at', dir).orderBy('t.post_id', dir).limit(q.limit).execute();
    return this.withPosts(userId, rows);
  }

  async getOneForUser(userId: string, postId: string): Promise<UserThread | undefined> {
    const rows = await this.followed(userId).where('tm.post_id', '=', postId).execute();
    return (await this.withPosts(userId, rows))[0];
  }

  async countForUser(userId: string, teamId: string, deleted: boolean): Promise<UserThreadTotals> {
    let q = this.db
      .selectFrom('thread_memberships as tm')
      // CROSS JOIN keeps SQLite walking the user's memberships first (its planner otherwise tends to walk
      // every thread); PostgreSQL treats it as the inner join it is.
      .crossJoin('threads as t')
      .whereRef('t.post_id', '=', 'tm.post_id')
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        eb.fn.sum<number>(eb.case().when('tm.last_viewed', '<', eb.ref('t.last_reply_at')).then(1).else(0).end()).as('unread'),
        eb.fn.sum<number>('tm.unread_mentions').as('mentions'),
      ])
      .where('tm.user_id', '=', userId)
      .where('tm.following', '=', 1)
      .where((eb) => inTeam(eb, teamId));
    if (!deleted) q = q.where('t.thread_delete_at', '=', 0);
    const row = await q.executeTakeFirstOrThrow();
    return { total: Number(row.total), totalUnreadThreads: Number(row.unread ?? 0), totalUnreadMentions: Number(row.mentions ?? 0) };
  }

  async getTeamUnreads(userId: string, teamIds: readonly string[]): Promise<TeamThreadUnreads[]> {
    if (teamIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('thread_memberships as tm')
      // CROSS JOIN keeps SQLite walking the user's memberships first (its planner otherwise tends to walk
      // every thread); PostgreSQL treats it as the inner join it is.
      .crossJoin('threads as t')
      .whereRef('t.post_id', '=', 'tm.post_id')
      .select((eb) => [
        't.thread_team_id as team_id',
        eb.fn.sum<number>(eb.case().when('tm.last_viewed', '<', eb.ref('t.last_reply_at')).then(1).else(0).end()).as('thread_count'),
        eb.fn.sum<number>('tm.unread_mentions').as('thread_mention_count'),
      ])
      .where('tm.user_id', '=', userId)
      .where('tm.following', '=', 1)
      .where('t.thread_team_id', 'in', [...teamIds])
      .where('t.thread_delete_at', '=', 0)
      .groupBy('t.thread_team_id')
      .execute();
    return rows.map((r) => ({ team_id: r.team_id, thread_count: Number(r.thread_count ?? 0), thread_mention_count: Number(r.thread_mention_count ?? 0) }));
  }

  async markAllReadInTeam(userId: string, teamId: string, at: number): Promise<void> {
    await this.db
      .updateTable('thread_memberships')
      .set({ last_viewed: at, unread_mentions: 0, last_updated: at })
      .where('user_id', '=', userId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('threads as t')
            .select('t.post_id')
            .whereRef('t.post_id', '=', 'thread_memberships.post_id')
            .where((e) => e.or([e('t.thread_team_id', '=', teamId), e('t.thread_team_id', '=', '')])),
        ),
      )
      .execute();
  }

  async markAllReadInChannels(userId: string, channelIds: readonly string[], at: number): Promise<void> {
    if (channelIds.length === 0) return;
    await this.db
      .updateTable('thread_memberships')
      .set({ last_viewed: at, unread_mentions: 0, last_updated: at })
      .where('user_id', '=', userId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('threads as t')
            .select('t.post_id')
            .whereRef('t.post_id', '=', 'thread_memberships.post_id')
            .where('t.channel_id', 'in', [...channelIds])
            .whereRef('t.last_reply_at', '>', 'thread_memberships.last_viewed'),
        ),
      )
      .execute();
  }

  async removeMembershipsForChannel(userId: string, channelId: string): Promise<void> {
    await this.db
      .deleteFrom('thread_memberships')
      .where('user_id', '=', userId)
      .where((eb) =>
        eb.exists(eb.selectFrom('threads as t').select('t.post_id').whereRef('t.post_id', '=', 'thread_memberships.post_id').where('t.channel_id', '=', channelId)),
      )
      .execute();
  }
}

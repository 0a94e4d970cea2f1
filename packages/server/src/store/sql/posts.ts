// Posts and reactions on both engines. Hot queries follow Mattermost's index plan:
// (channel_id, delete_at, create_at) for channel pages and cursors, (channel_id, update_at) for `since`,
// (root_id, delete_at) for threads.
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Engine } from '../database.js';
import type { Database, PostsTable, ReactionsTable } from '../schema.js';
import type { Post, Reaction } from '../models.js';
import { JOIN_LEAVE_POST_TYPES, type ChannelPostFilter, type PostSearch, type ChannelUnreadAt, type PageOptions, type PostStore, type ReactionStore, type ThreadPageOptions } from '../posts.js';
import { codec } from './codec.js';
import { escapeLike } from './like.js';
import { ftsMatch, tsQuery, type SearchTerm } from './search-query.js';

export const posts = codec<PostsTable, Post>(['is_pinned', 'has_reactions'], ['props', 'file_ids']);

type PostQuery = SelectQueryBuilder<Database, 'posts', PostsTable>;

function channelFilter<O>(q: SelectQueryBuilder<Database, 'posts', O>, channelId: string, f: ChannelPostFilter): SelectQueryBuilder<Database, 'posts', O> {
  let out = q.where('channel_id', '=', channelId);
  out = f.includeDeleted ? out.where('original_id', '=', '') : out.where('delete_at', '=', 0);
  if (f.rootsOnly) out = out.where('root_id', '=', '');
  return out;
}

export class SqlPostStore implements PostStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: Engine,
  ) {}

  private selectPosts(): PostQuery {
    return this.db.selectFrom('posts').selectAll();
  }

  async save(post: Post): Promise<Post> {
    await this.db.insertInto('posts').values(posts.encode(post) as PostsTable).execute();
    return post;
  }

  async update(post: Post): Promise<Post> {
    const { id, ...rest } = posts.encode(post);
    await this.db.updateTable('posts').set(rest).where('id', '=', id!).execute();
    return post;
  }

  async get(id: string): Promise<Post | undefined> {
    const row = await this.selectPosts().where('id', '=', id).executeTakeFirst();
    return row && posts.decode(row);
  }

  async getMany(ids: readonly string[]): Promise<Post[]> {
    if (ids.length === 0) return [];
    const rows = await this.selectPosts().where('id', 'in', [...new Set(ids)]).execute();
    return rows.map(posts.decode);
  }

  async getByPendingId(userId: string, pendingPostId: string): Promise<Post | undefined> {
    if (!pendingPostId) return undefined;
    // The `<> ''` lets both planners use the partial unique index on (user_id, pending_post_id).
    const row = await this.selectPosts()
      .where('user_id', '=', userId)
      .where('pending_post_id', '=', pendingPostId)
      .where('pending_post_id', '<>', '')
      .executeTakeFirst();
    return row && posts.decode(row);
  }

  async lockChannelForPost(channelId: string): Promise<number | undefined> {
    // SQLite runs one writer at a time, so only PostgreSQL needs the row lock.
    const q = this.db.selectFrom('channels').select('last_post_at').where('id', '=', channelId);
    const row = await (this.engine === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
    return row ? Number(row.last_post_at) : undefined;
  }

  async getChannelPage(channelId: string, opts: PageOptions): Promise<Post[]> {
    const rows = await channelFilter(this.selectPosts(), channelId, opts)
      .orderBy('create_at', 'desc')
      .limit(opts.limit)
      .offset(opts.offset)
      .execute();
    return rows.map(posts.decode);
  }

  async getBefore(channelId: string, createAt: number, opts: PageOptions): Promise<Post[]> {
    const rows = await channelFilter(this.selectPosts(), channelId, opts)
      .where('create_at', '<', createAt)
      .orderBy('create_at', 'desc')
      .limit(opts.limit)
      .offset(opts.offset)
      .execute();
    return rows.map(posts.decode);
  }

  async getAfter(channelId: string, createAt: number, opts: PageOptions): Promise<Post[]> {
    const rows = await channelFilter(this.selectPosts(), channelId, opts)
      .where('create_at', '>', createAt)
      .orderBy('create_at', 'asc')
      .limit(opts.limit)
      .offset(opts.offset)
      .execute();
    return rows.map(posts.decode).reverse();
  }

  async getIdBefore(channelId: string, createAt: number, rootsOnly = false): Promise<string> {
    const row = await channelFilter(this.db.selectFrom('posts').select('id'), channelId, { rootsOnly })
      .where('create_at', '<', createAt)
      .orderBy('create_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.id ?? '';
  }

  async getIdAfter(channelId: string, createAt: number, rootsOnly = false): Promise<string> {
    const row = await channelFilter(this.db.selectFrom('posts').select('id'), channelId, { rootsOnly })
      .where('create_at', '>', createAt)
      .orderBy('create_at', 'asc')
      .limit(1)
      .executeTakeFirst();
    return row?.id ?? '';
  }

  async getSince(channelId: string, since: number, limit: number, rootsOnly = false): Promise<Post[]> {
    let q = this.selectPosts().where('channel_id', '=', channelId).where('update_at', '>', since).where('original_id', '=', '');
    if (rootsOnly) q = q.where('root_id', '=', '').where('delete_at', '=', 0);
    const rows = await q.orderBy('create_at', 'desc').limit(limit).execute();
    return rows.map(posts.decode);
  }

  async getFrom(channelId: string, createAt: number, limit: number): Promise<Post[]> {
    const rows = await channelFilter(this.selectPosts(), channelId, {})
      .where('create_at', '>=', createAt)
      .orderBy('create_at', 'asc')
      .limit(limit)
      .execute();
    return rows.map(posts.decode);
  }

  async getThread(rootId: string, opts: ThreadPageOptions): Promise<Post[]> {
    let q = this.selectPosts().where((eb) => eb.or([eb('id', '=', rootId), eb('root_id', '=', rootId)]));
    if (opts.fromUpdateAt !== undefined) {
      // updatesOnly: every change after the cursor, deletions included, so a client can patch its copy.
      const at = opts.fromUpdateAt;
      const from = opts.fromPostId;
      q = q
        .where('original_id', '=', '')
        .where((eb) => (from ? eb.or([eb('update_at', '>', at), eb.and([eb('update_at', '=', at), eb('id', '>', from)])]) : eb('update_at', '>', at)))
        .orderBy('update_at', 'asc')
        .orderBy('id', 'asc');
    } else {
      const up = opts.direction === 'up';
      q = q.where('delete_at', '=', 0);
      if (opts.fromCreateAt) {
        const at = opts.fromCreateAt;
        const from = opts.fromPostId;
        const op = up ? '<' : '>';
        q = q.where((eb) => (from ? eb.or([eb('create_at', op, at), eb.and([eb('create_at', '=', at), eb('id', op, from)])]) : eb('create_at', op, at)));
      }
      q = q.orderBy('create_at', up ? 'desc' : 'asc').orderBy('id', up ? 'desc' : 'asc');
    }
    if (opts.limit > 0) q = q.limit(opts.limit);
    return (await q.execute()).map(posts.decode);
  }

  async getPinned(channelId: string): Promise<Post[]> {
    const rows = await this.selectPosts()
      .where('channel_id', '=', channelId)
      .where('is_pinned', '=', 1)
      .where('delete_at', '=', 0)
      .orderBy('create_at', 'desc')
      .execute();
    return rows.map(posts.decode);
  }

  async countPinned(channelId: string): Promise<number> {
    const row = await this.db
      .selectFrom('posts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel_id', '=', channelId)
      .where('is_pinned', '=', 1)
      .where('delete_at', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async getEditHistory(postId: string): Promise<Post[]> {
    const rows = await this.selectPosts()
      .where('original_id', '=', postId)
      .where('delete_at', '>', 0)
      .orderBy('update_at', 'desc')
      .orderBy('edit_at', 'desc')
      .execute();
    return rows.map(posts.decode);
  }

  async getFlagged(userId: string, opts: { channelId?: string; teamId?: string; offset: number; limit: number }): Promise<Post[]> {
    let q = this.db
      .selectFrom('posts')
      .innerJoin('preferences as pr', (j) =>
        j.onRef('pr.name', '=', 'posts.id').on('pr.user_id', '=', userId).on('pr.category', '=', 'flagged_post').on('pr.value', '=', 'true'),
      )
      .selectAll('posts')
      .where('posts.delete_at', '=', 0);
    if (opts.channelId) q = q.where('posts.channel_id', '=', opts.channelId);
    if (opts.teamId) {
      const teamId = opts.teamId;
      q = q.innerJoin('channels as c', 'c.id', 'posts.channel_id').where((eb) => eb.or([eb('c.team_id', '=', teamId), eb('c.team_id', '=', '')]));
    }
    const rows = await q.orderBy('posts.create_at', 'desc').limit(opts.limit).offset(opts.offset).execute();
    return rows.map(posts.decode);
  }

  async search(q: PostSearch): Promise<Post[]> {
    const positive: SearchTerm[] = [
      ...q.words.map((w): SearchTerm => ({ kind: 'message', parts: [w.replace(/\*$/, '')], prefix: w.endsWith('*') })),
      ...q.phrases.map((parts): SearchTerm => ({ kind: 'message', parts, prefix: false })),
      ...q.hashtags.map((h): SearchTerm => ({ kind: 'hashtags', parts: h.parts, prefix: false })),
    ];
    const negative: SearchTerm[] = [
      ...q.excludedWords.map((w): SearchTerm => ({ kind: 'message', parts: [w.replace(/\*$/, '')], prefix: w.endsWith('*') })),
      ...q.excludedPhrases.map((parts): SearchTerm => ({ kind: 'message', parts, prefix: false })),
    ];
    let query = this.db
      .selectFrom('posts as p')
      .innerJoin('channel_members as cm', (j) => j.onRef('cm.channel_id', '=', 'p.channel_id').on('cm.user_id', '=', q.userId))
      .innerJoin('channels as c', 'c.id', 'p.channel_id')
      .selectAll('p')
      .where('p.delete_at', '=', 0)
      .where('p.original_id', '=', '')
      .where(sql<boolean>`substr(p.type, 1, 7) <> 'system_'`);
    if (this.engine === 'sqlite') {
      if (positive.length > 0) {
        query = query.where(sql<boolean>`p.rowid in (select rowid from posts_fts where posts_fts match ${ftsMatch(positive, q.orSearch)})`);
      }
      if (negative.length > 0) {
        query = query.where(sql<boolean>`p.rowid not in (select rowid from posts_fts where posts_fts match ${ftsMatch(negative, true)})`);
      }
    } else {
      const msg = positive.filter((t) => t.kind === 'message');
      const tags = positive.filter((t) => t.kind === 'hashtags');
      const conds = [];
      if (msg.length > 0) conds.push(sql<boolean>`to_tsvector('english', p.message) @@ to_tsquery('english', ${tsQuery(msg, q.orSearch)})`);
      if (tags.length > 0) conds.push(sql<boolean>`to_tsvector('english', p.hashtags) @@ to_tsquery('english', ${tsQuery(tags, q.orSearch)})`);
      if (conds.length > 0) query = query.where(sql<boolean>`(${sql.join(conds, sql.raw(q.orSearch ? ' or ' : ' and '))})`);
      if (negative.length > 0) {
        query = query.where(sql<boolean>`not (to_tsvector('english', p.message) @@ to_tsquery('english', ${tsQuery(negative, true)}))`);
      }
    }
    // The index matches hashtag words, stemmed; the exact tag is checked here (AND only: under OR a
    // word could be what matched).
    if (!q.orSearch) {
      for (const h of q.hashtags) {
        query = query.where(sql<boolean>`(' ' || lower(p.hashtags) || ' ') like ${`% #${escapeLike(h.tag)} %`} escape '\\'`);
      }
    }
    if (q.teamId !== undefined) {
      const teamId = q.teamId;
      query = query.where((eb) => eb.or([eb('c.team_id', '=', teamId), eb('c.team_id', '=', '')]));
    }
    if (!q.includeDeletedChannels) query = query.where('c.delete_at', '=', 0);
    if (q.fromUserIds.length > 0) query = query.where('p.user_id', 'in', q.fromUserIds);
    if (q.excludedUserIds.length > 0) query = query.where('p.user_id', 'not in', q.excludedUserIds);
    if (q.inChannelNames.length > 0) query = query.where('c.name', 'in', q.inChannelNames);
    if (q.excludedChannelNames.length > 0) query = query.where('c.name', 'not in', q.excludedChannelNames);
    if (q.since !== undefined) query = query.where('p.create_at', '>=', q.since);
    if (q.until !== undefined) query = query.where('p.create_at', '<', q.until);
    const rows = await query.orderBy('p.create_at', 'desc').orderBy('p.id', 'desc').limit(q.limit).offset(q.offset).execute();
    return rows.map(posts.decode);
  }

  async softDelete(postId: string, at: number, deletedBy: string): Promise<string[]> {
    // props is always stored as JSON.stringify of an object, so deleteBy can be appended as text: the last
    // duplicate key wins when it is read back. PostgreSQL's jsonb would refuse props holding \u0000.
    const entry = `"deleteBy":${JSON.stringify(deletedBy)}}`;
    const props = sql<string>`case when props = '{}' then ${`{${entry}`} else substr(props, 1, length(props) - 1) || ${`,${entry}`} end`;
    const rows = await this.db
      .updateTable('posts')
      .set({ delete_at: at, update_at: at, props })
      .where((eb) => eb.or([eb('id', '=', postId), eb('root_id', '=', postId)]))
      .where('delete_at', '=', 0)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  async touch(postId: string, at: number): Promise<void> {
    await this.db.updateTable('posts').set({ update_at: at }).where('id', '=', postId).where('update_at', '<', at).execute();
  }

  async setMemberUnreadFrom(
    channelId: string,
    userId: string,
    createAt: number,
    mentions: { mention_count: number; mention_count_root: number; urgent_mention_count: number },
    countRoot: boolean,
    now: number,
  ): Promise<ChannelUnreadAt | undefined> {
    const unread = await this.db
      .selectFrom('posts')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>(eb.case().when('root_id', '=', '').then(1).else(0).end()).as('roots'),
      ])
      .where('channel_id', '=', channelId)
      .where('delete_at', '=', 0)
      .where('create_at', '>=', createAt)
      .where('type', 'not in', [...JOIN_LEAVE_POST_TYPES])
      .executeTakeFirstOrThrow();
    const unreadAll = Number(unread.n);
    const unreadRoots = countRoot ? Number(unread.roots ?? 0) : 0;
    // Counts derive from the channel's totals so old, long channels are not recounted.
    const res = await this.db
      .updateTable('channel_members')
      .set((eb) => ({
        mention_count: mentions.mention_count,
        mention_count_root: mentions.mention_count_root,
        urgent_mention_count: mentions.urgent_mention_count,
        msg_count: eb.selectFrom('channels').select(sql<number>`total_msg_count - ${unreadAll}`.as('v')).where('id', '=', channelId),
        msg_count_root: eb.selectFrom('channels').select(sql<number>`total_msg_count_root - ${unreadRoots}`.as('v')).where('id', '=', channelId),
        last_viewed_at: createAt - 1,
        last_update_at: now,
      }))
      .where('channel_id', '=', channelId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return undefined;
    const row = await this.db
      .selectFrom('channel_members as cm')
      .innerJoin('channels as c', 'c.id', 'cm.channel_id')
      .select([
        'c.team_id',
        'cm.user_id',
        'cm.channel_id',
        'cm.msg_count',
        'cm.msg_count_root',
        'cm.mention_count',
        'cm.mention_count_root',
        'cm.urgent_mention_count',
        'cm.last_viewed_at',
      ])
      .where('cm.channel_id', '=', channelId)
      .where('cm.user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return {
      team_id: row.team_id,
      user_id: row.user_id,
      channel_id: row.channel_id,
      msg_count: Number(row.msg_count),
      msg_count_root: Number(row.msg_count_root),
      mention_count: Number(row.mention_count),
      mention_count_root: Number(row.mention_count_root),
      urgent_mention_count: Number(row.urgent_mention_count),
      last_viewed_at: Number(row.last_viewed_at),
    };
  }
}

export class SqlReactionStore implements ReactionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async save(reaction: Reaction): Promise<Reaction> {
    // Re-adding a removed reaction revives the row and keeps its original create_at, as Mattermost does.
    await this.db
      .insertInto('reactions')
      .values(reaction)
      .onConflict((oc) =>
        oc.columns(['post_id', 'user_id', 'emoji_name']).doUpdateSet({
          update_at: reaction.update_at,
          delete_at: 0,
          channel_id: reaction.channel_id,
          remote_id: reaction.remote_id,
        }),
      )
      .execute();
    await this.db.updateTable('posts').set({ has_reactions: 1, update_at: reaction.update_at }).where('id', '=', reaction.post_id).execute();
    const row = await this.db
      .selectFrom('reactions')
      .selectAll()
      .where('post_id', '=', reaction.post_id)
      .where('user_id', '=', reaction.user_id)
      .where('emoji_name', '=', reaction.emoji_name)
      .executeTakeFirstOrThrow();
    return normaliseReaction(row);
  }

  async remove(postId: string, userId: string, emojiName: string, at: number): Promise<Reaction | undefined> {
    const rows = await this.db
      .updateTable('reactions')
      .set({ delete_at: at, update_at: at })
      .where('post_id', '=', postId)
      .where('user_id', '=', userId)
      .where('emoji_name', '=', emojiName)
      .where('delete_at', '=', 0)
      .returningAll()
      .execute();
    if (rows.length === 0) return undefined;
    await this.db
      .updateTable('posts')
      .set((eb) => ({
        has_reactions: eb
          .case()
          .when(eb.exists(eb.selectFrom('reactions').select('post_id').where('post_id', '=', postId).where('delete_at', '=', 0)))
          .then(1)
          .else(0)
          .end(),
        update_at: at,
      }))
      .where('id', '=', postId)
      .execute();
    return normaliseReaction(rows[0]!);
  }

  async getForPost(postId: string): Promise<Reaction[]> {
    return this.getForPosts([postId]);
  }

  async getForPosts(postIds: readonly string[]): Promise<Reaction[]> {
    if (postIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('reactions')
      .selectAll()
      .where('post_id', 'in', [...new Set(postIds)])
      .where('delete_at', '=', 0)
      .orderBy('create_at', 'asc')
      .orderBy('user_id', 'asc')
      .execute();
    return rows.map(normaliseReaction);
  }
}

function normaliseReaction(row: ReactionsTable): Reaction {
  return { ...row, create_at: Number(row.create_at), update_at: Number(row.update_at), delete_at: Number(row.delete_at) };
}

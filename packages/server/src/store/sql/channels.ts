import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import type { Engine } from '../database.js';
import type { ChannelMembersTable, ChannelsTable, Database } from '../schema.js';
import type { Channel, ChannelMember, StringMap } from '../models.js';
import type { ChannelSearch, ChannelStore, ChannelUnreadRow, MemberProfile } from '../channels.js';
import { codec } from './codec.js';
import { escapeLike } from './like.js';
import { memberMentionFlags } from './mention-flags.js';

const channels = codec<ChannelsTable, Channel>(['group_constrained', 'shared'], ['props']);
const members = codec<ChannelMembersTable, ChannelMember>(['scheme_guest', 'scheme_user', 'scheme_admin'], ['notify_props'], memberMentionFlags);

const DIRECT_TYPES = ['D', 'G'];

export class SqlChannelStore implements ChannelStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: Engine,
  ) {}

  /** Two-argument maximum: GREATEST on PostgreSQL, the scalar max() on SQLite. */
  private greatest(a: Expression<unknown>, b: Expression<unknown>): RawBuilder<number> {
    return this.engine === 'postgres' ? sql<number>`greatest(${a}, ${b})` : sql<number>`max(${a}, ${b})`;
  }

  async save(channel: Channel): Promise<boolean> {
    const r = await this.db
      .insertInto('channels')
      .values(channels.encode(channel) as ChannelsTable)
      .onConflict((oc) => oc.columns(['name', 'team_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async update(channel: Channel): Promise<Channel> {
    // The counters belong to recordPost; writing them back from a stale copy would lose posts.
    const {
      id,
      total_msg_count: _t,
      total_msg_count_root: _tr,
      last_post_at: _lp,
      last_root_post_at: _lr,
      ...rest
    } = channels.encode(channel);
    await this.db.updateTable('channels').set(rest).where('id', '=', id!).execute();
    return channel;
  }

  async get(id: string) {
    const row = await this.db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
    return row && channels.decode(row);
  }

  async getMany(ids: readonly string[]) {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('channels').selectAll().where('id', 'in', [...ids]).execute();
    return rows.map(channels.decode);
  }

  async getByName(teamId: string, name: string, includeDeleted = false) {
    let q = this.db.selectFrom('channels').selectAll().where('team_id', '=', teamId).where('name', '=', name);
    if (!includeDeleted) q = q.where('delete_at', '=', 0);
    const row = await q.executeTakeFirst();
    return row && channels.decode(row);
  }

  async getPublicForTeam(teamId: string, opts: { offset: number; limit: number }) {
    const rows = await this.db
      .selectFrom('channels')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('type', '=', 'O')
      .where('delete_at', '=', 0)
      .orderBy('display_name')
      .orderBy('id')
      .offset(opts.offset)
      .limit(opts.limit)
      .execute();
    return rows.map(channels.decode);
  }

  async getPublicByIds(teamId: string, ids: readonly string[]) {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('channels')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('type', '=', 'O')
      .where('delete_at', '=', 0)
      .where('id', 'in', [...ids])
      .orderBy('display_name')
      .execute();
    return rows.map(channels.decode);
  }

  async getDeletedForTeam(teamId: string, opts: { offset: number; limit: number; memberUserId?: string }) {
    const userId = opts.memberUserId;
    let q = this.db.selectFrom('channels').selectAll().where('team_id', '=', teamId).where('delete_at', '>', 0);
    q = q.where((eb) =>
      userId === undefined
        ? eb('type', 'in', ['O', 'P'])
        : eb.or([
            eb('type', '=', 'O'),
            eb.and([
              eb('type', '=', 'P'),
              eb.exists(
                eb
                  .selectFrom('channel_members as cm')
                  .select('cm.user_id')
                  .whereRef('cm.channel_id', '=', 'channels.id')
                  .where('cm.user_id', '=', userId),
              ),
            ]),
          ]),
    );
    const rows = await q.orderBy('display_name').orderBy('id').offset(opts.offset).limit(opts.limit).execute();
    return rows.map(channels.decode);
  }

  async getForUserInTeam(userId: string, teamId: string, includeDeleted: boolean) {
    let q = this.db
      .selectFrom('channels')
      .innerJoin('channel_members as cm', 'cm.channel_id', 'channels.id')
      .selectAll('channels')
      .where('cm.user_id', '=', userId)
      .where((eb) => eb.or([eb('channels.team_id', '=', teamId), eb('channels.team_id', '=', '')]));
    if (!includeDeleted) q = q.where('channels.delete_at', '=', 0);
    const rows = await q.orderBy('channels.display_name').orderBy('channels.id').execute();
    return rows.map(channels.decode);
  }

  async getAllForUser(userId: string, includeDeleted: boolean) {
    let q = this.db
      .selectFrom('channels')
      .innerJoin('channel_members as cm', 'cm.channel_id', 'channels.id')
      .selectAll('channels')
      .where('cm.user_id', '=', userId);
    if (!includeDeleted) q = q.where('channels.delete_at', '=', 0);
    const rows = await q.orderBy('channels.display_name').orderBy('channels.id').execute();
    return rows.map(channels.decode);
  }

  async countForTeam(teamId: string) {
    const row = await this.db
      .selectFrom('channels')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('team_id', '=', teamId)
      .where('type', 'not in', DIRECT_TYPES)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async search(q: ChannelSearch) {
    const term = q.term.trim().toLowerCase();
    const userId = q.memberUserId;
    const includePublic = q.includePublic !== false;
    let query = this.db.selectFrom('channels').selectAll().where('team_id', '=', q.teamId).where('type', 'in', ['O', 'P']);
    if (!q.includeDeleted) query = query.where('delete_at', '=', 0);
    query = query.where((eb) => {
      const visible = [];
      if (includePublic) visible.push(eb('type', '=', 'O'));
      if (userId !== undefined) {
        visible.push(
          eb.exists(
            eb
              .selectFrom('channel_members as cm')
              .select('cm.user_id')
              .whereRef('cm.channel_id', '=', 'channels.id')
              .where('cm.user_id', '=', userId),
          ),
        );
      }
      return eb.or(visible);
    });
    if (term) {
      const prefix = `${escapeLike(term)}%`;
      const wordPrefix = `% ${escapeLike(term)}%`;
      query = query.where((eb) =>
        eb.or([
          sql<boolean>`lower(${eb.ref('name')}) like ${prefix} escape '\\'`,
          sql<boolean>`lower(${eb.ref('display_name')}) like ${prefix} escape '\\'`,
          sql<boolean>`lower(${eb.ref('display_name')}) like ${wordPrefix} escape '\\'`,
        ]),
      );
    }
    const rows = await query.orderBy('display_name').orderBy('id').limit(q.limit).execute();
    return rows.map(channels.decode);
  }

  async searchGroupChannels(userId: string, term: string, limit: number) {
    const t = escapeLike(term.trim().toLowerCase());
    // Driven by the user's memberships (idx on channel_members.user_id): never a pass over all channels.
    const rows = await this.db
      .selectFrom('channel_members as cm')
      .innerJoin('channels', 'channels.id', 'cm.channel_id')
      .selectAll('channels')
      .where('cm.user_id', '=', userId)
      .where('channels.type', '=', 'G')
      .where('channels.delete_at', '=', 0)
      .where((eb) =>
        eb.or([
          sql<boolean>`lower(${eb.ref('channels.display_name')}) like ${`${t}%`} escape '\\'`,
          sql<boolean>`lower(${eb.ref('channels.display_name')}) like ${`%, ${t}%`} escape '\\'`,
        ]),
      )
      .orderBy('channels.display_name')
      .orderBy('channels.id')
      .limit(limit)
      .execute();
    return rows.map(channels.decode);
  }

  async lockChannel(channelId: string): Promise<boolean> {
    const q = this.db.selectFrom('channels').select('id').where('id', '=', channelId);
    return (await (this.engine === 'postgres' ? q.forUpdate() : q).executeTakeFirst()) !== undefined;
  }

  async saveMember(member: ChannelMember): Promise<ChannelMember> {
    const row = members.encode(member) as ChannelMembersTable;
    const fromChannel = <K extends 'total_msg_count' | 'total_msg_count_root' | 'last_post_at'>(col: K) =>
      this.db.selectFrom('channels').select(col).where('id', '=', member.channel_id);
    await this.db
      .insertInto('channel_members')
      .values({
        ...row,
        msg_count: fromChannel('total_msg_count'),
        msg_count_root: fromChannel('total_msg_count_root'),
        last_viewed_at: fromChannel('last_post_at'),
      })
      .onConflict((oc) => oc.columns(['channel_id', 'user_id']).doNothing())
      .execute();
    return (await this.getMember(member.channel_id, member.user_id)) ?? member;
  }

  async updateMember(member: ChannelMember): Promise<ChannelMember> {
    // Counters are owned by markViewed/incrementMentions; only settings and roles are written here.
    const row = members.encode(member);
    await this.db
      .updateTable('channel_members')
      .set({
        roles: row.roles!,
        notify_props: row.notify_props!,
        auto_follow_threads: row.auto_follow_threads!,
        scheme_guest: row.scheme_guest!,
        scheme_user: row.scheme_user!,
        scheme_admin: row.scheme_admin!,
        last_update_at: row.last_update_at!,
      })
      .where('channel_id', '=', member.channel_id)
      .where('user_id', '=', member.user_id)
      .execute();
    return (await this.getMember(member.channel_id, member.user_id)) ?? member;
  }

  async getMember(channelId: string, userId: string) {
    const row = await this.db
      .selectFrom('channel_members')
      .selectAll()
      .where('channel_id', '=', channelId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row && members.decode(row);
  }

  async getMembers(channelId: string, opts: { offset: number; limit: number }) {
    const rows = await this.db
      .selectFrom('channel_members')
      .selectAll()
      .where('channel_id', '=', channelId)
      .orderBy('user_id')
      .offset(opts.offset)
      .limit(opts.limit)
      .execute();
    return rows.map(members.decode);
  }

  async getMembersByIds(channelId: string, userIds: readonly string[]) {
    if (userIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('channel_members')
      .selectAll()
      .where('channel_id', '=', channelId)
      .where('user_id', 'in', [...userIds])
      .orderBy('user_id')
      .execute();
    return rows.map(members.decode);
  }

  async getMembersForUserInTeam(userId: string, teamId: string) {
    const rows = await this.db
      .selectFrom('channel_members as cm')
      .innerJoin('channels as c', 'c.id', 'cm.channel_id')
      .selectAll('cm')
      .where('cm.user_id', '=', userId)
      .where((eb) => eb.or([eb('c.team_id', '=', teamId), eb('c.team_id', '=', '')]))
      .orderBy('cm.channel_id')
      .execute();
    return rows.map(members.decode);
  }

  async getMembersForUser(userId: string, opts: { offset: number; limit: number }) {
    const rows = await this.db
      .selectFrom('channel_members')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('channel_id')
      .offset(opts.offset)
      .limit(opts.limit)
      .execute();
    return rows.map(members.decode);
  }

  async removeMember(channelId: string, userId: string) {
    await this.db.deleteFrom('channel_members').where('channel_id', '=', channelId).where('user_id', '=', userId).execute();
  }

  async removeMembersForUserInTeam(userId: string, teamId: string) {
    if (!teamId) return [];
    const rows = await this.db
      .selectFrom('channel_members as cm')
      .innerJoin('channels as c', 'c.id', 'cm.channel_id')
      .select('cm.channel_id')
      .where('cm.user_id', '=', userId)
      .where('c.team_id', '=', teamId)
      .execute();
    const ids = rows.map((r) => r.channel_id);
    if (ids.length > 0) {
      await this.db.deleteFrom('channel_members').where('user_id', '=', userId).where('channel_id', 'in', ids).execute();
    }
    return ids;
  }

  // Channel stats are read on every channel switch. Joining users to test delete_at read every member's
  // row (4 ms per call in a 2,500-member channel); counting index entries and leaving out the few
  // deactivated users (a small set, found by idx_users_delete_at) reads only the channel's index range.
  async countMembers(channelId: string, opts: { activeUsersOnly?: boolean } = {}) {
    let q = this.db
      .selectFrom('channel_members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel_id', '=', channelId);
    if (opts.activeUsersOnly) q = q.where('user_id', 'not in', (eb) => eb.selectFrom('users').select('id').where('delete_at', '>', 0));
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countGuests(channelId: string) {
    const row = await this.db
      .selectFrom('channel_members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel_id', '=', channelId)
      .where('scheme_guest', '=', 1)
      .where('user_id', 'not in', (eb) => eb.selectFrom('users').select('id').where('delete_at', '>', 0))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private memberProfiles(channelId: string) {
    return this.db
      .selectFrom('channel_members as cm')
      .innerJoin('users as u', 'u.id', 'cm.user_id')
      .select(['u.id as user_id', 'u.username', 'u.first_name', 'u.is_bot', 'u.notify_props', 'cm.notify_props as member_notify_props'])
      .where('cm.channel_id', '=', channelId)
      .where('u.delete_at', '=', 0);
  }

  async getMemberProfiles(channelId: string): Promise<MemberProfile[]> {
    return toProfiles(await this.memberProfiles(channelId).execute());
  }

  async getMentionCandidates(channelId: string, named: { userIds: readonly string[]; usernames: readonly string[]; autoFollowers: boolean }): Promise<MemberProfile[]> {
    // Separate queries, each driven by its own small index, rather than one OR that would read every member.
    const queries = [this.memberProfiles(channelId).where('u.custom_mentions', '=', 1).execute()];
    if (named.userIds.length > 0) queries.push(this.memberProfiles(channelId).where('u.id', 'in', [...named.userIds]).execute());
    if (named.usernames.length > 0) queries.push(this.memberProfiles(channelId).where('u.username', 'in', [...named.usernames]).execute());
    if (named.autoFollowers) queries.push(this.memberProfiles(channelId).where('cm.auto_follow_threads', '=', 1).execute());
    const byId = new Map<string, ProfileRow>();
    for (const r of (await Promise.all(queries)).flat()) byId.set(r.user_id, r);
    return toProfiles([...byId.values()]);
  }

  async hasViewedSince(userId: string, at: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('channel_members')
      .select('channel_id')
      .where('user_id', '=', userId)
      .where('last_viewed_at', '>=', at)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async getUnreadsForUser(userId: string, teamId?: string): Promise<ChannelUnreadRow[]> {
    let q = this.db
      .selectFrom('channel_members as cm')
      .innerJoin('channels as c', 'c.id', 'cm.channel_id')
      .select([
        'c.id as channel_id',
        'c.team_id as team_id',
        'c.total_msg_count as total_msg_count',
        'c.total_msg_count_root as total_msg_count_root',
        'cm.msg_count as msg_count',
        'cm.msg_count_root as msg_count_root',
        'cm.mention_count as mention_count',
        'cm.mention_count_root as mention_count_root',
        'cm.urgent_mention_count as urgent_mention_count',
        'cm.last_viewed_at as last_viewed_at',
        'cm.notify_props as notify_props',
      ])
      .where('cm.user_id', '=', userId)
      .where('c.delete_at', '=', 0)
      .where('c.team_id', '!=', '');
    if (teamId !== undefined) q = q.where('c.team_id', '=', teamId);
    const rows = await q.orderBy('c.team_id').orderBy('c.id').execute();
    return rows.map((r) => ({ ...r, notify_props: JSON.parse(r.notify_props) as StringMap }));
  }

  async recordPost(channelId: string, createAt: number, isRoot: boolean, countsAsMessage = true) {
    const count = countsAsMessage ? 1 : 0;
    await this.db
      .updateTable('channels')
      .set((eb) => ({
        total_msg_count: eb('total_msg_count', '+', count),
        total_msg_count_root: eb('total_msg_count_root', '+', isRoot ? count : 0),
        last_post_at: this.greatest(eb.ref('last_post_at'), sql.lit(createAt)),
        last_root_post_at: isRoot ? this.greatest(eb.ref('last_root_post_at'), sql.lit(createAt)) : eb.ref('last_root_post_at'),
      }))
      .where('id', '=', channelId)
      .execute();
  }

  async markViewed(userId: string, channelIds: readonly string[], now: number): Promise<Record<string, number>> {
    const ids = [...new Set(channelIds)];
    if (ids.length === 0) return {};
    type Col = 'total_msg_count' | 'total_msg_count_root' | 'last_post_at';
    // Correlated subqueries keep this one statement, so a post landing meanwhile is either fully
    // counted as read or stays unread — never half. Rows with nothing to clear are not rewritten:
    // views are the most frequent write there is.
    await this.db
      .updateTable('channel_members')
      .set((eb) => {
        const channel = (col: Col) => eb.selectFrom('channels as c').select(`c.${col}`).whereRef('c.id', '=', 'channel_members.channel_id');
        return {
          mention_count: 0,
          mention_count_root: 0,
          urgent_mention_count: 0,
          msg_count: this.greatest(eb.ref('msg_count'), channel('total_msg_count')),
          msg_count_root: this.greatest(eb.ref('msg_count_root'), channel('total_msg_count_root')),
          last_viewed_at: this.greatest(eb.ref('last_viewed_at'), channel('last_post_at')),
          last_update_at: now,
        };
      })
      .where('user_id', '=', userId)
      .where('channel_id', 'in', ids)
      .where((eb) => {
        const channel = (col: Col) => eb.selectFrom('channels as c').select(`c.${col}`).whereRef('c.id', '=', 'channel_members.channel_id');
        return eb.or([
          eb('mention_count', '>', 0),
          eb('mention_count_root', '>', 0),
          eb('urgent_mention_count', '>', 0),
          eb('msg_count', '<', channel('total_msg_count')),
          eb('msg_count_root', '<', channel('total_msg_count_root')),
          eb('last_viewed_at', '<', channel('last_post_at')),
        ]);
      })
      .execute();
    const rows = await this.db
      .selectFrom('channel_members')
      .select(['channel_id', 'last_viewed_at'])
      .where('user_id', '=', userId)
      .where('channel_id', 'in', ids)
      .execute();
    return Object.fromEntries(rows.map((r) => [r.channel_id, r.last_viewed_at]));
  }

  async incrementMentions(channelId: string, userIds: readonly string[], isRoot: boolean, urgent: boolean, at?: number) {
    if (userIds.length === 0) return;
    await this.db
      .updateTable('channel_members')
      .set((eb) => ({
        mention_count: eb('mention_count', '+', 1),
        mention_count_root: eb('mention_count_root', '+', isRoot ? 1 : 0),
        urgent_mention_count: eb('urgent_mention_count', '+', urgent ? 1 : 0),
        ...(at !== undefined ? { last_update_at: at } : {}),
      }))
      .where('channel_id', '=', channelId)
      .where('user_id', 'in', [...userIds])
      .execute();
  }
}

interface ProfileRow {
  user_id: string;
  username: string;
  first_name: string;
  is_bot: number;
  notify_props: string;
  member_notify_props: string;
}

function toProfiles(rows: readonly ProfileRow[]): MemberProfile[] {
  return rows.map((r) => ({
    user_id: r.user_id,
    username: r.username,
    first_name: r.first_name,
    is_bot: Number(r.is_bot) !== 0,
    notify_props: JSON.parse(r.notify_props) as StringMap,
    member_notify_props: JSON.parse(r.member_notify_props) as StringMap,
  }));
}

import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { ChannelDirectoryQuery, ChannelDirectoryStore } from '../channel-directory.js';
import type { Channel } from '../models.js';
import type { ChannelsTable, Database } from '../schema.js';
import { codec } from './codec.js';
import { escapeLike } from './like.js';

const channels = codec<ChannelsTable, Channel>(['group_constrained', 'shared'], ['props']);
const DEFAULT_CHANNELS = ['town-square', 'off-topic'];

type Filter = Omit<ChannelDirectoryQuery, 'offset' | 'limit'>;

export class SqlChannelDirectoryStore implements ChannelDirectoryStore {
  constructor(private readonly db: Kysely<Database>) {}

  private base(q: Filter) {
    let query = this.db.selectFrom('channels').innerJoin('teams', 'teams.id', 'channels.team_id').where('channels.type', 'in', q.type ? [q.type] : ['O', 'P']);
    if (q.deleted === 'only') query = query.where('channels.delete_at', '>', 0);
    else if (q.deleted !== 'include') query = query.where('channels.delete_at', '=', 0);
    if (q.excludeDefaultChannels) query = query.where('channels.name', 'not in', DEFAULT_CHANNELS);
    if (q.teamIds && q.teamIds.length > 0) query = query.where('channels.team_id', 'in', q.teamIds);
    if (q.visibleTo) {
      const userId = q.visibleTo;
      query = query.where((eb: ExpressionBuilder<Database, 'channels' | 'teams'>) =>
        eb.or([
          eb.and([
            eb('channels.type', '=', 'O'),
            eb.exists(eb.selectFrom('team_members as tm').select('tm.user_id').whereRef('tm.team_id', '=', 'channels.team_id').where('tm.user_id', '=', userId).where('tm.delete_at', '=', 0)),
          ]),
          eb.exists(eb.selectFrom('channel_members as cm').select('cm.user_id').whereRef('cm.channel_id', '=', 'channels.id').where('cm.user_id', '=', userId)),
        ]),
      );
    }
    const term = (q.term ?? '').trim().toLowerCase();
    if (term) {
      const prefix = `${escapeLike(term)}%`;
      const wordPrefix = `% ${escapeLike(term)}%`;
      query = query.where((eb: ExpressionBuilder<Database, 'channels' | 'teams'>) =>
        eb.or([
          sql<boolean>`lower(channels.name) like ${prefix} escape '\\'`,
          sql<boolean>`lower(channels.display_name) like ${prefix} escape '\\'`,
          sql<boolean>`lower(channels.display_name) like ${wordPrefix} escape '\\'`,
          ...(q.searchById ? [eb('channels.id', '=', term)] : []),
        ]),
      );
    }
    return query;
  }

  async list(q: ChannelDirectoryQuery) {
    const rows = await this.base(q)
      .selectAll('channels')
      .select(['teams.display_name as team_display_name', 'teams.name as team_name', 'teams.update_at as team_update_at'])
      .orderBy('channels.display_name')
      .orderBy('teams.display_name')
      .orderBy('channels.id')
      .offset(q.offset)
      .limit(q.limit)
      .execute();
    return rows.map(({ team_display_name, team_name, team_update_at, ...row }) => ({
      channel: channels.decode(row),
      team: { display_name: team_display_name, name: team_name, update_at: Number(team_update_at) },
    }));
  }

  async count(q: Filter) {
    const row = await this.base(q)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}

import type { Kysely } from 'kysely';
import type { Database, DraftsTable } from '../schema.js';
import type { Draft } from '../models.js';
import type { DraftStore } from '../drafts.js';
import { codec } from './codec.js';

const drafts = codec<DraftsTable, Draft>([], ['props', 'file_ids', 'priority']);

export class SqlDraftStore implements DraftStore {
  constructor(private readonly db: Kysely<Database>) {}

  async upsert(draft: Draft): Promise<{ draft: Draft; created: boolean }> {
    const existing = await this.get(draft.user_id, draft.channel_id, draft.root_id);
    const next: Draft = { ...draft, create_at: existing?.create_at ?? draft.create_at };
    const row = drafts.encode(next) as DraftsTable;
    const { user_id: _u, channel_id: _c, root_id: _r, create_at: _ca, ...rest } = row;
    await this.db
      .insertInto('drafts')
      .values(row)
      .onConflict((oc) => oc.columns(['user_id', 'channel_id', 'root_id']).doUpdateSet(rest))
      .execute();
    return { draft: next, created: existing === undefined };
  }

  async get(userId: string, channelId: string, rootId: string): Promise<Draft | undefined> {
    const row = await this.db
      .selectFrom('drafts')
      .selectAll()
      .where('user_id', '=', userId)
      .where('channel_id', '=', channelId)
      .where('root_id', '=', rootId)
      .where('delete_at', '=', 0)
      .executeTakeFirst();
    return row && drafts.decode(row);
  }

  async delete(userId: string, channelId: string, rootId: string): Promise<Draft | undefined> {
    const rows = await this.db
      .deleteFrom('drafts')
      .where('user_id', '=', userId)
      .where('channel_id', '=', channelId)
      .where('root_id', '=', rootId)
      .returningAll()
      .execute();
    return rows[0] && drafts.decode(rows[0]);
  }

  async getForUserInTeam(userId: string, teamId: string): Promise<Draft[]> {
    const rows = await this.db
      .selectFrom('drafts as d')
      .innerJoin('channel_members as cm', (j) => j.onRef('cm.channel_id', '=', 'd.channel_id').onRef('cm.user_id', '=', 'd.user_id'))
      .innerJoin('channels as c', 'c.id', 'd.channel_id')
      .selectAll('d')
      .where('d.user_id', '=', userId)
      .where('d.delete_at', '=', 0)
      .where('c.delete_at', '=', 0)
      .where((eb) => eb.or([eb('c.team_id', '=', teamId), eb('c.team_id', '=', '')]))
      .orderBy('d.update_at', 'desc')
      .execute();
    return rows.map(drafts.decode);
  }
}

// Bot accounts; every read joins the bot's users row for its username and display name.
import type { Kysely } from 'kysely';
import type { BotQuery, BotStore, BotWithUser } from '../bots.js';
import type { Bot } from '../models.js';
import type { Database } from '../schema.js';

export class SqlBotStore implements BotStore {
  constructor(private readonly db: Kysely<Database>) {}

  private select() {
    return this.db
      .selectFrom('bots as b')
      .innerJoin('users as u', 'u.id', 'b.user_id')
      .select(['b.user_id', 'b.description', 'b.owner_id', 'b.create_at', 'b.update_at', 'b.delete_at', 'b.last_icon_update', 'u.username', 'u.first_name as display_name']);
  }

  async save(bot: Bot): Promise<boolean> {
    const r = await this.db.insertInto('bots').values(bot).onConflict((oc) => oc.column('user_id').doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async get(userId: string, includeDeleted: boolean): Promise<BotWithUser | undefined> {
    let q = this.select().where('b.user_id', '=', userId);
    if (!includeDeleted) q = q.where('b.delete_at', '=', 0);
    return q.executeTakeFirst();
  }

  async list(q: BotQuery): Promise<BotWithUser[]> {
    let query = this.select();
    if (q.ownerId) query = query.where('b.owner_id', '=', q.ownerId);
    if (!q.includeDeleted) query = query.where('b.delete_at', '=', 0);
    if (q.onlyOrphaned) {
      query = query
        .leftJoin('users as o', 'o.id', 'b.owner_id')
        .where((eb) => eb.or([eb('o.id', 'is', null), eb('o.delete_at', '!=', 0)]));
    }
    return query.orderBy('u.username').limit(q.limit).offset(q.offset).execute();
  }

  async update(bot: Bot): Promise<void> {
    await this.db
      .updateTable('bots')
      .set({
        description: bot.description,
        owner_id: bot.owner_id,
        update_at: bot.update_at,
        delete_at: bot.delete_at,
        last_icon_update: bot.last_icon_update,
      })
      .where('user_id', '=', bot.user_id)
      .execute();
  }
}

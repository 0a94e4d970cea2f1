// Bot accounts (Mattermost's Bots table): the bot's own users row carries is_bot and bot_description; this
// row adds who owns it and its icon. The primary key is the bot's user id.
import type { Kysely, Migration } from 'kysely';

export const bots: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('bots')
      .addColumn('user_id', 'varchar(26)', (c) => c.primaryKey())
      .addColumn('description', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
      // A user id, or a plugin id in Mattermost (up to 190 characters).
      .addColumn('owner_id', 'varchar(190)', (c) => c.notNull())
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('update_at', 'bigint', (c) => c.notNull())
      .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('last_icon_update', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('idx_bots_owner_id').on('bots').column('owner_id').execute();
  },
};

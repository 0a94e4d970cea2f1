// Synced drafts, one-time email tokens (password reset, email verification) and the queue of batched
// notification emails. Same type rules as 0001: bigint ms timestamps, JSON as text.
import type { Kysely, Migration } from 'kysely';

const id = 'varchar(26)';

export const threadsDrafts: Migration = {
  async up(db: Kysely<unknown>) {
    const s = db.schema;

    // Mattermost's Drafts: one per (user, channel, thread); root_id '' is the channel's own box.
    await s
      .createTable('drafts')
      .addColumn('user_id', id, (c) => c.notNull())
      .addColumn('channel_id', id, (c) => c.notNull())
      .addColumn('root_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('update_at', 'bigint', (c) => c.notNull())
      .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('type', 'varchar(26)', (c) => c.notNull().defaultTo(''))
      .addColumn('props', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('file_ids', 'varchar(300)', (c) => c.notNull().defaultTo('[]'))
      .addColumn('priority', 'text')
      .addPrimaryKeyConstraint('drafts_pk', ['user_id', 'channel_id', 'root_id'])
      .execute();

    // Mattermost's Tokens table, for links sent by email; extra holds the JSON the link stands for.
    await s
      .createTable('email_tokens')
      .addColumn('token', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('type', 'varchar(64)', (c) => c.notNull())
      .addColumn('extra', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await s.createIndex('idx_email_tokens_create_at').on('email_tokens').column('create_at').execute();

    // Mattermost keeps batched notifications in each node's memory and loses them on restart; a table
    // survives restarts and lets any node of a cluster send a batch, exactly once.
    await s
      .createTable('email_queue')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('user_id', id, (c) => c.notNull())
      .addColumn('post_id', id, (c) => c.notNull())
      .addColumn('channel_id', id, (c) => c.notNull())
      .addColumn('team_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .execute();
    await s.createIndex('idx_email_queue_user_id_create_at').on('email_queue').columns(['user_id', 'create_at']).execute();
  },
};

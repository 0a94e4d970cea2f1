// Integrations: incoming and outgoing webhooks, custom slash commands and the response URLs those commands
// hand out (Mattermost's IncomingWebhooks, OutgoingWebhooks, Commands and CommandWebhooks). Lists are JSON
// text, flags 0/1, as in the other tables.
import type { Kysely, Migration } from 'kysely';

export const integrations: Migration = {
  async up(db: Kysely<unknown>) {
    const s = db.schema;
    await s
      .createTable('incoming_webhooks')
      .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('update_at', 'bigint', (c) => c.notNull())
      .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('channel_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('team_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('display_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('description', 'varchar(500)', (c) => c.notNull().defaultTo(''))
      .addColumn('username', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('icon_url', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
      .addColumn('channel_locked', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_used', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await s.createIndex('idx_incoming_webhooks_team_id').on('incoming_webhooks').columns(['team_id', 'delete_at']).execute();
    await s.createIndex('idx_incoming_webhooks_user_id').on('incoming_webhooks').column('user_id').execute();

    await s
      .createTable('outgoing_webhooks')
      .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
      .addColumn('token', 'varchar(26)', (c) => c.notNull())
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('update_at', 'bigint', (c) => c.notNull())
      .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('creator_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('channel_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
      .addColumn('team_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('trigger_words', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('trigger_when', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('callback_urls', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('display_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('description', 'varchar(500)', (c) => c.notNull().defaultTo(''))
      .addColumn('content_type', 'varchar(128)', (c) => c.notNull().defaultTo(''))
      .addColumn('username', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('icon_url', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
      .execute();
    // Every post in a public channel looks up its team's outgoing hooks: (team_id, delete_at) answers it.
    await s.createIndex('idx_outgoing_webhooks_team_id').on('outgoing_webhooks').columns(['team_id', 'delete_at']).execute();
    await s.createIndex('idx_outgoing_webhooks_creator_id').on('outgoing_webhooks').column('creator_id').execute();

    await s
      .createTable('commands')
      .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
      .addColumn('token', 'varchar(26)', (c) => c.notNull())
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('update_at', 'bigint', (c) => c.notNull())
      .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('creator_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('team_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('trigger', 'varchar(128)', (c) => c.notNull())
      .addColumn('method', 'varchar(1)', (c) => c.notNull())
      .addColumn('username', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('icon_url', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
      .addColumn('auto_complete', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('auto_complete_desc', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
      .addColumn('auto_complete_hint', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
      .addColumn('display_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('description', 'varchar(128)', (c) => c.notNull().defaultTo(''))
      .addColumn('url', 'varchar(1024)', (c) => c.notNull())
      .execute();
    await s.createIndex('idx_commands_team_id').on('commands').columns(['team_id', 'delete_at']).execute();

    await s
      .createTable('command_webhooks')
      .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('command_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('channel_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('root_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
      .addColumn('use_count', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await s.createIndex('idx_command_webhooks_create_at').on('command_webhooks').column('create_at').execute();
  },
};

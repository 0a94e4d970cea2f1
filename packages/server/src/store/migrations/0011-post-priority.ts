// Message priority (Mattermost's PostsPriority), acknowledgements (PostAcknowledgements) and reminders
// (PostReminders). Only root posts carry a priority, so the row is keyed by post; an acknowledgement and a
// reminder are one per (post, user). Reminder times are in seconds, as Mattermost's API sends them.
import type { Kysely, Migration } from 'kysely';

export const postPriority: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('post_priority')
      .addColumn('post_id', 'varchar(26)', (c) => c.primaryKey())
      .addColumn('channel_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('priority', 'varchar(32)', (c) => c.notNull())
      .addColumn('requested_ack', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('persistent_notifications', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('post_acknowledgements')
      .addColumn('post_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('channel_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('acknowledged_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('post_acknowledgements_pk', ['post_id', 'user_id'])
      .execute();
    await db.schema
      .createTable('post_reminders')
      .addColumn('post_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('target_time', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('post_reminders_pk', ['post_id', 'user_id'])
      .execute();
    await db.schema.createIndex('idx_post_reminders_target_time').on('post_reminders').column('target_time').execute();
  },
};

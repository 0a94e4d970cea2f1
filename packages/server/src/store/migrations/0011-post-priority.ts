// Message priority (Mattermost's PostsPriority) and acknowledgements (PostAcknowledgements). Only root posts
// carry a priority, so the row is keyed by post; an acknowledgement is one per (post, user).
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
  },
};

// Site configuration saved through the API (Mattermost's Configurations: each save a new active row, the
// older ones kept as history) and the audit log (Mattermost's Audits).
import type { Kysely, Migration } from 'kysely';

export const configAudits: Migration = {
  async up(db: Kysely<unknown>) {
    const s = db.schema;
    await s
      .createTable('configurations')
      .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await s.createIndex('idx_configurations_active').on('configurations').column('active').execute();
    await s
      .createTable('audits')
      .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('action', 'varchar(512)', (c) => c.notNull())
      .addColumn('extra_info', 'varchar(1024)', (c) => c.notNull())
      .addColumn('ip_address', 'varchar(64)', (c) => c.notNull())
      .addColumn('session_id', 'varchar(26)', (c) => c.notNull())
      .execute();
    await s.createIndex('idx_audits_create_at').on('audits').column('create_at').execute();
    await s.createIndex('idx_audits_user_id_create_at').on('audits').columns(['user_id', 'create_at']).execute();
  },
};

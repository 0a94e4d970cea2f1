// Permission schemes (Mattermost's Schemes table): a named set of team and channel roles that replaces the
// built-in ones for the teams and channels assigned to it (teams.scheme_id / channels.scheme_id, which exist
// since 0001). The scheme's roles are ordinary rows of `roles` (0010), named by random ids as Mattermost does.
// Deleting is soft; names are unique among the schemes not deleted.
import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';

export const schemes: Migration = {
  async up(db: Kysely<unknown>) {
    const role = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo('');
    await db.schema
      .createTable('schemes')
      .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(64)', (c) => c.notNull())
      .addColumn('display_name', 'varchar(128)', (c) => c.notNull())
      .addColumn('description', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
      .addColumn('scope', 'varchar(32)', (c) => c.notNull())
      .addColumn('default_team_admin_role', 'varchar(64)', role)
      .addColumn('default_team_user_role', 'varchar(64)', role)
      .addColumn('default_team_guest_role', 'varchar(64)', role)
      .addColumn('default_channel_admin_role', 'varchar(64)', role)
      .addColumn('default_channel_user_role', 'varchar(64)', role)
      .addColumn('default_channel_guest_role', 'varchar(64)', role)
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('update_at', 'bigint', (c) => c.notNull())
      .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('idx_schemes_name_delete_at').unique().on('schemes').columns(['name', 'delete_at']).execute();
    // Every node loads the assignments at start and after each change: only the assigned rows are read.
    await db.schema.createIndex('idx_teams_scheme_id').on('teams').column('scheme_id').execute();
    await db.schema.createIndex('idx_channels_scheme_id').on('channels').column('scheme_id').execute();
  },
};

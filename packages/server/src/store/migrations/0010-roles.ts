// Administrator changes to the built-in roles: one row per edited role with its whole permission list.
// A role without a row has the defaults of permissions/roles.ts, so new defaults in a release reach every
// role nobody has edited.
// Also an index on the UTC day of posts.create_at for the System Console's posts-per-day statistics, which
// then read only the last month's posts. It is on the day number rather than on create_at itself (Mattermost's
// idx_posts_create_at) so that the planner is never tempted to walk it for ORDER BY create_at (searches).
import { sql, type Kysely, type Migration } from 'kysely';

export const roles: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('roles')
      .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('permissions', 'text', (c) => c.notNull())
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('update_at', 'bigint', (c) => c.notNull())
      .execute();
    await sql`create index idx_posts_create_day on posts ((create_at / 86400000))`.execute(db);
  },
};

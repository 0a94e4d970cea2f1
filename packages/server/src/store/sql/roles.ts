import type { Kysely } from 'kysely';
import type { RoleStore, StoredRole } from '../roles.js';
import type { Database } from '../schema.js';

// Permissions are stored space-separated, as Mattermost's Roles.Permissions column.
const decode = (row: { name: string; permissions: string; create_at: number; update_at: number }): StoredRole => ({
  ...row,
  permissions: row.permissions.split(' ').filter(Boolean),
});

export class SqlRoleStore implements RoleStore {
  constructor(private readonly db: Kysely<Database>) {}

  async getAll() {
    const rows = await this.db.selectFrom('roles').selectAll().orderBy('name').execute();
    return rows.map(decode);
  }

  async save(role: StoredRole) {
    const permissions = role.permissions.join(' ');
    await this.db
      .insertInto('roles')
      .values({ ...role, permissions })
      .onConflict((oc) => oc.column('name').doUpdateSet({ permissions, update_at: role.update_at }))
      .execute();
  }
}

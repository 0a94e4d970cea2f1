// Account security: a user's MFA state beyond users.mfa_active/mfa_secret — the secret waiting for its
// first code, the hashes of unused recovery codes, and the TOTP time steps already used (a code is good
// once). One row per user who ever started MFA setup.
import type { Kysely, Migration } from 'kysely';

export const accountSecurity: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('user_mfa')
      .addColumn('user_id', 'varchar(26)', (c) => c.primaryKey())
      .addColumn('pending_secret', 'varchar(128)', (c) => c.notNull().defaultTo(''))
      .addColumn('recovery_codes', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('used_steps', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('update_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};

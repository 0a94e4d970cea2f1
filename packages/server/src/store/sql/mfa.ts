import type { Kysely } from 'kysely';
import type { Database, UserMfaTable } from '../schema.js';
import type { MfaStore, UserMfa } from '../mfa.js';

const decode = (row: UserMfaTable): UserMfa => ({
  ...row,
  recovery_codes: JSON.parse(row.recovery_codes) as string[],
  used_steps: JSON.parse(row.used_steps) as number[],
});
const encode = (m: UserMfa): UserMfaTable => ({ ...m, recovery_codes: JSON.stringify(m.recovery_codes), used_steps: JSON.stringify(m.used_steps) });

export class SqlMfaStore implements MfaStore {
  constructor(private readonly db: Kysely<Database>) {}

  async get(userId: string) {
    const row = await this.db.selectFrom('user_mfa').selectAll().where('user_id', '=', userId).executeTakeFirst();
    return row && decode(row);
  }
  async save(row: UserMfa) {
    const values = encode(row);
    const { user_id: _id, ...rest } = values;
    await this.db.insertInto('user_mfa').values(values).onConflict((oc) => oc.column('user_id').doUpdateSet(rest)).execute();
  }
  async compareAndSet(expected: UserMfa, next: UserMfa) {
    const old = encode(expected);
    const { user_id: _id, ...rest } = encode(next);
    const r = await this.db
      .updateTable('user_mfa')
      .set(rest)
      .where('user_id', '=', expected.user_id)
      .where('recovery_codes', '=', old.recovery_codes)
      .where('used_steps', '=', old.used_steps)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  async remove(userId: string) {
    await this.db.deleteFrom('user_mfa').where('user_id', '=', userId).execute();
  }
}

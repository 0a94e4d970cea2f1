import type { Kysely } from 'kysely';
import type { Database, StatusTable } from '../schema.js';
import type { Preference, Status } from '../models.js';
import type { PreferenceStore, StatusStore, SystemStore } from '../misc.js';
import { codec } from './codec.js';

const statuses = codec<StatusTable, Status>(['manual'], []);

export class SqlSystemStore implements SystemStore {
  constructor(private readonly db: Kysely<Database>) {}
  async get(name: string) {
    const row = await this.db.selectFrom('systems').select('value').where('name', '=', name).executeTakeFirst();
    return row?.value;
  }
  async set(name: string, value: string) {
    await this.db
      .insertInto('systems')
      .values({ name, value })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
      .execute();
  }
  async insertIfAbsent(name: string, value: string) {
    const r = await this.db
      .insertInto('systems')
      .values({ name, value })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }
}

export class SqlPreferenceStore implements PreferenceStore {
  constructor(private readonly db: Kysely<Database>) {}
  async getForUser(userId: string, category?: string, name?: string) {
    let q = this.db.selectFrom('preferences').selectAll().where('user_id', '=', userId);
    if (category !== undefined) q = q.where('category', '=', category);
    if (name !== undefined) q = q.where('name', '=', name);
    return q.orderBy('category').orderBy('name').execute();
  }
  async save(prefs: readonly Preference[]) {
    if (prefs.length === 0) return;
    await this.db
      .insertInto('preferences')
      .values([...prefs])
      .onConflict((oc) => oc.columns(['user_id', 'category', 'name']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute();
  }
  async delete(userId: string, category: string, name: string) {
    await this.db.deleteFrom('preferences').where('user_id', '=', userId).where('category', '=', category).where('name', '=', name).execute();
  }
}

export class SqlStatusStore implements StatusStore {
  constructor(private readonly db: Kysely<Database>) {}
  async get(userId: string) {
    const row = await this.db.selectFrom('status').selectAll().where('user_id', '=', userId).executeTakeFirst();
    return row && statuses.decode(row);
  }
  async getMany(userIds: readonly string[]) {
    if (userIds.length === 0) return [];
    const rows = await this.db.selectFrom('status').selectAll().where('user_id', 'in', [...userIds]).execute();
    return rows.map(statuses.decode);
  }
  async getNonOffline() {
    const rows = await this.db.selectFrom('status').selectAll().where('status', '!=', 'offline').execute();
    return rows.map(statuses.decode);
  }
  async getExpiredDnd(nowSeconds: number) {
    const rows = await this.db
      .selectFrom('status')
      .selectAll()
      .where('status', '=', 'dnd')
      .where('dnd_end_time', '>', 0)
      .where('dnd_end_time', '<=', nowSeconds)
      .execute();
    return rows.map(statuses.decode);
  }
  async save(status: Status) {
    const row = statuses.encode(status) as StatusTable;
    const { user_id: _id, ...rest } = row;
    await this.db
      .insertInto('status')
      .values(row)
      .onConflict((oc) => oc.column('user_id').doUpdateSet(rest))
      .execute();
  }
}

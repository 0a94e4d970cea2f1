import type { Kysely } from 'kysely';
import type { Database, StatusTable } from '../schema.js';
import type { EmailToken, Preference, QueuedEmail, Status } from '../models.js';
import type { EmailQueueStore, EmailTokenStore, PreferenceStore, StatusStore, SystemStore } from '../misc.js';
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
  async getForUsers(userIds: readonly string[], category: string, name: string) {
    if (userIds.length === 0) return [];
    return this.db
      .selectFrom('preferences')
      .selectAll()
      .where('user_id', 'in', [...new Set(userIds)])
      .where('category', '=', category)
      .where('name', '=', name)
      .execute();
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

export class SqlEmailTokenStore implements EmailTokenStore {
  constructor(private readonly db: Kysely<Database>) {}
  async save(token: EmailToken) {
    await this.db.insertInto('email_tokens').values(token).execute();
  }
  async get(token: string) {
    const row = await this.db.selectFrom('email_tokens').selectAll().where('token', '=', token).executeTakeFirst();
    return row && { ...row, create_at: Number(row.create_at) };
  }
  async delete(token: string) {
    const r = await this.db.deleteFrom('email_tokens').where('token', '=', token).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  async deleteOlderThan(before: number) {
    await this.db.deleteFrom('email_tokens').where('create_at', '<', before).execute();
  }
}

export class SqlEmailQueueStore implements EmailQueueStore {
  constructor(private readonly db: Kysely<Database>) {}
  async enqueue(entry: QueuedEmail) {
    await this.db.insertInto('email_queue').values(entry).execute();
  }
  async getUserIds() {
    const rows = await this.db.selectFrom('email_queue').select('user_id').distinct().execute();
    return rows.map((r) => r.user_id);
  }
  async getForUser(userId: string) {
    const rows = await this.db.selectFrom('email_queue').selectAll().where('user_id', '=', userId).orderBy('create_at').orderBy('id').execute();
    return rows.map((r) => ({ ...r, create_at: Number(r.create_at) }));
  }
  async remove(ids: readonly string[]) {
    if (ids.length === 0) return 0;
    const r = await this.db.deleteFrom('email_queue').where('id', 'in', [...ids]).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

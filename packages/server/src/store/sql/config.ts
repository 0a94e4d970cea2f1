import type { Kysely } from 'kysely';
import type { ConfigStore, SavedConfig } from '../config.js';
import type { Database } from '../schema.js';

export class SqlConfigStore implements ConfigStore {
  constructor(private readonly db: Kysely<Database>) {}

  async getActive(): Promise<SavedConfig | undefined> {
    const row = await this.db
      .selectFrom('configurations')
      .select(['id', 'value', 'create_at'])
      .where('active', '=', 1)
      .orderBy('create_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && { ...row, create_at: Number(row.create_at) };
  }

  async save(config: SavedConfig): Promise<void> {
    await this.db.updateTable('configurations').set({ active: 0 }).where('active', '=', 1).execute();
    await this.db
      .insertInto('configurations')
      .values({ ...config, active: 1 })
      .execute();
  }
}

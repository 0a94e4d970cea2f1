// User search and autocomplete match name prefixes case-insensitively. An index on each lower(column)
// turns a prefix into a range scan (store/sql/like.ts lowerPrefixRange) instead of a pass over every user.
// PostgreSQL compares these in the "C" collation so that a prefix range is a byte range whatever the
// database's collation.
import { SqliteAdapter, sql, type Kysely, type Migration } from 'kysely';

export const USER_SEARCH_COLUMNS = ['username', 'first_name', 'last_name', 'nickname', 'email'] as const;

export const userSearchIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
    for (const col of USER_SEARCH_COLUMNS) {
      const name = sql.raw(`idx_users_lower_${col}`);
      const column = sql.ref(col);
      if (sqlite) await sql`create index ${name} on users (lower(${column}))`.execute(db);
      else await sql`create index ${name} on users ((lower(${column}) collate "C"))`.execute(db);
    }
  },
};

// Full-text search over posts, uploaded files (Mattermost's FileInfo) and custom emoji. The only dialect
// branch is the search index itself: SQLite has FTS5, PostgreSQL tsvector + GIN (Mattermost's own
// idx_posts_message_txt / idx_posts_hashtags_txt).
import { SqliteAdapter, sql, type Kysely, type Migration } from 'kysely';

export const searchFilesEmoji: Migration = {
  async up(db: Kysely<unknown>) {
    const s = db.schema;
    // Storage paths stay server-side; the wire FileInfo never carries them.
    await s
      .createTable('file_info')
      .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
      .addColumn('creator_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('post_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
      .addColumn('channel_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('update_at', 'bigint', (c) => c.notNull())
      .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('path', 'varchar(512)', (c) => c.notNull())
      .addColumn('thumbnail_path', 'varchar(512)', (c) => c.notNull().defaultTo(''))
      .addColumn('preview_path', 'varchar(512)', (c) => c.notNull().defaultTo(''))
      .addColumn('name', 'varchar(256)', (c) => c.notNull())
      .addColumn('extension', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('mime_type', 'varchar(256)', (c) => c.notNull().defaultTo(''))
      .addColumn('width', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('height', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('has_preview_image', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('mini_preview', 'text')
      .addColumn('remote_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
      .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await s.createIndex('idx_file_info_post_id').on('file_info').column('post_id').execute();
    await s.createIndex('idx_file_info_channel_id_create_at').on('file_info').columns(['channel_id', 'create_at']).execute();
    await s.createIndex('idx_file_info_creator_id').on('file_info').column('creator_id').execute();

    await s
      .createTable('emoji')
      .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('update_at', 'bigint', (c) => c.notNull())
      .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('creator_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('name', 'varchar(64)', (c) => c.notNull())
      .addUniqueConstraint('emoji_name_delete_at_key', ['name', 'delete_at'])
      .execute();

    const isSqlite = isSqliteDb(db);
    if (isSqlite) {
      // An external-content table stores only the index; the text stays in posts. Its rowid is the posts
      // rowid, which triggers keep in step. porter stems English words like PostgreSQL's 'english' config.
      await sql`CREATE VIRTUAL TABLE posts_fts USING fts5(message, hashtags, content='posts', content_rowid='rowid', tokenize='porter unicode61')`.execute(db);
      await sql`CREATE TRIGGER posts_fts_ai AFTER INSERT ON posts BEGIN
        INSERT INTO posts_fts(rowid, message, hashtags) VALUES (new.rowid, new.message, new.hashtags);
      END`.execute(db);
      await sql`CREATE TRIGGER posts_fts_ad AFTER DELETE ON posts BEGIN
        INSERT INTO posts_fts(posts_fts, rowid, message, hashtags) VALUES ('delete', old.rowid, old.message, old.hashtags);
      END`.execute(db);
      // Only text changes touch the index; update_at bumps (reactions, replies) are frequent and free.
      await sql`CREATE TRIGGER posts_fts_au AFTER UPDATE OF message, hashtags ON posts BEGIN
        INSERT INTO posts_fts(posts_fts, rowid, message, hashtags) VALUES ('delete', old.rowid, old.message, old.hashtags);
        INSERT INTO posts_fts(rowid, message, hashtags) VALUES (new.rowid, new.message, new.hashtags);
      END`.execute(db);
      await sql`INSERT INTO posts_fts(posts_fts) VALUES ('rebuild')`.execute(db);
    } else {
      await sql`CREATE INDEX idx_posts_message_txt ON posts USING gin (to_tsvector('english', message))`.execute(db);
      await sql`CREATE INDEX idx_posts_hashtags_txt ON posts USING gin (to_tsvector('english', hashtags))`.execute(db);
    }
  },
};

// Probing with a failing statement would abort PostgreSQL's migration transaction; the adapter is enough.
function isSqliteDb(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

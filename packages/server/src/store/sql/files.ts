// Uploaded files (Mattermost's FileInfo) and custom emoji.
import type { Kysely } from 'kysely';
import type { Database, FileInfoTable } from '../schema.js';
import type { Emoji, FileInfo } from '../models.js';
import type { EmojiStore, FileInfoStore } from '../files.js';
import { codec } from './codec.js';
import { escapeLike, lowerPrefixMatch } from './like.js';
import { sql } from 'kysely';

export const fileInfos = codec<FileInfoTable, FileInfo>(['has_preview_image', 'archived'], []);

export class SqlFileInfoStore implements FileInfoStore {
  constructor(private readonly db: Kysely<Database>) {}

  async save(info: FileInfo): Promise<FileInfo> {
    await this.db.insertInto('file_info').values(fileInfos.encode(info) as FileInfoTable).execute();
    return info;
  }

  async get(id: string): Promise<FileInfo | undefined> {
    const row = await this.db.selectFrom('file_info').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fileInfos.decode(row);
  }

  async getMany(ids: readonly string[]): Promise<FileInfo[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('file_info').selectAll().where('id', 'in', ids).execute();
    return rows.map(fileInfos.decode);
  }

  async getForPosts(postIds: readonly string[]): Promise<FileInfo[]> {
    if (postIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('file_info')
      .selectAll()
      .where('post_id', 'in', postIds)
      .where('delete_at', '=', 0)
      .orderBy('create_at')
      .orderBy('id')
      .execute();
    return rows.map(fileInfos.decode);
  }

  async attach(ids: readonly string[], postId: string, userId: string, channelId: string, at: number): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .updateTable('file_info')
      .set({ post_id: postId, update_at: at })
      .where('id', 'in', ids)
      .where('creator_id', '=', userId)
      .where('channel_id', '=', channelId)
      .where('post_id', '=', '')
      .where('delete_at', '=', 0)
      .returning('id')
      .execute();
    const done = new Set(rows.map((r) => r.id));
    return ids.filter((id) => done.has(id));
  }

  async softDeleteForPosts(postIds: readonly string[], at: number): Promise<void> {
    if (postIds.length === 0) return;
    await this.db.updateTable('file_info').set({ delete_at: at, update_at: at }).where('post_id', 'in', postIds).where('delete_at', '=', 0).execute();
  }

  async search(q: { channelIds: readonly string[]; terms: readonly string[]; extensions: readonly string[]; offset: number; limit: number }): Promise<FileInfo[]> {
    if (q.channelIds.length === 0) return [];
    let query = this.db
      .selectFrom('file_info')
      .selectAll()
      .where('channel_id', 'in', q.channelIds)
      .where('delete_at', '=', 0)
      .where('post_id', '<>', '');
    for (const t of q.terms) query = query.where(sql<boolean>`lower(name) like ${`%${escapeLike(t.toLowerCase())}%`} escape '\\'`);
    if (q.extensions.length > 0) query = query.where('extension', 'in', q.extensions);
    const rows = await query.orderBy('create_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
    return rows.map(fileInfos.decode);
  }
}

export class SqlEmojiStore implements EmojiStore {
  constructor(private readonly db: Kysely<Database>) {}

  async save(emoji: Emoji): Promise<Emoji> {
    await this.db.insertInto('emoji').values(emoji).execute();
    return emoji;
  }

  async get(id: string): Promise<Emoji | undefined> {
    return this.db.selectFrom('emoji').selectAll().where('id', '=', id).where('delete_at', '=', 0).executeTakeFirst();
  }

  async getByName(name: string): Promise<Emoji | undefined> {
    return this.db.selectFrom('emoji').selectAll().where('name', '=', name).where('delete_at', '=', 0).executeTakeFirst();
  }

  async getByNames(names: readonly string[]): Promise<Emoji[]> {
    if (names.length === 0) return [];
    return this.db.selectFrom('emoji').selectAll().where('name', 'in', names).where('delete_at', '=', 0).orderBy('name').execute();
  }

  async list(opts: { sortByName: boolean; offset: number; limit: number }): Promise<Emoji[]> {
    const q = this.db.selectFrom('emoji').selectAll().where('delete_at', '=', 0);
    const ordered = opts.sortByName ? q.orderBy('name') : q.orderBy('create_at', 'desc').orderBy('id');
    return ordered.limit(opts.limit).offset(opts.offset).execute();
  }

  async search(term: string, prefixOnly: boolean, limit: number): Promise<Emoji[]> {
    const cond = prefixOnly ? lowerPrefixMatch('name', term) : sql<boolean>`lower(name) like ${`%${escapeLike(term.toLowerCase())}%`} escape '\\'`;
    return this.db.selectFrom('emoji').selectAll().where('delete_at', '=', 0).where(cond).orderBy('name').limit(limit).execute();
  }

  async softDelete(id: string, at: number): Promise<void> {
    await this.db.updateTable('emoji').set({ delete_at: at, update_at: at }).where('id', '=', id).where('delete_at', '=', 0).execute();
  }
}

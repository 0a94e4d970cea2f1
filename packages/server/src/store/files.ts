import type { Emoji, FileInfo } from './models.js';

export interface FileInfoStore {
  save(info: FileInfo): Promise<FileInfo>;
  /** Any row, live or deleted. */
  get(id: string): Promise<FileInfo | undefined>;
  getMany(ids: readonly string[]): Promise<FileInfo[]>;
  /** Live files of the posts, oldest first. */
  getForPosts(postIds: readonly string[]): Promise<FileInfo[]>;
  /**
   * Attaches the given files to a post when they are live, unattached, uploaded by userId into channelId;
   * returns the ids attached, in the order given.
   */
  attach(ids: readonly string[], postId: string, userId: string, channelId: string, at: number): Promise<string[]>;
  /** Soft-deletes the live files of the posts. */
  softDeleteForPosts(postIds: readonly string[], at: number): Promise<void>;
  /** Live files in the channels, matching a name prefix or extension, newest first. */
  search(q: { channelIds: readonly string[]; terms: readonly string[]; extensions: readonly string[]; offset: number; limit: number }): Promise<FileInfo[]>;
}

export interface EmojiStore {
  /** Throws on a name clash with a live emoji (unique name, delete_at). */
  save(emoji: Emoji): Promise<Emoji>;
  /** Live emoji only. */
  get(id: string): Promise<Emoji | undefined>;
  getByName(name: string): Promise<Emoji | undefined>;
  getByNames(names: readonly string[]): Promise<Emoji[]>;
  /** Live emoji, by name or newest first. */
  list(opts: { sortByName: boolean; offset: number; limit: number }): Promise<Emoji[]>;
  /** Live emoji whose name starts with (or, unless prefixOnly, contains) term, by name. */
  search(term: string, prefixOnly: boolean, limit: number): Promise<Emoji[]>;
  softDelete(id: string, at: number): Promise<void>;
}

import type { Post, Reaction, Thread, ThreadMembership } from './models.js';

export interface PostStore {
  save(post: Post): Promise<Post>;
  update(post: Post): Promise<Post>;
  get(id: string): Promise<Post | undefined>;
  getMany(ids: readonly string[]): Promise<Post[]>;
  /** Newest first, not deleted, offset paging. */
  getChannelPage(channelId: string, opts: { offset: number; limit: number; rootsOnly?: boolean }): Promise<Post[]>;
  /** Newest first, create_at strictly before (or after) the given time. */
  getBefore(channelId: string, createAt: number, limit: number, rootsOnly?: boolean): Promise<Post[]>;
  getAfter(channelId: string, createAt: number, limit: number, rootsOnly?: boolean): Promise<Post[]>;
  /** Everything with update_at > since, deleted posts included, newest first. */
  getSince(channelId: string, since: number, limit: number): Promise<Post[]>;
  /** Root plus all live replies, oldest first. */
  getThread(rootId: string): Promise<Post[]>;
  getPinned(channelId: string): Promise<Post[]>;
  getEditHistory(postId: string): Promise<Post[]>;
  countPinned(channelId: string): Promise<number>;
  /** Soft-deletes the post and, for a root, its replies; returns the ids deleted. */
  softDelete(postId: string, at: number, deletedBy: string): Promise<void>;
  /** Bumps update_at of a root when a reply arrives, so `since` shows it again. */
  touch(postId: string, at: number): Promise<void>;
}

export interface ReactionStore {
  /** Inserts or revives a reaction and sets posts.has_reactions. */
  save(reaction: Reaction): Promise<Reaction>;
  /** Soft-deletes and recomputes posts.has_reactions. */
  remove(postId: string, userId: string, emojiName: string, at: number): Promise<boolean>;
  getForPost(postId: string): Promise<Reaction[]>;
  getForPosts(postIds: readonly string[]): Promise<Reaction[]>;
}

export interface ThreadStore {
  get(postId: string): Promise<Thread | undefined>;
  /** Records a reply: creates the thread on the first reply, bumps counts and participants. */
  recordReply(rootId: string, channelId: string, teamId: string, replierId: string, at: number): Promise<Thread>;
  /** Recounts replies after a delete. */
  recount(rootId: string): Promise<void>;
  getMembership(postId: string, userId: string): Promise<ThreadMembership | undefined>;
  saveMembership(m: ThreadMembership): Promise<void>;
}

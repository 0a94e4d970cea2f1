import type { Post, Reaction } from './models.js';

/** Mattermost's IsJoinLeaveMessage: shown in the channel, but never counted as unread messages. */
export const JOIN_LEAVE_POST_TYPES: readonly string[] = [
  'system_join_leave',
  'system_add_remove',
  'system_join_channel',
  'system_leave_channel',
  'system_join_team',
  'system_leave_team',
  'system_add_to_channel',
  'system_remove_from_channel',
  'system_add_to_team',
  'system_remove_from_team',
];

/** Which posts a channel listing may return. Edit-history rows (original_id ≠ '') are never listed. */
export interface ChannelPostFilter {
  /** Soft-deleted posts too (system admins only, Mattermost's include_deleted). */
  includeDeleted?: boolean;
  /** Root posts only (collapsed reply threads). */
  rootsOnly?: boolean;
}

export interface PageOptions extends ChannelPostFilter {
  offset: number;
  limit: number;
}

export interface ThreadPageOptions {
  /** 'down' = oldest first, 'up' = newest first; undefined = oldest first without a cursor. */
  direction?: 'up' | 'down';
  /** Cursor: posts strictly after (down) or before (up) this create_at, ties broken by id. */
  fromCreateAt?: number;
  fromPostId?: string;
  /** updatesOnly: posts changed after this update_at (deleted ones too), oldest change first. */
  fromUpdateAt?: number;
  /** 0 = no limit. */
  limit: number;
}

/** What a member's unread state becomes after set_unread (Mattermost's ChannelUnreadAt). */
export interface ChannelUnreadAt {
  team_id: string;
  user_id: string;
  channel_id: string;
  msg_count: number;
  msg_count_root: number;
  mention_count: number;
  mention_count_root: number;
  urgent_mention_count: number;
  last_viewed_at: number;
}

/**
 * A parsed post search. Words and phrase parts are lowercase runs of letters and digits (safe to put into
 * either engine's query language); a word may end in `*` for a prefix match.
 */
export interface PostSearch {
  userId: string;
  /** Channels of this team plus DMs and GMs; undefined = every team. */
  teamId?: string;
  words: string[];
  phrases: string[][];
  /** Hashtags without '#', lowercase, split into their word parts. */
  hashtags: { tag: string; parts: string[] }[];
  /** true: any positive term may match; false: all must. */
  orSearch: boolean;
  excludedWords: string[];
  excludedPhrases: string[][];
  fromUserIds: string[];
  excludedUserIds: string[];
  inChannelNames: string[];
  excludedChannelNames: string[];
  /** create_at >= since and create_at < until. */
  since?: number;
  until?: number;
  includeDeletedChannels: boolean;
  offset: number;
  limit: number;
}

export interface PostStore {
  save(post: Post): Promise<Post>;
  /** Writes every mutable column of the post (matched by id). */
  update(post: Post): Promise<Post>;
  /** Any row, live or deleted. */
  get(id: string): Promise<Post | undefined>;
  /** Any rows, live or deleted, in no particular order. */
  getMany(ids: readonly string[]): Promise<Post[]>;
  getByPendingId(userId: string, pendingPostId: string): Promise<Post | undefined>;
  /**
   * Serialises post creation in a channel for the rest of the transaction and returns the channel's
   * last_post_at, so each new post can take a create_at strictly after every earlier one.
   * undefined when the channel does not exist.
   */
  lockChannelForPost(channelId: string): Promise<number | undefined>;

  /** Newest first, offset paging. */
  getChannelPage(channelId: string, opts: PageOptions): Promise<Post[]>;
  /** Newest first: create_at < createAt, offset paging. */
  getBefore(channelId: string, createAt: number, opts: PageOptions): Promise<Post[]>;
  /** Newest first: the oldest posts with create_at > createAt, offset paging. */
  getAfter(channelId: string, createAt: number, opts: PageOptions): Promise<Post[]>;
  /** The id of the newest live post older than createAt ('' if none); cursors for post lists. */
  getIdBefore(channelId: string, createAt: number, rootsOnly?: boolean): Promise<string>;
  /** The id of the oldest live post newer than createAt ('' if none). */
  getIdAfter(channelId: string, createAt: number, rootsOnly?: boolean): Promise<string>;
  /** update_at > since, deleted posts included, newest first, at most `limit`. */
  getSince(channelId: string, since: number, limit: number, rootsOnly?: boolean): Promise<Post[]>;
  /** Live posts with create_at ≥ createAt, oldest first, at most `limit` (mention recount for set_unread). */
  getFrom(channelId: string, createAt: number, limit: number): Promise<Post[]>;
  /** Live replies of a root (the root itself included), paged as Mattermost's thread endpoint. */
  getThread(rootId: string, opts: ThreadPageOptions): Promise<Post[]>;
  /** Live pinned posts, newest first. */
  getPinned(channelId: string): Promise<Post[]>;
  countPinned(channelId: string): Promise<number>;
  /** The earlier versions of an edited post, newest first. */
  getEditHistory(postId: string): Promise<Post[]>;
  /** Saved posts (preferences flagged_post) that are live, newest first; team includes DMs and GMs. */
  getFlagged(userId: string, opts: { channelId?: string; teamId?: string; offset: number; limit: number }): Promise<Post[]>;

  /**
   * Live, non-system posts in channels the user is a member of that match the search, newest first.
   * Stemming follows the engine (FTS5 porter / PostgreSQL 'english'); ranking is not applied.
   */
  search(q: PostSearch): Promise<Post[]>;

  /** Soft-deletes the post and, for a root, its live replies, recording props.deleteBy; returns the ids deleted. */
  softDelete(postId: string, at: number, deletedBy: string): Promise<string[]>;
  /** Bumps update_at (never backwards), so `since` shows the post again. */
  touch(postId: string, at: number): Promise<void>;

  /**
   * Mattermost's UpdateLastViewedAtPost: the member has read everything before createAt. msg_count becomes
   * the channel total minus the live posts from createAt on, join/leave messages not counted (the _root
   * pair only when countRoot).
   * Returns undefined when the user is not a member.
   */
  setMemberUnreadFrom(
    channelId: string,
    userId: string,
    createAt: number,
    mentions: { mention_count: number; mention_count_root: number; urgent_mention_count: number },
    countRoot: boolean,
    now: number,
  ): Promise<ChannelUnreadAt | undefined>;
}

export interface ReactionStore {
  /** Inserts or revives a reaction; sets posts.has_reactions and bumps the post's update_at. */
  save(reaction: Reaction): Promise<Reaction>;
  /** Soft-deletes; recomputes posts.has_reactions and bumps update_at. Returns the removed reaction if any. */
  remove(postId: string, userId: string, emojiName: string, at: number): Promise<Reaction | undefined>;
  /** Live reactions, oldest first. */
  getForPost(postId: string): Promise<Reaction[]>;
  getForPosts(postIds: readonly string[]): Promise<Reaction[]>;
}

import type { Post, Thread, ThreadMembership } from './models.js';

/** Which of a user's threads a listing returns (Mattermost's GetUserThreadsOpts). */
export interface UserThreadQuery {
  /** Threads of this team's channels and of the user's DMs and GMs (team_id ''). */
  teamId: string;
  /** Threads whose root was deleted too. */
  deleted: boolean;
  /** Only threads with replies after the user's last view. */
  unreadOnly: boolean;
  /** Only threads whose membership changed or that got a reply at or after this time (0: no filter). */
  since: number;
  /** Cursor: threads whose last reply is older (before) or newer (after) than this thread's. */
  before?: string;
  after?: string;
  limit: number;
}

/** One followed thread as its follower sees it. */
export interface UserThread {
  thread: Thread;
  membership: ThreadMembership;
  /** Live replies newer than membership.last_viewed. */
  unreadReplies: number;
  /** The root post, even when deleted (deleted threads are listed on request). */
  post: Post;
}

export interface UserThreadTotals {
  total: number;
  totalUnreadThreads: number;
  totalUnreadMentions: number;
}

export interface TeamThreadUnreads {
  team_id: string;
  /** Followed threads with replies the user has not seen. */
  thread_count: number;
  thread_mention_count: number;
}

export interface ThreadStore {
  get(postId: string): Promise<Thread | undefined>;
  getMany(postIds: readonly string[]): Promise<Thread[]>;
  /** Records a reply: creates the thread on the first reply, bumps counts, appends the replier to participants. */
  recordReply(rootId: string, channelId: string, teamId: string, replierId: string, at: number): Promise<Thread>;
  /** Recomputes reply_count, last_reply_at and participants from the live replies (after a delete). */
  recount(rootId: string): Promise<void>;
  /** Marks the thread deleted along with its root. */
  markDeleted(rootId: string, at: number): Promise<void>;

  getMembership(postId: string, userId: string): Promise<ThreadMembership | undefined>;
  getMemberships(postId: string, userIds: readonly string[]): Promise<ThreadMembership[]>;
  /** Inserts or replaces. */
  saveMembership(m: ThreadMembership): Promise<void>;
  /** One user's memberships of these threads (the caller's follow state on a page of root posts). */
  getMembershipsOfUser(userId: string, postIds: readonly string[]): Promise<ThreadMembership[]>;
  /** Users following the thread. */
  getFollowers(postId: string): Promise<string[]>;
  /** Live replies of the thread created after `after` (its unread replies for a last view at `after`). */
  countRepliesAfter(postId: string, after: number): Promise<number>;

  /** The user's followed threads, newest reply first (oldest first with `after`), at most `limit`. */
  getForUser(userId: string, q: UserThreadQuery): Promise<UserThread[]>;
  /** One followed thread; undefined when there is no thread or the user does not follow it. */
  getOneForUser(userId: string, postId: string): Promise<UserThread | undefined>;
  /** Counts over the user's followed threads in a team and their DMs and GMs. */
  countForUser(userId: string, teamId: string, deleted: boolean): Promise<UserThreadTotals>;
  /** Unread followed threads and their mentions per team (DMs and GMs belong to no team and are left out). */
  getTeamUnreads(userId: string, teamIds: readonly string[]): Promise<TeamThreadUnreads[]>;

  /** Every followed thread of the team (and of DMs/GMs) read at `at`, mentions cleared. */
  markAllReadInTeam(userId: string, teamId: string, at: number): Promise<void>;
  /** Threads of these channels with unread replies read at `at`, mentions cleared. */
  markAllReadInChannels(userId: string, channelIds: readonly string[], at: number): Promise<void>;
  /** Forgets the user's memberships of threads in a channel they left. */
  removeMembershipsForChannel(userId: string, channelId: string): Promise<void>;
}

import type { Channel, ChannelMember, StringMap } from './models.js';

/** One channel's unread state for a member, as Mattermost's GetChannelUnread computes it. */
export interface ChannelUnreadRow {
  channel_id: string;
  team_id: string;
  total_msg_count: number;
  total_msg_count_root: number;
  /** What the member has read (ChannelMembers.MsgCount). */
  msg_count: number;
  msg_count_root: number;
  mention_count: number;
  mention_count_root: number;
  urgent_mention_count: number;
  last_viewed_at: number;
  notify_props: StringMap;
}

/** Unread totals as reported to clients (ChannelUnread minus ids). */
export interface ChannelUnreadCounts {
  team_id: string;
  msg_count: number;
  mention_count: number;
  mention_count_root: number;
  msg_count_root: number;
  urgent_mention_count: number;
}

/** What deciding who a post mentions and notifies needs to know of one channel member. */
export interface MemberProfile {
  user_id: string;
  username: string;
  first_name: string;
  is_bot: boolean;
  /** The user's own notify_props. */
  notify_props: StringMap;
  /** The membership's notify_props (per-channel overrides). */
  member_notify_props: StringMap;
}

export interface ChannelSearch {
  teamId: string;
  /** Prefix of the name or of a word of the display name; '' matches everything. */
  term: string;
  /** Public channels of the team are included unless false. */
  includePublic?: boolean;
  /** Also channels of the team this user belongs to (private ones included). */
  memberUserId?: string;
  includeDeleted: boolean;
  limit: number;
}

export interface ChannelStore {
  /** Inserts; false when the (team_id, name) pair is taken, archived channels included. */
  save(channel: Channel): Promise<boolean>;
  update(channel: Channel): Promise<Channel>;
  get(id: string): Promise<Channel | undefined>;
  getMany(ids: readonly string[]): Promise<Channel[]>;
  getByName(teamId: string, name: string, includeDeleted?: boolean): Promise<Channel | undefined>;
  /** Live public channels of a team, ordered by display name. */
  getPublicForTeam(teamId: string, opts: { offset: number; limit: number }): Promise<Channel[]>;
  /** Live public channels of a team among the given ids. */
  getPublicByIds(teamId: string, ids: readonly string[]): Promise<Channel[]>;
  /** Archived channels of a team: public ones, and private ones the user belongs to (all when no user). */
  getDeletedForTeam(teamId: string, opts: { offset: number; limit: number; memberUserId?: string }): Promise<Channel[]>;
  /** A user's channels in a team plus all their DMs and GMs (team_id ''), ordered by display name. */
  getForUserInTeam(userId: string, teamId: string, includeDeleted: boolean): Promise<Channel[]>;
  getAllForUser(userId: string, includeDeleted: boolean): Promise<Channel[]>;
  /** Channels of a team (archived included, DMs/GMs never), for MaxChannelsPerTeam. */
  countForTeam(teamId: string): Promise<number>;
  search(q: ChannelSearch): Promise<Channel[]>;
  /** The user's live group messages whose display name (member usernames) has a word starting with term. */
  searchGroupChannels(userId: string, term: string, limit: number): Promise<Channel[]>;

  /**
   * Serialises membership changes of a channel for the rest of the transaction (a row lock on
   * PostgreSQL; SQLite has one writer anyway). False when the channel does not exist.
   */
  lockChannel(channelId: string): Promise<boolean>;
  /**
   * Inserts a membership (an existing one is kept and returned). Read counters start at the channel's totals and last_viewed_at at its
   * last post, so joining leaves nothing unread — whatever notify_props/msg counts the caller passes.
   */
  saveMember(member: ChannelMember): Promise<ChannelMember>;
  updateMember(member: ChannelMember): Promise<ChannelMember>;
  getMember(channelId: string, userId: string): Promise<ChannelMember | undefined>;
  /** Ordered by user id. */
  getMembers(channelId: string, opts: { offset: number; limit: number }): Promise<ChannelMember[]>;
  getMembersByIds(channelId: string, userIds: readonly string[]): Promise<ChannelMember[]>;
  /** Memberships in the team's channels plus the user's DMs and GMs. */
  getMembersForUserInTeam(userId: string, teamId: string): Promise<ChannelMember[]>;
  /** Every membership of the user, ordered by channel id. */
  getMembersForUser(userId: string, opts: { offset: number; limit: number }): Promise<ChannelMember[]>;
  removeMember(channelId: string, userId: string): Promise<void>;
  /** Removes the user from every channel of the team (never DMs/GMs); returns the channel ids. */
  removeMembersForUserInTeam(userId: string, teamId: string): Promise<string[]>;
  /** activeUsersOnly skips deactivated users, as Mattermost's member_count does. */
  countMembers(channelId: string, opts?: { activeUsersOnly?: boolean }): Promise<number>;
  countGuests(channelId: string): Promise<number>;
  /** Every member with the user fields mention and notification rules read; deactivated users left out. */
  getMemberProfiles(channelId: string): Promise<MemberProfile[]>;
  /**
   * The active members a post can mention beyond the @usernames its text names (custom mention keys, first
   * name, reply notifications), plus the named ones (by id or username) and, when asked, those who
   * auto-follow the channel's threads — without reading the other members.
   */
  getMentionCandidates(channelId: string, named: { userIds: readonly string[]; usernames: readonly string[]; autoFollowers: boolean }): Promise<MemberProfile[]>;
  /** Whether the user has viewed any of their channels at or after `at`. */
  hasViewedSince(userId: string, at: number): Promise<boolean>;
  /** Unread state of the user's live team channels (DMs and GMs excluded); one team when given. */
  getUnreadsForUser(userId: string, teamId?: string): Promise<ChannelUnreadRow[]>;

  /**
   * Counts a new post on the channel in the same transaction as the insert. Mattermost does not count
   * join/leave messages (countsAsMessage = false), but they still move last_post_at.
   */
  recordPost(channelId: string, createAt: number, isRoot: boolean, countsAsMessage?: boolean): Promise<void>;
  /**
   * Mattermost's UpdateLastViewedAt for the channels the user belongs to: mentions cleared, read
   * counters raised to the channel totals, last_viewed_at = greatest(last_viewed_at, last_post_at).
   * Returns the new last_viewed_at per channel id.
   */
  markViewed(userId: string, channelIds: readonly string[], now: number): Promise<Record<string, number>>;
  /** Adds one mention to each member given (mention_count, and _root when the post is a root). */
  incrementMentions(channelId: string, userIds: readonly string[], isRoot: boolean, urgent: boolean, at?: number): Promise<void>;
}

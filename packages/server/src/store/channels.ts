import type { Channel, ChannelMember } from './models.js';

export interface ChannelUnreadCounts {
  team_id: string;
  msg_count: number;
  mention_count: number;
  mention_count_root: number;
  msg_count_root: number;
  urgent_mention_count: number;
}

export interface ChannelStore {
  save(channel: Channel): Promise<Channel>;
  update(channel: Channel): Promise<Channel>;
  get(id: string): Promise<Channel | undefined>;
  getMany(ids: readonly string[]): Promise<Channel[]>;
  getByName(teamId: string, name: string, includeDeleted?: boolean): Promise<Channel | undefined>;
  /** Public channels of a team (not deleted), ordered by display name. */
  getPublicForTeam(teamId: string, opts: { offset: number; limit: number; deleted?: boolean }): Promise<Channel[]>;
  /** A user's channels in a team plus all their DMs and GMs (team_id ''). */
  getForUserInTeam(userId: string, teamId: string, includeDeleted: boolean): Promise<Channel[]>;
  getAllForUser(userId: string, includeDeleted: boolean): Promise<Channel[]>;

  saveMember(member: ChannelMember): Promise<ChannelMember>;
  updateMember(member: ChannelMember): Promise<ChannelMember>;
  getMember(channelId: string, userId: string): Promise<ChannelMember | undefined>;
  getMembers(channelId: string, opts: { offset: number; limit: number }): Promise<ChannelMember[]>;
  getMembersByIds(channelId: string, userIds: readonly string[]): Promise<ChannelMember[]>;
  getMembersForUserInTeam(userId: string, teamId: string): Promise<ChannelMember[]>;
  getMembersForUser(userId: string, opts: { offset: number; limit: number }): Promise<ChannelMember[]>;
  removeMember(channelId: string, userId: string): Promise<void>;
  countMembers(channelId: string): Promise<number>;

  /** Counts a new post on the channel (TotalMsgCount, LastPostAt …) in the same transaction as the insert. */
  recordPost(channelId: string, createAt: number, isRoot: boolean): Promise<void>;
  /** Mattermost's UpdateLastViewedAt: returns last_viewed_at per channel id. */
  markViewed(userId: string, channelIds: readonly string[], now: number): Promise<Record<string, number>>;
  /** Adds one mention to each member given (mention_count, and _root when the post is a root). */
  incrementMentions(channelId: string, userIds: readonly string[], isRoot: boolean, urgent: boolean): Promise<void>;
}

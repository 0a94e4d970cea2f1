// Channels, channel memberships, unread and stats as Mattermost sends them.
import type { ChannelMembership, ChannelNotifyProps, ChannelStats, ChannelType, ServerChannel } from '@mattermost/types/channels';
import { memberRoles, type SchemeRoleNames } from '../permissions/check.js';
import type { Channel, ChannelMember, Team } from '../store/store.js';
import type { ChannelUnreadRow } from '../store/channels.js';

/** Go's *string / *bool fields arrive as null, which @mattermost/types does not spell out. */
export type WireChannel = Omit<ServerChannel, 'scheme_id' | 'group_constrained' | 'shared' | 'props' | 'banner_info'> & {
  scheme_id: string | null;
  group_constrained: boolean | null;
  shared: boolean | null;
  props: Record<string, unknown> | null;
  banner_info: null;
  extra_update_at: number;
};

/** last_viewed_at and last_update_at are another user's private timestamps and are left out. */
export type WireChannelMember = Omit<ChannelMembership, 'last_viewed_at' | 'last_update_at' | 'notify_props'> & {
  last_viewed_at?: number;
  last_update_at?: number;
  notify_props: Partial<ChannelNotifyProps> & Record<string, string>;
  scheme_guest: boolean;
  explicit_roles: string;
};

export interface WireChannelUnread {
  team_id: string;
  channel_id: string;
  user_id: string;
  msg_count: number;
  msg_count_root: number;
  mention_count: number;
  mention_count_root: number;
  urgent_mention_count: number;
  last_viewed_at: number;
}

export function presentChannel(c: Channel): WireChannel {
  return {
    id: c.id,
    create_at: c.create_at,
    update_at: c.update_at,
    delete_at: c.delete_at,
    team_id: c.team_id,
    type: c.type as ChannelType,
    display_name: c.display_name,
    name: c.name,
    header: c.header,
    purpose: c.purpose,
    last_post_at: c.last_post_at,
    total_msg_count: c.total_msg_count,
    extra_update_at: c.extra_update_at,
    creator_id: c.creator_id,
    scheme_id: c.scheme_id,
    props: c.props,
    group_constrained: c.group_constrained,
    autotranslation: false,
    shared: c.shared,
    total_msg_count_root: c.total_msg_count_root,
    policy_id: null,
    last_root_post_at: c.last_root_post_at,
    banner_info: null,
    policy_enforced: false,
    policy_is_active: false,
    default_category_name: '',
    managed_category_name: '',
    discoverable: false,
  };
}

/**
 * Mattermost's ChannelMember.SanitizeForCurrentUser: other members' view timestamps stay private. `names`:
 * the channel roles of the permission scheme that applies to the channel, when one does.
 */
export function presentChannelMember(m: ChannelMember, viewerId: string, names?: SchemeRoleNames): WireChannelMember {
  const own = m.user_id === viewerId;
  return {
    channel_id: m.channel_id,
    user_id: m.user_id,
    roles: memberRoles('channel', m, names),
    ...(own ? { last_viewed_at: m.last_viewed_at } : {}),
    msg_count: m.msg_count,
    mention_count: m.mention_count,
    mention_count_root: m.mention_count_root,
    urgent_mention_count: m.urgent_mention_count,
    msg_count_root: m.msg_count_root,
    notify_props: m.notify_props,
    ...(own ? { last_update_at: m.last_update_at } : {}),
    scheme_guest: m.scheme_guest,
    scheme_user: m.scheme_user,
    scheme_admin: m.scheme_admin,
    explicit_roles: m.roles,
  };
}

/** GET /users/{id}/channel_members adds the team's names (ChannelMemberWithTeamData). */
export function presentChannelMemberWithTeam(m: ChannelMember, viewerId: string, team: Team | undefined, names?: SchemeRoleNames) {
  return {
    ...presentChannelMember(m, viewerId, names),
    team_display_name: team?.display_name ?? '',
    team_name: team?.name ?? '',
    team_update_at: team?.update_at ?? 0,
  };
}

/** msg_count here counts unread messages; a muted channel (mark_unread = mention) reports none. */
export function presentChannelUnread(userId: string, u: ChannelUnreadRow): WireChannelUnread {
  const muted = u.notify_props.mark_unread === 'mention';
  return {
    team_id: u.team_id,
    channel_id: u.channel_id,
    user_id: userId,
    msg_count: muted ? 0 : Math.max(0, u.total_msg_count - u.msg_count),
    msg_count_root: muted ? 0 : Math.max(0, u.total_msg_count_root - u.msg_count_root),
    mention_count: u.mention_count,
    mention_count_root: u.mention_count_root,
    urgent_mention_count: u.urgent_mention_count,
    last_viewed_at: u.last_viewed_at,
  };
}

export function presentChannelStats(s: { channelId: string; members: number; guests: number; pinned: number; files: number }): ChannelStats {
  return {
    channel_id: s.channelId,
    member_count: s.members,
    guest_count: s.guests,
    pinnedpost_count: s.pinned,
    files_count: s.files,
  };
}

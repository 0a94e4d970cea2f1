import { createSelector } from '@reduxjs/toolkit';
import type { UserProfile } from '@mattermost/types/users';
import type { RootState } from './store';
import type { Channel } from './channels-slice';
import { typingKey } from './typing-slice';

export const selectMe = (s: RootState) => s.session.me;
export const selectMyId = (s: RootState) => s.session.me?.id ?? '';
export const selectCurrentTeam = (s: RootState) => (s.teams.currentId ? s.teams.byId[s.teams.currentId] ?? null : null);
export const selectCurrentChannel = (s: RootState) => (s.channels.currentId ? s.channels.byId[s.channels.currentId] ?? null : null);

export function userDisplayName(user: Pick<UserProfile, 'username' | 'nickname' | 'first_name' | 'last_name'> | undefined): string {
  if (!user) return '…';
  return user.username;
}

export function userFullName(user: Pick<UserProfile, 'first_name' | 'last_name' | 'nickname'> | undefined): string {
  if (!user) return '';
  return [user.first_name, user.last_name].filter(Boolean).join(' ') || user.nickname || '';
}

/** The other person of a DM, from the channel name `idA__idB`. */
export function dmPartnerId(channel: Pick<Channel, 'name' | 'type'>, myId: string): string | null {
  if (channel.type !== 'D') return null;
  const [a, b] = channel.name.split('__');
  if (!a || !b) return null;
  return a === myId ? b : a;
}

export function channelTitle(channel: Channel, myId: string, users: Record<string, UserProfile>): string {
  if (channel.type === 'D') {
    const partner = dmPartnerId(channel, myId);
    return partner ? userDisplayName(users[partner]) : channel.display_name;
  }
  if (channel.type === 'G') {
    return channel.display_name || channel.name;
  }
  return channel.display_name || channel.name;
}

export interface SidebarChannel {
  channel: Channel;
  title: string;
  unread: boolean;
  mentions: number;
}

export interface SidebarSections {
  channels: SidebarChannel[];
  direct: SidebarChannel[];
}

export function channelUnread(s: RootState, channelId: string): { unread: boolean; mentions: number } {
  const c = s.channels.byId[channelId];
  const m = s.channels.members[channelId];
  if (!c || !m) return { unread: false, mentions: 0 };
  return { unread: c.total_msg_count - m.msg_count > 0, mentions: m.mention_count };
}

export const selectSidebar = createSelector(
  [(s: RootState) => s.channels.byId, (s: RootState) => s.channels.members, (s: RootState) => s.teams.currentId, selectMyId, (s: RootState) => s.users.byId],
  (byId, members, teamId, myId, users): SidebarSections => {
    const channels: SidebarChannel[] = [];
    const direct: SidebarChannel[] = [];
    for (const c of Object.values(byId)) {
      const m = members[c.id];
      if (!m || c.delete_at > 0) continue;
      const entry: SidebarChannel = {
        channel: c,
        title: channelTitle(c, myId, users),
        unread: c.total_msg_count - m.msg_count > 0,
        mentions: m.mention_count,
      };
      if (c.type === 'D' || c.type === 'G') direct.push(entry);
      else if (c.team_id === teamId) channels.push(entry);
    }
    channels.sort((a, b) => a.title.localeCompare(b.title));
    // Conversations: the most recently active first, as people expect from a messenger.
    direct.sort((a, b) => b.channel.last_post_at - a.channel.last_post_at || a.title.localeCompare(b.title));
    return { channels, direct };
  },
);

const EMPTY: string[] = [];

export const selectChannelOrder = (s: RootState, channelId: string) => s.posts.channels[channelId]?.order ?? EMPTY;
export const selectThreadOrder = (s: RootState, rootId: string) => s.posts.threads[rootId] ?? EMPTY;

export const selectTypingUserIds = createSelector(
  [(s: RootState, channelId: string, parentId: string) => s.typing.byKey[typingKey(channelId, parentId)]],
  (users) => (users ? Object.keys(users) : EMPTY),
);

/** Total unread mentions outside the given channel: for the tab title. */
export const selectTotalMentions = createSelector([(s: RootState) => s.channels.members, (s: RootState) => s.teams.unreads], (members, teamUnreads) => {
  let n = 0;
  for (const m of Object.values(members)) n += m.mention_count;
  for (const u of Object.values(teamUnreads)) n += u.mentionCount;
  return n;
});

import { createSelector } from '@reduxjs/toolkit';
import type { UserProfile } from '@mattermost/types/users';
import type { RootState } from './store';
import type { Channel } from './channels-slice';
import { typingKey } from './typing-slice';
import { PREF, prefKey } from './preferences-slice';

export const selectMe = (s: RootState) => s.session.me;
export const selectMyId = (s: RootState) => s.session.me?.id ?? '';
export const selectCurrentTeam = (s: RootState) => (s.teams.currentId ? s.teams.byId[s.teams.currentId] ?? null : null);
export const selectCurrentChannel = (s: RootState) => (s.channels.currentId ? s.channels.byId[s.channels.currentId] ?? null : null);

/** How people's names are shown: Mattermost's display_settings/name_format (teammate name display). */
export type NameFormat = 'username' | 'nickname_full_name' | 'full_name';

export const selectNameFormat = (s: RootState): NameFormat => {
  const v = s.preferences.byKey[prefKey(PREF.display, PREF.nameFormat)];
  return v === 'nickname_full_name' || v === 'full_name' ? v : 'username';
};

type NamedUser = Pick<UserProfile, 'username' | 'nickname' | 'first_name' | 'last_name'>;

export function userFullName(user: Pick<UserProfile, 'first_name' | 'last_name' | 'nickname'> | undefined): string {
  if (!user) return '';
  return [user.first_name, user.last_name].filter(Boolean).join(' ') || user.nickname || '';
}

export function userDisplayName(user: NamedUser | undefined, format: NameFormat = 'username'): string {
  if (!user) return '…';
  const full = [user.first_name, user.last_name].filter(Boolean).join(' ');
  if (format === 'full_name') return full || user.username;
  if (format === 'nickname_full_name') return user.nickname || full || user.username;
  return user.username;
}

export const selectDisplayName = (s: RootState, userId: string): string => userDisplayName(s.users.byId[userId], selectNameFormat(s));

/** The other person of a DM, from the channel name `idA__idB`. */
export function dmPartnerId(channel: Pick<Channel, 'name' | 'type'>, myId: string): string | null {
  if (channel.type !== 'D') return null;
  const [a, b] = channel.name.split('__');
  if (!a || !b) return null;
  return a === myId ? b : a;
}

/**
 * The other members of a group message, by username: the server names a GM after all its members'
 * usernames ("ann, bob, me"), which is enough for its title without fetching the members.
 */
export function groupMemberUsernames(channel: Pick<Channel, 'display_name' | 'type'>, myUsername: string): string[] {
  if (channel.type !== 'G') return [];
  return channel.display_name
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '' && n !== myUsername);
}

export function channelTitle(channel: Channel, myId: string, users: Record<string, UserProfile>, format: NameFormat = 'username'): string {
  if (channel.type === 'D') {
    const partner = dmPartnerId(channel, myId);
    return partner ? userDisplayName(users[partner], format) : channel.display_name;
  }
  if (channel.type === 'G') {
    const names = groupMemberUsernames(channel, users[myId]?.username ?? '');
    if (format === 'username' || names.length === 0) return names.join(', ') || channel.display_name;
    const byUsername = new Map(Object.values(users).map((u) => [u.username, u]));
    return names.map((n) => userDisplayName(byUsername.get(n) ?? { username: n, nickname: '', first_name: '', last_name: '' }, format)).join(', ');
  }
  return channel.display_name || channel.name;
}

/** channelTitle with the reader's name format, for components. */
export const selectChannelTitle = (s: RootState, channel: Channel): string => channelTitle(channel, selectMyId(s), s.users.byId, selectNameFormat(s));

export interface SidebarChannel {
  channel: Channel;
  title: string;
  unread: boolean;
  mentions: number;
  /** Muted (mark_unread "mention"): unread posts do not make it bold. */
  muted: boolean;
}

export interface SidebarSections {
  favorites: SidebarChannel[];
  channels: SidebarChannel[];
  direct: SidebarChannel[];
}

export function channelUnread(s: RootState, channelId: string): { unread: boolean; mentions: number } {
  const c = s.channels.byId[channelId];
  const m = s.channels.members[channelId];
  if (!c || !m) return { unread: false, mentions: 0 };
  return { unread: c.total_msg_count - m.msg_count > 0, mentions: m.mention_count };
}

export const isFavorite = (s: RootState, channelId: string): boolean => s.preferences.byKey[prefKey(PREF.favorite, channelId)] === 'true';
export const isSavedPost = (s: RootState, postId: string): boolean => s.preferences.byKey[prefKey(PREF.saved, postId)] === 'true';

export const selectSidebar = createSelector(
  [(s: RootState) => s.channels.byId, (s: RootState) => s.channels.members, (s: RootState) => s.teams.currentId, selectMyId, (s: RootState) => s.users.byId, (s: RootState) => s.preferences.byKey, selectNameFormat],
  (byId, members, teamId, myId, users, prefs, format): SidebarSections => {
    const favorites: SidebarChannel[] = [];
    const channels: SidebarChannel[] = [];
    const direct: SidebarChannel[] = [];
    for (const c of Object.values(byId)) {
      const m = members[c.id];
      if (!m || c.delete_at > 0) continue;
      const direct_ = c.type === 'D' || c.type === 'G';
      if (!direct_ && c.team_id !== teamId) continue;
      const entry: SidebarChannel = {
        channel: c,
        title: channelTitle(c, myId, users, format),
        unread: c.total_msg_count - m.msg_count > 0,
        mentions: m.mention_count,
        muted: m.notify_props?.mark_unread === 'mention',
      };
      if (prefs[prefKey(PREF.favorite, c.id)] === 'true') favorites.push(entry);
      else if (direct_) direct.push(entry);
      else channels.push(entry);
    }
    const byTitle = (a: SidebarChannel, b: SidebarChannel) => a.title.localeCompare(b.title);
    favorites.sort(byTitle);
    channels.sort(byTitle);
    // Conversations: the most recently active first, as people expect from a messenger.
    direct.sort((a, b) => b.channel.last_post_at - a.channel.last_post_at || byTitle(a, b));
    return { favorites, channels, direct };
  },
);

/** The sidebar's channels in the order shown, for Alt+Up/Down. */
export const selectSidebarOrder = createSelector([selectSidebar], (s) => [...s.favorites, ...s.channels, ...s.direct].map((e) => e.channel.id));

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

export type ThemeChoice = 'light' | 'dark' | 'system';

export const selectTheme = (s: RootState): ThemeChoice => {
  const v = s.preferences.byKey[prefKey(PREF.parley, PREF.theme)];
  return v === 'light' || v === 'dark' ? v : 'system';
};

/** The IANA time zone times are shown in: the user's manual zone, else the automatic one, else the browser's. */
export const selectTimeZone = (s: RootState): string | undefined => {
  const tz = s.session.me?.timezone;
  if (!tz) return undefined;
  if (tz.useAutomaticTimezone === 'false' && tz.manualTimezone) return tz.manualTimezone;
  return tz.automaticTimezone || undefined;
};

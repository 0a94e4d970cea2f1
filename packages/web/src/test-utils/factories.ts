import type { ChannelMembership } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import type { Channel } from '../store/channels-slice';
import type { Post } from '../store/model';

let n = 0;
const id = (prefix: string) => `${prefix}${String(++n).padStart(26 - prefix.length, '0')}`;

export function makeUser(fields: Partial<UserProfile> = {}): UserProfile {
  const userId = fields.id ?? id('u');
  return { id: userId, username: `user${n}`, email: `user${n}@example.com`, locale: 'en', props: {}, first_name: '', last_name: '', nickname: '', last_picture_update: 0, delete_at: 0, roles: 'system_user', ...fields } as UserProfile;
}

export function makeTeam(fields: Partial<Team> = {}): Team {
  return { id: id('t'), name: `team${n}`, display_name: `Team ${n}`, delete_at: 0, allow_open_invite: true, type: 'O', ...fields } as Team;
}

export function makeChannel(fields: Partial<Channel> = {}): Channel {
  return {
    id: id('c'),
    team_id: '',
    type: 'O',
    name: `channel-${n}`,
    display_name: `Channel ${n}`,
    header: '',
    purpose: '',
    delete_at: 0,
    last_post_at: 0,
    total_msg_count: 0,
    total_msg_count_root: 0,
    ...fields,
  } as Channel;
}

export function makeMember(channel: Pick<Channel, 'id' | 'total_msg_count'>, userId: string, fields: Partial<ChannelMembership> = {}): ChannelMembership {
  return {
    channel_id: channel.id,
    user_id: userId,
    roles: 'channel_user',
    last_viewed_at: 0,
    msg_count: channel.total_msg_count,
    msg_count_root: 0,
    mention_count: 0,
    mention_count_root: 0,
    urgent_mention_count: 0,
    notify_props: {},
    last_update_at: 0,
    scheme_user: true,
    scheme_admin: false,
    ...fields,
  };
}

export function makePost(fields: Partial<Post> & Pick<Post, 'channel_id' | 'user_id'>): Post {
  const at = fields.create_at ?? 1_700_000_000_000 + n * 1000;
  return {
    id: id('p'),
    create_at: at,
    update_at: at,
    edit_at: 0,
    delete_at: 0,
    root_id: '',
    message: 'hello',
    type: '',
    props: {},
    pending_post_id: '',
    reply_count: 0,
    is_pinned: false,
    reactions: [],
    files: [],
    ...fields,
  };
}

/** A post as the `posted`/`post_edited` events carry it: JSON in a string. */
export function wirePost(p: Post): string {
  const { reactions, files, ...rest } = p;
  return JSON.stringify({ ...rest, metadata: { ...(reactions.length > 0 ? { reactions } : {}), ...(files.length > 0 ? { files } : {}) } });
}

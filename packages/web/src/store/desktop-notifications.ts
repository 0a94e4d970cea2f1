// Which posts raise a desktop notification, following Mattermost's rules: the channel's own desktop setting
// or else the user's (all | mention | none), muted channels and Do Not Disturb stay silent, direct and
// group messages count as mentions, and with collapsed threads a reply notifies only the thread's
// followers (the `posted` event's `followers`) or the people it mentions. Nothing is shown for what the
// person is looking at.
import type { ChannelMembership } from '@mattermost/types/channels';
import type { AppThunk } from './store';
import { notificationRequested, type NotificationRequest } from './ui-slice';
import { isSystemPost, type Post } from './model';
import { mentionsUser } from '../markdown/mentions';
import { channelTitle, selectDisplayName, selectMyId, selectNameFormat } from './selectors';
import { collapsedThreadsOn } from './thread-actions';
import { PREF, prefKey } from './preferences-slice';

export type DesktopLevel = 'all' | 'mention' | 'none';

export interface NotifyInput {
  post: Pick<Post, 'user_id' | 'root_id' | 'message' | 'type' | 'props'>;
  myId: string;
  myUsername: string;
  channelType: string;
  /** The `posted` event's `mentions` names the receiver (DMs and GMs always do). */
  mentioned: boolean;
  /** The `posted` event's `followers` names the receiver: they want desktop alerts for this thread. */
  follower: boolean;
  collapsedThreads: boolean;
  /** The user's notify_props. */
  userProps: Record<string, string | undefined>;
  /** The channel membership's notify_props, when the channel is loaded. */
  memberProps: Partial<ChannelMembership['notify_props']> | undefined;
  myStatus: string | undefined;
  /** The post's channel is open and the page visible. */
  viewingChannel: boolean;
  /** The post's thread is open in the side panel and the page visible. */
  viewingThread: boolean;
}

/** The level that applies in a channel: its own unless "default", else the user's (Mattermost's default: mention). */
export function desktopLevel(userProps: NotifyInput['userProps'], memberProps: NotifyInput['memberProps']): DesktopLevel {
  const own = memberProps?.desktop;
  if (own === 'all' || own === 'mention' || own === 'none') return own;
  const user = userProps.desktop;
  return user === 'all' || user === 'none' ? user : 'mention';
}

/** Whether this post should raise a desktop notification for the receiver described. */
export function shouldNotify(n: NotifyInput): boolean {
  if (n.post.user_id === n.myId && n.post.props.from_webhook !== 'true') return false;
  if (isSystemPost(n.post)) return false;
  if (n.myStatus === 'dnd' || n.myStatus === 'ooo') return false;
  // Muted: Mattermost's mark_unread "mention".
  if (n.memberProps?.mark_unread === 'mention') return false;
  const level = desktopLevel(n.userProps, n.memberProps);
  if (level === 'none') return false;
  const crtReply = n.collapsedThreads && n.post.root_id !== '';
  // A group message set to "mention" in the channel itself wants a real @mention, not the GM's implicit one.
  if (n.channelType === 'G' && n.memberProps?.desktop === 'mention' && !mentionsUser(n.post.message, n.myUsername)) return false;
  if (level === 'mention' && !n.mentioned && n.channelType !== 'D' && !(crtReply && n.follower)) return false;
  if (level === 'all' && crtReply && !n.follower && !n.mentioned) return false;
  return crtReply ? !n.viewingThread : !n.viewingChannel;
}

/** What a `posted` event says about the channel, for posts in channels this client has not loaded. */
export interface PostedChannel {
  type: string;
  displayName: string;
  teamId: string;
}

/** Decides about a post that just arrived and, if it notifies, queues the notification. */
export const notifyForPost =
  (post: Post, event: { mentioned: boolean; follower: boolean; channel: PostedChannel; senderName: string }): AppThunk =>
  (dispatch, getState, services) => {
    const state = getState();
    const me = state.session.me;
    if (!me) return;
    const myId = selectMyId(state);
    const channel = state.channels.byId[post.channel_id];
    const channelType = channel?.type ?? event.channel.type;
    const crt = collapsedThreadsOn(state);
    const visible = services.isVisible();
    const notify = shouldNotify({
      post,
      myId,
      myUsername: me.username,
      channelType,
      mentioned: event.mentioned,
      follower: event.follower,
      collapsedThreads: crt,
      userProps: (me.notify_props ?? {}) as unknown as Record<string, string>,
      memberProps: state.channels.members[post.channel_id]?.notify_props,
      myStatus: state.users.statuses[myId],
      viewingChannel: visible && state.ui.view === 'channel' && state.channels.currentId === post.channel_id,
      viewingThread: visible && state.ui.threadRootId === post.root_id,
    });
    if (!notify) return;
    const senderName = state.users.byId[post.user_id] ? selectDisplayName(state, post.user_id) : event.senderName.replace(/^@/, '') || '…';
    const channelName = channel ? channelTitle(channel, myId, state.users.byId, selectNameFormat(state)) : event.channel.displayName;
    const request: NotificationRequest = {
      postId: post.id,
      channelId: post.channel_id,
      teamId: channel?.team_id ?? event.channel.teamId,
      rootId: crt ? post.root_id : '',
      kind: channelType === 'D' ? 'direct' : crt && post.root_id !== '' ? 'reply' : channelType === 'G' ? 'group' : 'channel',
      channelName,
      senderId: post.user_id,
      senderName,
      message: post.message,
      fileCount: post.files.length,
      // Sound is off unless the person turned it on (Settings → Notifications).
      silent: state.preferences.byKey[prefKey(PREF.parley, PREF.sound)] !== 'on',
    };
    dispatch(notificationRequested(request));
  };

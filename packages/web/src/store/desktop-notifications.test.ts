import { beforeEach, describe, expect, it } from 'vitest';
import { desktopLevel, shouldNotify, type NotifyInput } from './desktop-notifications';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { makeChannel, makeMember, makePost, makeTeam, makeUser, wirePost } from '../test-utils/factories';
import type { AppStore } from './store';
import { configLoaded, signedIn } from './session-slice';
import { myTeamsLoaded, teamSelected } from './teams-slice';
import { channelSelected, channelsReplaced } from './channels-slice';
import { channelPostsLoaded } from './posts-slice';
import { usersReceived } from './users-slice';
import { preferencesLoaded } from './preferences-slice';
import { handleSocketEvent } from './socket-events';
import { threadOpened } from './ui-slice';

const base: NotifyInput = {
  post: { user_id: 'bob', root_id: '', message: 'hello', type: '', props: {} },
  myId: 'me',
  myUsername: 'me',
  channelType: 'O',
  mentioned: false,
  follower: false,
  collapsedThreads: true,
  userProps: { desktop: 'mention' },
  memberProps: { desktop: 'default', mark_unread: 'all' },
  myStatus: 'online',
  viewingChannel: false,
  viewingThread: false,
};
const notify = (over: Partial<NotifyInput>) => shouldNotify({ ...base, ...over });

describe('which posts raise a desktop notification', () => {
  it('takes the channel’s own level, else the user’s, and defaults to mentions', () => {
    expect(desktopLevel({ desktop: 'all' }, { desktop: 'default' })).toBe('all');
    expect(desktopLevel({ desktop: 'all' }, { desktop: 'none' })).toBe('none');
    expect(desktopLevel({}, undefined)).toBe('mention');
  });

  it('at "mention": mentions and direct messages notify, ordinary posts do not', () => {
    expect(notify({})).toBe(false);
    expect(notify({ mentioned: true })).toBe(true);
    expect(notify({ channelType: 'D' })).toBe(true);
    // A group message mentions everyone in it (the server says so in `mentions`).
    expect(notify({ channelType: 'G', mentioned: true })).toBe(true);
  });

  it('at "all": every post notifies; at "none": nothing does', () => {
    expect(notify({ userProps: { desktop: 'all' } })).toBe(true);
    expect(notify({ userProps: { desktop: 'none' }, mentioned: true })).toBe(false);
    expect(notify({ userProps: { desktop: 'all' }, memberProps: { desktop: 'none' } })).toBe(false);
    expect(notify({ memberProps: { desktop: 'all' } })).toBe(true);
  });

  it('with collapsed threads, a reply notifies its followers and the people it mentions', () => {
    const reply = { ...base.post, root_id: 'root' };
    expect(notify({ post: reply, userProps: { desktop: 'all' } })).toBe(false);
    expect(notify({ post: reply, userProps: { desktop: 'all' }, follower: true })).toBe(true);
    expect(notify({ post: reply, follower: true })).toBe(true);
    expect(notify({ post: reply, mentioned: true })).toBe(true);
    // Without collapsed threads a reply is a post in the channel like any other.
    expect(notify({ post: reply, collapsedThreads: false, userProps: { desktop: 'all' } })).toBe(true);
  });

  it('a group message set to "mention" wants a real @mention', () => {
    const gm = { channelType: 'G', mentioned: true, memberProps: { desktop: 'mention' as const } };
    expect(notify(gm)).toBe(false);
    expect(notify({ ...gm, post: { ...base.post, message: 'lunch @me?' } })).toBe(true);
  });

  it('stays quiet for my own posts, system messages, muted channels and Do Not Disturb', () => {
    expect(notify({ mentioned: true, post: { ...base.post, user_id: 'me' } })).toBe(false);
    expect(notify({ mentioned: true, post: { ...base.post, type: 'system_join_channel' } })).toBe(false);
    expect(notify({ mentioned: true, memberProps: { mark_unread: 'mention' } })).toBe(false);
    expect(notify({ mentioned: true, myStatus: 'dnd' })).toBe(false);
  });

  it('says nothing about what the person is looking at', () => {
    expect(notify({ mentioned: true, viewingChannel: true })).toBe(false);
    expect(notify({ post: { ...base.post, root_id: 'r' }, mentioned: true, viewingChannel: true })).toBe(true);
    expect(notify({ post: { ...base.post, root_id: 'r' }, mentioned: true, viewingThread: true })).toBe(false);
  });
});

describe('queueing notifications for posts that arrive', () => {
  const me = makeUser({ username: 'me', notify_props: { desktop: 'mention' } as never });
  const bob = makeUser({ username: 'bob', first_name: 'Bob', last_name: 'Chen' });
  const team = makeTeam();
  const general = makeChannel({ team_id: team.id, name: 'town-square', display_name: 'Town Square' });
  const design = makeChannel({ team_id: team.id, name: 'design', display_name: 'Design' });
  let store: AppStore;
  let services: FakeServices;
  const posted = async (post: ReturnType<typeof makePost>, extra: Record<string, unknown> = {}) => {
    store.dispatch(handleSocketEvent({ event: 'posted', data: { post: wirePost(post), team_id: team.id, channel_type: 'O', channel_display_name: 'Design', sender_name: '@bob', ...extra }, broadcast: { channel_id: post.channel_id } }));
    // The notification waits for the sender's profile.
    await new Promise((r) => setTimeout(r, 0));
  };

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(configLoaded({ noAccounts: false, openServer: false, siteName: 'Parley', collapsedThreads: 'always_on' }));
    store.dispatch(signedIn(me));
    store.dispatch(usersReceived([me, bob]));
    store.dispatch(preferencesLoaded([]));
    store.dispatch(myTeamsLoaded([team]));
    store.dispatch(teamSelected(team.id));
    store.dispatch(channelsReplaced({ teamId: team.id, channels: [general, design], members: [makeMember(general, me.id), makeMember(design, me.id)] }));
    store.dispatch(channelSelected(general.id));
    store.dispatch(channelPostsLoaded({ channelId: general.id, posts: [] }));
  });

  it('queues a mention in another channel, silent unless sound was turned on', async () => {
    const post = makePost({ channel_id: design.id, user_id: bob.id, message: '@me can you **look**?' });
    await posted(post, { mentions: JSON.stringify([me.id]) });
    expect(store.getState().ui.notifications).toEqual([
      expect.objectContaining({ postId: post.id, channelId: design.id, teamId: team.id, kind: 'channel', channelName: 'Design', senderName: 'bob', message: '@me can you **look**?', silent: true }),
    ]);
  });

  it('queues nothing for a plain post, or for a mention in the open, visible channel', async () => {
    await posted(makePost({ channel_id: design.id, user_id: bob.id, message: 'fyi' }));
    await posted(makePost({ channel_id: general.id, user_id: bob.id, message: '@me here' }), { mentions: JSON.stringify([me.id]) });
    expect(store.getState().ui.notifications).toEqual([]);
    // The same mention in a hidden tab does notify.
    services.visible = false;
    await posted(makePost({ channel_id: general.id, user_id: bob.id, message: '@me still there?' }), { mentions: JSON.stringify([me.id]) });
    expect(store.getState().ui.notifications).toHaveLength(1);
  });

  it('queues a followed thread’s reply as a reply, unless that thread is open', async () => {
    const root = makePost({ channel_id: general.id, user_id: me.id, message: 'root' });
    const reply = makePost({ channel_id: general.id, user_id: bob.id, root_id: root.id, message: 'answer' });
    await posted(reply, { followers: JSON.stringify([me.id]) });
    expect(store.getState().ui.notifications).toEqual([expect.objectContaining({ kind: 'reply', rootId: root.id })]);
    store.dispatch(threadOpened(root.id));
    await posted(makePost({ channel_id: general.id, user_id: bob.id, root_id: root.id, message: 'again' }), { followers: JSON.stringify([me.id]) });
    expect(store.getState().ui.notifications).toHaveLength(1);
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { makeChannel, makeMember, makePost, makeTeam, makeUser } from '../test-utils/factories';
import type { AppStore } from './store';
import { configLoaded, signedIn } from './session-slice';
import { myTeamsLoaded, teamSelected } from './teams-slice';
import { channelsReplaced } from './channels-slice';
import { usersReceived } from './users-slice';
import { preferencesLoaded } from './preferences-slice';
import { handleSocketEvent } from './socket-events';
import { loadThreads, markAllThreadsRead } from './thread-actions';
import { openThread } from './navigation-actions';
import { adoptCollapsedThreads } from './preference-actions';

const me = makeUser({ username: 'me' });
const bob = makeUser({ username: 'bob' });
const team = makeTeam();
const channel = makeChannel({ team_id: team.id, name: 'design', display_name: 'Design' });
const root = makePost({ channel_id: channel.id, user_id: me.id, message: 'root' });

function wireThread(fields: { unread_replies: number; unread_mentions: number; reply_count?: number; last_reply_at?: number }) {
  return { id: root.id, reply_count: fields.reply_count ?? 1, last_reply_at: fields.last_reply_at ?? root.create_at + 10, last_viewed_at: root.create_at, participants: [{ id: bob.id }], post: { ...root, metadata: {} }, unread_replies: fields.unread_replies, unread_mentions: fields.unread_mentions };
}

describe('followed threads', () => {
  let store: AppStore;
  let services: FakeServices;

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(configLoaded({ noAccounts: false, openServer: false, siteName: 'Parley', collapsedThreads: 'always_on' }));
    store.dispatch(signedIn(me));
    store.dispatch(usersReceived([me, bob]));
    store.dispatch(preferencesLoaded([]));
    store.dispatch(myTeamsLoaded([team]));
    store.dispatch(teamSelected(team.id));
    store.dispatch(channelsReplaced({ teamId: team.id, channels: [channel], members: [makeMember(channel, me.id)] }));
  });

  it('loads the team’s threads with their unread totals', async () => {
    services.fakeClient.getUserThreads = vi.fn(async () => ({ threads: [wireThread({ unread_replies: 2, unread_mentions: 1 })], total: 1, total_unread_threads: 1, total_unread_mentions: 1 }));
    await store.dispatch(loadThreads());
    const s = store.getState().threads;
    expect(s.order).toEqual([root.id]);
    expect(s.byId[root.id]).toMatchObject({ channelId: channel.id, unreadReplies: 2, unreadMentions: 1, participants: [bob.id] });
    expect([s.unreadThreads, s.unreadMentions]).toEqual([1, 1]);
    expect(store.getState().posts.byId[root.id]!.message).toBe('root');
    expect(services.fakeClient.getUserThreads).toHaveBeenCalledWith(me.id, team.id, expect.objectContaining({ perPage: 25 }));
  });

  it('counts replies and mentions from thread_updated, and takes them back on thread_read_changed', () => {
    store.dispatch(handleSocketEvent({ event: 'thread_updated', data: { thread: JSON.stringify(wireThread({ unread_replies: 1, unread_mentions: 1 })), previous_unread_replies: 0, previous_unread_mentions: 0 }, broadcast: { user_id: me.id, team_id: team.id } }));
    expect([store.getState().threads.unreadThreads, store.getState().threads.unreadMentions]).toEqual([1, 1]);
    store.dispatch(handleSocketEvent({ event: 'thread_updated', data: { thread: JSON.stringify(wireThread({ unread_replies: 2, unread_mentions: 1, reply_count: 2 })), previous_unread_replies: 1, previous_unread_mentions: 1 }, broadcast: { user_id: me.id, team_id: team.id } }));
    expect([store.getState().threads.unreadThreads, store.getState().threads.unreadMentions]).toEqual([1, 1]);
    store.dispatch(handleSocketEvent({ event: 'thread_read_changed', data: { thread_id: root.id, timestamp: root.create_at + 20, unread_replies: 0, unread_mentions: 0, previous_unread_replies: 2, previous_unread_mentions: 1 }, broadcast: { user_id: me.id, team_id: team.id } }));
    expect([store.getState().threads.unreadThreads, store.getState().threads.unreadMentions]).toEqual([0, 0]);
    expect(store.getState().threads.byId[root.id]!.unreadReplies).toBe(0);
  });

  it('ignores thread events of other teams', () => {
    store.dispatch(handleSocketEvent({ event: 'thread_updated', data: { thread: JSON.stringify(wireThread({ unread_replies: 1, unread_mentions: 0 })), previous_unread_replies: 0, previous_unread_mentions: 0 }, broadcast: { user_id: me.id, team_id: 'x'.repeat(26) } }));
    expect(store.getState().threads.unreadThreads).toBe(0);
  });

  it('marks a followed thread read when it is opened, but not one merely looked at', async () => {
    services.fakeClient.getPostThread = vi.fn(async () => ({ order: [root.id], posts: { [root.id]: { ...root, is_following: true } } }));
    services.fakeClient.updateThreadReadForUser = vi.fn(async () => ({}));
    await store.dispatch(openThread(root.id));
    expect(services.fakeClient.getPostThread).toHaveBeenCalledWith(root.id, true, true);
    expect(services.fakeClient.updateThreadReadForUser).toHaveBeenCalledWith(me.id, team.id, root.id, services.clock.now);
    expect(store.getState().threads.following[root.id]).toBe(true);

    const other = makePost({ channel_id: channel.id, user_id: bob.id, message: 'not mine' });
    services.fakeClient.getPostThread = vi.fn(async () => ({ order: [other.id], posts: { [other.id]: other } }));
    await store.dispatch(openThread(other.id));
    expect(services.fakeClient.updateThreadReadForUser).toHaveBeenCalledTimes(1);
    expect(store.getState().threads.following[other.id]).toBe(false);
  });

  it('marks every thread of the team read', async () => {
    services.fakeClient.getUserThreads = vi.fn(async () => ({ threads: [wireThread({ unread_replies: 2, unread_mentions: 1 })], total_unread_threads: 1, total_unread_mentions: 1 }));
    services.fakeClient.updateThreadsReadForUser = vi.fn(async () => ({}));
    await store.dispatch(loadThreads());
    await store.dispatch(markAllThreadsRead());
    expect(services.fakeClient.updateThreadsReadForUser).toHaveBeenCalledWith(me.id, team.id);
    expect(store.getState().threads).toMatchObject({ unreadThreads: 0, unreadMentions: 0 });
  });

  it('turns collapsed threads on for a user who never chose, when the server leaves it to them', async () => {
    store.dispatch(configLoaded({ noAccounts: false, openServer: false, siteName: 'Parley', collapsedThreads: 'default_off' }));
    services.fakeClient.savePreferences = vi.fn(async () => ({}));
    await store.dispatch(adoptCollapsedThreads());
    expect(services.fakeClient.savePreferences).toHaveBeenCalledWith(me.id, [{ category: 'display_settings', name: 'collapsed_reply_threads', value: 'on', user_id: me.id }]);
    // A choice already made is left alone.
    await store.dispatch(adoptCollapsedThreads());
    expect(services.fakeClient.savePreferences).toHaveBeenCalledTimes(1);
  });
});

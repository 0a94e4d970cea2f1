import { beforeEach, describe, expect, it, vi } from 'vitest';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { makeChannel, makeMember, makePost, makeTeam, makeUser } from '../test-utils/factories';
import type { AppStore } from './store';
import { signedIn } from './session-slice';
import { myTeamsLoaded, teamSelected } from './teams-slice';
import { channelSelected, channelsReplaced } from './channels-slice';
import { postReceived } from './post-actions';
import { channelPostsLoaded, threadLoaded } from './posts-slice';
import { loadOlderPosts, noteNewMessages, PAGE_SIZE, resync, selectChannel } from './navigation-actions';
import { channelUnread } from './selectors';
import type { Post } from './model';

const me = makeUser({ username: 'me' });
const team = makeTeam();
const channel = makeChannel({ team_id: team.id, name: 'town-square', total_msg_count: 2 });

function list(posts: Post[]) {
  return { order: posts.map((p) => p.id).reverse(), posts: Object.fromEntries(posts.map((p) => [p.id, { ...p, metadata: {} }])), next_post_id: '', prev_post_id: '' };
}

const answer = (value: unknown) => vi.fn(async () => value);

describe('resync after missed events', () => {
  let store: AppStore;
  let services: FakeServices;
  const kept = makePost({ channel_id: channel.id, user_id: me.id, message: 'kept', create_at: 1000 });
  const deleted = makePost({ channel_id: channel.id, user_id: me.id, message: 'to be deleted', create_at: 2000 });

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(signedIn(me));
    store.dispatch(myTeamsLoaded([team]));
    store.dispatch(teamSelected(team.id));
    store.dispatch(channelsReplaced({ teamId: team.id, channels: [channel], members: [makeMember(channel, me.id)] }));
    store.dispatch(channelSelected(channel.id));
    store.dispatch(channelPostsLoaded({ channelId: channel.id, posts: [kept, deleted], hasOlder: false }));
  });

  it('applies what changed while away, deletions included, and refreshes counters', async () => {
    const missed = makePost({ channel_id: channel.id, user_id: 'someone', message: 'while you were away', create_at: 3000 });
    const other = makeChannel({ team_id: team.id, name: 'random', total_msg_count: 4 });
    services.fakeClient.getMyTeams = answer([team]);
    services.fakeClient.getMyChannels = answer([{ ...channel, total_msg_count: 3 }, other]);
    services.fakeClient.getMyChannelMembers = answer([makeMember(channel, me.id, { msg_count: 2 }), makeMember(other, me.id, { msg_count: 1, mention_count: 1 })]);
    services.fakeClient.getPostsSince = answer(list([missed, { ...deleted, delete_at: 2500, update_at: 2500, message: '' }]));
    services.fakeClient.getProfilesByIds = answer([makeUser({ id: 'someone' })]);

    await store.dispatch(resync());

    const s = store.getState();
    expect(services.fakeClient.getPostsSince).toHaveBeenCalledWith(channel.id, deleted.update_at, false, false);
    expect(s.posts.channels[channel.id]!.order).toEqual([kept.id, missed.id]);
    expect(s.posts.byId[deleted.id]).toBeUndefined();
    expect(channelUnread(s, other.id)).toEqual({ unread: true, mentions: 1 });
    // The open channel is marked read again, here and on the server.
    expect(channelUnread(s, channel.id).unread).toBe(false);
    expect(services.fakeClient.viewMyChannel).toHaveBeenCalledWith(channel.id);
    expect(s.users.byId.someone).toBeDefined();
  });
});

describe('loading older posts', () => {
  it('pages with `before` from the oldest post and stops when a short page comes back', async () => {
    const { store, services } = testStore();
    store.dispatch(signedIn(me));
    const newest = Array.from({ length: PAGE_SIZE }, (_, i) => makePost({ channel_id: channel.id, user_id: me.id, create_at: 10_000 + i }));
    store.dispatch(channelPostsLoaded({ channelId: channel.id, posts: newest, hasOlder: true }));
    const older = [makePost({ channel_id: channel.id, user_id: me.id, create_at: 5 }), makePost({ channel_id: channel.id, user_id: me.id, create_at: 6 })];
    services.fakeClient.getPostsBefore = answer(list(older));

    await store.dispatch(loadOlderPosts(channel.id));

    expect(services.fakeClient.getPostsBefore).toHaveBeenCalledWith(channel.id, newest[0]!.id, 0, PAGE_SIZE, false, true);
    const state = store.getState().posts.channels[channel.id]!;
    expect(state.order.slice(0, 3)).toEqual([older[0]!.id, older[1]!.id, newest[0]!.id]);
    expect(state.hasOlder).toBe(false);
    await store.dispatch(loadOlderPosts(channel.id));
    expect(services.fakeClient.getPostsBefore).toHaveBeenCalledTimes(1);
  });
});

describe('the "New messages" line', () => {
  const random = makeChannel({ team_id: team.id, name: 'random', total_msg_count: 5 });

  function setUp() {
    const { store, services } = testStore();
    store.dispatch(signedIn(me));
    store.dispatch(myTeamsLoaded([team]));
    store.dispatch(teamSelected(team.id));
    store.dispatch(
      channelsReplaced({
        teamId: team.id,
        channels: [channel, random],
        members: [makeMember(channel, me.id), makeMember(random, me.id, { msg_count: 3, last_viewed_at: 4242 })],
      }),
    );
    store.dispatch(channelSelected(channel.id));
    store.dispatch(channelPostsLoaded({ channelId: random.id, posts: [], hasOlder: false }));
    return { store, services };
  }

  it('remembers the last view from before opening an unread channel, though opening it marks it read', async () => {
    const { store, services } = setUp();
    await store.dispatch(selectChannel(random.id));
    expect(store.getState().ui.newMessages).toEqual({ channelId: random.id, since: 4242 });
    expect(services.fakeClient.viewMyChannel).toHaveBeenCalledWith(random.id);
    expect(channelUnread(store.getState(), random.id).unread).toBe(false);
    expect(store.getState().channels.members[random.id]!.last_viewed_at).toBeGreaterThan(4242);

    // Kept while the channel stays open (opening it again changes nothing) …
    store.dispatch(noteNewMessages(random.id));
    await store.dispatch(selectChannel(random.id));
    expect(store.getState().ui.newMessages).toEqual({ channelId: random.id, since: 4242 });
    // … and gone with the next channel, which is read: no line there.
    await store.dispatch(selectChannel(channel.id));
    expect(store.getState().ui.newMessages).toBeNull();
  });

  it('marks what arrived while the tab was hidden', () => {
    const { store, services } = setUp();
    services.visible = false;
    store.dispatch(postReceived({ post: makePost({ channel_id: channel.id, user_id: 'someone', create_at: 7000 }), isNew: true, read: false, mentioned: false }));
    store.dispatch(noteNewMessages(channel.id));
    expect(store.getState().ui.newMessages).toEqual({ channelId: channel.id, since: 0 });
  });
});

describe('old posts outside the loaded part of a channel', () => {
  it('stay out of the channel list until its page is loaded, so no gap opens', () => {
    const { store } = testStore();
    store.dispatch(signedIn(me));
    const recent = Array.from({ length: 3 }, (_, i) => makePost({ channel_id: channel.id, user_id: me.id, create_at: 10_000 + i }));
    store.dispatch(channelPostsLoaded({ channelId: channel.id, posts: recent, hasOlder: true }));
    const old = makePost({ channel_id: channel.id, user_id: me.id, create_at: 5, reply_count: 1 });
    const reply = makePost({ channel_id: channel.id, user_id: me.id, root_id: old.id, create_at: 20_000 });
    // Opening the old post's thread (from search) stores it …
    store.dispatch(threadLoaded({ rootId: old.id, posts: [old, reply] }));
    expect(store.getState().posts.byId[old.id]).toBeDefined();
    expect(store.getState().posts.channels[channel.id]!.order).toEqual(recent.map((p) => p.id));
    // … and the page that holds it puts it in place.
    store.dispatch(channelPostsLoaded({ channelId: channel.id, posts: [old], hasOlder: false }));
    expect(store.getState().posts.channels[channel.id]!.order[0]).toBe(old.id);
  });
});

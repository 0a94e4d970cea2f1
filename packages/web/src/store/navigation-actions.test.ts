import { beforeEach, describe, expect, it, vi } from 'vitest';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { makeChannel, makeMember, makePost, makeTeam, makeUser } from '../test-utils/factories';
import type { AppStore } from './store';
import { signedIn } from './session-slice';
import { myTeamsLoaded, teamSelected } from './teams-slice';
import { channelSelected, channelsReplaced } from './channels-slice';
import { channelPostsLoaded } from './posts-slice';
import { loadOlderPosts, PAGE_SIZE, resync } from './navigation-actions';
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

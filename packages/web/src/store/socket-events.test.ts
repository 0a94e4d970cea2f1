import { beforeEach, describe, expect, it } from 'vitest';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { makeChannel, makeMember, makePost, makeTeam, makeUser, wirePost } from '../test-utils/factories';
import type { AppStore } from './store';
import { signedIn } from './session-slice';
import { myTeamsLoaded, teamSelected } from './teams-slice';
import { channelSelected, channelsReplaced, memberCountReceived } from './channels-slice';
import { channelPostsLoaded, pendingPostAdded, threadLoaded } from './posts-slice';
import { usersReceived } from './users-slice';
import { handleSocketEvent, type SocketMessage } from './socket-events';
import { channelUnread, selectTypingUserIds } from './selectors';

const me = makeUser({ username: 'me' });
const bob = makeUser({ username: 'bob' });
const team = makeTeam();
const current = makeChannel({ team_id: team.id, name: 'town-square', total_msg_count: 3 });
const other = makeChannel({ team_id: team.id, name: 'random', total_msg_count: 5 });

describe('applying WebSocket events', () => {
  let store: AppStore;
  let services: FakeServices;
  const send = (msg: SocketMessage) => store.dispatch(handleSocketEvent(msg));
  const posted = (post: ReturnType<typeof makePost>, extra: Record<string, unknown> = {}) =>
    send({ event: 'posted', data: { post: wirePost(post), team_id: team.id, channel_type: 'O', ...extra }, broadcast: { channel_id: post.channel_id } });

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(signedIn(me));
    store.dispatch(usersReceived([me, bob]));
    store.dispatch(myTeamsLoaded([team]));
    store.dispatch(teamSelected(team.id));
    store.dispatch(channelsReplaced({ teamId: team.id, channels: [current, other], members: [makeMember(current, me.id), makeMember(other, me.id)] }));
    store.dispatch(channelSelected(current.id));
    store.dispatch(channelPostsLoaded({ channelId: current.id, posts: [], hasOlder: false }));
  });

  it('counts a post in another channel as unread, and a mention as a mention', () => {
    posted(makePost({ channel_id: other.id, user_id: bob.id, message: 'hi' }));
    expect(channelUnread(store.getState(), other.id)).toEqual({ unread: true, mentions: 0 });
    posted(makePost({ channel_id: other.id, user_id: bob.id, message: '@me look' }), { mentions: JSON.stringify([me.id]) });
    expect(channelUnread(store.getState(), other.id)).toEqual({ unread: true, mentions: 1 });
    expect(store.getState().channels.byId[other.id]!.total_msg_count).toBe(7);
  });

  it('keeps the open, visible channel read and tells the server once', () => {
    const post = makePost({ channel_id: current.id, user_id: bob.id, message: 'hello there' });
    posted(post);
    posted(makePost({ channel_id: current.id, user_id: bob.id }));
    const s = store.getState();
    expect(s.posts.channels[current.id]!.order).toHaveLength(2);
    expect(channelUnread(s, current.id)).toEqual({ unread: false, mentions: 0 });
    services.runTimers();
    expect(services.fakeClient.viewMyChannel).toHaveBeenCalledTimes(1);
  });

  it('leaves posts in a hidden tab unread', () => {
    services.visible = false;
    posted(makePost({ channel_id: current.id, user_id: bob.id }));
    expect(channelUnread(store.getState(), current.id).unread).toBe(true);
  });

  it('does not count join messages as unread', () => {
    posted(makePost({ channel_id: other.id, user_id: bob.id, type: 'system_join_channel', props: { username: 'bob' } }));
    expect(channelUnread(store.getState(), other.id).unread).toBe(false);
  });

  it('replaces an optimistic post with the server copy in place, counting it once', () => {
    const pending = makePost({ id: `${me.id}:1`, channel_id: current.id, user_id: me.id, pending_post_id: `${me.id}:1`, message: 'mine' });
    store.dispatch(pendingPostAdded(pending));
    const real = makePost({ channel_id: current.id, user_id: me.id, pending_post_id: pending.id, message: 'mine' });
    posted(real);
    posted(real);
    const s = store.getState();
    expect(s.posts.channels[current.id]!.order).toEqual([real.id]);
    expect(s.posts.byId[pending.id]).toBeUndefined();
    expect(s.posts.pending).toEqual({});
    expect(s.channels.byId[current.id]!.total_msg_count).toBe(4);
  });

  it('applies edits and deletions, keeping thread reply counts right', () => {
    const root = makePost({ channel_id: current.id, user_id: bob.id, message: 'root' });
    posted(root);
    store.dispatch(threadLoaded({ rootId: root.id, posts: [store.getState().posts.byId[root.id]!] }));
    const reply = makePost({ channel_id: current.id, user_id: bob.id, root_id: root.id, message: 'reply' });
    posted(reply);
    expect(store.getState().posts.byId[root.id]!.reply_count).toBe(1);
    expect(store.getState().posts.threads[root.id]).toEqual([reply.id]);
    expect(store.getState().posts.channels[current.id]!.order).toEqual([root.id]);

    send({ event: 'post_edited', data: { post: wirePost({ ...root, message: 'root, edited', edit_at: root.create_at + 5, update_at: root.create_at + 5 }) } });
    expect(store.getState().posts.byId[root.id]!.message).toBe('root, edited');
    expect(store.getState().posts.byId[root.id]!.edit_at).toBeGreaterThan(0);

    send({ event: 'post_deleted', data: { post: wirePost({ ...reply, delete_at: reply.create_at + 9 }) } });
    expect(store.getState().posts.threads[root.id]).toEqual([]);
    expect(store.getState().posts.byId[root.id]!.reply_count).toBe(0);
  });

  it('adds and removes reactions idempotently', () => {
    const post = makePost({ channel_id: current.id, user_id: bob.id });
    posted(post);
    const reaction = JSON.stringify({ user_id: bob.id, post_id: post.id, emoji_name: '+1', create_at: 1 });
    send({ event: 'reaction_added', data: { reaction }, broadcast: { channel_id: current.id } });
    send({ event: 'reaction_added', data: { reaction }, broadcast: { channel_id: current.id } });
    expect(store.getState().posts.byId[post.id]!.reactions).toHaveLength(1);
    send({ event: 'reaction_removed', data: { reaction }, broadcast: { channel_id: current.id } });
    expect(store.getState().posts.byId[post.id]!.reactions).toHaveLength(0);
  });

  it('shows who is typing until the timeout or their post', () => {
    send({ event: 'typing', data: { user_id: bob.id, parent_id: '' }, broadcast: { channel_id: current.id } });
    expect(selectTypingUserIds(store.getState(), current.id, '')).toEqual([bob.id]);
    services.runTimers();
    expect(selectTypingUserIds(store.getState(), current.id, '')).toEqual([]);

    send({ event: 'typing', data: { user_id: bob.id, parent_id: '' }, broadcast: { channel_id: current.id } });
    posted(makePost({ channel_id: current.id, user_id: bob.id }));
    expect(selectTypingUserIds(store.getState(), current.id, '')).toEqual([]);
  });

  it('ignores my own typing echo and malformed events', () => {
    send({ event: 'typing', data: { user_id: me.id, parent_id: '' }, broadcast: { channel_id: current.id } });
    send({ event: 'posted', data: { post: '{not json' } });
    send({ event: 'reaction_added', data: null });
    send({ event: 'no_such_event', data: {} });
    expect(store.getState().typing.byKey).toEqual({});
  });

  it('applies channel updates, membership changes and reads from elsewhere', () => {
    store.dispatch(memberCountReceived({ channelId: current.id, count: 2 }));
    send({ event: 'channel_updated', data: { channel: JSON.stringify({ ...current, purpose: 'Company-wide news' }) }, broadcast: { channel_id: current.id } });
    expect(store.getState().channels.byId[current.id]!.purpose).toBe('Company-wide news');

    send({ event: 'user_added', data: { user_id: bob.id, team_id: team.id }, broadcast: { channel_id: current.id } });
    expect(store.getState().channels.memberCounts[current.id]).toBe(3);
    send({ event: 'user_removed', data: { user_id: bob.id, remover_id: bob.id }, broadcast: { channel_id: current.id } });
    expect(store.getState().channels.memberCounts[current.id]).toBe(2);

    posted(makePost({ channel_id: other.id, user_id: bob.id }), { mentions: JSON.stringify([me.id]) });
    send({ event: 'multiple_channels_viewed', data: { channel_times: { [other.id]: 1_800_000_000_000 } }, broadcast: { user_id: me.id } });
    expect(channelUnread(store.getState(), other.id)).toEqual({ unread: false, mentions: 0 });

    send({ event: 'post_unread', data: { msg_count: 4, mention_count: 1, last_viewed_at: 5 }, broadcast: { channel_id: other.id } });
    expect(channelUnread(store.getState(), other.id)).toEqual({ unread: true, mentions: 1 });
  });

  it('forgets a channel I was removed from and moves to town-square', () => {
    store.dispatch(channelSelected(other.id));
    send({ event: 'user_removed', data: { channel_id: other.id, remover_id: bob.id }, broadcast: { user_id: me.id } });
    const s = store.getState();
    expect(s.channels.byId[other.id]).toBeUndefined();
    expect(s.channels.currentId).toBe(current.id);
  });

  it('goes to town-square with a notice when someone archives the open channel', () => {
    store.dispatch(channelSelected(other.id));
    send({ event: 'channel_deleted', data: { channel_id: other.id, delete_at: 9 }, broadcast: { team_id: team.id } });
    const s = store.getState();
    expect(s.channels.byId[other.id]).toBeUndefined();
    expect(s.channels.currentId).toBe(current.id);
    expect(s.ui.toast).toEqual({ id: 'channel.archivedNotice', values: { name: other.display_name } });
  });

  it('drops a channel archived elsewhere quietly when it is not the open one', () => {
    send({ event: 'channel_deleted', data: { channel_id: other.id, delete_at: 9 }, broadcast: { team_id: team.id } });
    expect(store.getState().channels.byId[other.id]).toBeUndefined();
    expect(store.getState().channels.currentId).toBe(current.id);
    expect(store.getState().ui.toast).toBeNull();
  });

  it('says so when someone removes me from the open channel', () => {
    store.dispatch(channelSelected(other.id));
    send({ event: 'user_removed', data: { channel_id: other.id, remover_id: bob.id }, broadcast: { user_id: me.id } });
    expect(store.getState().ui.toast).toEqual({ id: 'channel.removedNotice', values: { name: other.display_name } });
  });

  it('counts activity in teams other than the open one', () => {
    const elsewhere = makeTeam();
    store.dispatch(myTeamsLoaded([team, elsewhere]));
    const post = makePost({ channel_id: makeChannel().id, user_id: bob.id });
    send({ event: 'posted', data: { post: wirePost(post), team_id: elsewhere.id, mentions: JSON.stringify([me.id]) }, broadcast: { channel_id: post.channel_id } });
    expect(store.getState().teams.unreads[elsewhere.id]).toEqual({ msgCount: 1, mentionCount: 1 });
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { makeChannel, makeMember, makePost, makeTeam, makeUser } from '../test-utils/factories';
import type { AppStore } from './store';
import { signedIn } from './session-slice';
import { myTeamsLoaded, teamSelected } from './teams-slice';
import { channelSelected, channelsReplaced } from './channels-slice';
import { postReceived } from './post-actions';
import { channelPostsLoaded } from './posts-slice';
import { HIGHLIGHT_MS, loadNewerPosts, openPermalink, PAGE_SIZE, PERMALINK_WINDOW } from './navigation-actions';
import type { Post } from './model';

const me = makeUser({ username: 'me' });
const team = makeTeam();
const square = makeChannel({ team_id: team.id, name: 'town-square' });
const channel = makeChannel({ team_id: team.id, name: 'history' });

function list(posts: Post[]) {
  return { order: posts.map((p) => p.id).reverse(), posts: Object.fromEntries(posts.map((p) => [p.id, { ...p, metadata: {} }])), next_post_id: '', prev_post_id: '' };
}
const answer = (value: unknown) => vi.fn(async () => value);

// 200 posts, one a second; the newest page is loaded as when the channel was opened.
const all = Array.from({ length: 200 }, (_, i) => makePost({ channel_id: channel.id, user_id: me.id, create_at: 1000 * (i + 1), message: `post ${i}` }));
const ids = (posts: Post[]) => posts.map((p) => p.id);

describe('permalinks', () => {
  let store: AppStore;
  let services: FakeServices;

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(signedIn(me));
    store.dispatch(myTeamsLoaded([team]));
    store.dispatch(teamSelected(team.id));
    store.dispatch(channelsReplaced({ teamId: team.id, channels: [square, channel], members: [makeMember(square, me.id), makeMember(channel, me.id)] }));
    store.dispatch(channelSelected(square.id));
    store.dispatch(channelPostsLoaded({ channelId: channel.id, posts: all.slice(-PAGE_SIZE), hasOlder: true }));
    services.fakeClient.getProfilesByIds = answer([]);
  });

  it('loads a window around an old post, keeps the gap to the newest posts, and closes it scrolling down', async () => {
    const target = all[20]!;
    services.fakeClient.getPost = answer({ ...target, metadata: {} });
    services.fakeClient.getPostsBefore = answer(list(all.slice(0, 20)));
    services.fakeClient.getPostsAfter = answer(list(all.slice(21, 21 + PERMALINK_WINDOW)));

    await store.dispatch(openPermalink(target.id));

    let s = store.getState();
    expect(services.fakeClient.getPostsAfter).toHaveBeenCalledWith(channel.id, target.id, 0, PERMALINK_WINDOW, false, true);
    expect(s.channels.currentId).toBe(channel.id);
    expect(s.posts.channels[channel.id]).toMatchObject({ order: ids(all.slice(0, 21 + PERMALINK_WINDOW)), hasOlder: false, hasNewer: true });
    expect(s.ui.highlight).toMatchObject({ postId: target.id, channelId: channel.id });

    // A new post arriving now belongs after the gap: it waits.
    const fresh = makePost({ channel_id: channel.id, user_id: 'someone', create_at: 999_999 });
    store.dispatch(postReceived({ post: fresh, isNew: true, read: true, mentioned: false }));
    expect(store.getState().posts.channels[channel.id]!.order).not.toContain(fresh.id);

    // Scrolling down pages with `after` until a short page says the newest is reached.
    services.fakeClient.getPostsAfter = answer(list(all.slice(51, 51 + PAGE_SIZE)));
    await store.dispatch(loadNewerPosts(channel.id));
    expect(services.fakeClient.getPostsAfter).toHaveBeenLastCalledWith(channel.id, all[50]!.id, 0, PAGE_SIZE, false, true);
    expect(store.getState().posts.channels[channel.id]!.hasNewer).toBe(true);
    services.fakeClient.getPostsAfter = answer(list(all.slice(111, 111 + PAGE_SIZE)));
    await store.dispatch(loadNewerPosts(channel.id));
    expect(store.getState().posts.channels[channel.id]!.hasNewer).toBe(true);
    services.fakeClient.getPostsAfter = answer(list([...all.slice(111 + PAGE_SIZE), fresh]));
    await store.dispatch(loadNewerPosts(channel.id));
    s = store.getState();
    expect(s.posts.channels[channel.id]!.hasNewer).toBe(false);
    expect(s.posts.channels[channel.id]!.order).toEqual([...ids(all), fresh.id]);

    services.runTimers();
    expect(store.getState().ui.highlight).toBeNull();
  });

  it('opens a reply at its root with the thread open', async () => {
    const root = all[5]!;
    const reply = makePost({ channel_id: channel.id, user_id: me.id, root_id: root.id, create_at: 5500 });
    services.fakeClient.getPost = vi.fn(async (id: string) => ({ ...(id === reply.id ? reply : root), metadata: {} }));
    services.fakeClient.getPostsBefore = answer(list(all.slice(0, 5)));
    services.fakeClient.getPostsAfter = answer(list(all.slice(6, 36)));
    services.fakeClient.getPostThread = answer(list([root, reply]));

    await store.dispatch(openPermalink(reply.id));

    const s = store.getState();
    expect(services.fakeClient.getPostsBefore).toHaveBeenCalledWith(channel.id, root.id, 0, PERMALINK_WINDOW, false, true);
    expect(s.ui.highlight?.postId).toBe(root.id);
    expect(s.ui.threadRootId).toBe(root.id);
    expect(s.posts.channels[channel.id]!.order[5]).toBe(root.id);
  });

  it('says so and goes to town-square when the post cannot be read', async () => {
    store.dispatch(channelSelected(channel.id));
    services.fakeClient.getPost = vi.fn(async () => {
      throw Object.assign(new Error('forbidden'), { status_code: 403 });
    });
    services.fakeClient.getPosts = answer(list([]));

    await store.dispatch(openPermalink('abcdefghijklmnopqrstuvwxyz'));

    const s = store.getState();
    expect(s.ui.toast).toEqual({ id: 'permalink.notFound' });
    expect(s.channels.currentId).toBe(square.id);
    expect(HIGHLIGHT_MS).toBe(3000);
  });
});

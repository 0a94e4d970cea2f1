import { beforeEach, describe, expect, it, vi } from 'vitest';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { makeChannel, makeMember, makePost, makeTeam, makeUser } from '../test-utils/factories';
import type { AppStore } from './store';
import { signedIn } from './session-slice';
import { myTeamsLoaded, teamSelected } from './teams-slice';
import { channelSelected, channelsReplaced } from './channels-slice';
import { threadOpened } from './ui-slice';
import { postDeleted } from './post-actions';
import { jumpToResult, runSearch, SEARCH_PAGE_SIZE, timeZoneOffsetSeconds } from './search-actions';
import type { Post } from './model';

const me = makeUser({ username: 'me' });
const bob = makeUser({ username: 'bob' });
const team = makeTeam();
const townSquare = makeChannel({ team_id: team.id, name: 'town-square' });
const planning = makeChannel({ team_id: team.id, name: 'planning' });

function results(posts: Post[], matches: Record<string, string[]> = {}) {
  return { order: posts.map((p) => p.id), posts: Object.fromEntries(posts.map((p) => [p.id, { ...p, metadata: {} }])), matches, next_post_id: '', prev_post_id: '' };
}

describe('search', () => {
  let store: AppStore;
  let services: FakeServices;

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(signedIn(me));
    store.dispatch(myTeamsLoaded([team]));
    store.dispatch(teamSelected(team.id));
    store.dispatch(channelsReplaced({ teamId: team.id, channels: [townSquare, planning], members: [makeMember(townSquare, me.id), makeMember(planning, me.id)] }));
    store.dispatch(channelSelected(townSquare.id));
    services.fakeClient.getProfilesByIds = vi.fn(async () => [bob]);
  });

  it('sends the typed text as is with Mattermost’s parameters, and keeps results apart from the channel lists', async () => {
    const hit = makePost({ channel_id: planning.id, user_id: bob.id, message: 'the roadmap' });
    services.fakeClient.searchPostsWithParams = vi.fn(async () => results([hit], { [hit.id]: ['roadmap'] }));
    store.dispatch(threadOpened('some-thread'));

    await store.dispatch(runSearch('  from:bob "the roadmap" -draft '));

    expect(services.fakeClient.searchPostsWithParams).toHaveBeenCalledWith(team.id, {
      terms: 'from:bob "the roadmap" -draft',
      is_or_search: false,
      include_deleted_channels: false,
      time_zone_offset: timeZoneOffsetSeconds(new Date(services.clock.now)),
      page: 0,
      per_page: SEARCH_PAGE_SIZE,
    });
    const s = store.getState();
    expect(s.search).toMatchObject({ open: true, status: 'done', order: [hit.id], matches: { [hit.id]: ['roadmap'] } });
    expect(s.search.posts[hit.id]!.message).toBe('the roadmap');
    expect(s.posts.byId[hit.id]).toBeUndefined();
    expect(s.users.byId[bob.id]).toBeDefined();
    // The results take the side panel from the open thread.
    expect(s.ui.threadRootId).toBeNull();
  });

  it('drops the answer to an earlier search that arrives after a later one', async () => {
    const first = makePost({ channel_id: planning.id, user_id: bob.id, message: 'alpha' });
    const second = makePost({ channel_id: planning.id, user_id: bob.id, message: 'beta' });
    let answerFirst: (v: unknown) => void = () => {};
    services.fakeClient.searchPostsWithParams = vi
      .fn()
      .mockImplementationOnce(() => new Promise((r) => (answerFirst = r)))
      .mockImplementationOnce(async () => results([second]));
    const slow = store.dispatch(runSearch('alpha'));
    await store.dispatch(runSearch('beta'));
    answerFirst(results([first]));
    await slow;
    expect(store.getState().search).toMatchObject({ terms: 'beta', order: [second.id] });
  });

  it('shows the server’s error, and an empty result as empty', async () => {
    services.fakeClient.searchPostsWithParams = vi.fn(async () => {
      throw Object.assign(new Error('Search is unavailable'), { status_code: 500, server_error_id: 'store.sql_post.search.app_error' });
    });
    await store.dispatch(runSearch('anything'));
    expect(store.getState().search).toMatchObject({ status: 'error', error: 'Search is unavailable' });

    services.fakeClient.searchPostsWithParams = vi.fn(async () => ({ order: [], posts: {}, matches: null }));
    await store.dispatch(runSearch('nothing'));
    expect(store.getState().search).toMatchObject({ status: 'done', order: [], matches: {} });
  });

  it('does not search blank text or without a team', async () => {
    services.fakeClient.searchPostsWithParams = vi.fn();
    await store.dispatch(runSearch('   '));
    store.dispatch(teamSelected(null));
    await store.dispatch(runSearch('words'));
    expect(services.fakeClient.searchPostsWithParams).not.toHaveBeenCalled();
    expect(store.getState().search.open).toBe(false);
  });

  it('jumps to the channel of a result, and into the thread of a reply', async () => {
    const root = makePost({ channel_id: planning.id, user_id: bob.id, message: 'root' });
    const reply = makePost({ channel_id: planning.id, user_id: bob.id, root_id: root.id, message: 'a reply' });
    services.fakeClient.searchPostsWithParams = vi.fn(async () => results([reply, root]));
    services.fakeClient.getPosts = vi.fn(async () => results([root]));
    services.fakeClient.getPostThread = vi.fn(async () => results([root, reply]));
    services.fakeClient.getPost = vi.fn(async () => ({ ...root, metadata: {} }));
    services.fakeClient.getPostsBefore = vi.fn(async () => results([]));
    services.fakeClient.getPostsAfter = vi.fn(async () => results([]));
    await store.dispatch(runSearch('root OR reply'));

    await store.dispatch(jumpToResult(root.id));
    expect(store.getState().channels.currentId).toBe(planning.id);
    // Scrolled to, and marked.
    expect(store.getState().ui.highlight?.postId).toBe(root.id);
    expect(store.getState().posts.channels[planning.id]!.order).toEqual([root.id]);
    expect(store.getState().ui.threadRootId).toBeNull();

    store.dispatch(channelSelected(townSquare.id));
    await store.dispatch(jumpToResult(reply.id));
    expect(store.getState().channels.currentId).toBe(planning.id);
    expect(store.getState().ui.threadRootId).toBe(root.id);
    expect(services.fakeClient.getPostThread).toHaveBeenCalledWith(root.id, true, true);
    // The results stay, for the next jump.
    expect(store.getState().search.open).toBe(true);
  });

  it('forgets a result that is deleted', async () => {
    const hit = makePost({ channel_id: planning.id, user_id: bob.id });
    services.fakeClient.searchPostsWithParams = vi.fn(async () => results([hit]));
    await store.dispatch(runSearch('hello'));
    store.dispatch(postDeleted(hit));
    expect(store.getState().search.order).toEqual([]);
  });
});

describe('timeZoneOffsetSeconds', () => {
  it('is seconds east of UTC', () => {
    const date = new Date(2026, 0, 1);
    expect(timeZoneOffsetSeconds(date)).toBe(-date.getTimezoneOffset() * 60);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { renderWith } from '../test-utils/render';
import { makeChannel, makeMember, makePost, makeTeam, makeUser } from '../test-utils/factories';
import type { AppStore } from '../store/store';
import { signedIn } from '../store/session-slice';
import { myTeamsLoaded, teamSelected } from '../store/teams-slice';
import { channelSelected, channelsReplaced } from '../store/channels-slice';
import { usersReceived } from '../store/users-slice';
import { channelPostsLoaded } from '../store/posts-slice';
import type { Post } from '../store/model';
import { SearchBox } from './SearchBox';
import { SearchPanel } from './SearchPanel';

const me = makeUser({ username: 'me' });
const bob = makeUser({ username: 'bob' });
const team = makeTeam();
const townSquare = makeChannel({ team_id: team.id, name: 'town-square', display_name: 'Town Square' });
const planning = makeChannel({ team_id: team.id, name: 'planning', display_name: 'Planning' });

function results(posts: Post[], matches: Record<string, string[]> = {}) {
  return { order: posts.map((p) => p.id), posts: Object.fromEntries(posts.map((p) => [p.id, { ...p, metadata: {} }])), matches };
}

describe('search box and results', () => {
  let store: AppStore;
  let services: FakeServices;

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(signedIn(me));
    store.dispatch(usersReceived([me, bob]));
    store.dispatch(myTeamsLoaded([team]));
    store.dispatch(teamSelected(team.id));
    store.dispatch(channelsReplaced({ teamId: team.id, channels: [townSquare, planning], members: [makeMember(townSquare, me.id), makeMember(planning, me.id)] }));
    store.dispatch(channelSelected(townSquare.id));
    store.dispatch(channelPostsLoaded({ channelId: planning.id, posts: [], hasOlder: false }));
  });
  afterEach(cleanup);

  async function search(terms: string) {
    renderWith(
      store,
      <>
        <SearchBox />
        <SearchPanel />
      </>,
    );
    const box = screen.getByRole('searchbox', { name: 'Search messages' });
    fireEvent.change(box, { target: { value: terms } });
    await act(async () => {
      fireEvent.submit(box.closest('form')!);
    });
  }

  it('lists results with channel, author, markdown and the searched words marked, and jumps to one', async () => {
    const hit = makePost({ channel_id: planning.id, user_id: bob.id, message: 'The **roadmap** is ready', create_at: Date.UTC(2026, 0, 15, 9, 30) });
    const reply = makePost({ channel_id: planning.id, user_id: bob.id, root_id: hit.id, message: 'Roadmap notes' });
    services.fakeClient.searchPostsWithParams = vi.fn(async () => results([reply, hit], { [hit.id]: ['roadmap'] }));
    await search('roadmap');

    expect(services.fakeClient.searchPostsWithParams).toHaveBeenCalledWith(team.id, expect.objectContaining({ terms: 'roadmap' }));
    expect(screen.getByText('2 results for “roadmap”')).toBeTruthy();
    const [first, second] = screen.getAllByRole('article');
    expect(first!.textContent).toContain('In a thread');
    expect(second!.textContent).toContain('Planning');
    expect(second!.textContent).toContain('bob');
    expect(second!.querySelector('strong mark.highlight')?.textContent).toBe('roadmap');
    expect(first!.querySelector('mark.highlight')?.textContent).toBe('Roadmap');

    services.fakeClient.getPostsBefore = vi.fn(async () => results([]));
    services.fakeClient.getPostsAfter = vi.fn(async () => results([]));
    await act(async () => {
      fireEvent.click(second!.querySelector('button')!);
    });
    expect(store.getState().channels.currentId).toBe(planning.id);
    // The address is the result's permalink, as in Mattermost.
    expect(window.location.pathname).toBe(`/${team.name}/pl/${hit.id}`);
    expect(store.getState().ui.highlight?.postId).toBe(hit.id);
  });

  it('says when nothing matched', async () => {
    services.fakeClient.searchPostsWithParams = vi.fn(async () => results([]));
    await search('xylophone');
    expect(screen.getByText('No results for “xylophone”')).toBeTruthy();
  });

  it('shows a failure and searches again on request', async () => {
    services.fakeClient.searchPostsWithParams = vi.fn(async () => {
      throw Object.assign(new Error('Search is down'), { status_code: 500 });
    });
    await search('roadmap');
    expect(screen.getByRole('alert').textContent).toContain('The search failed: Search is down');
    services.fakeClient.searchPostsWithParams = vi.fn(async () => results([]));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    });
    expect(screen.getByText('No results for “roadmap”')).toBeTruthy();
  });

  it('closes', async () => {
    services.fakeClient.searchPostsWithParams = vi.fn(async () => results([]));
    await search('roadmap');
    fireEvent.click(screen.getByRole('button', { name: 'Close search results' }));
    expect(store.getState().search.open).toBe(false);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { testStore } from '../test-utils/fake-services';
import { renderWith } from '../test-utils/render';
import { makeChannel, makeMember, makeTeam, makeUser } from '../test-utils/factories';
import type { AppStore } from '../store/store';
import { signedIn } from '../store/session-slice';
import { myTeamsLoaded, teamSelected } from '../store/teams-slice';
import { channelSelected, channelsReplaced, membersReceived } from '../store/channels-slice';
import { preferencesLoaded } from '../store/preferences-slice';
import { configLoaded } from '../store/session-slice';
import { threadTotalsReceived } from '../store/threads-slice';
import { usersReceived } from '../store/users-slice';
import { Sidebar } from './Sidebar';

const me = makeUser({ username: 'me' });
const ann = makeUser({ username: 'ann' });
const team = makeTeam({ display_name: 'Acme' });
const general = makeChannel({ team_id: team.id, name: 'town-square', display_name: 'Town Square', total_msg_count: 4 });
const random = makeChannel({ team_id: team.id, name: 'random', display_name: 'Random', total_msg_count: 10 });
const secret = makeChannel({ team_id: team.id, name: 'secret', display_name: 'Secret', type: 'P', total_msg_count: 2 });
const bea = makeUser({ username: 'bea', first_name: 'Bea', last_name: 'Nowak' });
const dm = makeChannel({ name: [me.id, ann.id].sort().join('__'), type: 'D', total_msg_count: 3, display_name: '' });
const gm = makeChannel({ name: 'g'.repeat(40), type: 'G', total_msg_count: 5, display_name: 'ann, bea, me', last_post_at: 10 });

describe('Sidebar', () => {
  let store: AppStore;
  beforeEach(() => {
    ({ store } = testStore());
    store.dispatch(signedIn(me));
    store.dispatch(usersReceived([me, ann, bea]));
    store.dispatch(myTeamsLoaded([team]));
    store.dispatch(teamSelected(team.id));
    store.dispatch(
      channelsReplaced({
        teamId: team.id,
        channels: [general, random, secret, dm, gm],
        members: [makeMember(general, me.id), makeMember(random, me.id, { msg_count: 7, mention_count: 2 }), makeMember(secret, me.id), makeMember(dm, me.id, { msg_count: 1, mention_count: 2 }), makeMember(gm, me.id, { msg_count: 4, mention_count: 1 })],
      }),
    );
    store.dispatch(channelSelected(general.id));
  });
  afterEach(cleanup);

  it('lists channels and conversations with unread and mention state', () => {
    const { container } = renderWith(store, <Sidebar />);
    expect(screen.getByText('Acme')).toBeTruthy();
    const names = [...container.querySelectorAll('.sidebar-item__name')].map((n) => n.textContent);
    expect(names).toEqual(['Random', 'Secret', 'Town Square', 'ann, bea', 'ann']);
    const random = screen.getByRole('button', { name: 'Random, 2 mentions' });
    expect(random.className).toContain('sidebar-item--unread');
    expect(random.querySelector('.badge')?.textContent).toBe('2');
    expect(screen.getByRole('button', { name: 'Secret' }).className).not.toContain('unread');
    expect(screen.getByRole('button', { name: 'Town Square' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('button', { name: 'ann, 2 mentions' })).toBeTruthy();
    // A group message is named after the other members, with unread and mention state like a DM.
    const group = screen.getByRole('button', { name: 'ann, bea, 1 mention' });
    expect(group.className).toContain('sidebar-item--unread');
    expect(group.querySelector('.group-count')?.textContent).toBe('2');
  });

  it('lists favourites first, and names people as the reader chose', () => {
    store.dispatch(preferencesLoaded([{ category: 'favorite_channel', name: secret.id, value: 'true' }, { category: 'display_settings', name: 'name_format', value: 'full_name' }]));
    const { container } = renderWith(store, <Sidebar />);
    const favorites = container.querySelector('[aria-labelledby="sidebar-favorites"]')!;
    expect([...favorites.querySelectorAll('.sidebar-item__name')].map((n) => n.textContent)).toEqual(['Secret']);
    expect(screen.getByText('Favourites')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'ann, Bea Nowak, 1 mention' })).toBeTruthy();
  });

  it('dims a muted channel and does not make it bold for unread posts', () => {
    store.dispatch(membersReceived([makeMember(random, me.id, { msg_count: 7, mention_count: 0, notify_props: { mark_unread: 'mention' } })]));
    renderWith(store, <Sidebar />);
    const item = screen.getByRole('button', { name: 'Random' });
    expect(item.className).toContain('sidebar-item--muted');
    expect(item.className).not.toContain('sidebar-item--unread');
  });

  it('shows Threads with its unread mentions when collapsed threads are on', () => {
    store.dispatch(configLoaded({ noAccounts: false, openServer: false, siteName: 'Parley', collapsedThreads: 'always_on' }));
    store.dispatch(threadTotalsReceived({ unreadThreads: 2, unreadMentions: 1 }));
    renderWith(store, <Sidebar />);
    const threads = screen.getByRole('button', { name: 'Threads, 1 mention' });
    expect(threads.className).toContain('sidebar-item--unread');
  });

  it('speaks the counts in Russian with Russian plurals', () => {
    renderWith(store, <Sidebar />, 'ru');
    expect(screen.getByRole('button', { name: 'Random, 2 упоминания' })).toBeTruthy();
    expect(screen.getByText('Каналы')).toBeTruthy();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { testStore } from '../test-utils/fake-services';
import { renderWith } from '../test-utils/render';
import { makeChannel, makeMember, makeTeam, makeUser } from '../test-utils/factories';
import type { AppStore } from '../store/store';
import { signedIn } from '../store/session-slice';
import { myTeamsLoaded, teamSelected } from '../store/teams-slice';
import { channelSelected, channelsReplaced } from '../store/channels-slice';
import { usersReceived } from '../store/users-slice';
import { Sidebar } from './Sidebar';

const me = makeUser({ username: 'me' });
const ann = makeUser({ username: 'ann' });
const team = makeTeam({ display_name: 'Acme' });
const general = makeChannel({ team_id: team.id, name: 'town-square', display_name: 'Town Square', total_msg_count: 4 });
const random = makeChannel({ team_id: team.id, name: 'random', display_name: 'Random', total_msg_count: 10 });
const secret = makeChannel({ team_id: team.id, name: 'secret', display_name: 'Secret', type: 'P', total_msg_count: 2 });
const dm = makeChannel({ name: [me.id, ann.id].sort().join('__'), type: 'D', total_msg_count: 3, display_name: '' });

describe('Sidebar', () => {
  let store: AppStore;
  beforeEach(() => {
    ({ store } = testStore());
    store.dispatch(signedIn(me));
    store.dispatch(usersReceived([me, ann]));
    store.dispatch(myTeamsLoaded([team]));
    store.dispatch(teamSelected(team.id));
    store.dispatch(
      channelsReplaced({
        teamId: team.id,
        channels: [general, random, secret, dm],
        members: [makeMember(general, me.id), makeMember(random, me.id, { msg_count: 7, mention_count: 2 }), makeMember(secret, me.id), makeMember(dm, me.id, { msg_count: 1, mention_count: 2 })],
      }),
    );
    store.dispatch(channelSelected(general.id));
  });
  afterEach(cleanup);

  it('lists channels and conversations with unread and mention state', () => {
    const { container } = renderWith(store, <Sidebar />);
    expect(screen.getByText('Acme')).toBeTruthy();
    const names = [...container.querySelectorAll('.sidebar-item__name')].map((n) => n.textContent);
    expect(names).toEqual(['Random', 'Secret', 'Town Square', 'ann']);
    const random = screen.getByRole('button', { name: 'Random, 2 mentions' });
    expect(random.className).toContain('sidebar-item--unread');
    expect(random.querySelector('.badge')?.textContent).toBe('2');
    expect(screen.getByRole('button', { name: 'Secret' }).className).not.toContain('unread');
    expect(screen.getByRole('button', { name: 'Town Square' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('button', { name: 'ann, 2 mentions' })).toBeTruthy();
  });

  it('speaks the counts in Russian with Russian plurals', () => {
    renderWith(store, <Sidebar />, 'ru');
    expect(screen.getByRole('button', { name: 'Random, 2 упоминания' })).toBeTruthy();
    expect(screen.getByText('Каналы')).toBeTruthy();
  });
});

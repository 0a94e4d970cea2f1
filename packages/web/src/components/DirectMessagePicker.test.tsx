import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { renderWith } from '../test-utils/render';
import { makeChannel, makeMember, makeTeam, makeUser } from '../test-utils/factories';
import type { AppStore } from '../store/store';
import { signedIn } from '../store/session-slice';
import { myTeamsLoaded, teamSelected } from '../store/teams-slice';
import { DirectMessagePicker } from './DirectMessagePicker';

const me = makeUser({ username: 'me' });
const people = ['ann', 'bob', 'cat', 'dan', 'eve', 'fay', 'gus', 'hal'].map((username) => makeUser({ username }));
const team = makeTeam();

describe('DirectMessagePicker', () => {
  let store: AppStore;
  let services: FakeServices;
  const done = vi.fn();

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    ({ store, services } = testStore());
    store.dispatch(signedIn(me));
    store.dispatch(myTeamsLoaded([team]));
    store.dispatch(teamSelected(team.id));
    services.fakeClient.autocompleteUsers = vi.fn(async () => ({ users: people }));
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  async function open() {
    renderWith(store, <DirectMessagePicker onDone={done} />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(250);
    });
  }

  it('starts a group message with the people picked', async () => {
    const gm = makeChannel({ type: 'G', name: 'g'.repeat(40), display_name: 'ann, bob, me' });
    services.fakeClient.createGroupChannel = vi.fn(async () => gm);
    services.fakeClient.getChannel = vi.fn(async () => gm);
    services.fakeClient.getChannelMember = vi.fn(async () => makeMember(gm, me.id));
    await open();
    fireEvent.click(screen.getByRole('button', { name: /@ann/ }));
    fireEvent.click(screen.getByRole('button', { name: /@bob/ }));
    expect(screen.getByRole('button', { name: /@ann/ }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Remove bob' })).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Start group message (3 people)' }));
    });
    expect(services.fakeClient.createGroupChannel).toHaveBeenCalledWith([me.id, people[0]!.id, people[1]!.id]);
    expect(store.getState().channels.currentId).toBe(gm.id);
    expect(done).toHaveBeenCalled();
  });

  it('stops at seven other people, and Backspace takes back the last one', async () => {
    await open();
    for (const p of people.slice(0, 7)) fireEvent.click(screen.getByRole('button', { name: new RegExp(`@${p.username}`) }));
    expect(screen.getByText('A group message can include up to 7 other people.')).toBeTruthy();
    expect((screen.getByRole('button', { name: /@hal/ }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Search people by name' }), { key: 'Backspace' });
    expect(screen.queryByRole('button', { name: 'Remove gus' })).toBeNull();
    expect((screen.getByRole('button', { name: /@hal/ }) as HTMLButtonElement).disabled).toBe(false);
  });
});

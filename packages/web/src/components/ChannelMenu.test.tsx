import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { renderWith } from '../test-utils/render';
import { makeChannel, makeMember, makeTeam, makeUser } from '../test-utils/factories';
import type { AppStore } from '../store/store';
import type { Channel } from '../store/channels-slice';
import { signedIn } from '../store/session-slice';
import { myTeamsLoaded, teamSelected } from '../store/teams-slice';
import { channelSelected, channelsReplaced } from '../store/channels-slice';
import { channelPostsLoaded } from '../store/posts-slice';
import { ChannelMenu } from './ChannelMenu';

const me = makeUser({ username: 'me' });
const team = makeTeam();
const townSquare = makeChannel({ team_id: team.id, name: 'town-square', display_name: 'Town Square' });
const design = makeChannel({ team_id: team.id, name: 'design', display_name: 'Design' });
const secret = makeChannel({ team_id: team.id, name: 'secret', display_name: 'Secret', type: 'P' });

describe('ChannelMenu', () => {
  let store: AppStore;
  let services: FakeServices;

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(signedIn(me));
    store.dispatch(myTeamsLoaded([team]));
    store.dispatch(teamSelected(team.id));
    store.dispatch(
      channelsReplaced({ teamId: team.id, channels: [townSquare, design, secret], members: [makeMember(townSquare, me.id), makeMember(design, me.id), makeMember(secret, me.id)] }),
    );
    store.dispatch(channelPostsLoaded({ channelId: townSquare.id, posts: [], hasOlder: false }));
    services.fakeClient.removeFromChannel = vi.fn(async () => ({ status: 'OK' }));
  });
  afterEach(cleanup);

  function openMenu(channel: Channel) {
    store.dispatch(channelSelected(channel.id));
    renderWith(store, <ChannelMenu channel={channel} />);
    fireEvent.keyDown(screen.getByRole('button', { name: 'Channel actions' }), { key: 'Enter' });
  }

  it('offers neither leaving nor archiving town-square', () => {
    openMenu(townSquare);
    expect(screen.getByRole('menuitem', { name: 'Mute channel' })).toBeTruthy();
    expect(screen.queryByRole('menuitem', { name: 'Leave channel' })).toBeNull();
    expect(screen.queryByRole('menuitem', { name: 'Archive channel' })).toBeNull();
  });

  it('mutes a channel at once and tells the server', async () => {
    services.fakeClient.updateChannelNotifyProps = vi.fn(async () => ({ status: 'OK' }));
    openMenu(design);
    await act(async () => {
      fireEvent.click(screen.getByRole('menuitem', { name: 'Mute channel' }));
    });
    expect(store.getState().channels.members[design.id]!.notify_props.mark_unread).toBe('mention');
    expect(services.fakeClient.updateChannelNotifyProps).toHaveBeenCalledWith({ channel_id: design.id, user_id: me.id, mark_unread: 'mention' });
  });

  it('puts a channel in the favourites and takes it out again', async () => {
    services.fakeClient.savePreferences = vi.fn(async () => ({ status: 'OK' }));
    services.fakeClient.deletePreferences = vi.fn(async () => ({ status: 'OK' }));
    openMenu(design);
    await act(async () => {
      fireEvent.click(screen.getByRole('menuitem', { name: 'Add to favourites' }));
    });
    expect(services.fakeClient.savePreferences).toHaveBeenCalledWith(me.id, [{ category: 'favorite_channel', name: design.id, value: 'true', user_id: me.id }]);
    expect(store.getState().preferences.byKey[`favorite_channel/${design.id}`]).toBe('true');
    cleanup();
    openMenu(design);
    await act(async () => {
      fireEvent.click(screen.getByRole('menuitem', { name: 'Remove from favourites' }));
    });
    expect(services.fakeClient.deletePreferences).toHaveBeenCalledWith(me.id, [{ category: 'favorite_channel', name: design.id, value: 'true', user_id: me.id }]);
    expect(store.getState().preferences.byKey[`favorite_channel/${design.id}`]).toBeUndefined();
  });

  it('leaves a public channel at once', async () => {
    openMenu(design);
    await act(async () => {
      fireEvent.click(screen.getByRole('menuitem', { name: 'Leave channel' }));
    });
    expect(services.fakeClient.removeFromChannel).toHaveBeenCalledWith(me.id, design.id);
    expect(store.getState().channels.currentId).toBe(townSquare.id);
  });

  it('asks before leaving a private channel', async () => {
    openMenu(secret);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Leave channel' }));
    const dialog = screen.getByRole('dialog', { name: 'Leave Secret?' });
    expect(dialog.textContent).toContain('Secret is private');
    expect(services.fakeClient.removeFromChannel).not.toHaveBeenCalled();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Leave channel' }));
    });
    expect(services.fakeClient.removeFromChannel).toHaveBeenCalledWith(me.id, secret.id);
  });

  it('archives after confirming, and shows the server’s refusal', async () => {
    services.fakeClient.deleteChannel = vi.fn(async () => {
      throw Object.assign(new Error('You do not have the appropriate permissions.'), { status_code: 403 });
    });
    openMenu(design);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Archive channel' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('dialog', { name: 'Archive Design?' }).querySelector('.button--danger')!);
    });
    expect(services.fakeClient.deleteChannel).toHaveBeenCalledWith(design.id);
    expect(store.getState().ui.toast).toBe('You do not have the appropriate permissions.');
    expect(store.getState().channels.currentId).toBe(design.id);
  });

  it('offers guests no archive', () => {
    store.dispatch(signedIn({ ...me, roles: 'system_guest' }));
    openMenu(design);
    expect(screen.getByRole('menuitem', { name: 'Leave channel' })).toBeTruthy();
    expect(screen.queryByRole('menuitem', { name: 'Archive channel' })).toBeNull();
  });
});

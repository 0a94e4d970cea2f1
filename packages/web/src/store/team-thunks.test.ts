import { beforeEach, describe, expect, it, vi } from 'vitest';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { makeChannel, makeMember, makeTeam, makeUser } from '../test-utils/factories';
import type { AppStore } from './store';
import { signedIn } from './session-slice';
import { myTeamsLoaded, teamSelected } from './teams-slice';
import { channelSelected, channelsReplaced } from './channels-slice';
import { channelPostsLoaded } from './posts-slice';
import { handleSocketEvent } from './socket-events';
import { archiveChannel, leaveChannel } from './team-thunks';
import { selectSidebar } from './selectors';

const me = makeUser({ username: 'me' });
const team = makeTeam();
const townSquare = makeChannel({ team_id: team.id, name: 'town-square', display_name: 'Town Square' });
const design = makeChannel({ team_id: team.id, name: 'design', display_name: 'Design' });

const clientError = (status: number, id: string, message: string) => Object.assign(new Error(message), { status_code: status, server_error_id: id });

describe('leaving and archiving channels', () => {
  let store: AppStore;
  let services: FakeServices;
  const sidebarNames = () => selectSidebar(store.getState()).channels.map((e) => e.channel.name);

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(signedIn(me));
    store.dispatch(myTeamsLoaded([team]));
    store.dispatch(teamSelected(team.id));
    store.dispatch(channelsReplaced({ teamId: team.id, channels: [townSquare, design], members: [makeMember(townSquare, me.id), makeMember(design, me.id)] }));
    store.dispatch(channelSelected(design.id));
    store.dispatch(channelPostsLoaded({ channelId: townSquare.id, posts: [], hasOlder: false }));
  });

  it('leaves: removes me on the server, drops the channel and opens town-square', async () => {
    expect(await store.dispatch(leaveChannel(design.id))).toBe(true);
    expect(services.fakeClient.removeFromChannel).toHaveBeenCalledWith(me.id, design.id);
    expect(sidebarNames()).toEqual(['town-square']);
    expect(store.getState().channels.currentId).toBe(townSquare.id);
    // The server's own user_removed event for it changes nothing more.
    store.dispatch(handleSocketEvent({ event: 'user_removed', data: { channel_id: design.id, remover_id: me.id }, broadcast: { user_id: me.id } }));
    expect(store.getState().ui.toast).toBeNull();
  });

  it('keeps the channel and shows the server’s answer when it refuses', async () => {
    services.fakeClient.removeFromChannel = vi.fn(async () => {
      throw clientError(400, 'api.channel.leave.default.app_error', 'Unable to leave the default channel town-square.');
    });
    expect(await store.dispatch(leaveChannel(townSquare.id))).toBe(false);
    expect(sidebarNames()).toEqual(['design', 'town-square']);
    expect(store.getState().ui.toast).toBe('Unable to leave the default channel town-square.');
  });

  it('archives: deletes it on the server and opens town-square, with no notice about its own archive', async () => {
    // The channel_deleted event may come before the REST answer.
    services.fakeClient.deleteChannel = vi.fn(async () => {
      store.dispatch(handleSocketEvent({ event: 'channel_deleted', data: { channel_id: design.id, delete_at: 5 }, broadcast: { team_id: team.id } }));
      return { status: 'OK' };
    });
    expect(await store.dispatch(archiveChannel(design.id))).toBe(true);
    expect(services.fakeClient.deleteChannel).toHaveBeenCalledWith(design.id);
    expect(sidebarNames()).toEqual(['town-square']);
    expect(store.getState().channels.currentId).toBe(townSquare.id);
    expect(store.getState().ui.toast).toBeNull();
  });

  it('shows a 403 from the server as a translated toast and keeps the channel', async () => {
    services.fakeClient.deleteChannel = vi.fn(async () => {
      throw clientError(403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.');
    });
    expect(await store.dispatch(archiveChannel(design.id))).toBe(false);
    expect(store.getState().ui.toast).toEqual({ id: 'error.permission' });
    expect(store.getState().channels.currentId).toBe(design.id);
    // A later archive by someone else is news again.
    store.dispatch(handleSocketEvent({ event: 'channel_deleted', data: { channel_id: design.id, delete_at: 5 }, broadcast: { team_id: team.id } }));
    expect(store.getState().ui.toast).toEqual({ id: 'channel.archivedNotice', values: { name: 'Design' } });
  });
});

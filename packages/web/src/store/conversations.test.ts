import { beforeEach, describe, expect, it, vi } from 'vitest';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { makeChannel, makeMember, makeTeam, makeUser } from '../test-utils/factories';
import type { AppStore } from './store';
import { configLoaded, connectionIdReceived, signedIn } from './session-slice';
import { myTeamsLoaded, teamSelected, teamUnreadsReceived } from './teams-slice';
import { channelSelected, channelsReplaced } from './channels-slice';
import { channelPostsLoaded } from './posts-slice';
import { usersReceived } from './users-slice';
import { handleSocketEvent } from './socket-events';
import { openConversation } from './team-thunks';
import { switchChannelBy, switchTeamBy } from './navigation-actions';
import { DRAFT_SAVE_DELAY_MS, saveDraft } from './draft-actions';
import { selectSidebar } from './selectors';

const me = makeUser({ username: 'me' });
const ann = makeUser({ username: 'ann' });
const bob = makeUser({ username: 'bob' });
const team = makeTeam({ display_name: 'Acme' });
const other = makeTeam({ display_name: 'Beta' });
const general = makeChannel({ team_id: team.id, name: 'town-square', display_name: 'Town Square' });
const random = makeChannel({ team_id: team.id, name: 'random', display_name: 'Random' });

describe('conversations, teams and drafts', () => {
  let store: AppStore;
  let services: FakeServices;

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(signedIn(me));
    store.dispatch(usersReceived([me, ann, bob]));
    store.dispatch(myTeamsLoaded([team, other]));
    store.dispatch(teamSelected(team.id));
    store.dispatch(channelsReplaced({ teamId: team.id, channels: [general, random], members: [makeMember(general, me.id), makeMember(random, me.id)] }));
    store.dispatch(channelSelected(general.id));
    store.dispatch(channelPostsLoaded({ channelId: general.id, posts: [] }));
  });

  it('opens a direct message with one person and a group message with several', async () => {
    const dm = makeChannel({ type: 'D', name: [me.id, ann.id].sort().join('__') });
    const gm = makeChannel({ type: 'G', name: 'g'.repeat(40), display_name: 'ann, bob, me' });
    services.fakeClient.createDirectChannel = vi.fn(async () => dm);
    services.fakeClient.createGroupChannel = vi.fn(async () => gm);
    services.fakeClient.getChannel = vi.fn(async (id: string) => (id === dm.id ? dm : gm));
    services.fakeClient.getChannelMember = vi.fn(async (id: string) => makeMember(id === dm.id ? dm : gm, me.id));

    await store.dispatch(openConversation([ann.id]));
    expect(services.fakeClient.createDirectChannel).toHaveBeenCalledWith([me.id, ann.id]);
    expect(store.getState().channels.currentId).toBe(dm.id);

    await store.dispatch(openConversation([ann.id, bob.id, ann.id]));
    expect(services.fakeClient.createGroupChannel).toHaveBeenCalledWith([me.id, ann.id, bob.id]);
    expect(store.getState().channels.currentId).toBe(gm.id);
    expect(selectSidebar(store.getState()).direct.map((e) => e.title)).toContain('ann, bob');
  });

  it('refuses more than seven other people for a group message', async () => {
    services.fakeClient.createGroupChannel = vi.fn();
    await store.dispatch(openConversation(Array.from({ length: 8 }, (_, i) => `u${i}`.padEnd(26, '0'))));
    expect(services.fakeClient.createGroupChannel).not.toHaveBeenCalled();
  });

  it('fetches a group message someone else started when it is announced', async () => {
    const gm = makeChannel({ type: 'G', name: 'h'.repeat(40), display_name: 'ann, bob, me' });
    services.fakeClient.getChannel = vi.fn(async () => gm);
    services.fakeClient.getChannelMember = vi.fn(async () => makeMember(gm, me.id));
    store.dispatch(handleSocketEvent({ event: 'group_added', data: { teammate_ids: JSON.stringify([me.id, ann.id, bob.id]) }, broadcast: { channel_id: gm.id } }));
    await vi.waitFor(() => expect(store.getState().channels.byId[gm.id]).toBeDefined());
    expect(selectSidebar(store.getState()).direct.map((e) => e.title)).toEqual(['ann, bob']);
  });

  it('moves between teams and channels with the keyboard, wrapping around', async () => {
    services.fakeClient.getMyChannels = vi.fn(async () => []);
    services.fakeClient.getMyChannelMembers = vi.fn(async () => []);
    store.dispatch(teamUnreadsReceived([{ team_id: other.id, msg_count: 3, mention_count: 1 }]));
    await store.dispatch(switchTeamBy(1));
    expect(store.getState().teams.currentId).toBe(other.id);
    expect(store.getState().teams.unreads[other.id]).toBeUndefined();
    await store.dispatch(switchTeamBy(1));
    expect(store.getState().teams.currentId).toBe(team.id);

    store.dispatch(channelsReplaced({ teamId: team.id, channels: [general, random], members: [makeMember(general, me.id), makeMember(random, me.id)] }));
    store.dispatch(channelSelected(random.id));
    await store.dispatch(switchChannelBy(1));
    expect(store.getState().channels.currentId).toBe(general.id);
    await store.dispatch(switchChannelBy(1));
    expect(store.getState().channels.currentId).toBe(random.id);
  });

  it('keeps a draft at once and writes it to the server when typing pauses, naming its connection', () => {
    store.dispatch(configLoaded({ noAccounts: false, openServer: false, siteName: 'Parley', syncedDrafts: true }));
    store.dispatch(connectionIdReceived('conn-1'));
    services.fakeClient.upsertDraft = vi.fn(async () => ({}));
    services.fakeClient.deleteDraft = vi.fn(async () => null);
    store.dispatch(saveDraft(random.id, '', 'hel'));
    store.dispatch(saveDraft(random.id, '', 'hello'));
    expect(store.getState().drafts.byKey[`${random.id}:`]).toBe('hello');
    services.runTimers();
    expect(DRAFT_SAVE_DELAY_MS).toBeGreaterThan(0);
    expect(services.fakeClient.upsertDraft).toHaveBeenCalledTimes(1);
    expect(services.fakeClient.upsertDraft).toHaveBeenCalledWith(expect.objectContaining({ channel_id: random.id, root_id: '', message: 'hello', user_id: me.id }), 'conn-1');

    store.dispatch(saveDraft(random.id, '', ''));
    services.runTimers();
    expect(services.fakeClient.deleteDraft).toHaveBeenCalledWith(random.id, '', 'conn-1');
    expect(store.getState().drafts.byKey[`${random.id}:`]).toBeUndefined();
  });

  it('takes drafts typed on another device from draft events', () => {
    store.dispatch(handleSocketEvent({ event: 'draft_created', data: { draft: JSON.stringify({ channel_id: random.id, root_id: '', message: 'from my phone' }) }, broadcast: { channel_id: random.id } }));
    expect(store.getState().drafts.byKey[`${random.id}:`]).toBe('from my phone');
    store.dispatch(handleSocketEvent({ event: 'draft_deleted', data: { draft: JSON.stringify({ channel_id: random.id, root_id: '', message: 'from my phone' }) }, broadcast: { channel_id: random.id } }));
    expect(store.getState().drafts.byKey[`${random.id}:`]).toBeUndefined();
  });
});

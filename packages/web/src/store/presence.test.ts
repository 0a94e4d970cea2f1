import { beforeEach, describe, expect, it, vi } from 'vitest';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { makeUser } from '../test-utils/factories';
import type { AppStore } from './store';
import { signedIn } from './session-slice';
import { STATUS_REFRESH_MS, watchStatus } from './presence';
import { handleSocketEvent } from './socket-events';

const me = makeUser({ username: 'me' });
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('presence of the people on screen', () => {
  let store: AppStore;
  let services: FakeServices;

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(signedIn(me));
    services.fakeClient.getStatusesByIds = vi.fn(async (ids: string[]) => ids.filter((id) => id !== 'ghost').map((id) => ({ user_id: id, status: id === 'ann' ? 'online' : 'away' })));
  });

  it('asks once for everyone who appeared together, and fills in offline for the unknown', async () => {
    store.dispatch(watchStatus('ann'));
    store.dispatch(watchStatus('bob'));
    store.dispatch(watchStatus('ann'));
    store.dispatch(watchStatus('ghost'));
    expect(services.fakeClient.getStatusesByIds).not.toHaveBeenCalled();
    services.runTimers();
    await settle();
    expect(services.fakeClient.getStatusesByIds).toHaveBeenCalledTimes(1);
    expect(services.fakeClient.getStatusesByIds).toHaveBeenCalledWith(['ann', 'bob', 'ghost']);
    expect(store.getState().users.statuses).toEqual({ ann: 'online', bob: 'away', ghost: 'offline' });
  });

  it('does not ask again within a minute, then refreshes those still on screen', async () => {
    const stopBob = store.dispatch(watchStatus('bob'));
    store.dispatch(watchStatus('ann'));
    services.runTimers();
    await settle();
    // Shown again a moment later (a list scrolled back): no new request.
    store.dispatch(watchStatus('ann'));
    services.runTimers();
    await settle();
    expect(services.fakeClient.getStatusesByIds).toHaveBeenCalledTimes(1);

    stopBob();
    services.clock.now += STATUS_REFRESH_MS;
    services.runTimers(); // the minute's refresh
    services.runTimers(); // its batch
    await settle();
    expect(services.fakeClient.getStatusesByIds).toHaveBeenCalledTimes(2);
    expect(services.fakeClient.getStatusesByIds).toHaveBeenLastCalledWith(['ann']);
  });

  it('keeps statuses live from status_change events', () => {
    store.dispatch(handleSocketEvent({ event: 'status_change', data: { user_id: me.id, status: 'dnd' }, broadcast: { user_id: me.id } }));
    expect(store.getState().users.statuses[me.id]).toBe('dnd');
    // Just learned: no request for it.
    store.dispatch(watchStatus(me.id));
    services.runTimers();
    expect(services.fakeClient.getStatusesByIds).not.toHaveBeenCalled();
  });
});

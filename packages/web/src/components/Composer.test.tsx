import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { renderWith } from '../test-utils/render';
import { makeChannel, makeUser } from '../test-utils/factories';
import type { AppStore } from '../store/store';
import { signedIn, socketStateChanged } from '../store/session-slice';
import { channelPostsLoaded } from '../store/posts-slice';
import { Composer } from './Composer';

const me = makeUser({ username: 'me' });
const channel = makeChannel();

describe('Composer', () => {
  let store: AppStore;
  let services: FakeServices;

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(signedIn(me));
    store.dispatch(socketStateChanged('connected'));
    store.dispatch(channelPostsLoaded({ channelId: channel.id, posts: [] }));
  });
  afterEach(cleanup);

  it('sends on Enter with an optimistic post, and keeps Shift+Enter for new lines', async () => {
    let resolve: (v: unknown) => void = () => {};
    services.fakeClient.createPost = vi.fn(() => new Promise((r) => (resolve = r)));
    renderWith(store, <Composer channelId={channel.id} rootId="" placeholder="Write to general" />);
    const box = screen.getByLabelText('Write to general') as HTMLTextAreaElement;

    fireEvent.change(box, { target: { value: 'line one' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(store.getState().posts.channels[channel.id]!.order).toHaveLength(0);

    fireEvent.keyDown(box, { key: 'Enter' });
    const state = store.getState().posts;
    const [pendingId] = state.channels[channel.id]!.order;
    expect(pendingId).toMatch(new RegExp(`^${me.id}:`));
    expect(state.byId[pendingId!]!.message).toBe('line one');
    expect(state.pending[pendingId!]).toBe('sending');
    expect(box.value).toBe('');

    await act(async () => {
      resolve({ id: 'p'.repeat(26), channel_id: channel.id, user_id: me.id, root_id: '', message: 'line one', create_at: 2, update_at: 2, edit_at: 0, delete_at: 0, type: '', props: {}, pending_post_id: pendingId, reply_count: 0, metadata: {} });
    });
    expect(store.getState().posts.channels[channel.id]!.order).toEqual(['p'.repeat(26)]);
    expect(store.getState().posts.pending).toEqual({});
  });

  it('announces typing over the socket, at most every few seconds', () => {
    renderWith(store, <Composer channelId={channel.id} rootId="" placeholder="Write" />);
    const box = screen.getByLabelText('Write');
    fireEvent.change(box, { target: { value: 'h' } });
    fireEvent.change(box, { target: { value: 'he' } });
    expect(services.sent).toEqual([{ action: 'user_typing', data: { channel_id: channel.id, parent_id: '' } }]);
    services.clock.now += 3500;
    fireEvent.change(box, { target: { value: 'hey' } });
    expect(services.sent).toHaveLength(2);
  });

  it('does not send blank messages', () => {
    renderWith(store, <Composer channelId={channel.id} rootId="" placeholder="Write" />);
    const box = screen.getByLabelText('Write');
    fireEvent.change(box, { target: { value: '   ' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(store.getState().posts.channels[channel.id]!.order).toHaveLength(0);
  });
});

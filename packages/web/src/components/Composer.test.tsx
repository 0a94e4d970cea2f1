import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { renderWith } from '../test-utils/render';
import { makeChannel, makePost, makeUser } from '../test-utils/factories';
import type { AppStore } from '../store/store';
import { clientConfigFields, configLoaded, signedIn, socketStateChanged } from '../store/session-slice';
import { memberCountReceived } from '../store/channels-slice';
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

  it('announces no typing in a channel of MaxNotificationsPerChannel members or more', () => {
    store.dispatch(configLoaded({ ...clientConfigFields({}), maxNotificationsPerChannel: 50 }));
    store.dispatch(memberCountReceived({ channelId: channel.id, count: 50 }));
    renderWith(store, <Composer channelId={channel.id} rootId="" placeholder="Write" />);
    fireEvent.change(screen.getByLabelText('Write'), { target: { value: 'h' } });
    expect(services.sent).toEqual([]);
    store.dispatch(memberCountReceived({ channelId: channel.id, count: 49 }));
    fireEvent.change(screen.getByLabelText('Write'), { target: { value: 'hi' } });
    expect(services.sent).toHaveLength(1);
  });

  it('does not send blank messages', () => {
    renderWith(store, <Composer channelId={channel.id} rootId="" placeholder="Write" />);
    const box = screen.getByLabelText('Write');
    fireEvent.change(box, { target: { value: '   ' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(store.getState().posts.channels[channel.id]!.order).toHaveLength(0);
  });

  it('keeps the draft in the store, per channel', () => {
    renderWith(store, <Composer channelId={channel.id} rootId="" placeholder="Write" />);
    fireEvent.change(screen.getByLabelText('Write'), { target: { value: 'half a thought' } });
    expect(store.getState().drafts.byKey[`${channel.id}:`]).toBe('half a thought');
    cleanup();
    renderWith(store, <Composer channelId={channel.id} rootId="" placeholder="Write" />);
    expect((screen.getByLabelText('Write') as HTMLTextAreaElement).value).toBe('half a thought');
  });

  it('edits my last message on Up in an empty box', () => {
    const mine = makePost({ channel_id: channel.id, user_id: me.id, message: 'my last words', create_at: 10 });
    const theirs = makePost({ channel_id: channel.id, user_id: 'someone-else', message: 'later, not mine', create_at: 20 });
    store.dispatch(channelPostsLoaded({ channelId: channel.id, posts: [mine, theirs] }));
    renderWith(store, <Composer channelId={channel.id} rootId="" placeholder="Write" />);
    const box = screen.getByLabelText('Write');
    fireEvent.change(box, { target: { value: 'not empty' } });
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(store.getState().ui.editingPostId).toBeNull();
    fireEvent.change(box, { target: { value: '' } });
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(store.getState().ui.editingPostId).toBe(mine.id);
  });

  it('completes @people, ~channels and :emoji: from the keyboard', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const bob = makeUser({ username: 'bob', first_name: 'Bob', last_name: 'Chen' });
      const boris = makeUser({ username: 'boris' });
      services.fakeClient.autocompleteUsers = vi.fn(async () => ({ users: [bob], out_of_channel: [boris] }));
      renderWith(store, <Composer channelId={channel.id} rootId="" placeholder="Write" />);
      const box = screen.getByLabelText('Write') as HTMLTextAreaElement;
      fireEvent.change(box, { target: { value: 'hi @bo', selectionStart: 6, selectionEnd: 6 } });
      await act(async () => {
        await vi.advanceTimersByTimeAsync(200);
      });
      const options = screen.getAllByRole('option');
      expect(options.map((o) => o.textContent)).toEqual(['B@bobBob Chen', 'B@borisNot in this channel']);
      expect(box.getAttribute('aria-activedescendant')).toBe(options[0]!.id);
      fireEvent.keyDown(box, { key: 'ArrowDown' });
      expect(options[1]!.getAttribute('aria-selected')).toBe('true');
      fireEvent.keyDown(box, { key: 'Tab' });
      expect(box.value).toBe('hi @boris ');
      expect(screen.queryByRole('listbox')).toBeNull();
      // Enter completes instead of sending while suggestions are open.
      fireEvent.change(box, { target: { value: 'hi @boris :thumbs', selectionStart: 17, selectionEnd: 17 } });
      await act(async () => {
        await vi.advanceTimersByTimeAsync(50);
      });
      fireEvent.keyDown(box, { key: 'Enter' });
      expect(box.value).toBe('hi @boris :thumbsup: ');
      expect(store.getState().posts.channels[channel.id]!.order).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  describe('attachments', () => {
    const info = (id: string, name: string, size: number) => ({ id, name, extension: 'txt', size, mime_type: 'text/plain', has_preview_image: false });
    const pick = (container: HTMLElement, files: File[]) => fireEvent.change(container.querySelector('input[type=file]')!, { target: { files } });

    it('uploads picked files, shows them pending, and sends them with the message once uploaded', async () => {
      let answer: (v: unknown) => void = () => {};
      services.fakeClient.uploadFile = vi.fn(() => new Promise((r) => (answer = r)));
      services.fakeClient.createPost = vi.fn(() => new Promise(() => {}));
      const { container } = renderWith(store, <Composer channelId={channel.id} rootId="" placeholder="Write" />);
      pick(container, [new File(['hello'], 'notes.txt', { type: 'text/plain' })]);

      expect(screen.getByRole('status', { name: 'Uploading notes.txt…' })).toBeTruthy();
      expect(screen.getByText('5 bytes')).toBeTruthy();
      const send = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
      fireEvent.change(screen.getByLabelText('Write'), { target: { value: 'see attached' } });
      expect(send.disabled).toBe(true);

      await act(async () => answer({ file_infos: [info('f1', 'notes.txt', 5)] }));
      expect(screen.queryByRole('status')).toBeNull();
      expect(send.disabled).toBe(false);
      fireEvent.click(send);
      expect(services.fakeClient.createPost).toHaveBeenCalledWith(expect.objectContaining({ message: 'see attached', file_ids: ['f1'] }));
      expect(container.querySelector('.upload')).toBeNull();
    });

    it('sends files without text, and drops a removed one', async () => {
      let n = 0;
      services.fakeClient.uploadFile = vi.fn(async (form: FormData) => ({ file_infos: [info(`f${++n}`, (form.get('files') as File).name, 1)] }));
      services.fakeClient.createPost = vi.fn(() => new Promise(() => {}));
      const { container } = renderWith(store, <Composer channelId={channel.id} rootId="" placeholder="Write" />);
      await act(async () => pick(container, [new File(['a'], 'keep.txt'), new File(['b'], 'drop.txt')]));
      fireEvent.click(screen.getByRole('button', { name: 'Remove drop.txt' }));
      fireEvent.keyDown(screen.getByLabelText('Write'), { key: 'Enter' });
      expect(services.fakeClient.createPost).toHaveBeenCalledWith(expect.objectContaining({ message: '', file_ids: ['f1'] }));
    });

    it('takes dropped and pasted files', async () => {
      services.fakeClient.uploadFile = vi.fn(async () => ({ file_infos: [info('f1', 'x.txt', 1)] }));
      const { container } = renderWith(store, <Composer channelId={channel.id} rootId="" placeholder="Write" />);
      const dropped = new File(['x'], 'dropped.txt');
      await act(async () => {
        fireEvent.drop(container.querySelector('form')!, { dataTransfer: { files: [dropped], types: ['Files'] } });
      });
      const pasted = new File(['y'], 'pasted.png', { type: 'image/png' });
      await act(async () => {
        fireEvent.paste(screen.getByLabelText('Write'), { clipboardData: { files: [pasted] } });
      });
      const sent = services.fakeClient.uploadFile.mock.calls.map(([form]) => ((form as FormData).get('files') as File).name);
      expect(sent).toEqual(['dropped.txt', 'pasted.png']);
    });

    it('says in the reader’s language when a file is over the server’s limit', async () => {
      store.dispatch(configLoaded({ noAccounts: false, openServer: false, siteName: 'Parley', maxFileSize: 2 * 1024 * 1024 }));
      services.fakeClient.uploadFile = vi.fn();
      const { container } = renderWith(store, <Composer channelId={channel.id} rootId="" placeholder="Write" />, 'ru');
      await act(async () => pick(container, [new File([new Uint8Array(3 * 1024 * 1024)], 'video.mp4')]));
      expect(screen.getByRole('alert').textContent).toBe('Файл video.mp4 слишком большой: допустимо не больше 2 МБ.');
      expect(services.fakeClient.uploadFile).not.toHaveBeenCalled();
    });
  });
});

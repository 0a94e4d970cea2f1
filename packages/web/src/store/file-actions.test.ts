import { beforeEach, describe, expect, it, vi } from 'vitest';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { makeChannel, makeUser } from '../test-utils/factories';
import type { AppStore } from './store';
import { configLoaded, signedIn } from './session-slice';
import { channelPostsLoaded } from './posts-slice';
import { uploadKey, uploadRemoved } from './uploads-slice';
import { fileLinks, MAX_FILES_PER_POST, uploadFiles } from './file-actions';
import { sendPost } from './post-thunks';

const me = makeUser({ username: 'me' });
const channel = makeChannel();
const key = uploadKey(channel.id, '');

function wireInfo(id: string, name: string, size: number) {
  return { id, name, extension: name.split('.').pop(), size, mime_type: 'text/plain', has_preview_image: false, user_id: me.id, channel_id: channel.id };
}

const file = (name: string, size: number) => new File([new Uint8Array(size)], name, { type: 'text/plain' });

describe('attaching files', () => {
  let store: AppStore;
  let services: FakeServices;

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(signedIn(me));
    store.dispatch(configLoaded({ noAccounts: false, openServer: false, siteName: 'Parley', maxFileSize: 1000 }));
    store.dispatch(channelPostsLoaded({ channelId: channel.id, posts: [] }));
  });

  it('uploads each file on its own, channel_id before the file, pending until the server answers', async () => {
    const forms: FormData[] = [];
    const answers: ((v: unknown) => void)[] = [];
    services.fakeClient.uploadFile = vi.fn((form: FormData) => {
      forms.push(form);
      return new Promise((r) => answers.push(r));
    });
    const done = store.dispatch(uploadFiles(channel.id, '', [file('a.txt', 10), file('b.txt', 20)]));

    expect(forms.map((f) => [...f.keys()])).toEqual([
      ['channel_id', 'files'],
      ['channel_id', 'files'],
    ]);
    expect(forms[0]!.get('channel_id')).toBe(channel.id);
    expect((forms[1]!.get('files') as File).name).toBe('b.txt');
    const pending = store.getState().uploads.byKey[key]!;
    expect(pending.map((u) => [u.name, u.file])).toEqual([
      ['a.txt', null],
      ['b.txt', null],
    ]);

    answers[0]!({ file_infos: [wireInfo('f1', 'a.txt', 10)], client_ids: [] });
    answers[1]!({ file_infos: [wireInfo('f2', 'b.txt', 20)], client_ids: [] });
    await done;
    expect(store.getState().uploads.byKey[key]!.map((u) => u.file?.id)).toEqual(['f1', 'f2']);
  });

  it('refuses a file over the server’s limit without sending it, and says which', async () => {
    services.fakeClient.uploadFile = vi.fn(async () => ({ file_infos: [wireInfo('f1', 'small.txt', 5)] }));
    await store.dispatch(uploadFiles(channel.id, '', [file('big.bin', 1001), file('small.txt', 5)]));
    expect(services.fakeClient.uploadFile).toHaveBeenCalledTimes(1);
    expect(store.getState().uploads.errors[key]).toEqual({ kind: 'tooLarge', name: 'big.bin', max: 1000 });
    expect(store.getState().uploads.byKey[key]).toHaveLength(1);
  });

  it('reports the server’s refusals: 413 as too large, others with the server’s message', async () => {
    services.fakeClient.uploadFile = vi.fn(async () => {
      throw Object.assign(new Error('Unable to upload file. File is too large.'), { status_code: 413, server_error_id: 'api.file.upload_file.too_large.app_error' });
    });
    await store.dispatch(uploadFiles(channel.id, '', [file('a.txt', 10)]));
    expect(store.getState().uploads.errors[key]).toEqual({ kind: 'tooLarge', name: 'a.txt', max: 1000 });
    expect(store.getState().uploads.byKey[key]).toBeUndefined();

    services.fakeClient.uploadFile = vi.fn(async () => {
      throw Object.assign(new Error('You do not have the appropriate permissions.'), { status_code: 403 });
    });
    await store.dispatch(uploadFiles(channel.id, '', [file('b.txt', 10)]));
    expect(store.getState().uploads.errors[key]).toEqual({ kind: 'server', name: 'b.txt', message: 'You do not have the appropriate permissions.' });
  });

  it(`takes at most ${MAX_FILES_PER_POST} files for one message`, async () => {
    let n = 0;
    services.fakeClient.uploadFile = vi.fn(async () => ({ file_infos: [wireInfo(`f${++n}`, 'x.txt', 1)] }));
    await store.dispatch(uploadFiles(channel.id, '', Array.from({ length: MAX_FILES_PER_POST + 2 }, (_, i) => file(`${i}.txt`, 1))));
    expect(store.getState().uploads.byKey[key]).toHaveLength(MAX_FILES_PER_POST);
    expect(store.getState().uploads.errors[key]).toEqual({ kind: 'tooMany', max: MAX_FILES_PER_POST });
  });

  it('ignores the answer for a file removed while it was uploading', async () => {
    let answer: (v: unknown) => void = () => {};
    services.fakeClient.uploadFile = vi.fn(() => new Promise((r) => (answer = r)));
    const done = store.dispatch(uploadFiles(channel.id, '', [file('a.txt', 10)]));
    const [upload] = store.getState().uploads.byKey[key]!;
    store.dispatch(uploadRemoved({ key, clientId: upload!.clientId }));
    answer({ file_infos: [wireInfo('f1', 'a.txt', 10)] });
    await done;
    expect(store.getState().uploads.byKey[key]).toBeUndefined();
  });

  it('posts with the file ids, showing the files on the optimistic post', async () => {
    services.fakeClient.createPost = vi.fn(async (p: { pending_post_id: string }) => ({ id: 'p'.repeat(26), channel_id: channel.id, user_id: me.id, root_id: '', message: '', create_at: 5, update_at: 5, edit_at: 0, delete_at: 0, type: '', props: {}, pending_post_id: p.pending_post_id, reply_count: 0, metadata: { files: [wireInfo('f1', 'a.txt', 10)] } }));
    const attached = { id: 'f1', name: 'a.txt', extension: 'txt', size: 10, mime_type: 'text/plain', width: 0, height: 0, has_preview_image: false };
    const sending = store.dispatch(sendPost(channel.id, '', '', [attached]));
    const [pendingId] = store.getState().posts.channels[channel.id]!.order;
    expect(store.getState().posts.byId[pendingId!]!.files).toEqual([attached]);
    await sending;
    expect(services.fakeClient.createPost).toHaveBeenCalledWith(expect.objectContaining({ channel_id: channel.id, message: '', file_ids: ['f1'] }));
    expect(store.getState().posts.byId['p'.repeat(26)]!.files.map((f) => f.name)).toEqual(['a.txt']);
  });

  it('names the addresses of a file through Client4', () => {
    services.fakeClient.getFileUrl = vi.fn((id: string) => `http://x/api/v4/files/${id}`);
    services.fakeClient.getFileThumbnailUrl = vi.fn((id: string) => `http://x/api/v4/files/${id}/thumbnail`);
    services.fakeClient.getFilePreviewUrl = vi.fn((id: string) => `http://x/api/v4/files/${id}/preview`);
    expect(store.dispatch(fileLinks('f1'))).toEqual({
      full: 'http://x/api/v4/files/f1',
      thumbnail: 'http://x/api/v4/files/f1/thumbnail',
      preview: 'http://x/api/v4/files/f1/preview',
      download: 'http://x/api/v4/files/f1?download=1',
    });
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Channel } from '@mattermost/types/channels';
import type { FileInfo, FileUploadResponse } from '@mattermost/types/files';
import type { Team } from '@mattermost/types/teams';
import { engines, expectClientError, makeAdmin, makeUser, startTestServer, uniqueName, type TestServer, type TestUser } from '../harness.js';

const MAX = 256 * 1024;

function form(channelId: string | null, files: { name: string; data: Buffer | string; type?: string }[], clientIds: string[] = []): FormData {
  const fd = new FormData();
  if (channelId !== null) fd.append('channel_id', channelId);
  for (const id of clientIds) fd.append('client_ids', id);
  for (const f of files) fd.append('files', new Blob([typeof f.data === 'string' ? f.data : new Uint8Array(f.data)], { type: f.type ?? 'application/octet-stream' }), f.name);
  return fd;
}

async function get(srv: TestServer, u: TestUser, path: string): Promise<Response> {
  return fetch(`${srv.url}/api/v4${path}`, { headers: { Authorization: `Bearer ${u.client.getToken()}` } });
}

for (const engine of engines()) {
  describe(`files [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser;
    let bob: TestUser;
    let outsider: TestUser;
    let team: Team;
    let pub: Channel;
    let priv: Channel;
    let png: Buffer;

    const upload = async (u: TestUser, fd: FormData) => (await u.client.uploadFile(fd)) as FileUploadResponse;

    before(async () => {
      srv = await startTestServer(engine, { maxFileSize: MAX });
      admin = await makeAdmin(srv.url);
      alice = await makeUser(srv.url, admin.client);
      bob = await makeUser(srv.url, admin.client);
      outsider = await makeUser(srv.url, admin.client);
      team = await admin.client.createTeam({ name: uniqueName('team'), display_name: 't', type: 'O' } as Team);
      for (const u of [alice, bob, outsider]) await admin.client.addToTeam(team.id, u.user.id);
      pub = await alice.client.createChannel({ team_id: team.id, name: uniqueName('pub'), display_name: 'p', type: 'O' } as Channel);
      await alice.client.addToChannel(bob.user.id, pub.id);
      priv = await alice.client.createChannel({ team_id: team.id, name: uniqueName('priv'), display_name: 'q', type: 'P' } as Channel);
      png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#3366cc' } }).png().toBuffer();
    });
    after(() => srv.close());

    it('uploads files, attaches them to a post and serves them', async () => {
      const res = await upload(alice, form(pub.id, [{ name: 'notes.txt', data: 'hello files' }, { name: 'pic.PNG', data: png, type: 'image/png' }], ['c1', 'c2']));
      assert.deepEqual(res.client_ids, ['c1', 'c2']);
      const [txt, img] = res.file_infos as [FileInfo, FileInfo];
      assert.equal(txt.name, 'notes.txt');
      assert.equal(txt.extension, 'txt');
      assert.equal(txt.size, 11);
      assert.equal(txt.mime_type, 'text/plain');
      assert.equal(txt.has_preview_image, false);
      assert.equal(txt.user_id, alice.user.id);
      assert.equal(txt.channel_id, pub.id);
      assert.equal(txt.post_id, undefined);
      assert.equal((txt as unknown as Record<string, unknown>).path, undefined);
      assert.deepEqual([img.extension, img.mime_type, img.width, img.height, img.has_preview_image], ['png', 'image/png', 400, 300, true]);
      // The mini preview is a 16×16 JPEG in base64, for clients to blur while the thumbnail loads.
      const mini = await sharp(Buffer.from(String(img.mini_preview), 'base64')).metadata();
      assert.deepEqual([mini.format, mini.width, mini.height], ['jpeg', 16, 16]);
      assert.equal(txt.mini_preview, undefined);

      const post = await alice.client.createPost({ channel_id: pub.id, message: 'with files', file_ids: [txt.id, img.id, 'x'.repeat(26)] } as never);
      assert.deepEqual(post.file_ids, [txt.id, img.id]);
      assert.deepEqual(post.metadata.files?.map((f) => f.id), [txt.id, img.id]);
      const again = await bob.client.getPost(post.id);
      assert.deepEqual(again.metadata.files?.map((f) => f.post_id), [post.id, post.id]);
      assert.deepEqual((await bob.client.getFileInfosForPost(post.id)).map((f) => f.id), [txt.id, img.id]);

      const file = await get(srv, bob, `/files/${txt.id}`);
      assert.equal(file.status, 200);
      assert.equal(await file.text(), 'hello files');
      assert.match(file.headers.get('content-disposition') ?? '', /^attachment; filename="notes.txt"/);
      assert.equal(file.headers.get('x-content-type-options'), 'nosniff');
      const image = await get(srv, bob, `/files/${img.id}`);
      assert.match(image.headers.get('content-disposition') ?? '', /^inline/);
      assert.equal(image.headers.get('content-type'), 'image/png');
      assert.deepEqual(Buffer.from(await image.arrayBuffer()), png);
      assert.match((await get(srv, bob, `/files/${img.id}?download=1`)).headers.get('content-disposition') ?? '', /^attachment/);
      for (const [kind, w, h] of [['thumbnail', 120, 90], ['preview', 400, 300]] as const) {
        const r = await get(srv, bob, `/files/${img.id}/${kind}`);
        assert.equal(r.headers.get('content-type'), 'image/jpeg');
        const meta = await sharp(Buffer.from(await r.arrayBuffer())).metadata();
        assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', w, h]);
      }
      assert.equal((await get(srv, bob, `/files/${txt.id}/thumbnail`)).status, 400);
      const info = await get(srv, bob, `/files/${img.id}/info`);
      assert.equal(((await info.json()) as FileInfo).id, img.id);
      await expectClientError(() => bob.client.getFilePublicLink(img.id), 501);

      // Attached files cannot be attached again; deleting the post deletes them.
      const second = await alice.client.createPost({ channel_id: pub.id, message: 'steal', file_ids: [txt.id] } as never);
      assert.deepEqual(second.file_ids, []);
      await alice.client.deletePost(post.id);
      assert.equal((await get(srv, alice, `/files/${txt.id}`)).status, 404);
    });

    it('never serves HTML or SVG inline', async () => {
      const res = await upload(alice, form(pub.id, [{ name: 'x.html', data: '<script>alert(1)</script>', type: 'text/html' }, { name: 'y.svg', data: '<svg onload="alert(1)"/>' }]));
      for (const f of res.file_infos) {
        await alice.client.createPost({ channel_id: pub.id, message: 'x', file_ids: [f.id] } as never);
        const r = await get(srv, bob, `/files/${f.id}`);
        assert.match(r.headers.get('content-disposition') ?? '', /^attachment/);
        assert.equal(r.headers.get('content-type'), 'application/octet-stream');
        assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      }
    });

    it('keeps files of channels the user cannot read away from them', async () => {
      const res = await upload(alice, form(priv.id, [{ name: 'secret.txt', data: 'secret' }]));
      const id = res.file_infos[0]!.id;
      const p = await alice.client.createPost({ channel_id: priv.id, message: 'secret', file_ids: [id] } as never);
      for (const path of [`/files/${id}`, `/files/${id}/info`, `/files/${id}/preview`]) assert.equal((await get(srv, bob, path)).status, 403, path);
      await expectClientError(() => bob.client.getFileInfosForPost(p.id), 403);
      // Unattached uploads are the uploader's alone.
      const loose = (await upload(alice, form(pub.id, [{ name: 'draft.txt', data: 'd' }]))).file_infos[0]!.id;
      assert.equal((await get(srv, bob, `/files/${loose}`)).status, 403);
      assert.equal((await get(srv, alice, `/files/${loose}`)).status, 200);
      // Someone else's unattached upload cannot be attached.
      const bobs = await bob.client.createPost({ channel_id: pub.id, message: 'mine?', file_ids: [loose] } as never);
      assert.deepEqual(bobs.file_ids, []);
      await expectClientError(() => upload(bob, form(priv.id, [{ name: 'a.txt', data: 'a' }])), 403);
      await expectClientError(() => upload(outsider, form(priv.id, [{ name: 'a.txt', data: 'a' }])), 403);
    });

    it('searches attached files by name and extension in readable channels only', async () => {
      const names = async (u: TestUser, terms: string, teamId = team.id, or = false) => {
        const res = (await u.client.searchFilesWithParams(teamId, { terms, is_or_search: or } as never)) as unknown as { order: string[]; file_infos: Record<string, FileInfo> };
        return res.order.map((id) => res.file_infos[id]!.name);
      };
      assert.deepEqual(await names(alice, 'secret'), ['secret.txt']);
      assert.deepEqual(await names(bob, 'secret'), []);
      assert.deepEqual(await names(bob, 'ext:svg'), ['y.svg']);
      assert.deepEqual(await names(bob, 'x y', team.id, true), ['y.svg', 'x.html']);
      assert.deepEqual(await names(bob, 'x y'), []);
      assert.deepEqual(await names(alice, 'notes'), []); // deleted with its post
      assert.deepEqual(await names(alice, 'draft'), []); // never attached
      assert.deepEqual(await names(alice, 'secret', ''), ['secret.txt']);
      await expectClientError(() => names(bob, 'x', 'q'.repeat(26)), 403);
    });

    it('rejects bad uploads', async () => {
      await expectClientError(() => upload(alice, form(pub.id, [{ name: 'big.bin', data: Buffer.alloc(MAX + 1) }])), 413, 'api.file.upload_file.too_large.app_error');
      await expectClientError(() => upload(alice, form(null, [{ name: 'a.txt', data: 'a' }])), 400);
      await expectClientError(() => upload(alice, form('not-an-id', [{ name: 'a.txt', data: 'a' }])), 400);
      await expectClientError(() => upload(alice, form('a'.repeat(26), [{ name: 'a.txt', data: 'a' }])), 403);
      await expectClientError(() => upload(alice, form(pub.id, [])), 400);
      await expectClientError(() => upload(alice, form(pub.id, [{ name: 'a.txt', data: 'a' }], ['1', '2'])), 400);
      const r = await fetch(`${srv.url}/api/v4/files`, { method: 'POST', headers: { Authorization: `Bearer ${alice.client.getToken()}`, 'Content-Type': 'application/json' }, body: '{}' });
      assert.equal(r.status, 400);
      // Path tricks in names stay names.
      const res = await upload(alice, form(pub.id, [{ name: '../../etc/passwd', data: 'p' }, { name: 'C:\\x\\..\\evil.txt', data: 'e' }]));
      assert.deepEqual(res.file_infos.map((f) => f.name), ['passwd', 'evil.txt']);
      assert.equal((await get(srv, alice, `/files/${'z'.repeat(26)}`)).status, 404);
      assert.equal((await get(srv, alice, '/files/bad!id')).status, 400);
      // A corrupt "image" is kept as a plain file.
      const bad = (await upload(alice, form(pub.id, [{ name: 'broken.png', data: 'not a png' }]))).file_infos[0]!;
      assert.equal(bad.has_preview_image, false);
    });
  });
}

for (const engine of engines()) {
  describe(`public file links [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser;
    let outsider: TestUser;
    let priv: Channel;

    before(async () => {
      srv = await startTestServer(engine, { maxFileSize: MAX, enablePublicLink: true });
      admin = await makeAdmin(srv.url);
      alice = await makeUser(srv.url, admin.client);
      outsider = await makeUser(srv.url, admin.client);
      const team = await admin.client.createTeam({ name: uniqueName('team'), display_name: 't', type: 'O' } as Team);
      for (const u of [alice, outsider]) await admin.client.addToTeam(team.id, u.user.id);
      priv = await alice.client.createChannel({ team_id: team.id, name: uniqueName('priv'), display_name: 'q', type: 'P' } as Channel);
    });
    after(() => srv.close());

    it('gives readers of the post a link anyone can open, and nothing to anyone else', async () => {
      const fd = form(priv.id, [{ name: 'report.html', data: '<script>alert(1)</script>' }]);
      const [file] = ((await alice.client.uploadFile(fd)) as FileUploadResponse).file_infos as [FileInfo];
      // Not attached to a post yet: no link (Mattermost's rule).
      await expectClientError(() => alice.client.getFilePublicLink(file.id), 400, 'api.file.get_public_link.no_post.app_error');
      const post = await alice.client.createPost({ channel_id: priv.id, message: 'report', file_ids: [file.id] } as never);
      // Someone outside the private channel may not make a link to its file.
      await expectClientError(() => outsider.client.getFilePublicLink(file.id), 403);
      const { link } = await alice.client.getFilePublicLink(file.id);
      const url = new URL(link);
      assert.equal(url.pathname, `/files/${file.id}/public`);
      const again = await alice.client.getFilePublicLink(file.id);
      assert.equal(again.link, link, 'the link is stable');

      // No session at all: the hash is the credential. Served as a download, never as a page.
      const res = await fetch(`${srv.url}${url.pathname}${url.search}`);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), '<script>alert(1)</script>');
      assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="report.html"/);
      assert.equal(res.headers.get('content-type'), 'application/octet-stream');
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');

      const wrong = await fetch(`${srv.url}${url.pathname}?h=${'A'.repeat(url.searchParams.get('h')!.length)}`);
      assert.equal(wrong.status, 400);
      assert.equal(((await wrong.json()) as { id: string }).id, 'api.file.get_file.public_invalid.app_error');
      assert.equal((await fetch(`${srv.url}${url.pathname}`)).status, 400, 'no hash');
      assert.equal((await fetch(`${srv.url}/files/${'z'.repeat(26)}/public?h=x`)).status, 404);

      // The post goes, and the link with it.
      await alice.client.deletePost(post.id);
      assert.equal((await fetch(`${srv.url}${url.pathname}${url.search}`)).status, 404);
    });

    it('answers 501 for links and link targets when public links are off', async () => {
      const off = await startTestServer(engine, { enablePublicLink: false });
      try {
        const owner = await makeAdmin(off.url);
        const team = await owner.client.createTeam({ name: uniqueName('team'), display_name: 't', type: 'O' } as Team);
        const ch = await owner.client.createChannel({ team_id: team.id, name: uniqueName('c'), display_name: 'c', type: 'O' } as Channel);
        const [file] = ((await owner.client.uploadFile(form(ch.id, [{ name: 'a.txt', data: 'a' }]))) as FileUploadResponse).file_infos as [FileInfo];
        await owner.client.createPost({ channel_id: ch.id, message: 'a', file_ids: [file.id] } as never);
        await expectClientError(() => owner.client.getFilePublicLink(file.id), 501, 'api.file.get_public_link.disabled.app_error');
        assert.equal((await fetch(`${off.url}/files/${file.id}/public?h=anything`)).status, 501);
      } finally {
        await off.close();
      }
    });
  });
}

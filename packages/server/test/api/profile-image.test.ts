// Profile pictures: upload through the official client, served square at 128×128 with a new
// last_picture_update; others may not change someone's picture; non-images and oversized files are refused
// and change nothing; deleting returns to the generated default.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { engines, expectClientError, makeAdmin, makeUser, startTestServer, type TestServer, type TestUser } from '../harness.js';

async function image(srv: TestServer, viewer: TestUser, userId: string, suffix = ''): Promise<Buffer> {
  const res = await fetch(`${srv.url}/api/v4/users/${userId}/image${suffix}`, { headers: { Authorization: `Bearer ${viewer.client.getToken()}` } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/png');
  return Buffer.from(await res.arrayBuffer());
}

for (const engine of engines()) {
  describe(`profile images [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser;
    let bob: TestUser;
    let photo: Buffer;

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      alice = await makeUser(srv.url, admin.client);
      bob = await makeUser(srv.url, admin.client);
      photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#cc3366' } }).jpeg().toBuffer();
    });
    after(() => srv.close());

    it('uploads, serves 128×128, moves last_picture_update, and resets to the default', async () => {
      const before = await image(srv, bob, alice.user.id);
      const defaultPicture = await image(srv, bob, alice.user.id, '/default');
      assert.deepEqual(before, defaultPicture);
      await alice.client.uploadProfileImage(alice.user.id, new File([new Uint8Array(photo)], 'me.jpg', { type: 'image/jpeg' }));
      const after = await image(srv, bob, alice.user.id);
      assert.notDeepEqual(after, before);
      const meta = await sharp(after).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['png', 128, 128]);
      const { data } = await sharp(after).raw().toBuffer({ resolveWithObject: true });
      // The uploaded colour, give or take JPEG rounding.
      [0xcc, 0x33, 0x66].forEach((c, i) => assert.ok(Math.abs(data[i]! - c) <= 3, `channel ${i}: ${data[i]} vs ${c}`));
      const updated = await bob.client.getUser(alice.user.id);
      assert.ok(updated.last_picture_update > 0);
      assert.deepEqual(await image(srv, bob, alice.user.id, '/default'), defaultPicture, '/default stays the generated one');

      await alice.client.setDefaultProfileImage(alice.user.id);
      assert.deepEqual(await image(srv, bob, alice.user.id), defaultPicture);
      assert.ok((await bob.client.getUser(alice.user.id)).last_picture_update < 0);
    });

    it('lets only the user or an admin change it, and refuses what is not an image', async () => {
      const file = () => new File([new Uint8Array(photo)], 'x.jpg', { type: 'image/jpeg' });
      await expectClientError(() => bob.client.uploadProfileImage(alice.user.id, file()), 403);
      await expectClientError(() => bob.client.setDefaultProfileImage(alice.user.id), 403);
      await expectClientError(() => alice.client.uploadProfileImage(alice.user.id, new File(['not an image'], 'x.jpg', { type: 'image/jpeg' })), 400, 'api.user.upload_profile_user.decode.app_error');
      assert.ok((await alice.client.getMe()).last_picture_update <= 0, 'nothing changed');
      await admin.client.uploadProfileImage(alice.user.id, file());
      assert.ok((await alice.client.getMe()).last_picture_update > 0);
      const big = new File([new Uint8Array(11 * 1024 * 1024)], 'big.png', { type: 'image/png' });
      await expectClientError(() => bob.client.uploadProfileImage(bob.user.id, big), 413, 'api.user.upload_profile_user.too_large.app_error');
    });
  });
}

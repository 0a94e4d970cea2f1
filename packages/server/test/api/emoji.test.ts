import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { CustomEmoji } from '@mattermost/types/emojis';
import type { ServerEvent } from '../../src/events/event.js';
import { engines, expectClientError, makeAdmin, makeUser, raw, startTestServer, type TestServer, type TestUser } from '../harness.js';

async function image(w: number, h: number, format: 'png' | 'gif' = 'png'): Promise<File> {
  const img = sharp({ create: { width: w, height: h, channels: 4, background: '#ff000080' } });
  const buf = await (format === 'gif' ? img.gif() : img.png()).toBuffer();
  return new File([new Uint8Array(buf)], `e.${format}`, { type: `image/${format}` });
}

for (const engine of engines()) {
  describe(`custom emoji [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser;
    let bob: TestUser;

    const create = async (u: TestUser, name: string, img?: File) =>
      (await u.client.createCustomEmoji({ name, creator_id: u.user.id } as CustomEmoji, img ?? (await image(64, 64)))) as CustomEmoji;

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      alice = await makeUser(srv.url, admin.client);
      bob = await makeUser(srv.url, admin.client);
    });
    after(() => srv.close());

    it('creates, reads, lists, searches and announces emoji', async () => {
      const events: ServerEvent[] = [];
      const stop = srv.parley.bus.subscribe((e) => events.push(e));
      const party = await create(alice, 'party_parrot');
      stop();
      assert.match(party.id, /^[a-z0-9]{26}$/);
      assert.equal(party.creator_id, alice.user.id);
      assert.equal(party.name, 'party_parrot');
      const added = events.find((e) => e.event === 'emoji_added');
      assert.ok(added);
      assert.equal((JSON.parse((added.data as { emoji: string }).emoji) as CustomEmoji).id, party.id);

      const big = await create(bob, 'big-one', await image(400, 200));
      const gif = await create(bob, 'anim+gif', await image(32, 32, 'gif'));
      assert.deepEqual((await bob.client.getCustomEmoji(party.id)).name, 'party_parrot');
      assert.equal((await bob.client.getCustomEmojiByName('party_parrot')).id, party.id);
      assert.deepEqual((await bob.client.getCustomEmojisByNames(['party_parrot', 'nope', 'big-one'])).map((e) => e.name).sort(), ['big-one', 'party_parrot']);
      assert.deepEqual((await bob.client.getCustomEmojis(0, 60, 'name')).map((e) => e.name), ['anim+gif', 'big-one', 'party_parrot']);
      assert.deepEqual((await bob.client.getCustomEmojis(1, 2, 'name')).map((e) => e.name), ['party_parrot']);
      assert.deepEqual((await bob.client.searchCustomEmoji('parrot')).map((e) => e.name), ['party_parrot']);
      assert.deepEqual(await bob.client.searchCustomEmoji('parrot', { prefix_only: true }), []);
      assert.deepEqual((await bob.client.autocompleteCustomEmoji('b')).map((e) => e.id), [big.id]);

      const res = await fetch(`${srv.url}/api/v4/emoji/${big.id}/image`, { headers: { Authorization: `Bearer ${bob.client.getToken()}` } });
      assert.equal(res.headers.get('content-type'), 'image/png');
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      assert.deepEqual([meta.width, meta.height], [128, 64]);
      const g = await fetch(`${srv.url}/api/v4/emoji/${gif.id}/image`, { headers: { Authorization: `Bearer ${bob.client.getToken()}` } });
      assert.equal(g.headers.get('content-type'), 'image/gif');

      // Reactions take custom names.
      const team = await admin.client.createTeam({ name: `t${Date.now()}`, display_name: 't', type: 'O' } as never);
      await admin.client.addToTeam(team.id, alice.user.id);
      const ch = await alice.client.createChannel({ team_id: team.id, name: `c${Date.now()}`, display_name: 'c', type: 'O' } as never);
      const post = await alice.client.createPost({ channel_id: ch.id, message: 'hi' } as never);
      assert.equal((await alice.client.addReaction(alice.user.id, post.id, 'party_parrot')).emoji_name, 'party_parrot');
    });

    it('enforces names, images, ownership and delete permissions', async () => {
      await create(alice, 'taken');
      await expectClientError(() => create(bob, 'taken'), 400, 'api.emoji.create.duplicate.app_error');
      await expectClientError(() => create(bob, 'bad name!'), 400);
      await expectClientError(() => create(bob, 'x'.repeat(65)), 400);
      await expectClientError(() => create(bob, 'notimage', new File(['<svg/>'], 'x.svg', { type: 'image/svg+xml' })), 400, 'api.emoji.upload.image.app_error');
      await expectClientError(() => create(bob, 'huge', new File([new Uint8Array(1024 * 1024 + 10)], 'h.png', { type: 'image/png' })), 413, 'api.emoji.create.too_large.app_error');
      const small = await image(8, 8);
      await expectClientError(() => bob.client.createCustomEmoji({ name: 'forged', creator_id: alice.user.id } as CustomEmoji, small), 403);
      const res = await raw(srv.url, 'POST', '/api/v4/emoji', { token: bob.client.getToken(), body: { name: 'json' } });
      assert.equal(res.status, 400);

      const mine = await create(bob, 'bobs');
      const hers = await bob.client.getCustomEmojiByName('taken');
      await expectClientError(() => bob.client.deleteCustomEmoji(hers.id), 403);
      await bob.client.deleteCustomEmoji(mine.id);
      await expectClientError(() => bob.client.getCustomEmoji(mine.id), 404, 'app.emoji.get.no_result');
      await expectClientError(() => bob.client.getCustomEmojiByName('bobs'), 404);
      await admin.client.deleteCustomEmoji(hers.id);
      // The name is free again after a delete.
      await create(bob, 'taken');
      await expectClientError(() => bob.client.getCustomEmoji('z'.repeat(26)), 404);
      await expectClientError(() => bob.client.autocompleteCustomEmoji(''), 400);
    });
  });
}

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@mattermost/types/channels';
import type { Reaction } from '@mattermost/types/reactions';
import type { Team } from '@mattermost/types/teams';
import type { ServerEvent } from '../../src/events/event.js';
import { engines, expectAppError, expectClientError, makeAdmin, makeUser, raw, startTestServer, type TestServer, type TestUser, makeChannel, makeTeam } from '../harness.js';

type WireReaction = Reaction & { update_at: number; delete_at: number; channel_id: string; remote_id: string };

for (const engine of engines()) {
  describe(`reactions [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser;
    let bob: TestUser;
    let carol: TestUser;
    let team: Team;
    let priv: Channel;

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      alice = await makeUser(srv.url, admin.client);
      bob = await makeUser(srv.url, admin.client);
      carol = await makeUser(srv.url, admin.client);
      team = await makeTeam(admin, [alice, bob, carol]);
      priv = await makeChannel(alice, team, 'P', [bob]);
    });
    after(() => srv.close());

    it('adds reactions, shows them in post metadata, and removes them', async () => {
      const p = await alice.client.createPost({ channel_id: priv.id, message: 'react to me' });
      const r = (await bob.client.addReaction(bob.user.id, p.id, '+1')) as WireReaction;
      assert.deepEqual(
        { ...r, create_at: 0, update_at: 0 },
        { user_id: bob.user.id, post_id: p.id, emoji_name: '+1', create_at: 0, update_at: 0, delete_at: 0, remote_id: '', channel_id: priv.id },
      );
      assert.ok(r.create_at > 0);
      await alice.client.addReaction(alice.user.id, p.id, 'smile');

      const withReactions = await alice.client.getPost(p.id);
      assert.equal((withReactions as { has_reactions?: boolean }).has_reactions, true);
      assert.deepEqual(withReactions.metadata.reactions?.map((x) => `${x.user_id}:${x.emoji_name}`), [`${bob.user.id}:+1`, `${alice.user.id}:smile`]);
      assert.ok(withReactions.update_at > p.update_at, 'a reaction bumps the post');
      const since = await alice.client.getPostsSince(priv.id, p.update_at);
      assert.ok(since.order.includes(p.id), 'since picks up reaction changes');

      const listed = await alice.client.getReactionsForPost(p.id);
      assert.deepEqual(listed.map((x) => x.emoji_name), ['+1', 'smile']);
      const inList = (await alice.client.getPosts(priv.id)).posts[p.id]!;
      assert.equal(inList.metadata.reactions?.length, 2);

      assert.deepEqual(await bob.client.removeReaction(bob.user.id, p.id, '+1'), { status: 'OK' });
      await alice.client.removeReaction('me', p.id, 'smile');
      assert.deepEqual(await alice.client.getReactionsForPost(p.id), []);
      const bare = await alice.client.getPost(p.id);
      assert.equal((bare as { has_reactions?: boolean }).has_reactions, undefined);
      assert.deepEqual(bare.metadata, {});
    });

    it('revives a removed reaction with its first create_at', async () => {
      const p = await alice.client.createPost({ channel_id: priv.id, message: 'again and again' });
      const first = await bob.client.addReaction(bob.user.id, p.id, 'tada');
      const same = await bob.client.addReaction(bob.user.id, p.id, 'tada');
      assert.equal(same.create_at, first.create_at);
      await bob.client.removeReaction(bob.user.id, p.id, 'tada');
      const revived = (await bob.client.addReaction(bob.user.id, p.id, 'tada')) as WireReaction;
      assert.equal(revived.create_at, first.create_at);
      assert.equal(revived.delete_at, 0);
      assert.equal((await bob.client.getReactionsForPost(p.id)).length, 1);
    });

    it('returns reactions for many posts at once, with an entry for every post', async () => {
      const a = await alice.client.createPost({ channel_id: priv.id, message: 'a' });
      const b = await alice.client.createPost({ channel_id: priv.id, message: 'b' });
      await bob.client.addReaction(bob.user.id, a.id, 'heart');
      const res = await raw(srv.url, 'POST', '/api/v4/posts/ids/reactions', { token: bob.client.getToken(), body: [a.id, b.id] });
      assert.equal(res.status, 200);
      const byPost = res.json as unknown as Record<string, Reaction[]>;
      assert.deepEqual(Object.keys(byPost).sort(), [a.id, b.id].sort());
      assert.deepEqual(byPost[a.id]!.map((x) => x.emoji_name), ['heart']);
      assert.deepEqual(byPost[b.id], []);
      expectAppError(await raw(srv.url, 'POST', '/api/v4/posts/ids/reactions', { token: carol.client.getToken(), body: [a.id] }), 403);
      expectAppError(await raw(srv.url, 'POST', '/api/v4/posts/ids/reactions', { token: bob.client.getToken(), body: ['bad'] }), 400);
    });

    it('enforces who may react and validates the reaction', async () => {
      const p = await alice.client.createPost({ channel_id: priv.id, message: 'rules' });
      await expectClientError(() => bob.client.addReaction(alice.user.id, p.id, 'smile'), 403, 'api.reaction.save_reaction.user_id.app_error');
      await expectClientError(() => carol.client.addReaction(carol.user.id, p.id, 'smile'), 403, 'api.context.permissions.app_error');
      await expectClientError(() => carol.client.getReactionsForPost(p.id), 403);
      await expectClientError(() => bob.client.addReaction(bob.user.id, p.id, 'bad:name'), 400);
      await expectClientError(() => bob.client.addReaction(bob.user.id, p.id, 'x'.repeat(65)), 400);
      await expectClientError(() => bob.client.addReaction(bob.user.id, 'a'.repeat(26), 'smile'), 404);
      const token = bob.client.getToken();
      expectAppError(await raw(srv.url, 'POST', '/api/v4/reactions', { token, body: { user_id: bob.user.id, post_id: p.id } }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'POST', '/api/v4/reactions', { token, body: { user_id: bob.user.id, post_id: 'short', emoji_name: 'x' } }), 400);
      assert.deepEqual(await alice.client.getReactionsForPost(p.id), [], 'nothing was saved');

      await alice.client.addReaction(alice.user.id, p.id, 'smile');
      await expectClientError(() => bob.client.removeReaction(alice.user.id, p.id, 'smile'), 403);
      assert.equal((await alice.client.getReactionsForPost(p.id)).length, 1);
      await admin.client.removeReaction(alice.user.id, p.id, 'smile');
      assert.equal((await alice.client.getReactionsForPost(p.id)).length, 0, 'a system admin may remove anyone’s reaction');
      expectAppError(await raw(srv.url, 'DELETE', `/api/v4/users/me/posts/${p.id}/reactions/bad:name`, { token }), 400);
    });

    it('freezes reactions in archived channels', async () => {
      const ch = await makeChannel(alice, team, 'O', [bob]);
      const p = await alice.client.createPost({ channel_id: ch.id, message: 'last words' });
      await bob.client.addReaction(bob.user.id, p.id, 'wave');
      await alice.client.deleteChannel(ch.id);
      await expectClientError(() => bob.client.addReaction(bob.user.id, p.id, 'smile'), 403, 'api.reaction.save.archived_channel.app_error');
      await expectClientError(() => bob.client.removeReaction(bob.user.id, p.id, 'wave'), 403);
      assert.equal((await bob.client.getReactionsForPost(p.id)).length, 1);
    });

    it('emits reaction_added and reaction_removed to the channel after commit', async () => {
      const p = await alice.client.createPost({ channel_id: priv.id, message: 'events' });
      const events: ServerEvent[] = [];
      const stop = srv.parley.bus.subscribe((e) => events.push(e));
      const added = await bob.client.addReaction(bob.user.id, p.id, 'eyes');
      await bob.client.removeReaction(bob.user.id, p.id, 'eyes');
      await bob.client.removeReaction(bob.user.id, p.id, 'eyes');
      await expectClientError(() => carol.client.addReaction(carol.user.id, p.id, 'eyes'), 403);
      stop();
      const mine = events.filter((e) => e.event.startsWith('reaction_'));
      assert.deepEqual(mine.map((e) => e.event), ['reaction_added', 'reaction_removed'], 'removing twice emits once; refusals emit nothing');
      for (const e of mine) assert.equal(e.broadcast.channel_id, priv.id);
      assert.deepEqual(JSON.parse((mine[0]!.data as { reaction: string }).reaction), added);
      const removed = JSON.parse((mine[1]!.data as { reaction: string }).reaction) as WireReaction;
      assert.equal(removed.emoji_name, 'eyes');
      assert.ok(removed.delete_at > 0);
    });
  });
}

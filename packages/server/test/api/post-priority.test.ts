// Message priority (important / urgent, requested acknowledgement) and acknowledgements, through the
// official client: metadata on every read path, urgent mention counts, the ack events, and what is refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { engines, expectClientError, makeAdmin, makeChannel, makeTeam, makeUser, raw, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { RawSocket } from '../ws-harness.js';

type Priority = { priority: '' | 'urgent' | 'important'; requested_ack?: boolean; persistent_notifications?: boolean };

function withPriority(channelId: string, message: string, priority: Priority, rootId = ''): Partial<Post> & Pick<Post, 'channel_id' | 'message'> {
  return { channel_id: channelId, message, root_id: rootId, metadata: { priority } as Post['metadata'] };
}

for (const engine of engines()) {
  describe(`post priority and acknowledgements [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser;
    let bob: TestUser;
    let carol: TestUser;
    let team: Team;
    let chan: Channel;

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      alice = await makeUser(srv.url, admin.client);
      bob = await makeUser(srv.url, admin.client);
      carol = await makeUser(srv.url, admin.client);
      team = await makeTeam(admin, [alice, bob, carol]);
      chan = await makeChannel(alice, team, 'P', [bob]);
    });
    after(() => srv.close());

    it('keeps the priority in post metadata on every read path and counts urgent mentions', async () => {
      await bob.client.viewMyChannel(chan.id);
      const urgent = await alice.client.createPost(withPriority(chan.id, `@${bob.user.username} the build is on fire`, { priority: 'urgent', requested_ack: true }));
      assert.deepEqual(urgent.metadata.priority, { priority: 'urgent', requested_ack: true, persistent_notifications: false });
      const important = await alice.client.createPost(withPriority(chan.id, 'read this when you can', { priority: 'important' }));
      const plain = await alice.client.createPost({ channel_id: chan.id, message: `@${bob.user.username} plain mention` });
      assert.equal(plain.metadata.priority, undefined);

      assert.deepEqual((await bob.client.getPost(urgent.id)).metadata.priority?.priority, 'urgent');
      const list = await bob.client.getPosts(chan.id);
      assert.equal(list.posts[important.id]!.metadata.priority?.priority, 'important');
      assert.equal(list.posts[plain.id]!.metadata.priority, undefined);
      const byIds = await bob.client.getPostsByIds([urgent.id]);
      assert.equal(byIds[0]!.metadata.priority?.requested_ack, true);

      const member = await bob.client.getChannelMember(chan.id, bob.user.id);
      assert.equal(member.mention_count, 2);
      assert.equal(member.urgent_mention_count, 1, 'only the urgent post counts as an urgent mention');

      // Marking unread recounts from the posts themselves, urgent ones included.
      await bob.client.viewMyChannel(chan.id);
      await bob.client.markPostAsUnread(bob.user.id, urgent.id);
      const recounted = await bob.client.getChannelMember(chan.id, bob.user.id);
      assert.equal(recounted.mention_count, 2);
      assert.equal(recounted.urgent_mention_count, 1);

      // A thread whose root is urgent says so in the collapsed-threads view.
      await bob.client.createPost({ channel_id: chan.id, root_id: urgent.id, message: 'on it' });
      await bob.client.createPost({ channel_id: chan.id, root_id: important.id, message: 'noted' });
      const threads = await bob.client.getUserThreads(bob.user.id, team.id, {});
      const urgency = Object.fromEntries(threads.threads.map((t) => [t.id, (t as unknown as { is_urgent: boolean }).is_urgent]));
      assert.deepEqual(urgency, { [urgent.id]: true, [important.id]: false });
    });

    it('refuses a priority on a reply, persistent notifications and unknown levels, storing nothing', async () => {
      const root = await alice.client.createPost({ channel_id: chan.id, message: 'root' });
      const before = (await alice.client.getPosts(chan.id)).order.length;
      await expectClientError(
        () => alice.client.createPost(withPriority(chan.id, 'reply', { priority: 'urgent' }, root.id)),
        400,
        'api.post.post_priority.priority_post_only_allowed_for_root_post.request_error',
      );
      await expectClientError(
        () => alice.client.createPost(withPriority(chan.id, 'again and again', { priority: 'urgent', persistent_notifications: true })),
        403,
        'api.post.post_priority.priority_post_not_allowed_for_user.request_error',
      );
      const res = await raw(srv.url, 'POST', '/api/v4/posts', { token: alice.client.getToken(), body: { channel_id: chan.id, message: 'x', metadata: { priority: { priority: 'critical' } } } });
      assert.equal(res.status, 400);
      assert.equal(res.json.id, 'api.context.invalid_body_param.app_error');
      assert.equal((await alice.client.getPosts(chan.id)).order.length, before);
    });

    it('is refused when ServiceSettings.PostPriority is off, and the client config says so', async () => {
      const off = await startTestServer(engine, { postPriority: false });
      try {
        const a = await makeAdmin(off.url);
        const t = await makeTeam(a);
        const town = await a.client.getChannelByName(t.id, 'town-square');
        assert.equal((await a.client.getClientConfig()).PostPriority, 'false');
        await expectClientError(() => a.client.createPost(withPriority(town.id, 'hi', { priority: 'important' })), 403, 'api.post.post_priority.priority_post_not_allowed_for_user.request_error');
        assert.equal((await a.client.createPost({ channel_id: town.id, message: 'hi' })).metadata.priority, undefined);
      } finally {
        await off.close();
      }
      assert.equal((await alice.client.getClientConfig()).PostPriority, 'true');
    });

    it('acknowledges and takes back an acknowledgement, telling the channel', async () => {
      const post = await alice.client.createPost(withPriority(chan.id, 'please confirm', { priority: '', requested_ack: true }));
      assert.deepEqual(post.metadata.priority, { priority: '', requested_ack: true, persistent_notifications: false });
      const sock = await RawSocket.open(srv.url, { token: alice.client.getToken() });
      try {
        await sock.waitFor((f) => f.event === 'hello');
        const ack = await bob.client.acknowledgePost(post.id, bob.user.id);
        assert.equal(ack.post_id, post.id);
        assert.equal(ack.user_id, bob.user.id);
        assert.ok(ack.acknowledged_at >= post.create_at);

        const added = await sock.waitFor((f) => f.event === 'post_acknowledgement_added', 5000, 'ack event');
        assert.deepEqual(JSON.parse(added.data!.acknowledgement as string), { post_id: post.id, user_id: bob.user.id, acknowledged_at: ack.acknowledged_at });
        const edited = await sock.waitFor((f) => f.event === 'post_edited' && (JSON.parse(f.data!.post as string) as Post).id === post.id, 5000, 'post_edited');
        assert.equal((JSON.parse(edited.data!.post as string) as Post).metadata.acknowledgements?.length, 1);

        const read = await alice.client.getPost(post.id);
        assert.deepEqual(read.metadata.acknowledgements, [{ post_id: post.id, user_id: bob.user.id, acknowledged_at: ack.acknowledged_at }]);
        assert.ok(read.update_at > post.update_at, 'an acknowledgement bumps the post for `since`');
        assert.ok((await alice.client.getPostsSince(chan.id, post.update_at)).order.includes(post.id));

        assert.deepEqual(await bob.client.unacknowledgePost(post.id, 'me'), { status: 'OK' });
        await sock.waitFor((f) => f.event === 'post_acknowledgement_removed', 5000, 'unack event');
        assert.equal((await alice.client.getPost(post.id)).metadata.acknowledgements, undefined);
        await expectClientError(() => bob.client.unacknowledgePost(post.id, bob.user.id), 404, 'app.acknowledgement.get.app_error');
      } finally {
        sock.close();
      }
    });

    it('lets an acknowledgement be taken back only within five minutes', async () => {
      const post = await alice.client.createPost(withPriority(chan.id, 'ack me', { priority: 'important', requested_ack: true }));
      await bob.client.acknowledgePost(post.id, bob.user.id);
      const store = srv.parley.app.ctx.store;
      await store.postPriority.saveAck({ post_id: post.id, user_id: bob.user.id, channel_id: chan.id, acknowledged_at: Date.now() - 6 * 60 * 1000 });
      await expectClientError(() => bob.client.unacknowledgePost(post.id, bob.user.id), 403, 'api.acknowledgement.delete.deadline.app_error');
      assert.equal((await alice.client.getPost(post.id)).metadata.acknowledgements?.length, 1, 'the refused removal changed nothing');
    });

    it('refuses acknowledgements by non-members and for other users', async () => {
      const post = await alice.client.createPost(withPriority(chan.id, 'members only', { priority: 'urgent', requested_ack: true }));
      await expectClientError(() => carol.client.acknowledgePost(post.id, carol.user.id), 403);
      await expectClientError(() => bob.client.acknowledgePost(post.id, alice.user.id), 403);
      assert.equal((await alice.client.getPost(post.id)).metadata.acknowledgements, undefined);
      const res = await raw(srv.url, 'POST', `/api/v4/users/${bob.user.id}/posts/${post.id}/ack`);
      assert.equal(res.status, 401);
    });
  });
}

// Collapsed reply threads through the official client: who follows a thread, what is unread in it, the
// /threads routes, team unread counts, and the thread events — against Mattermost's semantics.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerChannel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import type { UserThread, UserThreadList } from '@mattermost/types/threads';
import { engines, expectAppError, expectClientError, makeAdmin, makeUser, raw, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { createChannel, createTeam, json, markAll, settle, Watcher } from '../ws/ws-kit.js';

type Client = TestUser['client'];
type WireThread = UserThread & { post: Post; delete_at: number; is_urgent: boolean };

type WireThreadList = Omit<UserThreadList, 'threads'> & { threads: WireThread[] };
const threads = (c: Client, userId: string, teamId: string, opts: Record<string, unknown> = {}) => c.getUserThreads(userId, teamId, opts) as unknown as Promise<WireThreadList>;

for (const engine of engines()) {
  describe(`collapsed reply threads [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser;
    let bob: TestUser;
    let carol: TestUser;
    let dave: TestUser; // on the team, not in the channel
    let team: Team;
    let channel: ServerChannel;

    before(async () => {
      // default_on: every user sees collapsed threads unless they turned them off.
      srv = await startTestServer(engine, { collapsedThreads: 'default_on' });
      admin = await makeAdmin(srv.url);
      const user = (fields = {}) => makeUser(srv.url, admin.client, fields);
      [alice, bob, carol, dave] = await Promise.all([user(), user(), user({ first_name: 'Carol' }), user()]);
      team = await createTeam(alice.client);
      for (const u of [bob, carol, dave]) await alice.client.addToTeam(team.id, u.user.id);
      channel = await createChannel(alice.client, team.id, 'O');
      for (const u of [bob, carol]) await alice.client.addToChannel(u.user.id, channel.id);
    });
    after(() => srv.close());

    const post = (u: TestUser, message: string, rootId = '', channelId = channel.id) => u.client.createPost({ channel_id: channelId, message, root_id: rootId });
    const mine = (u: TestUser, opts: Record<string, unknown> = {}) => threads(u.client, u.user.id, team.id, opts);
    const find = async (u: TestUser, rootId: string) => (await mine(u)).threads.find((t) => t.id === rootId);

    it('a reply makes the replier and the root author follow; the list carries counts, participants and the root', async () => {
      const root = await post(alice, 'root of a thread');
      assert.equal(await find(alice, root.id), undefined, 'no thread before the first reply');
      const reply = await post(bob, 'first reply', root.id);

      const forAlice = await find(alice, root.id);
      assert.ok(forAlice);
      assert.equal(forAlice.reply_count, 1);
      assert.equal(forAlice.last_reply_at, reply.create_at);
      assert.equal(forAlice.last_viewed_at, 0);
      assert.equal(forAlice.unread_replies, 1);
      assert.equal(forAlice.unread_mentions, 0);
      assert.deepEqual(forAlice.participants, [{ id: bob.user.id }]);
      assert.equal(forAlice.post.id, root.id);
      assert.equal(forAlice.post.reply_count, 1);
      assert.equal(forAlice.is_urgent, false);
      assert.equal(forAlice.delete_at, 0);

      const forBob = await find(bob, root.id);
      assert.equal(forBob?.unread_replies, 0, 'the replier has read up to their reply');
      assert.equal(forBob?.last_viewed_at, reply.create_at);
      assert.equal(await find(carol, root.id), undefined, 'bystanders do not follow');

      const single = (await alice.client.getUserThread(alice.user.id, team.id, root.id)) as WireThread;
      assert.deepEqual(single, forAlice);
      const extended = (await alice.client.getUserThread(alice.user.id, team.id, root.id, true)) as WireThread;
      assert.equal((extended.participants[0] as { username?: string }).username, bob.user.username);
      await expectClientError(() => carol.client.getUserThread(carol.user.id, team.id, root.id), 404);
    });

    it('mentions: the root\'s and the reply\'s mentioned users follow; a reply mention counts in the thread and the channel, not the root count', async () => {
      await Promise.all([alice, bob, carol].map((u) => u.client.viewMyChannel(channel.id)));
      const root = await post(alice, `@${carol.user.username} have a look`);
      await bob.client.viewMyChannel(channel.id);
      const before = await bob.client.getMyChannelMember(channel.id);
      await post(carol, `thanks, @${bob.user.username} and Carol`, root.id);

      const forBob = await find(bob, root.id);
      assert.equal(forBob?.unread_mentions, 1);
      assert.equal(forBob?.unread_replies, 1);
      const member = await bob.client.getMyChannelMember(channel.id);
      assert.equal(member.mention_count, before.mention_count + 1);
      assert.equal(member.mention_count_root, before.mention_count_root, 'replies do not count as root mentions');
      const list = await mine(bob);
      assert.ok(list.total_unread_mentions >= 1);
      assert.ok(await find(carol, root.id), 'mentioned in the root: follows once there is a reply');
    });

    it('own replies leave nothing unread; an edit that adds a mention changes no count', async () => {
      const root = await post(alice, 'edit test');
      const reply = await post(bob, 'plain', root.id);
      await post(alice, 'me again', root.id);
      assert.equal((await find(alice, root.id))?.unread_replies, 0);
      const before = await find(carol, root.id);
      await bob.client.patchPost({ id: reply.id, message: `now with @${carol.user.username}` });
      assert.deepEqual(await find(carol, root.id), before);
    });

    it('read up to a time, unread from a post of the thread, everything read', async () => {
      const root = await post(alice, 'read states');
      const r1 = await post(bob, `one @${alice.user.username}`, root.id);
      await post(bob, `two @${alice.user.username}`, root.id);
      assert.equal((await find(alice, root.id))?.unread_mentions, 2);

      const read = (await alice.client.updateThreadReadForUser(alice.user.id, team.id, root.id, Date.now())) as WireThread;
      assert.equal(read.unread_replies, 0);
      assert.equal(read.unread_mentions, 0);

      const unread = (await alice.client.markThreadAsUnreadForUser(alice.user.id, team.id, root.id, r1.id)) as WireThread;
      assert.equal(unread.last_viewed_at, r1.create_at - 1);
      assert.equal(unread.unread_replies, 2);
      assert.equal(unread.unread_mentions, 2);

      const other = await post(alice, 'another root');
      await expectClientError(() => alice.client.markThreadAsUnreadForUser(alice.user.id, team.id, root.id, other.id), 400, 'app.user.update_thread_read_for_user_by_post.app_error');

      await alice.client.updateThreadsReadForUser(alice.user.id, team.id);
      const after = await mine(alice);
      assert.equal(after.total_unread_threads, 0);
      assert.equal(after.total_unread_mentions, 0);
    });

    it('unfollowing sticks until a new mention; anyone who can read may follow', async () => {
      const root = await post(alice, 'follow me');
      await post(bob, 'reply', root.id);
      await bob.client.updateThreadFollowForUser(bob.user.id, team.id, root.id, false);
      assert.equal(await find(bob, root.id), undefined);
      await post(alice, 'more, no mention', root.id);
      await post(bob, 'bob replies while unfollowed', root.id);
      assert.equal(await find(bob, root.id), undefined, 'replying does not follow again');
      await post(alice, `@${bob.user.username} come back`, root.id);
      assert.equal((await find(bob, root.id))?.unread_mentions, 1);

      // Collapsed-thread listings tell each viewer which roots they follow.
      const lonely = await post(alice, 'nobody replied');
      const page = await bob.client.getPosts(channel.id, 0, 60, true, true);
      assert.equal(page.posts[root.id]?.is_following, true);
      assert.equal(page.posts[lonely.id]?.is_following, undefined, 'no membership, no field');
      assert.equal((await bob.client.getPostThread(root.id, true, true)).posts[root.id]?.is_following, true);
      assert.equal((await bob.client.getPosts(channel.id, 0, 60)).posts[root.id]?.is_following, undefined, 'only with collapsedThreads');

      await carol.client.updateThreadFollowForUser(carol.user.id, team.id, root.id, true);
      const forCarol = await find(carol, root.id);
      assert.equal(forCarol?.unread_replies, 0, 'following starts from now');
      const secret = await post(alice, 'x', '', (await createChannel(alice.client, team.id, 'P')).id);
      await expectClientError(() => dave.client.updateThreadFollowForUser(dave.user.id, team.id, secret.id, true), 403);
    });

    it('list parameters: unread, totals or threads only, paging by thread, per_page, deleted, since, and their errors', async () => {
      const room = await createChannel(alice.client, team.id, 'O');
      await alice.client.addToChannel(bob.user.id, room.id);
      const roots: Post[] = [];
      for (let i = 0; i < 3; i++) {
        const root = await post(alice, `paging ${i}`, '', room.id);
        await post(bob, `reply ${i}`, root.id, room.id);
        roots.push(root);
      }
      const since = Date.now();
      const page = await mine(alice, { perPage: 2 });
      assert.deepEqual(
        page.threads.map((t) => t.id),
        [roots[2]!.id, roots[1]!.id],
        'newest reply first',
      );
      const next = await mine(alice, { perPage: 2, before: roots[1]!.id });
      assert.equal(next.threads[0]?.id, roots[0]!.id);
      const newer = await mine(alice, { after: roots[0]!.id, perPage: 2 });
      assert.deepEqual(newer.threads.map((t) => t.id), [roots[1]!.id, roots[2]!.id], 'after: oldest first');

      const totals = await mine(alice, { totalsOnly: true });
      assert.deepEqual(totals.threads, []);
      assert.ok(totals.total >= 3 && totals.total_unread_threads >= 3);
      const onlyThreads = await mine(alice, { threadsOnly: true, perPage: 1 });
      assert.equal(onlyThreads.total, 0);
      assert.equal(onlyThreads.threads.length, 1);
      const unread = await mine(alice, { unread: true });
      assert.equal(unread.total, unread.total_unread_threads);
      assert.ok(unread.threads.every((t) => t.unread_replies > 0));

      await alice.client.deletePost(roots[0]!.id);
      assert.equal(await find(alice, roots[0]!.id), undefined);
      const withDeleted = await mine(alice, { deleted: true, perPage: 200 });
      assert.ok(withDeleted.threads.find((t) => t.id === roots[0]!.id)!.delete_at > 0);

      await post(bob, 'fresh reply', roots[2]!.id, room.id);
      const changed = await mine(alice, { since });
      assert.deepEqual(changed.threads.map((t) => t.id), [roots[2]!.id]);

      const url = `/api/v4/users/${alice.user.id}/teams/${team.id}/threads`;
      const token = alice.client.getToken();
      expectAppError(await raw(srv.url, 'GET', `${url}?before=${roots[1]!.id}&after=${roots[2]!.id}`, { token }), 400, 'api.getThreadsForUser.bad_params');
      expectAppError(await raw(srv.url, 'GET', `${url}?totalsOnly=true&threadsOnly=true`, { token }), 400, 'api.getThreadsForUser.bad_only_params');
      expectAppError(await raw(srv.url, 'GET', `${url}?since=soon`, { token }), 400, 'api.context.invalid_url_param.app_error');
    });

    it('team unreads count unread followed threads and their mentions when asked to', async () => {
      const other = await createTeam(bob.client);
      await bob.client.updateThreadsReadForUser(bob.user.id, team.id);
      const root = await post(alice, 'team unread');
      await post(carol, `@${bob.user.username} hi`, root.id);
      const unreads = await bob.client.getMyTeamUnreads(true);
      const mineHere = unreads.find((u) => u.team_id === team.id)!;
      assert.equal(mineHere.thread_count, 1);
      assert.equal(mineHere.thread_mention_count, 1);
      assert.equal(mineHere.thread_urgent_mention_count, 0);
      assert.equal(unreads.find((u) => u.team_id === other.id)!.thread_count, 0);
      const plain = await bob.client.getMyTeamUnreads(false);
      assert.equal(plain.find((u) => u.team_id === team.id)!.thread_count, undefined);
    });

    it('a deleted reply takes back its unread mention; leaving the channel forgets its threads', async () => {
      const root = await post(alice, 'delete me later');
      const mention = await post(carol, `@${bob.user.username} ping`, root.id);
      assert.equal((await find(bob, root.id))?.unread_mentions, 1);
      await carol.client.deletePost(mention.id);
      const forBob = await find(bob, root.id);
      assert.equal(forBob?.unread_mentions, 0);
      assert.equal(forBob?.reply_count, 0);

      const room = await createChannel(alice.client, team.id, 'O');
      await alice.client.addToChannel(carol.user.id, room.id);
      const r = await post(alice, 'in room', '', room.id);
      await post(carol, 'reply', r.id, room.id);
      assert.ok(await find(carol, r.id));
      await carol.client.removeFromChannel(carol.user.id, room.id);
      assert.equal(await find(carol, r.id), undefined);
    });

    it('DM threads belong to every team; the other user of a DM is mentioned by replies', async () => {
      const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
      const root = await post(alice, 'dm root', '', dm.id);
      await post(alice, 'dm reply', root.id, dm.id);
      const forBob = await find(bob, root.id);
      assert.equal(forBob?.unread_mentions, 1);
      const elsewhere = await createTeam(bob.client);
      assert.ok((await threads(bob.client, bob.user.id, elsewhere.id)).threads.some((t) => t.id === root.id));
    });

    it('asks for the user themselves and for readable channels', async () => {
      const root = await post(alice, 'private matters');
      await post(bob, 'reply', root.id);
      await expectClientError(() => carol.client.getUserThreads(alice.user.id, team.id, {}), 403);
      await expectClientError(() => carol.client.updateThreadReadForUser(alice.user.id, team.id, root.id, Date.now()), 403);
      const secret = await createChannel(alice.client, team.id, 'P');
      const hidden = await post(alice, 'hidden', '', secret.id);
      await post(alice, 'reply', hidden.id, secret.id);
      await expectClientError(() => dave.client.updateThreadReadForUser(dave.user.id, team.id, hidden.id, Date.now()), 403);
      const stranger = await makeUser(srv.url, admin.client);
      await expectClientError(() => stranger.client.getUserThreads(stranger.user.id, team.id, {}), 403);
      await expectClientError(() => alice.client.updateThreadFollowForUser(alice.user.id, team.id, '1'.repeat(26), true), 404);
    });

    it('collapsed threads off: viewing a channel (or posting) reads its threads, and no thread events go out', async () => {
      await dave.client.savePreferences(dave.user.id, [{ user_id: dave.user.id, category: 'display_settings', name: 'collapsed_reply_threads', value: 'off' }]);
      const room = await createChannel(alice.client, team.id, 'O');
      await alice.client.addToChannel(dave.user.id, room.id);
      const root = await post(dave, 'dave root', '', room.id);
      await post(alice, 'reply one', root.id, room.id);
      assert.equal((await find(dave, root.id))?.unread_replies, 1);
      await dave.client.viewMyChannel(room.id);
      assert.equal((await find(dave, root.id))?.unread_replies, 0);

      const wd = await Watcher.open(srv, dave);
      try {
        await markAll(srv, [wd]);
        await post(alice, 'reply two', root.id, room.id);
        await settle(srv, [wd]);
        assert.deepEqual(wd.events('thread_updated'), []);
        assert.equal(wd.events('posted').length, 1);
      } finally {
        wd.close();
      }
    });

    it('events: thread_updated after posted to followers, thread_read_changed, thread_follow_changed', async () => {
      const [wa, wb, wc] = await Promise.all([Watcher.open(srv, alice), Watcher.open(srv, bob), Watcher.open(srv, carol)]);
      const watchers = [wa, wb, wc];
      try {
        const root = await post(alice, 'evented');
        await markAll(srv, watchers);
        const reply = await post(bob, `hey @${alice.user.username}`, root.id);
        await settle(srv, watchers);

        const aliceEvents = wa.events().map((f) => f.event);
        assert.ok(aliceEvents.indexOf('posted') < aliceEvents.indexOf('thread_updated'), 'thread_updated follows posted');
        const updated = wa.events('thread_updated')[0]!;
        assert.deepEqual(updated.broadcast?.user_id, alice.user.id);
        assert.equal(updated.broadcast?.team_id, team.id);
        const t = json<WireThread>(updated.data?.thread);
        assert.equal(t.id, root.id);
        assert.equal(t.unread_replies, 1);
        assert.equal(t.unread_mentions, 1);
        assert.equal(t.post.id, root.id);
        assert.equal(updated.data?.previous_unread_mentions, 0);
        assert.equal(updated.data?.previous_unread_replies, 0);
        const forBob = json<WireThread>(wb.events('thread_updated')[0]?.data?.thread);
        assert.equal(forBob.unread_replies, 0, 'the replier\'s own event shows the thread read');
        assert.deepEqual(wc.events('thread_updated'), [], 'non-followers hear nothing');
        assert.deepEqual(json<string[]>(wa.events('posted')[0]?.data?.mentions), [alice.user.id]);
        assert.equal(wb.events('posted')[0]?.data?.mentions, undefined);
        // Followers whose desktop settings ask for every reply (desktop_threads "all", the default) are named
        // to themselves; the replier and non-followers are not.
        assert.deepEqual(json<string[]>(wa.events('posted')[0]?.data?.followers), [alice.user.id]);
        assert.equal(wb.events('posted')[0]?.data?.followers, undefined);
        assert.equal(wc.events('posted')[0]?.data?.followers, undefined);

        for (const w of watchers) w.mark();
        await alice.client.updateThreadReadForUser(alice.user.id, team.id, root.id, reply.create_at);
        await settle(srv, watchers);
        const readChanged = wa.events('thread_read_changed')[0]!;
        assert.deepEqual(readChanged.data, {
          thread_id: root.id,
          timestamp: reply.create_at,
          unread_mentions: 0,
          unread_replies: 0,
          previous_unread_mentions: 1,
          previous_unread_replies: 1,
          channel_id: channel.id,
        });
        assert.equal(readChanged.broadcast?.team_id, team.id);

        for (const w of watchers) w.mark();
        await alice.client.updateThreadFollowForUser(alice.user.id, team.id, root.id, false);
        await alice.client.updateThreadsReadForUser(alice.user.id, team.id);
        await settle(srv, watchers);
        assert.deepEqual(wa.events('thread_follow_changed')[0]?.data, { thread_id: root.id, state: false, reply_count: 1 });
        assert.deepEqual(wa.events('thread_read_changed')[0]?.data, {});
        assert.deepEqual(wb.events('thread_follow_changed'), []);
      } finally {
        for (const w of watchers) w.close();
      }
    });
  });
}

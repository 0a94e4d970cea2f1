import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '@mattermost/types/posts';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { ServerEvent } from '../../src/events/event.js';
import { engines, expectAppError, expectClientError, makeAdmin, makeUser, raw, startTestServer, type TestServer, type TestUser, makeChannel, makeTeam } from '../harness.js';

type Client = TestUser['client'];

/** Records every event published on the server's bus from now on. */
function recordEvents(srv: TestServer): { events: ServerEvent[]; stop: () => void } {
  const events: ServerEvent[] = [];
  const stop = srv.parley.bus.subscribe((e) => events.push(e));
  return { events, stop };
}

/** Every post id the channel holds, newest first, in one page. */
async function allIds(c: Client, channelId: string): Promise<string[]> {
  return (await c.getPosts(channelId, 0, 200)).order;
}

const post = (c: Client, channelId: string, message: string, extra: Partial<Post> = {}) => c.createPost({ channel_id: channelId, message, ...extra });

/** Unread messages for a member, as clients compute it. */
async function unread(c: Client, channelId: string): Promise<{ msgs: number; mentions: number; mentionsRoot: number }> {
  const [channel, member] = await Promise.all([c.getChannel(channelId), c.getMyChannelMember(channelId)]);
  return { msgs: channel.total_msg_count - member.msg_count, mentions: member.mention_count, mentionsRoot: member.mention_count_root };
}

for (const engine of engines()) {
  describe(`posts [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser;
    let bob: TestUser;
    let carol: TestUser;
    let outsider: TestUser;
    let team: Team;
    let pub: Channel;
    let priv: Channel;

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      alice = await makeUser(srv.url, admin.client);
      bob = await makeUser(srv.url, admin.client);
      carol = await makeUser(srv.url, admin.client);
      outsider = await makeUser(srv.url, admin.client);
      team = await makeTeam(admin, [alice, bob, carol]);
      pub = await makeChannel(alice, team, 'O', [bob]);
      priv = await makeChannel(alice, team, 'P', [bob]);
    });
    after(() => srv.close());

    it('creates a post with Mattermost’s shape and reads it back by id and by ids', async () => {
      const pending = `${alice.user.id}:${Date.now()}`;
      const created = await post(alice.client, pub.id, 'hello #world and #two-words. ##triple', { pending_post_id: pending, props: { custom: { nested: [1, 'ü'] } } });
      assert.match(created.id, /^[a-z0-9]{26}$/);
      assert.equal(created.user_id, alice.user.id);
      assert.equal(created.channel_id, pub.id);
      assert.equal(created.root_id, '');
      assert.equal(created.pending_post_id, pending);
      assert.equal(created.hashtags, '#world #two-words #triple');
      assert.deepEqual(created.props, { custom: { nested: [1, 'ü'] } });
      assert.deepEqual(created.file_ids, []);
      assert.deepEqual(created.metadata, {});
      assert.equal(created.reply_count, 0);
      assert.equal(created.edit_at, 0);
      assert.equal(created.is_pinned, false);
      assert.equal(created.create_at, created.update_at);

      const got = await bob.client.getPost(created.id);
      assert.deepEqual({ ...got, pending_post_id: pending }, created);
      const many = await bob.client.getPostsByIds([created.id, 'a'.repeat(26)]);
      assert.deepEqual(many.map((p) => p.id), [created.id]);
      const res = await raw(srv.url, 'POST', '/api/v4/posts', { token: alice.client.getToken(), body: { channel_id: pub.id, message: 'status' } });
      assert.equal(res.status, 201);
      assert.equal(res.headers.get('content-type'), 'application/json');
    });

    it('returns the first post again for a repeated pending_post_id, even for concurrent retries', async () => {
      const ch = await makeChannel(alice, team, 'O');
      const before = (await alice.client.getChannel(ch.id)).total_msg_count;
      const pending = `${alice.user.id}:${Date.now()}`;
      const first = await post(alice.client, ch.id, 'once', { pending_post_id: pending });
      const again = await post(alice.client, ch.id, 'once', { pending_post_id: pending });
      assert.equal(again.id, first.id);
      assert.equal(again.pending_post_id, pending);

      const racing = `${alice.user.id}:${Date.now() + 1}`;
      const results = await Promise.all(Array.from({ length: 5 }, () => post(alice.client, ch.id, 'race', { pending_post_id: racing })));
      assert.equal(new Set(results.map((p) => p.id)).size, 1, 'every retry gets the same post');

      const afterCount = (await alice.client.getChannel(ch.id)).total_msg_count;
      assert.equal(afterCount - before, 2, 'two posts counted, not seven');
      const userPosts = Object.values((await alice.client.getPosts(ch.id, 0, 200)).posts).filter((p) => p.type === '');
      assert.equal(userPosts.length, 2);
    });

    it('counts the message length in runes, refuses more than 16383, and changes nothing', async () => {
      const ch = await makeChannel(alice, team, 'O');
      const max = '😀'.repeat(16383);
      const ok = await post(alice.client, ch.id, max);
      assert.equal(ok.message, max);
      const before = await allIds(alice.client, ch.id);
      await expectClientError(() => post(alice.client, ch.id, `${max}x`), 400, 'model.post.is_valid.message_length.app_error');
      assert.deepEqual(await allIds(alice.client, ch.id), before);
    });

    it('keeps create_at strictly increasing per channel, so no post is lost across before/after pages', async () => {
      const ch = await makeChannel(alice, team, 'O', [bob]);
      // Many posts at once: several share a millisecond on the wall clock.
      const burst = await Promise.all(Array.from({ length: 25 }, (_, i) => post(i % 2 ? bob.client : alice.client, ch.id, `burst ${i}`)));
      const createAts = burst.map((p) => p.create_at);
      assert.equal(new Set(createAts).size, createAts.length, 'no two posts share a create_at');
      const everything = await allIds(alice.client, ch.id);
      const full = await alice.client.getPosts(ch.id, 0, 200);
      const times = full.order.map((id) => full.posts[id]!.create_at);
      assert.deepEqual(times, [...times].sort((a, b) => b - a), 'order is newest first');

      // Walk back from the newest page with before=<prev_post_id>: 4 per page, > 2 pages.
      const per = 4;
      let page = await alice.client.getPosts(ch.id, 0, per);
      assert.equal(page.next_post_id, '', 'nothing newer than the newest page');
      assert.equal(page.prev_post_id, everything[per], 'prev cursor is the post just outside the page');
      const walkedBack = [...page.order];
      let pages = 1;
      while (page.prev_post_id) {
        const anchor = page.prev_post_id;
        const expectedAnchor = walkedBack[walkedBack.length - 1];
        page = await alice.client.getPostsBefore(ch.id, expectedAnchor!, 0, per);
        pages += 1;
        assert.equal(page.next_post_id, expectedAnchor, 'page 0 of before= has the anchor as next cursor');
        assert.equal(page.order[0], anchor);
        walkedBack.push(...page.order);
      }
      assert.ok(pages > 2);
      assert.deepEqual(walkedBack, everything);

      // And forward from the oldest with after=.
      const oldest = everything[everything.length - 1]!;
      const walkedForward: string[] = [];
      let anchor = oldest;
      for (let guard = 0; guard < 50; guard++) {
        const p = await alice.client.getPostsAfter(ch.id, anchor, 0, per);
        assert.equal(p.prev_post_id, anchor, 'page 0 of after= has the anchor as prev cursor');
        const times2 = p.order.map((id) => p.posts[id]!.create_at);
        assert.deepEqual(times2, [...times2].sort((x, y) => y - x), 'after= pages are newest first too');
        walkedForward.unshift(...p.order);
        if (p.order.length < per) {
          assert.equal(p.next_post_id, '', 'a short page has nothing after it');
          break;
        }
        const newestHere = everything.indexOf(p.order[0]!);
        assert.equal(p.next_post_id, newestHere > 0 ? everything[newestHere - 1] : '');
        if (!p.next_post_id) break;
        anchor = p.order[0]!;
      }
      assert.deepEqual([...walkedForward, oldest], everything);

      // page= with before= is an offset behind the anchor.
      const second = await alice.client.getPostsBefore(ch.id, everything[0]!, 1, per);
      assert.deepEqual(second.order, everything.slice(1 + per, 1 + 2 * per));
      assert.equal(second.next_post_id, everything[per], 'later pages take the adjacent post as next cursor');
      const offsetPage = await alice.client.getPosts(ch.id, 2, per);
      assert.deepEqual(offsetPage.order, everything.slice(2 * per, 3 * per));
      assert.equal(offsetPage.next_post_id, everything[2 * per - 1]);
      assert.equal(offsetPage.prev_post_id, everything[3 * per]);
    });

    it('flattens replies to replies, keeps thread counters and bumps the root for since', async () => {
      const root = await post(alice.client, pub.id, 'root');
      const r1 = await post(bob.client, pub.id, 'reply 1', { root_id: root.id });
      const r2 = await post(alice.client, pub.id, 'reply to a reply', { root_id: r1.id });
      assert.equal(r1.root_id, root.id);
      assert.equal(r2.root_id, root.id, 'a reply to a reply joins the root’s thread');
      assert.equal(r2.reply_count, 2);

      const rootNow = await alice.client.getPost(root.id);
      assert.equal(rootNow.reply_count, 2);
      assert.equal(rootNow.last_reply_at, r2.create_at);
      assert.deepEqual((rootNow.participants as Array<{ id: string }>).map((p) => p.id), [bob.user.id, alice.user.id]);
      assert.ok(rootNow.update_at >= r2.create_at, 'a reply bumps the root’s update_at');

      const since = await alice.client.getPostsSince(pub.id, root.create_at);
      assert.ok(since.order.includes(root.id), 'the bumped root is listed by since');
      assert.equal(since.next_post_id, '');
      assert.equal(since.prev_post_id, '');

      const other = await makeChannel(alice, team, 'O');
      await expectClientError(() => post(alice.client, other.id, 'cross', { root_id: root.id }), 400, 'api.post.create_post.channel_root_id.app_error');
      await expectClientError(() => post(alice.client, pub.id, 'orphan', { root_id: 'a'.repeat(26) }), 400, 'api.post.create_post.root_id.app_error');
    });

    it('returns threads whole or in pages, from the root or any reply', async () => {
      const root = await post(alice.client, pub.id, 'thread root');
      const replies: Post[] = [];
      for (let i = 0; i < 5; i++) replies.push(await post(i % 2 ? alice.client : bob.client, pub.id, `r${i}`, { root_id: root.id }));
      await post(alice.client, pub.id, 'unrelated');

      const whole = await bob.client.getPostThread(root.id);
      assert.deepEqual(whole.order, [root.id, ...replies.map((r) => r.id)]);
      assert.equal(whole.has_next, false);
      assert.equal(Object.keys(whole.posts).length, 6);

      const fromReply = await bob.client.getPostThread(replies[2]!.id);
      assert.equal(fromReply.order[0], replies[2]!.id, 'the requested post comes first');
      assert.deepEqual(new Set(fromReply.order), new Set([root.id, ...replies.map((r) => r.id)]));
      assert.ok(fromReply.posts[root.id], 'the root is always included');

      const seen: string[] = [];
      let cursor: { fromPost?: string; fromCreateAt?: number } = {};
      let pages = 0;
      for (;;) {
        const page = await bob.client.getPaginatedPostThread(root.id, { perPage: 2, direction: 'down', ...cursor });
        pages += 1;
        const fresh = page.order.filter((id) => id !== root.id || seen.length === 0);
        seen.push(...fresh.filter((id) => !seen.includes(id)));
        if (!page.has_next) break;
        const last = page.posts[page.order[page.order.length - 1]!]!;
        cursor = { fromPost: last.id, fromCreateAt: last.create_at };
      }
      assert.ok(pages >= 3);
      assert.deepEqual(seen, [root.id, ...replies.map((r) => r.id)]);

      const up = await bob.client.getPaginatedPostThread(root.id, { perPage: 2, direction: 'up' });
      assert.deepEqual(up.order, [root.id, replies[4]!.id, replies[3]!.id]);
      assert.equal(up.has_next, true);

      expectAppError(await raw(srv.url, 'GET', `/api/v4/posts/${root.id}/thread?perPage=500`, { token: bob.client.getToken() }), 400);
      expectAppError(await raw(srv.url, 'GET', `/api/v4/posts/${root.id}/thread?direction=sideways`, { token: bob.client.getToken() }), 400);
      expectAppError(await raw(srv.url, 'GET', `/api/v4/posts/${root.id}/thread?fromPost=${root.id}`, { token: bob.client.getToken() }), 400);
    });

    it('edits in place with edit_at, keeps earlier versions as history, and enforces edit permissions', async () => {
      const original = await post(alice.client, pub.id, 'first #draft');
      const patched = await alice.client.patchPost({ id: original.id, message: 'second' });
      assert.equal(patched.id, original.id);
      assert.equal(patched.message, 'second');
      assert.equal(patched.hashtags, '');
      assert.ok(patched.edit_at > 0);
      assert.ok(patched.update_at > original.update_at);
      assert.equal(patched.original_id, '');

      const updated = await alice.client.updatePost({ ...patched, message: 'third' });
      assert.equal(updated.message, 'third');
      const history = await alice.client.getPostEditHistory(original.id);
      assert.deepEqual(history.map((p) => p.message), ['second', 'first #draft'], 'newest first');
      for (const h of history) {
        assert.equal(h.original_id, original.id);
        assert.ok(h.delete_at > 0);
        assert.notEqual(h.id, original.id);
      }
      const propsOnly = await alice.client.patchPost({ id: original.id, props: { a: 'b' } });
      assert.deepEqual(propsOnly.props, { a: 'b' });
      assert.equal((await alice.client.getPostEditHistory(original.id)).length, 2, 'no history row without a message change');

      // Edits show up in since; history rows never appear in channel listings or since.
      const listed = await alice.client.getPostsSince(pub.id, original.create_at);
      assert.ok(listed.order.includes(original.id), 'an edit is in since');
      assert.deepEqual(listed.posts[original.id]!.props, { a: 'b' });
      assert.ok(!Object.values(listed.posts).some((p) => p.original_id === original.id));

      await expectClientError(() => bob.client.patchPost({ id: original.id, message: 'hijack' }), 403, 'api.context.permissions.app_error');
      await expectClientError(() => bob.client.getPostEditHistory(original.id), 403);
      const byAdmin = await admin.client.patchPost({ id: original.id, message: 'moderated' });
      assert.equal(byAdmin.message, 'moderated');
      assert.equal((await bob.client.getPost(original.id)).message, 'moderated');

      const res = await raw(srv.url, 'PUT', `/api/v4/posts/${original.id}`, { token: alice.client.getToken(), body: { id: 'b'.repeat(26), message: 'x' } });
      expectAppError(res, 400, 'api.context.invalid_body_param.app_error');
      await expectClientError(() => alice.client.patchPost({ id: original.id, message: 'x'.repeat(16384) }), 400);
      assert.equal((await alice.client.getPost(original.id)).message, 'moderated');
      const fresh = await post(alice.client, pub.id, 'never edited');
      await expectClientError(() => alice.client.getPostEditHistory(fresh.id), 404);
    });

    it('soft-deletes posts, takes replies with a root, recounts threads and shows deletions in since', async () => {
      const root = await post(alice.client, pub.id, 'to delete');
      const keep = await post(bob.client, pub.id, 'kept reply', { root_id: root.id });
      const gone = await post(alice.client, pub.id, 'deleted reply', { root_id: root.id });
      const mark = (await alice.client.getPost(root.id)).update_at;

      await expectClientError(() => bob.client.deletePost(gone.id), 403, 'api.context.permissions.app_error');
      assert.deepEqual(await alice.client.deletePost(gone.id), { status: 'OK' });
      await expectClientError(() => alice.client.getPost(gone.id), 404, 'app.post.get.app_error');
      assert.equal((await alice.client.getPost(root.id)).reply_count, 1, 'deleted replies are not counted');

      const since = await alice.client.getPostsSince(pub.id, mark);
      const deleted = since.posts[gone.id];
      assert.ok(deleted && since.order.includes(gone.id), 'the deletion is in since');
      assert.ok(deleted.delete_at > 0);
      assert.equal(deleted.props.deleteBy, alice.user.id);

      await alice.client.deletePost(root.id);
      await expectClientError(() => bob.client.getPost(keep.id), 404);
      await expectClientError(() => bob.client.getPostThread(root.id), 404);
      assert.ok(!(await allIds(bob.client, pub.id)).includes(keep.id));
      await expectClientError(() => alice.client.deletePost(root.id), 404);
      const asAdmin = await admin.client.getPost(root.id, true);
      assert.ok(asAdmin.delete_at > 0);
      await expectClientError(() => bob.client.getPost(root.id, true), 403);

      const bobs = await post(bob.client, pub.id, 'moderated away');
      await admin.client.deletePost(bobs.id);
      await expectClientError(() => bob.client.getPost(bobs.id), 404);
    });

    it('pins and unpins without editing, and lists pinned posts', async () => {
      const ch = await makeChannel(alice, team, 'P', [bob]);
      const a = await post(alice.client, ch.id, 'pin me');
      const b = await post(alice.client, ch.id, 'me too');
      await bob.client.pinPost(a.id);
      await bob.client.pinPost(b.id);
      const pinned = await alice.client.getPinnedPosts(ch.id);
      assert.deepEqual(pinned.order, [b.id, a.id]);
      assert.equal(pinned.posts[a.id]!.is_pinned, true);
      assert.equal(pinned.posts[a.id]!.edit_at, 0, 'pinning is not an edit');
      await alice.client.unpinPost(b.id);
      assert.deepEqual((await alice.client.getPinnedPosts(ch.id)).order, [a.id]);
      assert.equal((await alice.client.getPost(b.id)).is_pinned, false);
      await expectClientError(() => carol.client.pinPost(a.id), 403);
      await expectClientError(() => carol.client.getPinnedPosts(ch.id), 403);
    });

    it('counts unread messages and mentions, and clears them on view', async () => {
      const ch = await makeChannel(alice, team, 'O', [bob, carol]);
      await bob.client.viewMyChannel(ch.id);
      await carol.client.viewMyChannel(ch.id);
      assert.deepEqual(await unread(bob.client, ch.id), { msgs: 0, mentions: 0, mentionsRoot: 0 });

      const root = await post(alice.client, ch.id, `hi @${bob.user.username}.`);
      await post(alice.client, ch.id, `again @${bob.user.username}`, { root_id: root.id });
      await post(alice.client, ch.id, `mail ${bob.user.username}@example.com is not a mention, nor is \`@${bob.user.username}\``);
      assert.deepEqual(await unread(bob.client, ch.id), { msgs: 3, mentions: 2, mentionsRoot: 1 });
      assert.deepEqual(await unread(carol.client, ch.id), { msgs: 3, mentions: 0, mentionsRoot: 0 });
      assert.deepEqual(await unread(alice.client, ch.id), { msgs: 0, mentions: 0, mentionsRoot: 0 }, 'the author has read their own posts');

      await post(alice.client, ch.id, 'all hands @channel');
      assert.equal((await unread(carol.client, ch.id)).mentions, 1);
      assert.equal((await unread(bob.client, ch.id)).mentions, 3);
      await post(carol.client, ch.id, `@${carol.user.username} talking to myself`);
      assert.equal((await unread(carol.client, ch.id)).mentions, 0, 'posting marks the author’s channel viewed');

      await bob.client.viewMyChannel(ch.id);
      assert.deepEqual(await unread(bob.client, ch.id), { msgs: 0, mentions: 0, mentionsRoot: 0 });
    });

    it('lists posts around the first unread one', async () => {
      const ch = await makeChannel(alice, team, 'O', [bob]);
      for (let i = 0; i < 5; i++) await post(alice.client, ch.id, `read ${i}`);
      await bob.client.viewMyChannel(ch.id);
      const fresh: Post[] = [];
      for (let i = 0; i < 4; i++) fresh.push(await post(alice.client, ch.id, `new ${i}`));
      const everything = await allIds(alice.client, ch.id);
      const firstUnread = everything.indexOf(fresh[0]!.id);

      const list = await bob.client.getPostsUnread(ch.id, bob.user.id, 2, 3);
      assert.deepEqual(list.order, everything.slice(firstUnread - 1, firstUnread + 4), 'the unread post, 1 after it, 3 before it');
      assert.equal(list.next_post_id, everything[firstUnread - 2]);
      assert.equal(list.prev_post_id, everything[firstUnread + 4]);

      await bob.client.viewMyChannel(ch.id);
      const nothingUnread = await bob.client.getPostsUnread(ch.id, bob.user.id, 30, 3);
      assert.deepEqual(nothingUnread.order, everything.slice(0, 3), 'nothing unread: the newest limit_before posts');
      assert.equal(nothingUnread.next_post_id, '');
      await expectClientError(() => carol.client.getPostsUnread(ch.id, bob.user.id), 403);
      expectAppError(await raw(srv.url, 'GET', `/api/v4/users/me/channels/${ch.id}/posts/unread?limit_after=0`, { token: bob.client.getToken() }), 400, 'api.context.invalid_url_param.app_error');
    });

    it('marks a channel unread from a post, recounting messages and mentions', async () => {
      const ch = await makeChannel(alice, team, 'O', [bob]);
      await post(alice.client, ch.id, 'old');
      const from = await post(alice.client, ch.id, `look @${bob.user.username}`);
      await post(alice.client, ch.id, 'reply', { root_id: from.id });
      await post(alice.client, ch.id, 'newest');
      await bob.client.viewMyChannel(ch.id);
      const { events, stop } = recordEvents(srv);

      const state = await bob.client.markPostAsUnread(bob.user.id, from.id);
      stop();
      const channel = await bob.client.getChannel(ch.id);
      assert.equal(state.channel_id, ch.id);
      assert.equal(state.user_id, bob.user.id);
      assert.equal(state.team_id, team.id);
      assert.equal(state.msg_count, channel.total_msg_count - 3);
      assert.equal(state.mention_count, 1);
      assert.equal(state.mention_count_root, 1);
      assert.equal(state.last_viewed_at, from.create_at - 1);
      assert.equal(channel.total_msg_count_root - state.msg_count_root, 2, 'roots counted with collapsed_threads_supported');
      const member = await bob.client.getMyChannelMember(ch.id);
      assert.equal(member.msg_count, state.msg_count);
      assert.equal(member.mention_count, 1);
      assert.equal(member.last_viewed_at, from.create_at - 1);

      const ev = events.find((e) => e.event === 'post_unread');
      assert.ok(ev);
      assert.equal(ev.broadcast.user_id, bob.user.id);
      assert.deepEqual(ev.data, {
        msg_count: state.msg_count,
        msg_count_root: state.msg_count_root,
        mention_count: 1,
        mention_count_root: 1,
        urgent_mention_count: 0,
        last_viewed_at: from.create_at - 1,
        post_id: from.id,
      });
      await expectClientError(() => carol.client.markPostAsUnread(bob.user.id, from.id), 403);
    });

    it('lists saved (flagged) posts the user can still read', async () => {
      const a = await post(alice.client, pub.id, 'save me');
      const b = await post(alice.client, priv.id, 'secret save');
      const save = (u: TestUser, ids: string[]) =>
        u.client.savePreferences(u.user.id, ids.map((id) => ({ user_id: u.user.id, category: 'flagged_post', name: id, value: 'true' })));
      await save(bob, [a.id, b.id]);
      const flagged = await bob.client.getFlaggedPosts(bob.user.id);
      assert.deepEqual(flagged.order, [b.id, a.id]);
      assert.deepEqual((await bob.client.getFlaggedPosts(bob.user.id, pub.id)).order, [a.id]);
      assert.deepEqual((await bob.client.getFlaggedPosts(bob.user.id, '', team.id)).order, [b.id, a.id]);
      await save(carol, [a.id, b.id]);
      assert.deepEqual((await carol.client.getFlaggedPosts(carol.user.id)).order, [a.id], 'carol cannot read the private channel');
      await expectClientError(() => carol.client.getFlaggedPosts(bob.user.id), 403);
    });

    it('enforces read and post permissions per channel', async () => {
      const secret = await post(alice.client, priv.id, 'members only');
      const open = await post(alice.client, pub.id, 'for the team');
      // carol is in the team but not in either channel.
      await expectClientError(() => post(carol.client, priv.id, 'let me in'), 403, 'api.context.permissions.app_error');
      await expectClientError(() => carol.client.getPost(secret.id), 403);
      await expectClientError(() => carol.client.getPosts(priv.id), 403);
      await expectClientError(() => carol.client.getPostThread(secret.id), 403);
      assert.deepEqual(await carol.client.getPostsByIds([secret.id]), [], 'unreadable posts are left out');
      assert.equal((await carol.client.getPost(open.id)).id, open.id, 'team members read public channels');
      assert.ok((await carol.client.getPosts(pub.id)).order.includes(open.id));
      await expectClientError(() => post(carol.client, pub.id, 'not a member'), 403);
      // outsider is not even in the team.
      await expectClientError(() => outsider.client.getPosts(pub.id), 403);
      await expectClientError(() => outsider.client.getPost(open.id), 403);
      await expectClientError(() => post(outsider.client, pub.id, 'hi'), 403);
      await expectClientError(() => post(alice.client, 'a'.repeat(26), 'nowhere'), 403);
    });

    it('refuses new posts and edits in archived channels', async () => {
      const ch = await makeChannel(alice, team, 'O');
      const p = await post(alice.client, ch.id, 'before archiving');
      await alice.client.deleteChannel(ch.id);
      await expectClientError(() => post(alice.client, ch.id, 'after'), 400, 'api.post.create_post.can_not_post_to_deleted.error');
      await expectClientError(() => alice.client.patchPost({ id: p.id, message: 'edited' }), 400);
      await expectClientError(() => alice.client.deletePost(p.id), 400);
      assert.equal((await alice.client.getPost(p.id)).message, 'before archiving', 'still readable');
    });

    it('writes system messages through the same path: listed, announced, counted unless join/leave', async () => {
      const ch = await makeChannel(alice, team, 'O');
      const before = await alice.client.getChannel(ch.id);
      const { events, stop } = recordEvents(srv);
      await alice.client.addToChannel(bob.user.id, ch.id);
      await alice.client.patchChannel(ch.id, { header: 'a new header' });
      stop();
      const list = await alice.client.getPosts(ch.id, 0, 60);
      assert.deepEqual(list.order.slice(0, 2).map((id) => list.posts[id]!.type), ['system_header_change', 'system_add_to_channel']);
      const after = await alice.client.getChannel(ch.id);
      assert.equal(after.total_msg_count - before.total_msg_count, 1, 'the join message is shown but not counted');
      assert.equal(after.last_post_at, list.posts[list.order[0]!]!.create_at);
      const announced = events
        .filter((e) => e.event === 'posted' && e.broadcast.channel_id === ch.id)
        .map((e) => (JSON.parse((e.data as { post: string }).post) as Post).type);
      assert.deepEqual(announced, ['system_add_to_channel', 'system_header_change']);
      // A system post is not a user's to edit.
      await expectClientError(() => alice.client.patchPost({ id: list.order[0]!, message: 'rewritten' }), 400);
    });

    it('answers bad input with Mattermost errors and changes nothing', async () => {
      const token = alice.client.getToken();
      const before = await allIds(alice.client, pub.id);
      expectAppError(await raw(srv.url, 'POST', '/api/v4/posts', { token, body: { channel_id: 'nope', message: 'x' } }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'POST', '/api/v4/posts', { token, body: { message: 'x' } }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'POST', '/api/v4/posts', { token, body: { channel_id: pub.id, message: 5 } }), 400);
      expectAppError(await raw(srv.url, 'POST', '/api/v4/posts', { token, rawBody: '{"channel_id":' }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'POST', '/api/v4/posts', { token, body: { channel_id: pub.id, message: 'x', type: 'system_join_channel' } }), 400);
      expectAppError(await raw(srv.url, 'POST', '/api/v4/posts', { token, body: { channel_id: pub.id, message: 'x', root_id: 'bad' } }), 400);
      // NUL cannot be stored in PostgreSQL text: refused on both engines alike.
      expectAppError(await raw(srv.url, 'POST', '/api/v4/posts', { token, body: { channel_id: pub.id, message: 'a\u0000b' } }), 400);
      expectAppError(await raw(srv.url, 'POST', '/api/v4/posts', { token, body: { channel_id: pub.id, message: 'x', pending_post_id: 'p\u0000' } }), 400);
      expectAppError(await raw(srv.url, 'POST', '/api/v4/posts', { token, body: { channel_id: pub.id, message: 'x', type: 'custom_\u0000' } }), 400);
      expectAppError(await raw(srv.url, 'PUT', `/api/v4/posts/${before[0]}/patch`, { token, body: { message: 'a\u0000b' } }), 400);
      assert.deepEqual(await allIds(alice.client, pub.id), before);

      expectAppError(await raw(srv.url, 'GET', '/api/v4/posts/not-an-id', { token }), 400, 'api.context.invalid_url_param.app_error');
      expectAppError(await raw(srv.url, 'GET', `/api/v4/posts/${'a'.repeat(26)}`, { token }), 404, 'app.post.get.app_error');
      expectAppError(await raw(srv.url, 'GET', `/api/v4/channels/${pub.id}/posts?before=bad`, { token }), 400);
      expectAppError(await raw(srv.url, 'GET', `/api/v4/channels/${pub.id}/posts?since=yesterday`, { token }), 400);
      expectAppError(await raw(srv.url, 'GET', `/api/v4/channels/${pub.id}/posts?include_deleted=true`, { token }), 403);
      expectAppError(await raw(srv.url, 'GET', `/api/v4/channels/${'a'.repeat(26)}/posts`, { token }), 404);
      expectAppError(await raw(srv.url, 'POST', '/api/v4/posts/ids', { token, body: [] }), 400);
      expectAppError(await raw(srv.url, 'PUT', `/api/v4/posts/${before[0]}/patch`, { token, body: { is_pinned: 'yes' } }), 400);
      expectAppError(await raw(srv.url, 'DELETE', `/api/v4/posts/${'a'.repeat(26)}`, { token }), 404);
    });

    it('emits posted, post_edited and post_deleted after commit; old state plus events equals a refetch', async () => {
      const ch = await makeChannel(alice, team, 'O', [bob]);
      let state = await bob.client.getPosts(ch.id, 0, 60);
      const { events, stop } = recordEvents(srv);
      const inChannel = (t: string) => events.filter((e) => e.event === t && e.broadcast.channel_id === ch.id);
      const wire = (e: ServerEvent) => JSON.parse((e.data as { post: string }).post) as Post;
      // Zulip's verify_action: apply the event to what the client had, then compare with a fresh fetch.
      const verify = async () => {
        const fresh = await bob.client.getPosts(ch.id, 0, 60);
        assert.deepEqual(fresh.order, state.order);
        assert.deepEqual(fresh.posts, state.posts);
      };

      const pending = `${alice.user.id}:${Date.now()}`;
      const p = await post(alice.client, ch.id, `ping @${bob.user.username}`, { pending_post_id: pending });
      assert.equal(inChannel('posted').length, 1);
      const posted = inChannel('posted')[0]!;
      const data = posted.data as Record<string, unknown>;
      assert.equal(typeof data.post, 'string');
      assert.deepEqual(wire(posted), p, 'the event carries the post as the author got it');
      assert.equal(wire(posted).pending_post_id, pending);
      assert.equal(data.channel_type, 'O');
      assert.equal(data.channel_name, ch.name);
      assert.equal(data.channel_display_name, ch.display_name);
      assert.equal(data.sender_name, `@${alice.user.username}`);
      assert.equal(data.team_id, team.id);
      assert.equal(data.set_online, true);
      // Who is mentioned travels beside the data; the hub gives each mentioned recipient only its own id.
      assert.equal(data.mentions, undefined);
      assert.deepEqual(posted.hooks?.mentions, [bob.user.id]);
      state = { ...state, order: [p.id, ...state.order], posts: { ...state.posts, [p.id]: { ...wire(posted), pending_post_id: '' } } };
      await verify();

      const edited = await alice.client.patchPost({ id: p.id, message: 'edited' });
      const editedEvent = wire(inChannel('post_edited')[0]!);
      assert.deepEqual(editedEvent, edited);
      state = { ...state, posts: { ...state.posts, [p.id]: editedEvent } };
      await verify();

      await alice.client.deletePost(p.id);
      const deletedEvent = wire(inChannel('post_deleted')[0]!);
      assert.equal(deletedEvent.id, p.id);
      assert.ok(deletedEvent.delete_at > 0);
      const { [p.id]: _gone, ...rest } = state.posts;
      state = { ...state, order: state.order.filter((id) => id !== p.id), posts: rest };
      await verify();

      await expectClientError(() => post(alice.client, ch.id, 'x'.repeat(16384)), 400);
      stop();
      assert.equal(inChannel('posted').length, 1, 'a refused post emits nothing');
    });
  });
}

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, Post } from '../../src/store/store.js';
import { newId } from '../../src/platform/ids.js';
import { engines, ids, makeChannel, makeChannelMember, makePost, makeReaction, makeThreadMembership, openTestDb, toRow, type TestDb } from './fixtures.js';

const T0 = 1_710_000_000_000;
/** The i-th second after T0: posts in these tests are one second apart so every order is unambiguous. */
const at = (i: number) => T0 + i * 1000;
const idsInOrder = (rows: readonly { id: string }[]) => rows.map((r) => r.id);

for (const engine of engines()) {
  describe(`post, reaction and thread stores contract [${engine}]`, () => {
    let t: TestDb;
    before(async () => {
      t = await openTestDb(engine);
    });
    after(() => t.close());

    // Channels and members are written as rows: this suite tests the post store, and must not fail
    // because the channel store is unfinished.
    async function insertChannel(fields: Partial<Channel> = {}): Promise<Channel> {
      const c = makeChannel({ team_id: newId(), ...fields });
      await t.db.insertInto('channels').values(toRow('channels', c)).execute();
      return c;
    }
    async function savePosts(...posts: Post[]): Promise<void> {
      for (const p of posts) await t.store.posts.save(p);
    }

    describe('save and get', () => {
      it('round-trips a post with JSON props, file ids and flags', async () => {
        const p = makePost({
          channel_id: newId(),
          user_id: newId(),
          message: 'héllo 👋 **markdown** `code` 漢字',
          props: { attachments: [{ text: 'ünïcode ✓', fields: [{ short: true }] }], from_bot: 'true', nested: { a: null } },
          file_ids: [newId(), newId()],
          is_pinned: true,
          hashtags: '#one #two',
        });
        await t.store.posts.save(p);
        const got = await t.store.posts.get(p.id);
        assert.deepEqual(got, p);
        assert.strictEqual(got?.is_pinned, true);
        assert.strictEqual(got?.has_reactions, false);
        assert.equal(typeof got?.create_at, 'number');
        assert.equal(await t.store.posts.get(newId()), undefined);
      });

      it('gets many, deleted ones included, ignoring unknown and repeated ids', async () => {
        const c = newId();
        const u = newId();
        const a = makePost({ channel_id: c, user_id: u });
        const b = makePost({ channel_id: c, user_id: u, delete_at: at(1) });
        await savePosts(a, b);
        assert.deepEqual(ids(await t.store.posts.getMany([a.id, b.id, a.id, newId()])), ids([a, b]));
        assert.deepEqual(await t.store.posts.getMany([]), []);
      });

      it('finds a post by its pending id, per user, and refuses a second one with the same key', async () => {
        const u = newId();
        const pending = `${u}:${T0}`;
        const p = makePost({ channel_id: newId(), user_id: u, pending_post_id: pending });
        await t.store.posts.save(p);
        assert.equal((await t.store.posts.getByPendingId(u, pending))?.id, p.id);
        assert.equal(await t.store.posts.getByPendingId(newId(), pending), undefined);
        assert.equal(await t.store.posts.getByPendingId(u, ''), undefined);
        await assert.rejects(t.store.posts.save(makePost({ channel_id: p.channel_id, user_id: u, pending_post_id: pending })));
        // Posts without a pending id are not constrained against each other.
        await savePosts(makePost({ channel_id: p.channel_id, user_id: u }), makePost({ channel_id: p.channel_id, user_id: u }));
      });

      it('update writes the mutable columns', async () => {
        const p = makePost({ channel_id: newId(), user_id: newId() });
        await t.store.posts.save(p);
        const edited: Post = { ...p, message: 'edited ✎', edit_at: at(5), update_at: at(5), props: { x: 1 }, is_pinned: true };
        await t.store.posts.update(edited);
        assert.deepEqual(await t.store.posts.get(p.id), edited);
      });
    });

    describe('channel listings', () => {
      // p4 is deleted late (after p7), `hist` is an edit-history row of p6, `elsewhere` is in another channel.
      const c = newId();
      const u = newId();
      const p1 = makePost({ channel_id: c, user_id: u, create_at: at(1) });
      const p2 = makePost({ channel_id: c, user_id: u, create_at: at(2) });
      const p3 = makePost({ channel_id: c, user_id: u, create_at: at(3), root_id: p2.id });
      const p4 = makePost({ channel_id: c, user_id: u, create_at: at(4), delete_at: at(7) + 500, update_at: at(7) + 500 });
      const p5 = makePost({ channel_id: c, user_id: u, create_at: at(5), root_id: p2.id });
      const p6 = makePost({ channel_id: c, user_id: u, create_at: at(6), edit_at: at(6) + 100, update_at: at(6) + 100 });
      const p7 = makePost({ channel_id: c, user_id: u, create_at: at(7) });
      const hist = makePost({ channel_id: c, user_id: u, create_at: at(6), original_id: p6.id, delete_at: at(6) + 100, update_at: at(6) + 100 });
      const elsewhere = makePost({ channel_id: newId(), user_id: u, create_at: at(3) + 500 });
      before(() => savePosts(p1, p2, p3, p4, p5, p6, p7, hist, elsewhere));
      const page = (offset: number, limit: number, extra: { rootsOnly?: boolean; includeDeleted?: boolean } = {}) => ({ offset, limit, ...extra });

      it('pages live posts newest first with offset paging', async () => {
        assert.deepEqual(idsInOrder(await t.store.posts.getChannelPage(c, page(0, 3))), idsInOrder([p7, p6, p5]));
        assert.deepEqual(idsInOrder(await t.store.posts.getChannelPage(c, page(3, 3))), idsInOrder([p3, p2, p1]));
        assert.deepEqual(await t.store.posts.getChannelPage(c, page(6, 3)), []);
      });

      it('pages roots only, or deleted posts too, but never edit history', async () => {
        assert.deepEqual(idsInOrder(await t.store.posts.getChannelPage(c, page(0, 60, { rootsOnly: true }))), idsInOrder([p7, p6, p2, p1]));
        assert.deepEqual(idsInOrder(await t.store.posts.getChannelPage(c, page(0, 60, { includeDeleted: true }))), idsInOrder([p7, p6, p5, p4, p3, p2, p1]));
      });

      it('lists posts strictly before a time, newest first', async () => {
        assert.deepEqual(idsInOrder(await t.store.posts.getBefore(c, at(5), page(0, 10))), idsInOrder([p3, p2, p1]));
        assert.deepEqual(idsInOrder(await t.store.posts.getBefore(c, at(5), page(0, 2))), idsInOrder([p3, p2]));
        assert.deepEqual(idsInOrder(await t.store.posts.getBefore(c, at(5), page(1, 2))), idsInOrder([p2, p1]));
        assert.deepEqual(idsInOrder(await t.store.posts.getBefore(c, at(6), page(0, 10, { rootsOnly: true }))), idsInOrder([p2, p1]));
        assert.deepEqual(await t.store.posts.getBefore(c, at(1), page(0, 10)), []);
      });

      it('lists the oldest posts strictly after a time, returned newest first', async () => {
        assert.deepEqual(idsInOrder(await t.store.posts.getAfter(c, at(2), page(0, 2))), idsInOrder([p5, p3]));
        assert.deepEqual(idsInOrder(await t.store.posts.getAfter(c, at(2), page(0, 10))), idsInOrder([p7, p6, p5, p3]));
        assert.deepEqual(idsInOrder(await t.store.posts.getAfter(c, at(1), page(0, 10, { rootsOnly: true }))), idsInOrder([p7, p6, p2]));
        assert.deepEqual(await t.store.posts.getAfter(c, at(7), page(0, 10)), []);
      });

      it('gives the ids just outside a page as cursors', async () => {
        assert.equal(await t.store.posts.getIdBefore(c, at(5)), p3.id);
        assert.equal(await t.store.posts.getIdBefore(c, at(5), true), p2.id);
        assert.equal(await t.store.posts.getIdBefore(c, at(1)), '');
        assert.equal(await t.store.posts.getIdAfter(c, at(3)), p5.id, 'the deleted p4 is skipped');
        assert.equal(await t.store.posts.getIdAfter(c, at(7)), '');
      });

      it('since: update_at strictly after, deleted posts included, edit history never, newest first', async () => {
        assert.deepEqual(idsInOrder(await t.store.posts.getSince(c, at(5), 1000)), idsInOrder([p7, p6, p4]));
        assert.deepEqual(idsInOrder(await t.store.posts.getSince(c, at(7), 1000)), [p4.id], 'a deletion shows up in since');
        assert.deepEqual(await t.store.posts.getSince(c, at(7) + 500, 1000), [], 'update_at equal to since is not newer');
        assert.deepEqual(idsInOrder(await t.store.posts.getSince(c, 0, 2)), idsInOrder([p7, p6]));
        // Collapsed threads: Mattermost's getPostsSinceCollapsedThreads lists live roots only.
        assert.deepEqual(idsInOrder(await t.store.posts.getSince(c, at(5), 1000, true)), idsInOrder([p7, p6]));
      });

      it('getFrom lists live posts from a time on, oldest first', async () => {
        assert.deepEqual(idsInOrder(await t.store.posts.getFrom(c, at(3), 2)), idsInOrder([p3, p5]));
        assert.deepEqual(idsInOrder(await t.store.posts.getFrom(c, at(4), 10)), idsInOrder([p5, p6, p7]));
      });

      it('touch bumps update_at so since returns the post again, and never moves it backwards', async () => {
        await t.store.posts.touch(p1.id, at(9));
        assert.deepEqual(idsInOrder(await t.store.posts.getSince(c, at(8), 1000)), [p1.id]);
        await t.store.posts.touch(p1.id, at(8));
        assert.equal((await t.store.posts.get(p1.id))?.update_at, at(9));
      });
    });

    describe('threads of posts', () => {
      const c = newId();
      const [userA, userB] = [newId(), newId()];
      const root = makePost({ channel_id: c, user_id: userA, create_at: at(1) });
      const a = makePost({ channel_id: c, user_id: userA, root_id: root.id, create_at: at(2) });
      // b and e share a create_at: cursors must break the tie by id.
      const b = makePost({ channel_id: c, user_id: userB, root_id: root.id, create_at: at(3) });
      const e = makePost({ channel_id: c, user_id: userB, root_id: root.id, create_at: at(3) });
      const cReply = makePost({ channel_id: c, user_id: userA, root_id: root.id, create_at: at(4) });
      const gone = makePost({ channel_id: c, user_id: userB, root_id: root.id, create_at: at(5), delete_at: at(6), update_at: at(6) });
      const otherRoot = makePost({ channel_id: c, user_id: userA, create_at: at(2) + 1 });
      const otherReply = makePost({ channel_id: c, user_id: userA, root_id: otherRoot.id, create_at: at(3) + 1 });
      const [x, y] = [b, e].sort((p, q) => (p.id < q.id ? -1 : 1)) as [Post, Post];
      before(() => savePosts(root, a, b, e, cReply, gone, otherRoot, otherReply));

      it('returns the root and its live replies, oldest first', async () => {
        assert.deepEqual(idsInOrder(await t.store.posts.getThread(root.id, { limit: 0 })), idsInOrder([root, a, x, y, cReply]));
        assert.deepEqual(idsInOrder(await t.store.posts.getThread(root.id, { limit: 0, direction: 'up' })), idsInOrder([cReply, y, x, a, root]));
        assert.deepEqual(idsInOrder(await t.store.posts.getThread(root.id, { limit: 2, direction: 'down' })), idsInOrder([root, a]));
      });

      it('continues from a (create_at, id) cursor in either direction', async () => {
        const down = await t.store.posts.getThread(root.id, { limit: 10, direction: 'down', fromCreateAt: at(3), fromPostId: x.id });
        assert.deepEqual(idsInOrder(down), idsInOrder([y, cReply]));
        const up = await t.store.posts.getThread(root.id, { limit: 10, direction: 'up', fromCreateAt: at(3), fromPostId: y.id });
        assert.deepEqual(idsInOrder(up), idsInOrder([x, a, root]));
      });

      it('updatesOnly lists every change after update_at, deletions included, oldest change first', async () => {
        await t.store.posts.touch(root.id, at(6) + 1);
        const changed = await t.store.posts.getThread(root.id, { limit: 0, fromUpdateAt: at(4) });
        assert.deepEqual(idsInOrder(changed), idsInOrder([gone, root]));
      });
    });

    it('soft-deletes a root with its live replies, recording who deleted them', async () => {
      const c = newId();
      const u = newId();
      const root = makePost({ channel_id: c, user_id: u, create_at: at(1), props: { keep: 'ünïcode ✓' } });
      const reply = makePost({ channel_id: c, user_id: u, create_at: at(2), root_id: root.id });
      const earlier = makePost({ channel_id: c, user_id: u, create_at: at(3), root_id: root.id, delete_at: at(4), update_at: at(4) });
      const bystander = makePost({ channel_id: c, user_id: u, create_at: at(5) });
      await savePosts(root, reply, earlier, bystander);

      const deleted = await t.store.posts.softDelete(root.id, at(10), 'deleter-id');
      assert.deepEqual([...deleted].sort(), ids([root, reply]));
      for (const id of [root.id, reply.id]) {
        const p = await t.store.posts.get(id);
        assert.equal(p?.delete_at, at(10));
        assert.equal(p?.update_at, at(10), 'update_at moves so since picks the deletion up');
        assert.equal(p?.props.deleteBy, 'deleter-id');
      }
      assert.equal((await t.store.posts.get(root.id))?.props.keep, 'ünïcode ✓', 'other props survive');
      assert.equal((await t.store.posts.get(earlier.id))?.delete_at, at(4), 'an earlier deletion keeps its time');
      assert.deepEqual(idsInOrder(await t.store.posts.getChannelPage(c, { offset: 0, limit: 60 })), [bystander.id]);
      assert.deepEqual(ids(await t.store.posts.getSince(c, at(10) - 1, 1000)), ids([root, reply]));
      assert.deepEqual(await t.store.posts.softDelete(root.id, at(11), 'again'), []);
    });

    it('soft-deletes a post whatever its props hold, control characters included', async () => {
      // Such props save and read back on both engines, so deleting the post must work on both too.
      const props = { text: 'nul \u0000 here', bell: '\u0007', emoji: '👋' };
      const p = makePost({ channel_id: newId(), user_id: newId(), props });
      await t.store.posts.save(p);
      assert.deepEqual((await t.store.posts.get(p.id))?.props, props);
      assert.deepEqual(await t.store.posts.softDelete(p.id, at(3), 'deleter'), [p.id]);
      assert.deepEqual((await t.store.posts.get(p.id))?.props, { ...props, deleteBy: 'deleter' });
    });

    it('soft-deleting a reply leaves the root and its siblings alone', async () => {
      const c = newId();
      const u = newId();
      const root = makePost({ channel_id: c, user_id: u, create_at: at(1) });
      const r1 = makePost({ channel_id: c, user_id: u, create_at: at(2), root_id: root.id });
      const r2 = makePost({ channel_id: c, user_id: u, create_at: at(3), root_id: root.id });
      await savePosts(root, r1, r2);
      assert.deepEqual(await t.store.posts.softDelete(r1.id, at(9), u), [r1.id]);
      assert.deepEqual(idsInOrder(await t.store.posts.getThread(root.id, { limit: 0 })), idsInOrder([root, r2]));
    });

    it('lists live pinned posts newest first and counts them', async () => {
      const c = newId();
      const u = newId();
      const a = makePost({ channel_id: c, user_id: u, create_at: at(1), is_pinned: true });
      const b = makePost({ channel_id: c, user_id: u, create_at: at(2), is_pinned: true });
      const deleted = makePost({ channel_id: c, user_id: u, create_at: at(3), is_pinned: true, delete_at: at(4) });
      const plain = makePost({ channel_id: c, user_id: u, create_at: at(5) });
      await savePosts(a, b, deleted, plain);
      assert.deepEqual(idsInOrder(await t.store.posts.getPinned(c)), idsInOrder([b, a]));
      const n = await t.store.posts.countPinned(c);
      assert.equal(n, 2);
      assert.equal(typeof n, 'number');
    });

    it('lists the earlier versions of an edited post, newest first', async () => {
      const c = newId();
      const u = newId();
      const live = makePost({ channel_id: c, user_id: u, create_at: at(1), edit_at: at(3), update_at: at(3), message: 'v3' });
      const v1 = makePost({ channel_id: c, user_id: u, create_at: at(1), original_id: live.id, delete_at: at(2), update_at: at(2), message: 'v1' });
      const v2 = makePost({ channel_id: c, user_id: u, create_at: at(1), original_id: live.id, delete_at: at(3), update_at: at(3), edit_at: at(2), message: 'v2' });
      await savePosts(live, v1, v2);
      assert.deepEqual(idsInOrder(await t.store.posts.getEditHistory(live.id)), idsInOrder([v2, v1]));
      assert.deepEqual(await t.store.posts.getEditHistory(v1.id), []);
    });

    it('lists flagged posts that are live, newest first, by channel or by team (DMs included)', async () => {
      const team = newId();
      const user = newId();
      const inTeam = await insertChannel({ team_id: team });
      const dm = await insertChannel({ team_id: '', type: 'D' });
      const otherTeam = await insertChannel();
      const p1 = makePost({ channel_id: inTeam.id, user_id: user, create_at: at(1) });
      const p2 = makePost({ channel_id: dm.id, user_id: user, create_at: at(2) });
      const p3 = makePost({ channel_id: otherTeam.id, user_id: user, create_at: at(3) });
      const p4 = makePost({ channel_id: inTeam.id, user_id: user, create_at: at(4), delete_at: at(5) });
      const unflagged = makePost({ channel_id: inTeam.id, user_id: user, create_at: at(6) });
      await savePosts(p1, p2, p3, p4, unflagged);
      const flag = (p: Post, value = 'true') => ({ user_id: user, category: 'flagged_post', name: p.id, value });
      await t.store.preferences.save([flag(p1), flag(p2), flag(p3), flag(p4), flag(unflagged, 'false')]);
      await t.store.preferences.save([{ user_id: newId(), category: 'flagged_post', name: unflagged.id, value: 'true' }]);
      const all = { offset: 0, limit: 60 };
      assert.deepEqual(idsInOrder(await t.store.posts.getFlagged(user, all)), idsInOrder([p3, p2, p1]));
      assert.deepEqual(idsInOrder(await t.store.posts.getFlagged(user, { ...all, teamId: team })), idsInOrder([p2, p1]));
      assert.deepEqual(idsInOrder(await t.store.posts.getFlagged(user, { ...all, channelId: inTeam.id })), [p1.id]);
      assert.deepEqual(idsInOrder(await t.store.posts.getFlagged(user, { offset: 1, limit: 1 })), [p2.id]);
    });

    it('lockChannelForPost returns the channel’s last_post_at, inside a transaction too', async () => {
      const ch = await insertChannel({ last_post_at: at(42) });
      assert.equal(await t.store.posts.lockChannelForPost(ch.id), at(42));
      assert.equal(await t.store.posts.lockChannelForPost(newId()), undefined);
      assert.equal(await t.store.transaction((tx) => tx.posts.lockChannelForPost(ch.id)), at(42));
    });

    it('setMemberUnreadFrom derives counts from the channel totals and the live posts from that time on', async () => {
      const team = newId();
      const user = newId();
      const author = newId();
      const ch = await insertChannel({ team_id: team, total_msg_count: 5, total_msg_count_root: 3, last_post_at: at(5), last_root_post_at: at(4) });
      const r1 = makePost({ channel_id: ch.id, user_id: author, create_at: at(1) });
      const r2 = makePost({ channel_id: ch.id, user_id: author, create_at: at(2) });
      const reply3 = makePost({ channel_id: ch.id, user_id: author, create_at: at(3), root_id: r2.id });
      const r4 = makePost({ channel_id: ch.id, user_id: author, create_at: at(4) });
      const reply5 = makePost({ channel_id: ch.id, user_id: author, create_at: at(5), root_id: r2.id });
      await savePosts(r1, r2, reply3, r4, reply5);
      await t.db
        .insertInto('channel_members')
        .values(toRow('channel_members', makeChannelMember({ channel_id: ch.id, user_id: user, msg_count: 5, msg_count_root: 3, last_viewed_at: at(5) })))
        .execute();

      const mentions = { mention_count: 1, mention_count_root: 0, urgent_mention_count: 0 };
      const res = await t.store.posts.setMemberUnreadFrom(ch.id, user, at(3), mentions, true, at(20));
      assert.deepEqual(res, {
        team_id: team,
        user_id: user,
        channel_id: ch.id,
        msg_count: 2,
        msg_count_root: 2,
        mention_count: 1,
        mention_count_root: 0,
        urgent_mention_count: 0,
        last_viewed_at: at(3) - 1,
      });
      const row = await t.db.selectFrom('channel_members').selectAll().where('channel_id', '=', ch.id).where('user_id', '=', user).executeTakeFirstOrThrow();
      assert.equal(Number(row.msg_count), 2);
      assert.equal(Number(row.last_update_at), at(20));

      const noRoot = await t.store.posts.setMemberUnreadFrom(ch.id, user, at(3), mentions, false, at(21));
      assert.equal(noRoot?.msg_count_root, 3, 'the root pair is left at the total when roots are not counted');
      assert.equal(await t.store.posts.setMemberUnreadFrom(ch.id, newId(), at(3), mentions, true, at(22)), undefined);
    });

    describe('reactions', () => {
      it('save sets has_reactions and bumps the post; remove clears it with the last reaction', async () => {
        const c = newId();
        const p = makePost({ channel_id: c, user_id: newId(), create_at: at(1) });
        await t.store.posts.save(p);
        const [u1, u2] = [newId(), newId()];
        const r1 = makeReaction({ post_id: p.id, user_id: u1, channel_id: c, emoji_name: 'smile', create_at: at(2), update_at: at(2) });
        const r2 = makeReaction({ post_id: p.id, user_id: u2, channel_id: c, emoji_name: '+1', create_at: at(3), update_at: at(3) });
        assert.deepEqual(await t.store.reactions.save(r1), r1);
        await t.store.reactions.save(r2);
        let post = await t.store.posts.get(p.id);
        assert.strictEqual(post?.has_reactions, true);
        assert.equal(post?.update_at, at(3));
        assert.deepEqual(await t.store.reactions.getForPost(p.id), [r1, r2]);

        const removed = await t.store.reactions.remove(p.id, u1, 'smile', at(4));
        assert.deepEqual(removed, { ...r1, delete_at: at(4), update_at: at(4) });
        assert.strictEqual((await t.store.posts.get(p.id))?.has_reactions, true, 'another reaction remains');
        assert.equal(await t.store.reactions.remove(p.id, u1, 'smile', at(5)), undefined, 'already removed');
        assert.equal(await t.store.reactions.remove(p.id, u1, 'nope', at(5)), undefined);

        await t.store.reactions.remove(p.id, u2, '+1', at(6));
        post = await t.store.posts.get(p.id);
        assert.strictEqual(post?.has_reactions, false);
        assert.equal(post?.update_at, at(6));
        assert.deepEqual(await t.store.reactions.getForPost(p.id), []);
      });

      it('re-adding a removed reaction revives the row, keeping its first create_at', async () => {
        const c = newId();
        const p = makePost({ channel_id: c, user_id: newId(), create_at: at(1) });
        await t.store.posts.save(p);
        const u = newId();
        await t.store.reactions.save(makeReaction({ post_id: p.id, user_id: u, channel_id: c, create_at: at(2), update_at: at(2) }));
        await t.store.reactions.remove(p.id, u, 'smile', at(3));
        const revived = await t.store.reactions.save(makeReaction({ post_id: p.id, user_id: u, channel_id: c, create_at: at(4), update_at: at(4) }));
        assert.equal(revived.delete_at, 0);
        assert.equal(revived.create_at, at(2));
        assert.equal(revived.update_at, at(4));
        assert.deepEqual(await t.store.reactions.getForPost(p.id), [revived]);
        assert.strictEqual((await t.store.posts.get(p.id))?.has_reactions, true);
      });

      it('gets live reactions of many posts', async () => {
        const c = newId();
        const [p, q] = [makePost({ channel_id: c, user_id: newId() }), makePost({ channel_id: c, user_id: newId() })];
        await savePosts(p, q);
        const u = newId();
        await t.store.reactions.save(makeReaction({ post_id: p.id, user_id: u, channel_id: c }));
        await t.store.reactions.save(makeReaction({ post_id: q.id, user_id: u, channel_id: c, emoji_name: 'tada' }));
        await t.store.reactions.save(makeReaction({ post_id: q.id, user_id: u, channel_id: c, emoji_name: 'gone' }));
        await t.store.reactions.remove(q.id, u, 'gone', at(9));
        const got = await t.store.reactions.getForPosts([p.id, q.id, newId()]);
        assert.deepEqual(got.map((r) => `${r.post_id}:${r.emoji_name}`).sort(), [`${p.id}:smile`, `${q.id}:tada`].sort());
        assert.deepEqual(await t.store.reactions.getForPosts([]), []);
      });
    });

    describe('threads', () => {
      it('recordReply creates the thread on the first reply, then counts replies and appends new participants', async () => {
        const root = newId();
        const channel = newId();
        const team = newId();
        const [a, b] = [newId(), newId()];
        const first = await t.store.threads.recordReply(root, channel, team, a, at(1));
        assert.deepEqual(first, { post_id: root, channel_id: channel, reply_count: 1, last_reply_at: at(1), participants: [a], thread_delete_at: 0, thread_team_id: team });
        await t.store.threads.recordReply(root, channel, team, b, at(2));
        const third = await t.store.threads.recordReply(root, channel, team, a, at(3));
        assert.equal(third.reply_count, 3);
        assert.equal(third.last_reply_at, at(3));
        assert.deepEqual(third.participants, [a, b]);
        assert.deepEqual(await t.store.threads.get(root), third);
        assert.equal(await t.store.threads.get(newId()), undefined);
        assert.deepEqual((await t.store.threads.getMany([root, newId()])).map((th) => th.post_id), [root]);
      });

      it('recount rebuilds count, last reply and participants from live replies', async () => {
        const c = newId();
        const [a, b] = [newId(), newId()];
        const root = makePost({ channel_id: c, user_id: a, create_at: at(1) });
        const r1 = makePost({ channel_id: c, user_id: a, root_id: root.id, create_at: at(2) });
        const r2 = makePost({ channel_id: c, user_id: b, root_id: root.id, create_at: at(3) });
        const r3 = makePost({ channel_id: c, user_id: b, root_id: root.id, create_at: at(4) });
        await savePosts(root, r1, r2, r3);
        for (const r of [r1, r2, r3]) await t.store.threads.recordReply(root.id, c, '', r.user_id, r.create_at);
        await t.store.posts.softDelete(r3.id, at(5), b);
        await t.store.threads.recount(root.id);
        let th = await t.store.threads.get(root.id);
        assert.equal(th?.reply_count, 2);
        assert.equal(th?.last_reply_at, at(3));
        assert.deepEqual(th?.participants, [a, b]);
        await t.store.posts.softDelete(r2.id, at(6), b);
        await t.store.threads.recount(root.id);
        th = await t.store.threads.get(root.id);
        assert.equal(th?.reply_count, 1);
        assert.deepEqual(th?.participants, [a]);
      });

      it('markDeleted stamps the thread', async () => {
        const root = newId();
        await t.store.threads.recordReply(root, newId(), '', newId(), at(1));
        await t.store.threads.markDeleted(root, at(2));
        assert.equal((await t.store.threads.get(root))?.thread_delete_at, at(2));
      });

      it('saves memberships as insert-or-replace with boolean following', async () => {
        const m = makeThreadMembership({ post_id: newId(), user_id: newId(), unread_mentions: 2 });
        await t.store.threads.saveMembership(m);
        assert.deepEqual(await t.store.threads.getMembership(m.post_id, m.user_id), m);
        const unfollowed = { ...m, following: false, unread_mentions: 0, last_viewed: at(3) };
        await t.store.threads.saveMembership(unfollowed);
        const got = await t.store.threads.getMembership(m.post_id, m.user_id);
        assert.deepEqual(got, unfollowed);
        assert.strictEqual(got?.following, false);
        assert.equal(await t.store.threads.getMembership(m.post_id, newId()), undefined);
      });
    });
  });
}

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, Post, ThreadMembership, User } from '../../src/store/store.js';
import { newId } from '../../src/platform/ids.js';
import { engines, makeChannel, makeChannelMember, makePost, makeThreadMembership, makeUser, openTestDb, toRow, type TestDb } from './fixtures.js';

const T0 = 1_720_000_000_000;
const at = (i: number) => T0 + i * 1000;

for (const engine of engines()) {
  describe(`thread, draft and email stores contract [${engine}]`, () => {
    let t: TestDb;
    before(async () => {
      t = await openTestDb(engine);
    });
    after(() => t.close());

    async function insertChannel(fields: Partial<Channel> & Pick<Channel, 'team_id'>): Promise<Channel> {
      const c = makeChannel(fields);
      await t.db.insertInto('channels').values(toRow('channels', c)).execute();
      return c;
    }
    async function insertUser(fields: Partial<User> = {}): Promise<User> {
      const u = makeUser(fields);
      await t.store.users.save(u);
      return u;
    }
    /** A root with replies at the given seconds, its thread recorded as createPost would. */
    async function thread(channel: Channel, rootAt: number, replies: Array<{ at: number; user: string; deleted?: boolean }>): Promise<Post> {
      const root = makePost({ channel_id: channel.id, user_id: newId(), create_at: at(rootAt) });
      await t.store.posts.save(root);
      for (const r of replies) {
        await t.store.posts.save(makePost({ channel_id: channel.id, user_id: r.user, root_id: root.id, create_at: at(r.at), delete_at: r.deleted ? at(r.at + 1) : 0 }));
        await t.store.threads.recordReply(root.id, channel.id, channel.team_id, r.user, at(r.at));
      }
      return root;
    }

    describe('a user\'s threads', () => {
      const team = newId();
      const me = newId();
      let chan: Channel;
      let other: Channel;
      let dm: Channel;
      let old: Post; // read
      let fresh: Post; // two unread replies (one deleted), mentions
      let direct: Post; // DM thread, unread
      let elsewhere: Post; // another team
      let gone: Post; // deleted root
      let unfollowed: Post;

      before(async () => {
        chan = await insertChannel({ team_id: team });
        other = await insertChannel({ team_id: newId() });
        dm = await insertChannel({ team_id: '', type: 'D' });
        const u = newId();
        old = await thread(chan, 1, [{ at: 2, user: u }]);
        fresh = await thread(chan, 3, [
          { at: 10, user: u },
          { at: 11, user: u, deleted: true },
          { at: 12, user: u },
        ]);
        direct = await thread(dm, 4, [{ at: 8, user: u }]);
        elsewhere = await thread(other, 5, [{ at: 9, user: u }]);
        gone = await thread(chan, 6, [{ at: 7, user: u }]);
        unfollowed = await thread(chan, 13, [{ at: 14, user: u }]);
        await t.store.posts.softDelete(gone.id, at(20), u);
        await t.store.threads.markDeleted(gone.id, at(20));
        const m = (post: Post, f: Partial<ThreadMembership>) => t.store.threads.saveMembership(makeThreadMembership({ post_id: post.id, user_id: me, ...f }));
        await m(old, { last_viewed: at(2), last_updated: at(2) });
        await m(fresh, { last_viewed: at(10), unread_mentions: 2, last_updated: at(12) });
        await m(direct, { last_viewed: 0, unread_mentions: 1, last_updated: at(8) });
        await m(elsewhere, { last_viewed: 0 });
        await m(gone, { last_viewed: 0 });
        await m(unfollowed, { following: false, last_viewed: 0 });
      });

      const q = (fields: Partial<Parameters<TestDb['store']['threads']['getForUser']>[1]> = {}) => ({
        teamId: team,
        deleted: false,
        unreadOnly: false,
        since: 0,
        limit: 30,
        ...fields,
      });

      it('lists followed threads of the team and of DMs, newest reply first, with unread replies and the root', async () => {
        const list = await t.store.threads.getForUser(me, q());
        assert.deepEqual(
          list.map((x) => x.thread.post_id),
          [fresh.id, direct.id, old.id],
        );
        const f = list[0]!;
        assert.equal(f.unreadReplies, 1, 'the deleted reply is not unread, the one at the last view neither');
        assert.equal(f.membership.unread_mentions, 2);
        assert.equal(f.membership.following, true);
        assert.equal(f.thread.reply_count, 3);
        assert.equal(f.post.id, fresh.id);
        assert.equal(list[2]!.unreadReplies, 0);
      });

      it('filters unread, deleted and since; pages with before/after by last reply', async () => {
        assert.deepEqual((await t.store.threads.getForUser(me, q({ unreadOnly: true }))).map((x) => x.thread.post_id), [fresh.id, direct.id]);
        assert.ok((await t.store.threads.getForUser(me, q({ deleted: true }))).some((x) => x.thread.post_id === gone.id));
        assert.deepEqual((await t.store.threads.getForUser(me, q({ since: at(9) }))).map((x) => x.thread.post_id), [fresh.id]);
        assert.deepEqual((await t.store.threads.getForUser(me, q({ before: fresh.id, limit: 1 }))).map((x) => x.thread.post_id), [direct.id]);
        assert.deepEqual((await t.store.threads.getForUser(me, q({ after: old.id }))).map((x) => x.thread.post_id), [direct.id, fresh.id], 'after: oldest first');
        assert.deepEqual(await t.store.threads.getForUser(me, q({ before: newId() })), []);
      });

      it('counts totals, and unread threads per team (DMs belong to none)', async () => {
        assert.deepEqual(await t.store.threads.countForUser(me, team, false), { total: 3, totalUnreadThreads: 2, totalUnreadMentions: 3 });
        assert.equal((await t.store.threads.countForUser(me, team, true)).total, 4);
        const unreads = await t.store.threads.getTeamUnreads(me, [team, other.team_id]);
        assert.deepEqual(
          unreads.sort((a, b) => a.team_id.localeCompare(b.team_id)),
          [
            { team_id: team, thread_count: 1, thread_mention_count: 2 },
            { team_id: other.team_id, thread_count: 1, thread_mention_count: 0 },
          ].sort((a, b) => a.team_id.localeCompare(b.team_id)),
        );
      });

      it('gets one followed thread; unfollowed or unknown ones are not there', async () => {
        assert.equal((await t.store.threads.getOneForUser(me, fresh.id))?.unreadReplies, 1);
        assert.equal(await t.store.threads.getOneForUser(me, unfollowed.id), undefined);
        assert.equal(await t.store.threads.getOneForUser(newId(), fresh.id), undefined);
        assert.deepEqual((await t.store.threads.getFollowers(unfollowed.id)), []);
        assert.deepEqual(await t.store.threads.getFollowers(fresh.id), [me]);
        assert.equal((await t.store.threads.getMemberships(unfollowed.id, [me, newId()]))[0]?.following, false);
        assert.deepEqual(
          (await t.store.threads.getMembershipsOfUser(me, [old.id, unfollowed.id, newId()])).map((m) => [m.post_id, m.following]).sort(),
          [
            [old.id, true],
            [unfollowed.id, false],
          ].sort(),
        );
        assert.equal(await t.store.threads.countRepliesAfter(fresh.id, at(10)), 1);
      });

      it('marks threads read by channel (only those with unread replies) and by team', async () => {
        const user = newId();
        const mine = await thread(chan, 30, [{ at: 31, user: newId() }]);
        const theirs = await thread(other, 32, [{ at: 33, user: newId() }]);
        const read = await thread(chan, 34, [{ at: 35, user: newId() }]);
        for (const p of [mine, theirs]) await t.store.threads.saveMembership(makeThreadMembership({ post_id: p.id, user_id: user, unread_mentions: 1 }));
        await t.store.threads.saveMembership(makeThreadMembership({ post_id: read.id, user_id: user, last_viewed: at(36), last_updated: at(36) }));
        await t.store.threads.markAllReadInChannels(user, [chan.id], at(40));
        assert.equal((await t.store.threads.getMembership(mine.id, user))?.last_viewed, at(40));
        assert.equal((await t.store.threads.getMembership(mine.id, user))?.unread_mentions, 0);
        assert.equal((await t.store.threads.getMembership(read.id, user))?.last_updated, at(36), 'nothing to read: left alone');
        assert.equal((await t.store.threads.getMembership(theirs.id, user))?.unread_mentions, 1);
        await t.store.threads.markAllReadInTeam(user, other.team_id, at(41));
        assert.equal((await t.store.threads.getMembership(theirs.id, user))?.last_viewed, at(41));
        await t.store.threads.removeMembershipsForChannel(user, chan.id);
        assert.equal(await t.store.threads.getMembership(mine.id, user), undefined);
        assert.ok(await t.store.threads.getMembership(theirs.id, user));
      });
    });

    describe('drafts', () => {
      it('upserts keeping the first create_at, tells created from updated, deletes returning the draft', async () => {
        const user = newId();
        const channel = newId();
        const draft = { user_id: user, channel_id: channel, root_id: '', create_at: at(1), update_at: at(1), delete_at: 0, message: 'hi', type: '', props: { a: 'ü' }, file_ids: [], priority: null };
        assert.equal((await t.store.drafts.upsert(draft)).created, true);
        const second = await t.store.drafts.upsert({ ...draft, message: 'hi there', create_at: at(5), update_at: at(5), priority: { priority: 'important' } });
        assert.equal(second.created, false);
        assert.deepEqual(await t.store.drafts.get(user, channel, ''), { ...draft, message: 'hi there', update_at: at(5), priority: { priority: 'important' } });
        assert.equal(await t.store.drafts.get(user, channel, newId()), undefined);
        assert.equal((await t.store.drafts.delete(user, channel, ''))?.message, 'hi there');
        assert.equal(await t.store.drafts.delete(user, channel, ''), undefined);
      });

      it('lists a team\'s drafts (DMs too) in channels the user is still in, newest first', async () => {
        const user = newId();
        const team = newId();
        const c1 = await insertChannel({ team_id: team });
        const c2 = await insertChannel({ team_id: team });
        const left = await insertChannel({ team_id: team });
        const elsewhere = await insertChannel({ team_id: newId() });
        const dm = await insertChannel({ team_id: '', type: 'D' });
        for (const c of [c1, c2, elsewhere, dm]) await t.db.insertInto('channel_members').values(toRow('channel_members', makeChannelMember({ channel_id: c.id, user_id: user }))).execute();
        const save = (channelId: string, i: number, rootId = '') =>
          t.store.drafts.upsert({ user_id: user, channel_id: channelId, root_id: rootId, create_at: at(i), update_at: at(i), delete_at: 0, message: `m${i}`, type: '', props: {}, file_ids: [], priority: null });
        await save(c1.id, 1);
        await save(c1.id, 4, newId());
        await save(c2.id, 2);
        await save(left.id, 3);
        await save(elsewhere.id, 5);
        await save(dm.id, 6);
        const list = await t.store.drafts.getForUserInTeam(user, team);
        assert.deepEqual(list.map((d) => d.message), ['m6', 'm4', 'm2', 'm1']);
      });
    });

    describe('email tokens and queue', () => {
      it('a token is read, used once, and old ones are swept', async () => {
        const token = newId() + newId();
        await t.store.emailTokens.save({ token, create_at: at(1), type: 'verify_email', extra: '{"UserId":"x"}' });
        assert.deepEqual(await t.store.emailTokens.get(token), { token, create_at: at(1), type: 'verify_email', extra: '{"UserId":"x"}' });
        const results = await Promise.all([t.store.emailTokens.delete(token), t.store.emailTokens.delete(token)]);
        assert.deepEqual(results.sort(), [false, true]);
        const old = newId();
        await t.store.emailTokens.save({ token: old, create_at: at(1), type: 'x', extra: '' });
        await t.store.emailTokens.deleteOlderThan(at(2));
        assert.equal(await t.store.emailTokens.get(old), undefined);
      });

      it('queues per user, oldest first, and removal reports how many it took', async () => {
        const user = newId();
        const entry = (i: number) => ({ id: newId(), user_id: user, post_id: newId(), channel_id: newId(), team_id: '', create_at: at(i) });
        const [a, b] = [entry(5), entry(3)];
        await t.store.emailQueue.enqueue(a);
        await t.store.emailQueue.enqueue(b);
        assert.ok((await t.store.emailQueue.getUserIds()).includes(user));
        assert.deepEqual(await t.store.emailQueue.getForUser(user), [b, a]);
        assert.equal(await t.store.emailQueue.remove([a.id, b.id, newId()]), 2);
        assert.equal(await t.store.emailQueue.remove([a.id]), 0);
        assert.ok(!(await t.store.emailQueue.getUserIds()).includes(user));
      });
    });

    describe('who is in a channel, for mentions', () => {
      it('member profiles carry both notify_props and skip deactivated users', async () => {
        const c = await insertChannel({ team_id: newId() });
        const active = await insertUser({ first_name: 'Ann', notify_props: { first_name: 'true' } });
        const gone = await insertUser({ delete_at: at(1) });
        for (const u of [active, gone]) {
          await t.db.insertInto('channel_members').values(toRow('channel_members', makeChannelMember({ channel_id: c.id, user_id: u.id, notify_props: { mark_unread: 'mention' }, last_viewed_at: at(3) }))).execute();
        }
        assert.deepEqual(await t.store.channels.getMemberProfiles(c.id), [
          { user_id: active.id, username: active.username, first_name: 'Ann', is_bot: false, notify_props: { first_name: 'true' }, member_notify_props: { mark_unread: 'mention' } },
        ]);
        assert.equal(await t.store.channels.hasViewedSince(active.id, at(3)), true);
        assert.equal(await t.store.channels.hasViewedSince(active.id, at(4)), false);
        await t.store.preferences.save([{ user_id: active.id, category: 'display_settings', name: 'collapsed_reply_threads', value: 'on' }]);
        assert.deepEqual(await t.store.preferences.getForUsers([active.id, gone.id], 'display_settings', 'collapsed_reply_threads'), [
          { user_id: active.id, category: 'display_settings', name: 'collapsed_reply_threads', value: 'on' },
        ]);
      });
    });
  });
}

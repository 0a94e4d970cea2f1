import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, ChannelMember, User } from '../../src/store/store.js';
import { newId } from '../../src/platform/ids.js';
import { engines, ids, makeChannel, makeChannelMember, makeUser, openTestDb, uniq, type TestDb } from './fixtures.js';

const T0 = 1_710_000_000_000;
const at = (i: number) => T0 + i * 1000;

for (const engine of engines()) {
  describe(`channel store contract [${engine}]`, () => {
    let t: TestDb;
    before(async () => {
      t = await openTestDb(engine);
    });
    after(() => t.close());

    async function saveChannel(fields: Partial<Channel> = {}): Promise<Channel> {
      const c = makeChannel({ team_id: newId(), ...fields });
      assert.equal(await t.store.channels.save(c), true);
      return c;
    }
    // Member counts join users, so members are real users.
    async function saveUser(fields: Partial<User> = {}): Promise<User> {
      const u = makeUser(fields);
      await t.store.users.save(u);
      return u;
    }
    async function join(channel: Channel, userId: string, fields: Partial<ChannelMember> = {}): Promise<ChannelMember> {
      return t.store.channels.saveMember(makeChannelMember({ channel_id: channel.id, user_id: userId, ...fields }));
    }
    async function member(channel: Channel, userId: string): Promise<ChannelMember> {
      const m = await t.store.channels.getMember(channel.id, userId);
      assert.ok(m, `member ${userId} of ${channel.name}`);
      return m;
    }

    describe('channels', () => {
      it('saves and reads a channel with JSON props and nullable flags', async () => {
        const c = await saveChannel({ props: { banner: 'ünïcode ✓', nested: [1, { a: true }] }, shared: false, group_constrained: null, header: 'Hé 👋' });
        assert.deepEqual(await t.store.channels.get(c.id), c);
        const bare = await saveChannel();
        assert.strictEqual((await t.store.channels.get(bare.id))?.props, null);
        assert.deepEqual(ids(await t.store.channels.getMany([c.id, bare.id, newId()])), ids([c, bare]));
        assert.deepEqual(await t.store.channels.getMany([]), []);
        assert.equal(await t.store.channels.get(newId()), undefined);
      });

      it('keeps names unique per team, archived channels included; DMs share the empty team', async () => {
        const team = newId();
        const c = await saveChannel({ team_id: team });
        assert.equal(await t.store.channels.save(makeChannel({ team_id: team, name: c.name })), false);
        assert.equal(await t.store.channels.save(makeChannel({ team_id: newId(), name: c.name })), true, 'same name in another team');
        const archived = await saveChannel({ team_id: team, delete_at: at(1) });
        assert.equal(await t.store.channels.save(makeChannel({ team_id: team, name: archived.name })), false);
        const dm = await saveChannel({ team_id: '', type: 'D', name: `${newId()}__${newId()}` });
        assert.equal(await t.store.channels.save(makeChannel({ team_id: '', type: 'D', name: dm.name })), false);
      });

      it('finds by name within a team, archived ones only when asked', async () => {
        const team = newId();
        const c = await saveChannel({ team_id: team });
        const archived = await saveChannel({ team_id: team, delete_at: at(1) });
        assert.equal((await t.store.channels.getByName(team, c.name))?.id, c.id);
        assert.equal(await t.store.channels.getByName(newId(), c.name), undefined);
        assert.equal(await t.store.channels.getByName(team, archived.name), undefined);
        assert.equal((await t.store.channels.getByName(team, archived.name, true))?.id, archived.id);
      });

      it('update writes settings but never the post counters, which a stale copy would roll back', async () => {
        const c = await saveChannel();
        await t.store.channels.recordPost(c.id, at(5), true);
        const edited: Channel = { ...c, header: 'new header', purpose: 'why', display_name: 'Renamed', update_at: at(6) };
        await t.store.channels.update(edited);
        const got = await t.store.channels.get(c.id);
        assert.equal(got?.header, 'new header');
        assert.equal(got?.display_name, 'Renamed');
        assert.equal(got?.total_msg_count, 1);
        assert.equal(got?.last_post_at, at(5));
      });

      it('lists live public channels of a team by display name, with paging and by ids', async () => {
        const team = newId();
        const b = await saveChannel({ team_id: team, display_name: 'bravo' });
        const a = await saveChannel({ team_id: team, display_name: 'alpha' });
        const c = await saveChannel({ team_id: team, display_name: 'charlie' });
        const priv = await saveChannel({ team_id: team, display_name: 'aaa private', type: 'P' });
        const archived = await saveChannel({ team_id: team, display_name: 'aaa archived', delete_at: at(1) });
        await saveChannel({ display_name: 'aaa other team' });
        const list = (offset: number, limit: number) => t.store.channels.getPublicForTeam(team, { offset, limit }).then((r) => r.map((x) => x.id));
        assert.deepEqual(await list(0, 100), [a.id, b.id, c.id]);
        assert.deepEqual([...(await list(0, 2)), ...(await list(2, 2))], [a.id, b.id, c.id]);
        const byIds = await t.store.channels.getPublicByIds(team, [c.id, a.id, priv.id, archived.id, newId()]);
        assert.deepEqual(byIds.map((x) => x.id), [a.id, c.id]);
      });

      it('lists archived channels: public ones, plus private ones the user belongs to', async () => {
        const team = newId();
        const u = await saveUser();
        const pub = await saveChannel({ team_id: team, display_name: 'a', delete_at: at(1) });
        const privMine = await saveChannel({ team_id: team, display_name: 'b', type: 'P', delete_at: at(1) });
        const privOther = await saveChannel({ team_id: team, display_name: 'c', type: 'P', delete_at: at(1) });
        await saveChannel({ team_id: team, display_name: 'd' });
        await join(privMine, u.id);
        const page = { offset: 0, limit: 100 };
        assert.deepEqual(ids(await t.store.channels.getDeletedForTeam(team, { ...page, memberUserId: u.id })), ids([pub, privMine]));
        assert.deepEqual(ids(await t.store.channels.getDeletedForTeam(team, page)), ids([pub, privMine, privOther]));
      });

      it('getForUserInTeam lists the team’s channels the user is in plus every DM and GM, by display name', async () => {
        const team = newId();
        const u = await saveUser();
        const mine = await saveChannel({ team_id: team, display_name: 'b mine' });
        const minePrivate = await saveChannel({ team_id: team, display_name: 'c private', type: 'P' });
        const notMine = await saveChannel({ team_id: team, display_name: 'a not mine' });
        const otherTeam = await saveChannel({ display_name: 'a other team' });
        const archived = await saveChannel({ team_id: team, display_name: 'd archived', delete_at: at(1) });
        const dm = await saveChannel({ team_id: '', type: 'D', display_name: '', name: `${u.id}__${newId()}` });
        const gm = await saveChannel({ team_id: '', type: 'G', display_name: 'e group', name: newId() });
        for (const c of [mine, minePrivate, otherTeam, archived, dm, gm]) await join(c, u.id);
        await join(notMine, newId());

        const live = await t.store.channels.getForUserInTeam(u.id, team, false);
        assert.deepEqual(live.map((c) => c.id), [dm.id, mine.id, minePrivate.id, gm.id]);
        const withArchived = await t.store.channels.getForUserInTeam(u.id, team, true);
        assert.deepEqual(withArchived.map((c) => c.id), [dm.id, mine.id, minePrivate.id, archived.id, gm.id]);
        assert.deepEqual(ids(await t.store.channels.getAllForUser(u.id, false)), ids([mine, minePrivate, otherTeam, dm, gm]));
        assert.deepEqual(ids(await t.store.channels.getAllForUser(u.id, true)), ids([mine, minePrivate, otherTeam, archived, dm, gm]));
      });

      it('counts a team’s channels, archived included', async () => {
        const team = newId();
        await saveChannel({ team_id: team });
        await saveChannel({ team_id: team, type: 'P' });
        await saveChannel({ team_id: team, delete_at: at(1) });
        assert.equal(await t.store.channels.countForTeam(team), 3);
        assert.equal(await t.store.channels.countForTeam(newId()), 0);
      });

      it('searches by name prefix or display-name word prefix, within what the user may see', async () => {
        const team = newId();
        const u = await saveUser();
        const tag = uniq('q');
        const byName = await saveChannel({ team_id: team, name: `${tag}-town`, display_name: 'Unrelated' });
        const byWord = await saveChannel({ team_id: team, display_name: `Big ${tag.toUpperCase()} Room` });
        const privMine = await saveChannel({ team_id: team, type: 'P', display_name: `${tag} secret` });
        const privOther = await saveChannel({ team_id: team, type: 'P', display_name: `${tag} hidden` });
        const archived = await saveChannel({ team_id: team, display_name: `${tag} old`, delete_at: at(1) });
        const infix = await saveChannel({ team_id: team, display_name: `x${tag}` });
        const literal = await saveChannel({ team_id: team, display_name: `${tag}_x` });
        const notLiteral = await saveChannel({ team_id: team, display_name: `${tag}ax` });
        await join(privMine, u.id);
        const search = (term: string, extra: { includeDeleted?: boolean; includePublic?: boolean; memberUserId?: string } = {}) =>
          t.store.channels.search({ teamId: team, term, includeDeleted: false, limit: 100, ...extra }).then(ids);

        assert.deepEqual(await search(tag), ids([byName, byWord, literal, notLiteral]));
        assert.deepEqual(await search(tag, { memberUserId: u.id }), ids([byName, byWord, privMine, literal, notLiteral]));
        assert.deepEqual(await search(tag, { memberUserId: u.id, includePublic: false }), [privMine.id]);
        assert.ok((await search(tag, { includeDeleted: true })).includes(archived.id));
        assert.ok(!(await search(tag, { memberUserId: u.id })).includes(privOther.id));
        assert.ok(!(await search(tag)).includes(infix.id));
        assert.deepEqual(await search(`${tag}_`), [literal.id]);
        assert.equal((await t.store.channels.search({ teamId: team, term: tag, includeDeleted: false, limit: 2 })).length, 2);
      });

      it('search folds case beyond ASCII, as PostgreSQL’s lower() does', async () => {
        const team = newId();
        const tag = uniq('u');
        const c = await saveChannel({ team_id: team, display_name: `Équipe ${tag} Ölçek` });
        const search = (term: string) => t.store.channels.search({ teamId: team, term, includeDeleted: false, limit: 10 }).then(ids);
        assert.deepEqual(await search('équipe'), [c.id]);
        assert.deepEqual(await search('ÖLÇ'), [c.id]);
      });
    });

    describe('members', () => {
      it('saveMember starts the read counters at the channel totals, so joining leaves nothing unread', async () => {
        const c = await saveChannel();
        await t.store.channels.recordPost(c.id, at(1), true);
        await t.store.channels.recordPost(c.id, at(2), false);
        const u = await saveUser();
        const saved = await join(c, u.id, { msg_count: 0, msg_count_root: 0, last_viewed_at: 0, notify_props: { desktop: 'mention', mark_unread: 'mention' }, scheme_admin: true });
        assert.equal(saved.msg_count, 2);
        assert.equal(saved.msg_count_root, 1);
        assert.equal(saved.last_viewed_at, at(2));
        const got = await member(c, u.id);
        assert.deepEqual(got, saved);
        assert.deepEqual(got.notify_props, { desktop: 'mention', mark_unread: 'mention' });
        assert.strictEqual(got.scheme_admin, true);
        assert.equal(await t.store.channels.getMember(c.id, newId()), undefined);
      });

      it('updateMember writes roles and settings but leaves the counters alone', async () => {
        const c = await saveChannel();
        const u = await saveUser();
        const m = await join(c, u.id);
        await t.store.channels.incrementMentions(c.id, [u.id], true, false);
        const updated = await t.store.channels.updateMember({ ...m, roles: 'custom', notify_props: { push: 'none' }, scheme_admin: true, mention_count: 0, last_update_at: at(9) });
        assert.equal(updated.roles, 'custom');
        assert.deepEqual(updated.notify_props, { push: 'none' });
        assert.strictEqual(updated.scheme_admin, true);
        assert.equal(updated.mention_count, 1, 'a stale copy must not clear a mention');
        assert.deepEqual(await member(c, u.id), updated);
      });

      it('lists a channel’s members by user id with paging, and by ids', async () => {
        const c = await saveChannel();
        const us = [await saveUser(), await saveUser(), await saveUser()];
        for (const u of us) await join(c, u.id);
        const sorted = ids(us);
        const page = (offset: number, limit: number) => t.store.channels.getMembers(c.id, { offset, limit }).then((r) => r.map((m) => m.user_id));
        assert.deepEqual(await page(0, 100), sorted);
        assert.deepEqual([...(await page(0, 2)), ...(await page(2, 2))], sorted);
        const some = await t.store.channels.getMembersByIds(c.id, [us[0]!.id, us[2]!.id, newId()]);
        assert.deepEqual(some.map((m) => m.user_id).sort(), [us[0]!.id, us[2]!.id].sort());
        assert.deepEqual(await t.store.channels.getMembersByIds(c.id, []), []);
      });

      it('lists a user’s memberships, in a team (DMs included) or everywhere by channel id', async () => {
        const team = newId();
        const u = await saveUser();
        const inTeam = await saveChannel({ team_id: team });
        const dm = await saveChannel({ team_id: '', type: 'D', name: `${u.id}__${newId()}` });
        const elsewhere = await saveChannel();
        for (const c of [inTeam, dm, elsewhere]) await join(c, u.id);
        await join(inTeam, newId());
        assert.deepEqual((await t.store.channels.getMembersForUserInTeam(u.id, team)).map((m) => m.channel_id).sort(), ids([inTeam, dm]));
        const all = [inTeam, dm, elsewhere].map((c) => c.id).sort();
        const page = (offset: number, limit: number) => t.store.channels.getMembersForUser(u.id, { offset, limit }).then((r) => r.map((m) => m.channel_id));
        assert.deepEqual(await page(0, 100), all);
        assert.deepEqual([...(await page(0, 2)), ...(await page(2, 2))], all);
      });

      it('removes one membership, or all of a user’s in a team while keeping DMs', async () => {
        const team = newId();
        const u = await saveUser();
        const a = await saveChannel({ team_id: team });
        const b = await saveChannel({ team_id: team, type: 'P' });
        const dm = await saveChannel({ team_id: '', type: 'D', name: `${u.id}__${newId()}` });
        const elsewhere = await saveChannel();
        for (const c of [a, b, dm, elsewhere]) await join(c, u.id);
        const other = await saveUser();
        await join(a, other.id);

        await t.store.channels.removeMember(a.id, u.id);
        assert.equal(await t.store.channels.getMember(a.id, u.id), undefined);
        assert.ok(await t.store.channels.getMember(a.id, other.id));

        await join(a, u.id);
        const removed = await t.store.channels.removeMembersForUserInTeam(u.id, team);
        assert.deepEqual([...removed].sort(), ids([a, b]));
        assert.deepEqual((await t.store.channels.getMembersForUser(u.id, { offset: 0, limit: 100 })).map((m) => m.channel_id).sort(), ids([dm, elsewhere]));
        assert.ok(await t.store.channels.getMember(a.id, other.id));
        assert.deepEqual(await t.store.channels.removeMembersForUserInTeam(u.id, ''), [], 'the DM "team" is never emptied');
      });

      it('counts members, active users only when asked, and guests', async () => {
        const c = await saveChannel();
        const live = await saveUser();
        const gone = await saveUser({ delete_at: at(1) });
        const guest = await saveUser();
        await join(c, live.id);
        await join(c, gone.id);
        await join(c, guest.id, { scheme_guest: true, scheme_user: false });
        const n = await t.store.channels.countMembers(c.id);
        assert.equal(n, 3);
        assert.equal(typeof n, 'number');
        assert.equal(await t.store.channels.countMembers(c.id, { activeUsersOnly: true }), 2);
        assert.equal(await t.store.channels.countGuests(c.id), 1);
      });
    });

    describe('mention candidates (a post reads only the members it can mention)', () => {
      it('returns members with custom mention keys, first-name mentions or reply notifications, the named ones and auto-followers — nobody else', async () => {
        const c = await saveChannel();
        const plain = await saveUser();
        const keys = await saveUser({ notify_props: { mention_keys: 'deploy' } });
        const first = await saveUser({ first_name: 'Ada', notify_props: { first_name: 'true' } });
        const noFirst = await saveUser({ first_name: '', notify_props: { first_name: 'true' } });
        const replies = await saveUser({ notify_props: { comments: 'any' } });
        const named = await saveUser();
        const follower = await saveUser();
        const gone = await saveUser({ delete_at: at(1), notify_props: { mention_keys: 'x' } });
        const outsider = await saveUser({ notify_props: { mention_keys: 'deploy' } });
        for (const u of [plain, keys, first, noFirst, replies, named, follower, gone]) await join(c, u.id);
        await t.store.channels.updateMember({ ...(await member(c, follower.id)), notify_props: { channel_auto_follow_threads: 'on' } });
        const candidates = async (autoFollowers: boolean, usernames: string[] = [named.username], userIds: string[] = []) =>
          (await t.store.channels.getMentionCandidates(c.id, { usernames, userIds, autoFollowers })).map((p) => p.user_id).sort();
        assert.deepEqual(await candidates(false), [keys.id, first.id, replies.id, named.id].sort());
        assert.deepEqual(await candidates(true), [keys.id, first.id, replies.id, named.id, follower.id].sort());
        assert.deepEqual(await candidates(false, [], [plain.id, outsider.id]), [keys.id, first.id, replies.id, plain.id].sort());

        // The flags follow every write of the user and of the membership.
        await t.store.users.update({ ...keys, notify_props: { mention_keys: ' , ' } });
        await t.store.users.update({ ...plain, first_name: 'Bo', notify_props: { first_name: 'true' } });
        await t.store.channels.updateMember({ ...(await member(c, follower.id)), notify_props: { channel_auto_follow_threads: 'off' } });
        assert.deepEqual(await candidates(true, []), [plain.id, first.id, replies.id].sort());
        const profile = (await t.store.channels.getMentionCandidates(c.id, { usernames: [], userIds: [], autoFollowers: false })).find((p) => p.user_id === plain.id);
        assert.deepEqual(profile?.notify_props, { first_name: 'true' });
        assert.equal('custom_mentions' in ((await t.store.users.get(plain.id)) ?? {}), false, 'the derived flag is not part of the model');
      });
    });

    describe('counters (Mattermost unread semantics)', () => {
      it('recordPost counts every post, roots separately, and only moves last_post_at forward', async () => {
        const c = await saveChannel();
        const u = await saveUser();
        await join(c, u.id);
        await t.store.channels.recordPost(c.id, at(10), true);
        await t.store.channels.recordPost(c.id, at(11), false);
        await t.store.channels.recordPost(c.id, at(5), true);
        let got = await t.store.channels.get(c.id);
        assert.equal(got?.total_msg_count, 3);
        assert.equal(got?.total_msg_count_root, 2);
        assert.equal(got?.last_post_at, at(11));
        assert.equal(got?.last_root_post_at, at(10));
        assert.equal(typeof got?.total_msg_count, 'number');

        await t.store.channels.recordPost(c.id, at(12), true, false);
        got = await t.store.channels.get(c.id);
        assert.equal(got?.total_msg_count, 3, 'join/leave messages are not counted');
        assert.equal(got?.total_msg_count_root, 2);
        assert.equal(got?.last_post_at, at(12), '…but still move last_post_at');

        const m = await member(c, u.id);
        assert.equal(m.msg_count, 0, 'members’ read counters do not move with new posts');
        assert.equal(m.msg_count_root, 0);
      });

      it('concurrent recordPost and incrementMentions calls lose no count', async () => {
        // On PostgreSQL each call takes its own pooled connection, so a read-then-write would drop some.
        const c = await saveChannel();
        const u = await saveUser();
        await join(c, u.id);
        await Promise.all(Array.from({ length: 12 }, (_, i) => t.store.channels.recordPost(c.id, at(i), i % 3 === 0)));
        await Promise.all(Array.from({ length: 12 }, () => t.store.channels.incrementMentions(c.id, [u.id], true, false)));
        const got = await t.store.channels.get(c.id);
        assert.deepEqual([got?.total_msg_count, got?.total_msg_count_root, got?.last_post_at], [12, 4, at(11)]);
        assert.equal((await member(c, u.id)).mention_count, 12);
      });

      it('incrementMentions adds one mention per listed member, root and urgent only when flagged', async () => {
        const c = await saveChannel();
        const [a, b, bystander] = [await saveUser(), await saveUser(), await saveUser()];
        for (const u of [a, b, bystander]) await join(c, u.id);
        await t.store.channels.incrementMentions(c.id, [a.id, b.id], true, false);
        await t.store.channels.incrementMentions(c.id, [a.id], false, true, at(7));
        const ma = await member(c, a.id);
        assert.deepEqual([ma.mention_count, ma.mention_count_root, ma.urgent_mention_count], [2, 1, 1]);
        assert.equal(ma.last_update_at, at(7));
        const mb = await member(c, b.id);
        assert.deepEqual([mb.mention_count, mb.mention_count_root, mb.urgent_mention_count], [1, 1, 0]);
        const mc = await member(c, bystander.id);
        assert.deepEqual([mc.mention_count, mc.mention_count_root, mc.urgent_mention_count], [0, 0, 0]);
        await t.store.channels.incrementMentions(c.id, [newId()], true, true);
        await t.store.channels.incrementMentions(c.id, [], true, true);
        assert.equal(await t.store.channels.getMember(c.id, newId()), undefined);
      });

      it('markViewed clears mentions, raises read counts to the totals and sets last_viewed_at to the last post, not now', async () => {
        const c = await saveChannel();
        const [reader, other] = [await saveUser(), await saveUser()];
        await join(c, reader.id);
        await join(c, other.id);
        await t.store.channels.recordPost(c.id, at(1), true);
        await t.store.channels.recordPost(c.id, at(2), false);
        await t.store.channels.recordPost(c.id, at(3), true);
        await t.store.channels.incrementMentions(c.id, [reader.id, other.id], true, true);

        const now = at(100);
        const viewed = await t.store.channels.markViewed(reader.id, [c.id], now);
        const m = await member(c, reader.id);
        assert.deepEqual(
          [m.msg_count, m.msg_count_root, m.mention_count, m.mention_count_root, m.urgent_mention_count, m.last_viewed_at],
          [3, 2, 0, 0, 0, at(3)],
        );
        assert.deepEqual(viewed, { [c.id]: at(3) });
        assert.equal(typeof viewed[c.id], 'number');
        const o = await member(c, other.id);
        assert.deepEqual([o.msg_count, o.mention_count, o.last_viewed_at], [0, 1, 0], 'other members are untouched');
      });

      it('markViewed never lowers last_viewed_at or read counts, and skips channels the user is not in', async () => {
        const c = await saveChannel();
        const notMine = await saveChannel();
        const u = await saveUser();
        await t.store.channels.recordPost(c.id, at(1), true);
        await join(c, u.id);
        // Ahead of the channel, e.g. after a set_unread race or a counter repaired by hand.
        await t.db.updateTable('channel_members').set({ last_viewed_at: at(50), msg_count: 7 }).where('channel_id', '=', c.id).where('user_id', '=', u.id).execute();
        const viewed = await t.store.channels.markViewed(u.id, [c.id, notMine.id, c.id], at(100));
        assert.deepEqual(viewed, { [c.id]: at(50) });
        const m = await member(c, u.id);
        assert.equal(m.last_viewed_at, at(50));
        assert.equal(m.msg_count, 7);
        assert.deepEqual(await t.store.channels.markViewed(u.id, [], at(100)), {});
      });

      it('getUnreadsForUser reports live team channels only, one team when given', async () => {
        const team = newId();
        const otherTeam = newId();
        const u = await saveUser();
        const a = await saveChannel({ team_id: team });
        const b = await saveChannel({ team_id: otherTeam });
        const archived = await saveChannel({ team_id: team, delete_at: at(1) });
        const dm = await saveChannel({ team_id: '', type: 'D', name: `${u.id}__${newId()}` });
        for (const c of [a, b, archived, dm]) await join(c, u.id, { notify_props: { mark_unread: 'mention' } });
        await t.store.channels.recordPost(a.id, at(1), true);
        await t.store.channels.recordPost(a.id, at(2), false);
        await t.store.channels.incrementMentions(a.id, [u.id], false, false);

        const all = await t.store.channels.getUnreadsForUser(u.id);
        assert.deepEqual(all.map((r) => r.channel_id).sort(), ids([a, b]));
        const [row] = await t.store.channels.getUnreadsForUser(u.id, team);
        assert.deepEqual(row, {
          channel_id: a.id,
          team_id: team,
          total_msg_count: 2,
          total_msg_count_root: 1,
          msg_count: 0,
          msg_count_root: 0,
          mention_count: 1,
          mention_count_root: 0,
          urgent_mention_count: 0,
          last_viewed_at: 0,
          notify_props: { mark_unread: 'mention' },
        });
      });
    });
  });
}

// The load test's store-level seeder (bench/seed) writes rows straight into the database; the server must
// not be able to tell them from what its API would have written. A small dataset is seeded, a real server
// started over it, and what seeded users see over HTTP is checked against the plan the seeder followed and
// against the posts themselves: memberships, unread and mention counts, threads, search, DMs and GMs — and
// the channel and thread counters against a recount of the posts. Seeding again reuses the data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { defaultSettings, type Config } from '../../src/config/config.js';
import { startParley, type Parley } from '../../src/compose.js';
import { openDatabase } from '../../src/store/database.js';
import { createLogger } from '../../src/platform/logger.js';
import { newId } from '../../src/platform/ids.js';
import type { Database } from '../../src/store/schema.js';
import { JOIN_LEAVE_POST_TYPES } from '../../src/store/posts.js';
import { channelName, teamName, username, type SeedSpec } from '../../../loadtest/src/dataset.js';
import { seedDatabase, type SeedTarget } from '../../bench/seed/seed-database.js';
import { MARKER_KEY } from '../../bench/seed/marker.js';
import { ADMIN, buildPlan, type ChannelPlan, type Plan } from '../../bench/seed/plan.js';
import { engines, PG_URL } from '../harness.js';
import { pgAdmin } from '../engines.js';
import { seededUserCaller, seedPlaces } from '../seed-places.js';

const SPEC: SeedSpec = { teams: 2, users: 30, channelsPerTeam: 10, posts: 500, dms: 10, gms: 3 };

interface WirePost {
  id: string;
  create_at: number;
  update_at: number;
  user_id: string;
  channel_id: string;
  root_id: string;
  type: string;
  message: string;
  reply_count: number;
}
interface WireMember {
  channel_id: string;
  user_id: string;
  msg_count: number;
  mention_count: number;
  last_viewed_at: number;
}
interface WireChannel {
  id: string;
  name: string;
  type: string;
  team_id: string;
  display_name: string;
  total_msg_count: number;
}

for (const engine of engines()) {
  describe(`store-seeded load-test dataset [${engine}]`, () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-seed-test-'));
    const schema = `t_${newId()}`;
    const target: SeedTarget = { engine, dataDir, databaseUrl: engine === 'postgres' ? PG_URL : '', ...(engine === 'postgres' ? { pgSchema: schema } : {}) };
    // Memberships, ids and post counts depend on the spec alone; only the time line moves with "now".
    const plan: Plan = buildPlan(SPEC, Date.now());
    let parley: Parley;
    let url: string;
    let db: Kysely<Database>;

    before(async () => {
      if (engine === 'postgres') await pgAdmin(`CREATE SCHEMA ${schema}`);
      const first = await seedDatabase(target, { spec: SPEC, passwordIterations: 1000 });
      assert.equal(first.reused, false);
      const config: Config = { host: '127.0.0.1', port: 0, dataDir, databaseUrl: target.databaseUrl, siteUrl: 'http://127.0.0.1', settings: { ...defaultSettings, passwordIterations: 1000 } };
      parley = await startParley(config, { logger: createLogger('silent'), ...(engine === 'postgres' ? { pgSchema: schema } : {}) });
      url = parley.url;
      db = parley.database.db;
    });
    after(async () => {
      await parley?.close();
      if (engine === 'postgres') await pgAdmin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const userIdOf = (u: number) => (u === ADMIN ? plan.adminId : plan.userIds[u]!);
    const api = seededUserCaller(() => url);
    /** Every post of a channel, oldest first, through the paged channel listing. */
    const allPosts = async (u: number, channelId: string): Promise<WirePost[]> => {
      const out: WirePost[] = [];
      for (let page = 0; ; page++) {
        const list = (await api(u, 'GET', `/channels/${channelId}/posts?page=${page}&per_page=200`)) as { order: string[]; posts: Record<string, WirePost> };
        out.push(...list.order.map((id) => list.posts[id]!));
        if (list.order.length < 200) break;
      }
      return out.sort((a, b) => a.create_at - b.create_at);
    };
    const channelsOf = (u: number) => plan.channels.filter((c) => c.members.includes(u));
    const teamId = (t: number) => plan.teams[t]!.id;

    it('every seeded account logs in with the dataset password; ltadmin is the system admin', async () => {
      const me = (await api(ADMIN, 'GET', '/users/me')) as { id: string; roles: string };
      assert.equal(me.id, plan.adminId);
      assert.match(me.roles, /system_admin/);
      for (const u of [0, 7, SPEC.users - 1]) {
        const user = (await api(u, 'GET', '/users/me')) as { id: string; username: string; roles: string };
        assert.deepEqual([user.id, user.username, user.roles], [plan.userIds[u], username(u), 'system_user']);
      }
    });

    it("lists a user's teams, the team's channels and the user's memberships as the plan placed them", async () => {
      for (const u of [0, 11, 29]) {
        const teams = (await api(u, 'GET', '/users/me/teams')) as { id: string; name: string }[];
        assert.deepEqual(teams.map((t) => t.name).sort(), plan.teams.map((t) => teamName(t.index)).sort());
        for (const team of plan.teams) {
          const expected = channelsOf(u).filter((c) => c.teamIndex === team.index || c.teamIndex === -1);
          const channels = (await api(u, 'GET', `/users/me/teams/${team.id}/channels`)) as WireChannel[];
          assert.deepEqual(channels.map((c) => c.id).sort(), expected.map((c) => c.id).sort(), `user ${u}, team ${team.index}`);
          for (const c of channels) {
            const p = expected.find((e) => e.id === c.id)!;
            assert.deepEqual([c.name, c.type, c.team_id], [p.name, p.type, p.teamIndex >= 0 ? team.id : '']);
          }
          const members = (await api(u, 'GET', `/users/me/teams/${team.id}/channels/members`)) as WireMember[];
          assert.deepEqual(members.map((m) => m.channel_id).sort(), expected.map((c) => c.id).sort());
        }
      }
      // Team channels by their load-test names, public ones visible to the whole team.
      const publicOnes = (await api(0, 'GET', `/teams/${teamId(1)}/channels?per_page=200`)) as WireChannel[];
      const expectedPublic = plan.channels.filter((c) => c.teamIndex === 1 && c.type === 'O').map((c) => c.name);
      assert.deepEqual(publicOnes.map((c) => c.name).sort(), expectedPublic.sort());
      assert.ok(publicOnes.some((c) => c.name === channelName(1, 0)));
    });

    it('unread and mention counts agree with the posts after each member last viewed', async () => {
      let unreadMembers = 0;
      let readMembers = 0;
      for (const u of [0, 5, 17, 23]) {
        for (const ch of channelsOf(u)) {
          const posts = await allPosts(u, ch.id);
          const channel = (await api(u, 'GET', `/channels/${ch.id}`)) as WireChannel;
          const member = (await api(u, 'GET', `/channels/${ch.id}/members/me`)) as WireMember;
          const counted = posts.filter((p) => !JOIN_LEAVE_POST_TYPES.includes(p.type));
          assert.equal(channel.total_msg_count, counted.length, `${ch.name}: total_msg_count`);
          const after = counted.filter((p) => p.create_at > member.last_viewed_at);
          const unread = (await api(u, 'GET', `/users/${userIdOf(u)}/channels/${ch.id}/unread`)) as { msg_count: number; mention_count: number };
          assert.equal(unread.msg_count, after.length, `${ch.name}: unread messages for user ${u}`);
          assert.equal(channel.total_msg_count - member.msg_count, after.length);
          // Posting marks the channel read for its author.
          const own = counted.filter((p) => p.user_id === userIdOf(u));
          if (own.length > 0) assert.ok(member.last_viewed_at >= own.at(-1)!.create_at, `${ch.name}: user ${u} has read up to their own last post`);
          // In a DM every post of the other member mentions you; in a GM, every post of the others.
          if (ch.type === 'D' || ch.type === 'G') assert.equal(unread.mention_count, after.filter((p) => p.user_id !== userIdOf(u)).length, `${ch.name}: mentions`);
          if (after.length > 0) unreadMembers++;
          else readMembers++;
        }
      }
      assert.ok(unreadMembers > 0 && readMembers > 0, `some channels unread, some read (${unreadMembers} / ${readMembers})`);
      // Over the whole dataset, a realistic share of memberships has something unread.
      const share = await sql<{ n: number; unread: number }>`
        select count(*) as n, sum(case when m.msg_count < c.total_msg_count then 1 else 0 end) as unread
        from channel_members m join channels c on c.id = m.channel_id`.execute(db);
      const { n, unread } = share.rows[0]!;
      assert.ok(Number(unread) / Number(n) > 0.1 && Number(unread) / Number(n) < 0.8, `${unread} of ${n} memberships unread`);
    });

    it("a thread's reply_count, participants and GET /posts/{id}/thread agree with its replies", async () => {
      const ch = plan.channels.filter((c) => c.kind === 'team').sort((a, b) => b.posts - a.posts)[0]!;
      const u = ch.members[0]!;
      const posts = await allPosts(u, ch.id);
      const roots = posts.filter((p) => p.root_id === '' && p.type === '' && p.reply_count > 0);
      assert.ok(roots.length > 0, 'the busiest team channel has threads');
      for (const root of roots.slice(0, 5)) {
        const replies = posts.filter((p) => p.root_id === root.id);
        assert.equal(root.reply_count, replies.length);
        assert.equal(root.update_at, Math.max(...replies.map((r) => r.create_at)), 'a reply touches its root');
        const thread = (await api(u, 'GET', `/posts/${root.id}/thread`)) as { order: string[]; posts: Record<string, WirePost> };
        assert.deepEqual(new Set(thread.order), new Set([root.id, ...replies.map((r) => r.id)]));
        // The root's author and every replier follow the thread; a replier has read it up to their last reply.
        const followers = [...new Set([root.user_id, ...replies.map((r) => r.user_id)])];
        for (const id of followers) {
          const follow = (await api(plan.userIds.indexOf(id), 'GET', `/users/${id}/teams/${teamId(ch.teamIndex)}/threads/${root.id}`)) as {
            reply_count: number;
            last_reply_at: number;
            last_viewed_at: number;
            unread_replies: number;
            participants: { id: string }[];
          };
          assert.equal(follow.reply_count, replies.length);
          assert.equal(follow.last_reply_at, Math.max(...replies.map((r) => r.create_at)));
          assert.equal(follow.unread_replies, replies.filter((r) => r.create_at > follow.last_viewed_at).length);
          assert.deepEqual(follow.participants.map((p) => p.id), [...new Set(replies.map((r) => r.user_id))]);
          const ownReplies = replies.filter((r) => r.user_id === id);
          if (ownReplies.length > 0) assert.ok(follow.last_viewed_at >= ownReplies.at(-1)!.create_at, `thread ${root.id}: ${id} has read up to their last reply`);
        }
      }
    });

    it('search finds a seeded post by one of its words', async () => {
      const ch = plan.channels.find((c) => c.kind === 'team' && c.type === 'O' && c.posts > 5)!;
      const u = ch.members[0]!;
      const posts = (await allPosts(u, ch.id)).filter((p) => p.type === '');
      // The longest word of a post: a made-up one, rare enough for the post to be among the hits.
      const post = posts[Math.floor(posts.length / 2)]!;
      const word = post.message.split(' ').sort((a, b) => b.length - a.length)[0]!;
      const found = (await api(u, 'POST', `/teams/${teamId(ch.teamIndex)}/posts/search`, { terms: word, is_or_search: false, per_page: 200 })) as { order: string[] };
      assert.ok(found.order.includes(post.id), `searching "${word}" finds ${post.id}`);
    });

    it('DMs and GMs are named as the API names them and show up for their members only', async () => {
      const dms = plan.channels.filter((c) => c.kind === 'direct');
      const gms = plan.channels.filter((c) => c.kind === 'group');
      assert.equal(dms.length, SPEC.dms);
      assert.equal(gms.length, SPEC.gms);
      const check = async (c: ChannelPlan) => {
        const ids = c.members.map(userIdOf);
        for (const u of c.members) {
          const mine = (await api(u, 'GET', `/users/me/channels`)) as WireChannel[];
          const seen = mine.find((x) => x.id === c.id);
          assert.ok(seen, `${c.type} ${c.id} listed for its member ${u}`);
          if (c.type === 'D') assert.equal(seen.name, [...ids].sort().join('__'));
          else assert.equal(seen.display_name, c.members.map((m) => username(m)).sort().join(', ').slice(0, 64));
        }
        const members = (await api(c.members[0]!, 'GET', `/channels/${c.id}/members`)) as WireMember[];
        assert.deepEqual(members.map((m) => m.user_id).sort(), [...ids].sort());
        const outsider = plan.userIds.findIndex((id) => !ids.includes(id));
        const theirs = (await api(outsider, 'GET', `/users/me/channels`)) as WireChannel[];
        assert.ok(!theirs.some((x) => x.id === c.id), 'not listed for a non-member');
      };
      for (const c of [...dms.slice(0, 3), ...gms]) await check(c);
      // The DM the other way round is the same channel, not a new one.
      const dm = dms[0]!;
      const again = (await api(dm.members[1]!, 'POST', '/channels/direct', dm.members.map(userIdOf).reverse())) as WireChannel;
      assert.equal(again.id, dm.id);
    });

    it("channel and thread counters match a recount of every post (the app's bookkeeping, not just what was read above)", async () => {
      const joinLeave = sql.join(JOIN_LEAVE_POST_TYPES.map((t) => sql.lit(t)));
      const bad = await sql<{ id: string }>`
        select c.id from channels c where
          c.total_msg_count <> (select count(*) from posts p where p.channel_id = c.id and p.type not in (${joinLeave}))
          or c.total_msg_count_root <> (select count(*) from posts p where p.channel_id = c.id and p.root_id = '' and p.type not in (${joinLeave}))
          or c.last_post_at <> coalesce((select max(p.create_at) from posts p where p.channel_id = c.id), 0)
          or c.last_root_post_at <> coalesce((select max(p.create_at) from posts p where p.channel_id = c.id and p.root_id = ''), 0)`.execute(db);
      assert.deepEqual(bad.rows, [], 'channels whose counters disagree with their posts');
      const badThreads = await sql<{ post_id: string }>`
        select t.post_id from threads t where
          t.reply_count <> (select count(*) from posts p where p.root_id = t.post_id)
          or t.last_reply_at <> (select max(p.create_at) from posts p where p.root_id = t.post_id)`.execute(db);
      assert.deepEqual(badThreads.rows, [], 'threads whose counters disagree with their replies');
      const orphans = await sql<{ id: string }>`
        select r.id from posts r where r.root_id = '' and exists (select 1 from posts p where p.root_id = r.id)
          and not exists (select 1 from threads t where t.post_id = r.id)`.execute(db);
      assert.deepEqual(orphans.rows, [], 'roots with replies but no thread row');
      const counts = await sql<{ n: number }>`select count(*) as n from posts where type = ''`.execute(db);
      assert.equal(Number(counts.rows[0]!.n), SPEC.posts);
    });

    it('seeding the same spec again reuses the data and writes nothing', async () => {
      const count = async () => {
        const r = await sql<{ users: number; posts: number; channels: number }>`
          select (select count(*) from users) as users, (select count(*) from posts) as posts, (select count(*) from channels) as channels`.execute(db);
        return r.rows[0]!;
      };
      const before = await count();
      const again = await seedDatabase(target, { spec: SPEC, passwordIterations: 1000 });
      assert.equal(again.reused, true);
      assert.deepEqual(await count(), before);
    });
  });

  describe(`store seeding, reuse and recovery [${engine}]`, () => {
    const spec: SeedSpec = { teams: 1, users: 12, channelsPerTeam: 4, posts: 60, dms: 3, gms: 1 };
    const places = seedPlaces(engine, 'parley-seed-test-');
    const place = places.place;
    after(async () => {
      await places.removeAll();
    });
    const rows = async (t: SeedTarget, statement: string): Promise<unknown[]> => {
      const opened = await openDatabase({ databaseUrl: t.databaseUrl, dataDir: t.dataDir, pgSchema: t.pgSchema });
      try {
        return (await sql.raw(statement).execute(opened.db)).rows;
      } finally {
        await opened.close();
      }
    };

    it('a seed that died midway (marker still "running") is wiped and seeded again, without duplicates', async () => {
      const t = await place();
      const first = await seedDatabase(t, { spec, passwordIterations: 1000 });
      await rows(t, `update systems set value = replace(value, '"state":"done"', '"state":"running"') where name = '${MARKER_KEY}'`);
      const second = await seedDatabase(t, { spec, passwordIterations: 1000 });
      assert.equal(second.reused, false);
      assert.deepEqual(second.rows, first.rows);
      assert.deepEqual(await rows(t, 'select count(*) as n from users'), [{ n: spec.users + 1 }]);
      assert.equal((await seedDatabase(t, { spec, passwordIterations: 1000 })).reused, true);
      // fresh: seeded again even though the same spec is there.
      assert.equal((await seedDatabase(t, { spec, passwordIterations: 1000, fresh: true })).reused, false);
      assert.deepEqual(await rows(t, 'select count(*) as n from users'), [{ n: spec.users + 1 }]);
    });

    // SQLite only: PostgreSQL seeds with its journal on, so there is no torn file to find.
    if (engine === 'sqlite') it('a SQLite seed killed while writing without a journal leaves a torn file that the next seed deletes unread', async () => {
      const t = await place();
      await seedDatabase(t, { spec, passwordIterations: 1000 });
      // What a crash mid-seed leaves: the sidecar, and a file SQLite cannot read.
      fs.writeFileSync(path.join(t.dataDir, 'parley.db.seeding'), 'x');
      fs.writeFileSync(path.join(t.dataDir, 'parley.db'), 'not a database');
      const again = await seedDatabase(t, { spec, passwordIterations: 1000 });
      assert.equal(again.reused, false);
      assert.equal(fs.existsSync(path.join(t.dataDir, 'parley.db.seeding')), false);
      assert.deepEqual(await rows(t, 'select count(*) as n from users'), [{ n: spec.users + 1 }]);
      assert.deepEqual(await rows(t, 'pragma journal_mode'), [{ journal_mode: 'wal' }]);
    });

    it('another spec replaces the dataset; a database with users of its own is refused', async () => {
      const t = await place();
      await seedDatabase(t, { spec, passwordIterations: 1000 });
      const other = await seedDatabase(t, { spec: { ...spec, users: spec.users + 3 }, passwordIterations: 1000 });
      assert.equal(other.reused, false);
      assert.deepEqual(await rows(t, 'select count(*) as n from users'), [{ n: spec.users + 4 }]);
      await rows(t, `delete from systems where name = '${MARKER_KEY}'`);
      await assert.rejects(seedDatabase(t, { spec, passwordIterations: 1000 }), /already has users/);
    });
  });
}

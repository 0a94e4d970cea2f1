// The hot queries must be served by indexes on both engines (DESIGN §5). Each case calls the real store
// method, records the statements it ran, and EXPLAINs them over a seeded, ANALYZEd database.
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { PostSearch } from '../../src/store/posts.js';
import type { Channel, Post, Session, Store, Team, Thread, ThreadMembership, User } from '../../src/store/store.js';
import {
  engines,
  makeChannel,
  makeChannelMember,
  makePost,
  makeReaction,
  makeSession,
  makeTeam,
  makeTeamMember,
  makeThreadMembership,
  makeUser,
  openTestDb,
  toRow,
  type TestDb,
} from './fixtures.js';
import { explain, formatReport, isPlannable, recordingStore, type RecordingStore } from './explain.js';
import { newId } from '../../src/platform/ids.js';

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;

/** Deterministic PRNG (mulberry32): the same data on every run, so a plan never flips between runs. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

interface Seeded {
  reader: User;
  session: Session;
  team: Team;
  busy: Channel;
  busyPosts: Post[];
  root: Post;
  replies: Post[];
}

async function chunked<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 250) await write(rows.slice(i, i + 250));
}

/**
 * 200 users, 5 teams, 20 busy channels × 500 posts (a quarter of them replies) plus quieter channels,
 * 100 DMs and 20 GMs, ~2,500 channel memberships, ~2,000 reactions and 400 sessions.
 */
async function seed(t: TestDb): Promise<Seeded> {
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const users = Array.from({ length: 200 }, (_, i) => makeUser({ username: `seeduser${i}`, first_name: `First${i}`, create_at: T0 + i }));
  const teams = Array.from({ length: 5 }, (_, i) => makeTeam({ name: `seedteam${i}`, display_name: `Team ${i}` }));
  const [teamA, teamB] = teams as [Team, Team];
  const teamMembers = [
    ...users.map((u) => makeTeamMember({ team_id: teamA.id, user_id: u.id })),
    ...users.slice(0, 130).map((u, i) => makeTeamMember({ team_id: teamB.id, user_id: u.id, delete_at: i >= 100 ? T0 + i : 0 })),
    ...teams.slice(2).flatMap((team, k) => users.slice(k * 40, k * 40 + 60).map((u) => makeTeamMember({ team_id: team.id, user_id: u.id }))),
  ];

  const channels: Channel[] = [];
  const members: ReturnType<typeof makeChannelMember>[] = [];
  const busyChannels: Channel[] = [];
  const addChannel = (c: Channel, memberIds: readonly string[]) => {
    channels.push(c);
    for (const id of new Set(memberIds)) members.push(makeChannelMember({ channel_id: c.id, user_id: id }));
    return c;
  };
  for (let i = 0; i < 12; i++) {
    const c = makeChannel({ team_id: teamA.id, name: `a-chan-${i}`, display_name: `A channel ${i}`, type: i < 10 ? 'O' : 'P' });
    busyChannels.push(addChannel(c, [users[0]!.id, ...Array.from({ length: 80 }, () => pick(users).id)]));
  }
  for (let i = 0; i < 8; i++) {
    const c = makeChannel({ team_id: teamB.id, name: `b-chan-${i}`, display_name: `B channel ${i}` });
    busyChannels.push(addChannel(c, Array.from({ length: 50 }, () => pick(users.slice(0, 100)).id)));
  }
  for (const team of teams.slice(2)) {
    for (let i = 0; i < 10; i++) {
      addChannel(makeChannel({ team_id: team.id, name: `quiet-${i}`, delete_at: i === 9 ? T0 : 0 }), Array.from({ length: 20 }, () => pick(users).id));
    }
  }
  const dms: Channel[] = [];
  for (let i = 0; i < 100; i++) {
    const [a, b] = [users[i % 10]!, users[10 + i]!];
    dms.push(addChannel(makeChannel({ team_id: '', type: 'D', name: `${a.id}__${b.id}-${i}`, display_name: '' }), [a.id, b.id]));
  }
  for (let i = 0; i < 20; i++) {
    addChannel(makeChannel({ team_id: '', type: 'G', name: `gm-${i}`, display_name: `gm ${i}` }), [users[i % 3]!.id, pick(users).id, pick(users).id, pick(users).id]);
  }

  const posts: Post[] = [];
  const postsByChannel = new Map<string, Post[]>();
  for (const c of [...busyChannels, ...dms]) {
    const n = c.type === 'D' ? 5 : 500;
    const roots: Post[] = [];
    const list: Post[] = [];
    for (let i = 0; i < n; i++) {
      const createAt = T0 + i * MINUTE + Math.floor(rand() * 1000);
      const isReply = i % 4 === 3 && roots.length > 0;
      const root = isReply ? roots[roots.length - 1 - Math.floor(rand() * Math.min(roots.length, 20))]! : undefined;
      const deleted = i % 50 === 49;
      const p = makePost({
        channel_id: c.id,
        user_id: pick(users).id,
        create_at: createAt,
        update_at: deleted ? createAt + MINUTE : createAt,
        delete_at: deleted ? createAt + MINUTE : 0,
        root_id: root?.id ?? '',
        message: `message ${i} in ${c.name}`,
      });
      if (!root) roots.push(p);
      list.push(p);
      if (i % 100 === 50) {
        posts.push(makePost({ channel_id: c.id, user_id: p.user_id, create_at: createAt, update_at: createAt + 1, delete_at: createAt + 1, original_id: p.id }));
      }
    }
    posts.push(...list);
    postsByChannel.set(c.id, list);
  }
  const reactions = posts
    .filter((p, i) => i % 5 === 0 && p.original_id === '')
    .map((p) => makeReaction({ post_id: p.id, channel_id: p.channel_id, user_id: pick(users).id, emoji_name: pick(['smile', '+1', 'tada']) }));
  const sessions = users.flatMap((u) => [makeSession({ user_id: u.id }), makeSession({ user_id: u.id, device_id: 'android:x' })]);
  // Threads for every root with replies; a few followers each, and the reader follows many.
  const threads: Thread[] = [];
  const threadMembers: ThreadMembership[] = [];
  const channelOf = new Map(channels.map((c) => [c.id, c]));
  const repliesOf = new Map<string, Post[]>();
  for (const p of posts) if (p.root_id && p.original_id === '') repliesOf.set(p.root_id, [...(repliesOf.get(p.root_id) ?? []), p]);
  for (const [rootId, replies] of repliesOf) {
    const channel = channelOf.get(replies[0]!.channel_id)!;
    threads.push({
      post_id: rootId,
      channel_id: channel.id,
      reply_count: replies.length,
      last_reply_at: Math.max(...replies.map((r) => r.create_at)),
      participants: [...new Set(replies.map((r) => r.user_id))],
      thread_delete_at: 0,
      thread_team_id: channel.team_id,
    });
    const followers = new Set([pick(users).id, pick(users).id, pick(users).id]);
    if (rand() < 0.3) followers.add(users[0]!.id);
    for (const id of followers) threadMembers.push(makeThreadMembership({ post_id: rootId, user_id: id, last_viewed: T0 + Math.floor(rand() * 500) * MINUTE, unread_mentions: rand() < 0.2 ? 1 : 0 }));
  }
  const drafts = users.flatMap((u) => busyChannels.slice(0, 5).map((c) => ({ u, c }))).map(({ u, c }, i) => ({
    user_id: u.id,
    channel_id: c.id,
    root_id: '',
    create_at: T0 + i,
    update_at: T0 + i,
    delete_at: 0,
    message: `draft ${i}`,
    type: '',
    props: {},
    file_ids: [],
    priority: null,
  }));

  // Outgoing webhooks: every post in a public channel looks up its team's.
  const outgoingHooks = teams.flatMap((team, k) =>
    Array.from({ length: 40 }, (_, i) => ({
      id: newId(),
      token: newId(),
      create_at: T0 + k * 100 + i,
      update_at: T0 + k * 100 + i,
      delete_at: i % 10 === 9 ? T0 + 1000 : 0,
      creator_id: users[i]!.id,
      channel_id: i % 2 === 0 ? '' : channels[i % channels.length]!.id,
      team_id: team.id,
      trigger_words: JSON.stringify([`word${i}`]),
      trigger_when: i % 2,
      callback_urls: JSON.stringify([`https://hooks.example.com/${k}/${i}`]),
      display_name: `hook ${i}`,
      description: '',
      content_type: 'application/json',
      username: '',
      icon_url: '',
    })),
  );

  await t.db.transaction().execute(async (trx) => {
    await chunked(users, (c) => trx.insertInto('users').values(c.map((u) => toRow('users', u))).execute());
    await chunked(teams, (c) => trx.insertInto('teams').values(c.map((x) => toRow('teams', x))).execute());
    await chunked(teamMembers, (c) => trx.insertInto('team_members').values(c.map((x) => toRow('team_members', x))).execute());
    await chunked(channels, (c) => trx.insertInto('channels').values(c.map((x) => toRow('channels', x))).execute());
    await chunked(members, (c) => trx.insertInto('channel_members').values(c.map((x) => toRow('channel_members', x))).execute());
    await chunked(posts, (c) => trx.insertInto('posts').values(c.map((x) => toRow('posts', x))).execute());
    await chunked(reactions, (c) => trx.insertInto('reactions').values(c.map((x) => toRow('reactions', x))).onConflict((oc) => oc.doNothing()).execute());
    await chunked(sessions, (c) => trx.insertInto('sessions').values(c.map((x) => toRow('sessions', x))).execute());
    await chunked(threads, (c) => trx.insertInto('threads').values(c.map((x) => toRow('threads', x))).execute());
    await chunked(threadMembers, (c) => trx.insertInto('thread_memberships').values(c.map((x) => toRow('thread_memberships', x))).execute());
    await chunked(drafts, (c) => trx.insertInto('drafts').values(c.map((x) => toRow('drafts', x))).execute());
    await chunked(outgoingHooks, (c) => trx.insertInto('outgoing_webhooks').values(c).execute());
  });
  // A bare ANALYZE on PostgreSQL would also analyze every other test schema in the database; SQLite's
  // takes one name at most, and its database is ours alone.
  const tables = ['users', 'teams', 'team_members', 'channels', 'channel_members', 'posts', 'reactions', 'sessions', 'threads', 'thread_memberships', 'drafts', 'outgoing_webhooks'];
  if (t.engine === 'postgres') await sql`ANALYZE ${sql.join(tables.map((x) => sql.table(x)))}`.execute(t.db);
  else await sql`ANALYZE`.execute(t.db);

  const busy = busyChannels[0]!;
  const busyPosts = postsByChannel.get(busy.id)!;
  const replyCounts = new Map<string, number>();
  for (const p of busyPosts) if (p.root_id) replyCounts.set(p.root_id, (replyCounts.get(p.root_id) ?? 0) + 1);
  const rootId = [...replyCounts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  return {
    reader: users[0]!,
    session: sessions[0]!,
    team: teamA,
    busy,
    busyPosts,
    root: busyPosts.find((p) => p.id === rootId)!,
    replies: busyPosts.filter((p) => p.root_id === rootId),
  };
}

for (const engine of engines()) {
  describe(`hot queries use indexes [${engine}]`, () => {
    let t: TestDb;
    let rec: RecordingStore;
    let s: Seeded;
    before(async () => {
      t = await openTestDb(engine);
      s = await seed(t);
      rec = recordingStore(t.db, engine);
    });
    after(() => t.close());

    async function check(ctx: TestContext, fn: (store: Store) => Promise<unknown>, mustUse?: Record<typeof engine, RegExp>): Promise<void> {
      const queries = (await rec.record(fn)).filter(isPlannable);
      assert.ok(queries.length > 0, 'the store method ran no SELECT/UPDATE/DELETE');
      const failures: string[] = [];
      for (const q of queries) {
        const report = await explain(t.db, engine, q);
        if (mustUse && !mustUse[engine].test(report.plan.join('\n'))) failures.push(`plan does not use ${mustUse[engine]}\n${formatReport(report)}`);
        if (report.scans.length > 0) failures.push(`full scan of ${report.scans.join('; ')}\n${formatReport(report)}`);
        if (process.env.PARLEY_TEST_SHOW_PLANS) ctx.diagnostic(formatReport(report));
        for (const note of report.notes) ctx.diagnostic(`${note} — in: ${q.sql}`);
      }
      assert.equal(failures.length, 0, `\n${failures.join('\n\n')}`);
    }

    const search = (q: Partial<PostSearch>): PostSearch => ({
      userId: s.reader.id, words: [], phrases: [], hashtags: [], orSearch: false, excludedWords: [], excludedPhrases: [],
      fromUserIds: [], excludedUserIds: [], inChannelNames: [], excludedChannelNames: [], includeDeletedChannels: false,
      offset: 0, limit: 60, ...q,
    });
    const mid = () => s.busyPosts[250]!.create_at;
    const cases: [string, (store: Store) => Promise<unknown>][] = [
      ['users.getByUsername', (st) => st.users.getByUsername('SeedUser17')],
      ['users.search (name prefix, user autocomplete)', (st) => st.users.search({ term: 'seeduser1', limit: 25 })],
      ['sessions.getByToken', (st) => st.sessions.getByToken(s.session.token)],
      ['teams.getMembersForUser', (st) => st.teams.getMembersForUser(s.reader.id)],
      ['teams.getForUser', (st) => st.teams.getForUser(s.reader.id)],
      ['channels.getForUserInTeam (my channels)', (st) => st.channels.getForUserInTeam(s.reader.id, s.team.id, false)],
      ['channels.getMembersForUserInTeam (my channel members)', (st) => st.channels.getMembersForUserInTeam(s.reader.id, s.team.id)],
      ['channels.getUnreadsForUser (all teams)', (st) => st.channels.getUnreadsForUser(s.reader.id)],
      ['channels.getUnreadsForUser (one team)', (st) => st.channels.getUnreadsForUser(s.reader.id, s.team.id)],
      ['channels.getMember', (st) => st.channels.getMember(s.busy.id, s.reader.id)],
      // Resolving an event's audience (ws hub) reads these for every channel or team event.
      ['channels.getMembers (event audience)', (st) => st.channels.getMembers(s.busy.id, { offset: 0, limit: 10_000 })],
      ['teams.getMembers (event audience)', (st) => st.teams.getMembers(s.team.id, { offset: 0, limit: 10_000 })],
      ['posts.getChannelPage (page 2)', (st) => st.posts.getChannelPage(s.busy.id, { offset: 60, limit: 60 })],
      ['posts.getChannelPage (roots only)', (st) => st.posts.getChannelPage(s.busy.id, { offset: 0, limit: 60, rootsOnly: true })],
      ['posts.getSince', (st) => st.posts.getSince(s.busy.id, s.busyPosts[480]!.create_at, 1000)],
      ['posts.getBefore', (st) => st.posts.getBefore(s.busy.id, mid(), { offset: 0, limit: 60 })],
      ['posts.getAfter', (st) => st.posts.getAfter(s.busy.id, mid(), { offset: 0, limit: 60 })],
      ['posts.getIdBefore / getIdAfter (cursors)', async (st) => [await st.posts.getIdBefore(s.busy.id, mid()), await st.posts.getIdAfter(s.busy.id, mid())]],
      ['posts.getThread', (st) => st.posts.getThread(s.root.id, { limit: 0 })],
      ['posts.getThread (cursor, up)', (st) => st.posts.getThread(s.root.id, { limit: 60, direction: 'up', fromCreateAt: s.replies.at(-1)!.create_at, fromPostId: s.replies.at(-1)!.id })],
      ['posts.getThread (updates only)', (st) => st.posts.getThread(s.root.id, { limit: 60, fromUpdateAt: s.root.create_at })],
      ['posts.getMany', (st) => st.posts.getMany(s.busyPosts.slice(0, 60).map((p) => p.id))],
      ['reactions.getForPosts (a page of posts)', (st) => st.reactions.getForPosts(s.busyPosts.slice(0, 60).map((p) => p.id))],
      ['posts.getPinned', (st) => st.posts.getPinned(s.busy.id)],
      // Write paths of posting and reading, run in a rolled-back transaction.
      ['posts.lockChannelForPost', (st) => st.posts.lockChannelForPost(s.busy.id)],
      ['channels.recordPost', (st) => st.channels.recordPost(s.busy.id, T0 + 600 * MINUTE, true)],
      ['channels.incrementMentions', (st) => st.channels.incrementMentions(s.busy.id, [s.reader.id], true, false)],
      ['channels.markViewed', (st) => st.channels.markViewed(s.reader.id, [s.busy.id], T0 + 700 * MINUTE)],
      ['posts.setMemberUnreadFrom', (st) => st.posts.setMemberUnreadFrom(s.busy.id, s.reader.id, mid(), { mention_count: 0, mention_count_root: 0, urgent_mention_count: 0 }, true, T0)],
      ['posts.softDelete (root with replies)', (st) => st.posts.softDelete(s.root.id, T0 + 800 * MINUTE, s.reader.id)],
      ['posts.touch', (st) => st.posts.touch(s.root.id, T0 + 800 * MINUTE)],
      ['threads.recount', (st) => st.threads.recount(s.root.id)],
      ['reactions.save / remove', async (st) => {
        await st.reactions.save(makeReaction({ post_id: s.root.id, user_id: s.reader.id, channel_id: s.busy.id, emoji_name: 'eyes' }));
        await st.reactions.remove(s.root.id, s.reader.id, 'eyes', T0 + 900 * MINUTE);
      }],
      ['sessions.updateLastActivity', (st) => st.sessions.updateLastActivity(s.session.id, T0 + 5)],
      // Collapsed threads: the thread list and its totals are fetched on every team switch and reconnect.
      ['threads.getForUser (team list)', (st) => st.threads.getForUser(s.reader.id, { teamId: s.team.id, deleted: false, unreadOnly: false, since: 0, limit: 30 })],
      ['threads.getForUser (unread, before a cursor)', (st) => st.threads.getForUser(s.reader.id, { teamId: s.team.id, deleted: false, unreadOnly: true, since: T0, before: s.root.id, limit: 30 })],
      ['threads.getOneForUser', (st) => st.threads.getOneForUser(s.reader.id, s.root.id)],
      ['threads.countForUser', (st) => st.threads.countForUser(s.reader.id, s.team.id, false)],
      ['threads.getTeamUnreads', (st) => st.threads.getTeamUnreads(s.reader.id, [s.team.id])],
      ['threads.getFollowers / getMemberships (every reply)', async (st) => [await st.threads.getFollowers(s.root.id), await st.threads.getMemberships(s.root.id, [s.reader.id])]],
      ['threads.countRepliesAfter', (st) => st.threads.countRepliesAfter(s.root.id, T0)],
      ['threads.getMembershipsOfUser (a collapsed-threads page)', (st) => st.threads.getMembershipsOfUser(s.reader.id, s.busyPosts.slice(0, 60).map((p) => p.id))],
      ['threads.markAllReadInChannels (viewing a channel)', (st) => st.threads.markAllReadInChannels(s.reader.id, [s.busy.id], T0 + 900 * MINUTE)],
      ['threads.markAllReadInTeam', (st) => st.threads.markAllReadInTeam(s.reader.id, s.team.id, T0 + 900 * MINUTE)],
      ['threads.removeMembershipsForChannel', (st) => st.threads.removeMembershipsForChannel(s.reader.id, s.busy.id)],
      ['channels.getMemberProfiles (posts saying @channel, DMs, GMs)', (st) => st.channels.getMemberProfiles(s.busy.id)],
      // Every post reads only the members it can mention, never all of them.
      ['channels.getMentionCandidates (every post)', (st) => st.channels.getMentionCandidates(s.busy.id, { userIds: [s.reader.id], usernames: ['seeduser17'], autoFollowers: true })],
      // Channel stats, on every channel switch: the channel's index range only, never its members' rows.
      ['channels.countMembers (active users, channel stats)', (st) => st.channels.countMembers(s.busy.id, { activeUsersOnly: true })],
      ['channels.countGuests (channel stats)', (st) => st.channels.countGuests(s.busy.id)],
      ['channels.hasViewedSince', (st) => st.channels.hasViewedSince(s.reader.id, T0)],
      ['drafts.getForUserInTeam', (st) => st.drafts.getForUserInTeam(s.reader.id, s.team.id)],
      // Every post in a public channel, after commit, looks for outgoing webhooks of its team.
      ['webhooks.getOutgoingByTeam (every public post)', (st) => st.webhooks.getOutgoingByTeam(s.team.id)],
    ];
    for (const [name, fn] of cases) it(name, (ctx) => check(ctx, fn));

    // Search must go through the full-text index (FTS5 / GIN), not read every post of the user's channels.
    const fts = { sqlite: /posts_fts VIRTUAL TABLE/, postgres: /idx_posts_(message|hashtags)_txt/ };
    const searchCases: [string, () => PostSearch][] = [
      ['posts.search (two words, one team)', () => search({ words: ['499', 'chan*'], teamId: s.team.id })],
      ['posts.search (phrase, OR, excluded word)', () => search({ phrases: [['message', '7']], words: ['nothing'], orSearch: true, excludedWords: ['b'] })],
      ['posts.search (hashtag, dates, from:)', () => search({ hashtags: [{ tag: 'x', parts: ['x'] }], fromUserIds: [s.reader.id], since: T0, until: T0 + 600 * MINUTE })],
    ];
    for (const [name, q] of searchCases) it(name, (ctx) => check(ctx, (st) => st.posts.search(q()), fts));

    // The System Console's posts per day reads only the requested days, through the day index.
    const dayIndex = { sqlite: /idx_posts_create_day/, postgres: /idx_posts_create_day/ };
    it('analytics.postCountsByDay', (ctx) => check(ctx, (st) => st.analytics.postCountsByDay({ since: T0 + 3 * 86_400_000, until: T0 + 4 * 86_400_000 }), dayIndex));
    it('analytics.postCountsByDay (one team, distinct users)', (ctx) =>
      check(ctx, (st) => st.analytics.postCountsByDay({ teamId: s.team.id, since: T0 + 3 * 86_400_000, until: T0 + 4 * 86_400_000, distinctUsers: true }), dayIndex));

    it('flags a query that no index can serve (the check itself can fail)', async () => {
      const unindexed = t.db.selectFrom('posts as p').selectAll().where('p.message', '=', 'message 7 in a-chan-0').compile();
      const report = await explain(t.db, engine, unindexed);
      assert.equal(report.scans.length, 1, formatReport(report));
      assert.match(report.scans[0]!, /^posts: /);
      const indexed = t.db.selectFrom('posts as p').selectAll().where('p.channel_id', '=', s.busy.id).where('p.delete_at', '=', 0).compile();
      assert.deepEqual((await explain(t.db, engine, indexed)).scans, []);
    });

    it('records every statement a store method runs, in order', async () => {
      const queries = await rec.record(async (st) => {
        await st.users.getByUsername('SeedUser3');
        await st.sessions.getByToken(s.session.token);
      });
      assert.deepEqual(
        queries.map((q) => [/from "(\w+)"/.exec(q.sql)?.[1], q.parameters]),
        [
          ['users', ['seeduser3']],
          ['sessions', [s.session.token]],
        ],
      );
    });
  });
}

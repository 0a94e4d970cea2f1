// Zulip's verify_action for every mutation that emits events: fetch the state a user's client holds,
// act, apply the events that user received to the old state with a small client-side reducer (what
// mattermost-redux does with them), refetch, and compare. A mismatch means the events do not carry the
// change — a client fed by this server would drift from the truth until it reloads.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChannelMembership, ServerChannel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { PreferenceType } from '@mattermost/types/preferences';
import type { Reaction } from '@mattermost/types/reactions';
import type { Team, TeamMembership } from '@mattermost/types/teams';
import type { UserProfile, UserStatus } from '@mattermost/types/users';
import { engines, makeAdmin, makeUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import type { Frame } from '../ws-harness.js';
import { createChannel, createTeam, json, settle, Watcher, type Client } from './ws-kit.js';

type WirePost = Omit<Post, 'participants'> & { has_reactions?: boolean; participants?: Array<{ id: string }> | null };

/** Mattermost's Post.IsJoinLeaveMessage: listed, never counted as a message (reference §8.1). */
const JOIN_LEAVE = new Set([
  'system_join_leave',
  'system_add_remove',
  'system_join_channel',
  'system_leave_channel',
  'system_join_team',
  'system_leave_team',
  'system_add_to_channel',
  'system_remove_from_channel',
  'system_add_to_team',
  'system_remove_from_team',
]);

/** The read-state fields of a membership that the client keeps up to date from events. */
const MEMBER_READ_STATE = ['last_viewed_at', 'msg_count', 'msg_count_root', 'mention_count', 'mention_count_root', 'urgent_mention_count'] as const;

// ---- client state and its reducer -----------------------------------------------------------------

/** One channel as a client shows it: the newest page of posts, the channel, and my membership. */
interface ChannelView {
  order: string[];
  posts: Record<string, WirePost>;
  channel: ServerChannel;
  member: ChannelMembership;
  /**
   * Posts whose update_at moved without an event carrying it: a reply bumps its root, a reaction its
   * post (Mattermost does both). Clients never see that value; it is left out of the comparison.
   */
  stale: string[];
  /** The same for the channel: archiving and restoring move its update_at, the events carry delete_at. */
  staleChannel: boolean;
}

async function fetchChannelView(c: Client, channelId: string): Promise<ChannelView> {
  const [list, channel, member] = await Promise.all([c.getPosts(channelId, 0, 200), c.getChannel(channelId), c.getMyChannelMember(channelId)]);
  return { order: list.order, posts: list.posts as unknown as Record<string, WirePost>, channel, member, stale: [], staleChannel: false };
}

/** What viewing does to my membership, from the channel as the client holds it (reference §8.1). */
function markRead(member: ChannelMembership, channel: ServerChannel, lastViewedAt: number): void {
  member.last_viewed_at = lastViewedAt;
  member.msg_count = channel.total_msg_count;
  member.msg_count_root = channel.total_msg_count_root ?? 0;
  member.mention_count = 0;
  member.mention_count_root = 0;
  member.urgent_mention_count = 0;
}

function threadOf(v: ChannelView, rootId: string): WirePost[] {
  return Object.values(v.posts).filter((p) => p.id === rootId || p.root_id === rootId);
}

function reduceChannelView(old: ChannelView, events: readonly Frame[], me: string): ChannelView {
  const v = structuredClone(old);
  const stale = new Set(v.stale);
  for (const f of events) {
    const d = f.data ?? {};
    const c = v.channel; // channel_updated replaces it
    switch (f.event) {
      case 'posted': {
        const p = json<WirePost>(d.post);
        if (p.channel_id !== c.id) break;
        v.posts[p.id] = p;
        v.order.unshift(p.id); // events arrive oldest first; the list is newest first
        const isRoot = p.root_id === '';
        if (!isRoot) {
          // The thread's counters ride on the reply; the root and the other replies take them over.
          for (const q of threadOf(v, p.root_id)) q.reply_count = p.reply_count;
          const root = v.posts[p.root_id];
          if (root) {
            root.last_reply_at = p.create_at;
            const participants = root.participants ?? [];
            if (!participants.some((u) => u.id === p.user_id)) root.participants = [...participants, { id: p.user_id }];
            stale.add(root.id);
          }
        }
        const counted = JOIN_LEAVE.has(p.type) ? 0 : 1;
        c.total_msg_count += counted;
        c.last_post_at = Math.max(c.last_post_at, p.create_at);
        if (isRoot) {
          c.total_msg_count_root = (c.total_msg_count_root ?? 0) + counted;
          c.last_root_post_at = Math.max(c.last_root_post_at, p.create_at);
        }
        const mentions = d.mentions === undefined ? [] : json<string[]>(d.mentions);
        if (mentions.includes(me)) {
          v.member.mention_count += 1;
          if (isRoot) v.member.mention_count_root += 1;
        }
        // Posting marks the author's channel read (not for system or webhook posts).
        if (p.user_id === me && !p.type.startsWith('system_') && p.props.from_webhook !== 'true') {
          markRead(v.member, c, Math.max(v.member.last_viewed_at, c.last_post_at));
        }
        break;
      }
      case 'post_edited': {
        const p = json<WirePost>(d.post);
        if (!v.posts[p.id]) break;
        v.posts[p.id] = p;
        stale.delete(p.id);
        break;
      }
      case 'post_deleted': {
        const p = json<WirePost>(d.post);
        if (!v.posts[p.id]) break;
        const gone = new Set([p.id]);
        if (p.root_id === '') for (const q of threadOf(v, p.id)) gone.add(q.id);
        for (const id of gone) delete v.posts[id];
        v.order = v.order.filter((id) => !gone.has(id));
        if (p.root_id !== '') {
          const thread = threadOf(v, p.root_id);
          for (const q of thread) q.reply_count -= 1;
          const root = v.posts[p.root_id];
          if (root) {
            const replies = thread.filter((q) => q.id !== root.id);
            const last = Math.max(0, ...replies.map((q) => q.create_at));
            if (last > 0) root.last_reply_at = last;
            else delete root.last_reply_at;
            const still = (root.participants ?? []).filter((u) => u.id !== p.user_id || replies.some((q) => q.user_id === u.id));
            root.participants = still.length > 0 ? still : null;
            stale.add(root.id);
          }
        }
        break;
      }
      case 'reaction_added':
      case 'reaction_removed': {
        const r = json<Reaction>(d.reaction);
        const post = v.posts[r.post_id];
        if (!post) break;
        const list = (post.metadata.reactions ?? []).filter((x) => !(x.user_id === r.user_id && x.emoji_name === r.emoji_name));
        if (f.event === 'reaction_added') list.push(r);
        if (list.length > 0) {
          post.metadata.reactions = list;
          post.has_reactions = true;
        } else {
          delete post.metadata.reactions;
          delete post.has_reactions;
        }
        stale.add(post.id);
        break;
      }
      case 'channel_updated': {
        const next = json<ServerChannel>(d.channel);
        if (next.id === c.id) v.channel = next;
        break;
      }
      case 'channel_converted':
        if (d.channel_id === c.id && typeof d.channel_type === 'string') c.type = d.channel_type as ServerChannel['type'];
        break;
      case 'channel_deleted':
      case 'channel_restored':
        if (d.channel_id !== c.id) break;
        c.delete_at = f.event === 'channel_deleted' ? Number(d.delete_at) : 0;
        v.staleChannel = true;
        break;
      case 'multiple_channels_viewed': {
        const t = (d.channel_times as Record<string, number> | undefined)?.[c.id];
        if (t !== undefined) markRead(v.member, v.channel, t);
        break;
      }
      case 'channel_member_updated': {
        const m = json<ChannelMembership>(d.channelMember);
        if (m.channel_id === c.id && m.user_id === me) v.member = m;
        break;
      }
      case 'post_unread':
        // The webapp takes the channel (and team) of a post_unread from the broadcast, the counters from data.
        if (f.broadcast?.channel_id !== c.id) break;
        for (const k of MEMBER_READ_STATE) {
          const value = d[k];
          if (typeof value === 'number') v.member[k] = value;
        }
        break;
    }
  }
  v.stale = [...stale].sort();
  return v;
}

function comparableView(v: ChannelView, stale: readonly string[], staleChannel: boolean) {
  const post = (p: WirePost) => {
    const { pending_post_id: _pending, ...rest } = p; // the author's dedup key is echoed once, never stored
    const out: Record<string, unknown> = { ...rest };
    if (stale.includes(p.id)) delete out.update_at;
    if (p.metadata.reactions) {
      const key = (r: Reaction) => `${r.user_id}/${r.emoji_name}`;
      out.metadata = { ...p.metadata, reactions: [...p.metadata.reactions].sort((a, b) => key(a).localeCompare(key(b))) };
    }
    return out;
  };
  const { update_at: _updateAt, ...channelRest } = v.channel;
  return {
    order: v.order,
    posts: v.order.map((id) => (v.posts[id] ? post(v.posts[id]) : `missing ${id}`)),
    channel: staleChannel ? channelRest : v.channel,
    member: Object.fromEntries(MEMBER_READ_STATE.map((k) => [k, v.member[k]])),
  };
}

function compareViews(expected: ChannelView, actual: ChannelView, label: string): void {
  const view = (v: ChannelView) => comparableView(v, expected.stale, expected.staleChannel);
  assert.deepEqual(view(actual), view(expected), `${label}: events applied to the old state ≠ the refetched state`);
}

// ---- verify_action ----------------------------------------------------------------------------------

interface Observer<S> {
  watcher: Watcher;
  /** Events this observer must get (a missing one is reported by name before the state diff). */
  expect: readonly string[];
  fetch(): Promise<S>;
  reduce(state: S, events: readonly Frame[]): S;
  compare(expected: S, actual: S, label: string): void;
}

interface Check {
  watcher: Watcher;
  expect: readonly string[];
  finish(events: readonly Frame[], label: string): Promise<void>;
}

/** Erases the state type so observers of different states can watch one action. */
function observe<S>(o: Observer<S>): () => Promise<Check> {
  return async () => {
    const before = await o.fetch();
    return {
      watcher: o.watcher,
      expect: o.expect,
      async finish(events, label) {
        const expected = o.reduce(structuredClone(before), events);
        o.compare(expected, await o.fetch(), label);
      },
    };
  };
}

function channelObserver(w: Watcher, channelId: string, expect: readonly string[]) {
  return observe<ChannelView>({
    watcher: w,
    expect,
    fetch: () => fetchChannelView(w.user.client, channelId),
    reduce: (s, events) => reduceChannelView(s, events, w.id),
    compare: compareViews,
  });
}

/** Who is in a channel, as a member's client keeps it (its member list). */
function membersObserver(w: Watcher, channelId: string, expect: readonly string[]) {
  return observe<string[]>({
    watcher: w,
    expect,
    fetch: async () => (await w.user.client.getChannelMembers(channelId, 0, 200)).map((m) => m.user_id).sort(),
    reduce: (ids, events) => {
      const set = new Set(ids);
      for (const f of events) {
        if (f.broadcast?.channel_id !== channelId) continue;
        if (f.event === 'user_added') set.add(String(f.data?.user_id));
        if (f.event === 'user_removed') set.delete(String(f.data?.user_id));
      }
      return [...set].sort();
    },
    compare: (expected, actual, label) => assert.deepEqual(actual, expected, `${label}: channel members`),
  });
}

/** Which channels of a team I am in (my sidebar), from getMyChannelMembers. */
function myChannelsObserver(w: Watcher, teamId: string, expect: readonly string[]) {
  return observe<string[]>({
    watcher: w,
    expect,
    fetch: async () => (await w.user.client.getMyChannelMembers(teamId)).map((m) => m.channel_id).sort(),
    reduce: (ids, events) => {
      const set = new Set(ids);
      for (const f of events) {
        if (f.event === 'user_added' && f.data?.user_id === w.id && f.broadcast?.channel_id) set.add(f.broadcast.channel_id as string);
        if (f.event === 'user_removed' && f.broadcast?.user_id === w.id) set.delete(String(f.data?.channel_id));
        if (f.event === 'channel_created') set.add(String(f.data?.channel_id));
        if ((f.event === 'direct_added' || f.event === 'group_added') && f.broadcast?.channel_id) set.add(f.broadcast.channel_id as string);
      }
      return [...set].sort();
    },
    compare: (expected, actual, label) => assert.deepEqual(actual, expected, `${label}: my channels`),
  });
}

/** A followed thread as a collapsed-threads client keeps it in its thread list. */
interface ThreadState {
  reply_count: number;
  last_reply_at: number;
  last_viewed_at: number;
  unread_replies: number;
  unread_mentions: number;
  participants: string[];
}

interface ThreadsView {
  threads: Record<string, ThreadState>;
  /** Fields no event carries here (the client refetches or recomputes them); left out of the comparison. */
  stale: Record<string, Array<keyof ThreadState>>;
}

interface WireThread {
  id: string;
  reply_count: number;
  last_reply_at: number;
  last_viewed_at: number;
  unread_replies: number;
  unread_mentions: number;
  participants: Array<{ id: string }>;
}

function threadState(t: WireThread): ThreadState {
  return {
    reply_count: t.reply_count,
    last_reply_at: t.last_reply_at,
    last_viewed_at: t.last_viewed_at,
    unread_replies: t.unread_replies,
    unread_mentions: t.unread_mentions,
    participants: t.participants.map((p) => p.id),
  };
}

/** What mattermost-redux does with the thread events (and a deleted reply) for one team's thread list. */
function reduceThreads(old: ThreadsView, events: readonly Frame[], teamId: string): ThreadsView {
  const v = structuredClone(old);
  const staleOf = (id: string, ...fields: Array<keyof ThreadState>) => (v.stale[id] = [...new Set([...(v.stale[id] ?? []), ...fields])]);
  for (const f of events) {
    const d = f.data ?? {};
    switch (f.event) {
      case 'thread_updated': {
        const t = json<WireThread>(d.thread);
        v.threads[t.id] = threadState(t);
        delete v.stale[t.id];
        break;
      }
      case 'thread_read_changed': {
        if (typeof d.thread_id === 'string') {
          const t = v.threads[d.thread_id];
          if (!t) break;
          t.last_viewed_at = Number(d.timestamp);
          t.unread_replies = Number(d.unread_replies);
          t.unread_mentions = Number(d.unread_mentions);
        } else if (f.broadcast?.team_id === teamId) {
          // "All read" carries no timestamp: the client stamps its own clock.
          for (const [id, t] of Object.entries(v.threads)) {
            t.unread_replies = 0;
            t.unread_mentions = 0;
            staleOf(id, 'last_viewed_at');
          }
        }
        break;
      }
      case 'thread_follow_changed':
        if (d.state === false) delete v.threads[String(d.thread_id)];
        break;
      case 'post_deleted': {
        const p = json<WirePost>(d.post);
        const t = v.threads[p.root_id];
        if (!p.root_id || !t) break;
        t.reply_count -= 1;
        if (p.create_at > t.last_viewed_at && p.user_id !== f.broadcast?.user_id) t.unread_replies = Math.max(0, t.unread_replies - 1);
        staleOf(p.root_id, 'last_reply_at', 'participants');
        break;
      }
    }
  }
  return v;
}

function compareThreads(expected: ThreadsView, actual: ThreadsView, label: string): void {
  const view = (v: ThreadsView) =>
    Object.fromEntries(
      Object.entries(v.threads)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([id, t]) => [id, Object.fromEntries(Object.entries(t).filter(([k]) => !(expected.stale[id] ?? []).includes(k as keyof ThreadState)))]),
    );
  assert.deepEqual(view(actual), view(expected), `${label}: events applied to the old thread list ≠ the refetched list`);
}

/** The drafts a client shows for a team, by channel and thread. */
type DraftsView = Record<string, { message: string; props: Record<string, unknown>; create_at: number; update_at: number }>;

function reduceDrafts(old: DraftsView, events: readonly Frame[]): DraftsView {
  const v = structuredClone(old);
  for (const f of events) {
    if (!f.event?.startsWith('draft_')) continue;
    const dr = json<{ channel_id: string; root_id: string; message: string; props: Record<string, unknown>; create_at: number; update_at: number }>(f.data?.draft);
    const key = `${dr.channel_id}/${dr.root_id}`;
    if (f.event === 'draft_deleted') delete v[key];
    else v[key] = { message: dr.message, props: dr.props, create_at: dr.create_at, update_at: dr.update_at };
  }
  return v;
}

for (const engine of engines()) {
  describe(`WebSocket race tests (verify_action) [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser; // team admin
    let bob: TestUser; // "U", the user whose client we follow
    let carol: TestUser;
    let dave: TestUser; // on the team, not in the channel
    let team: Team;
    let channel: ServerChannel; // public: alice, bob, carol
    let wa: Watcher, wb: Watcher, wc: Watcher, wd: Watcher;
    let watchers: Watcher[];

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      const user = () => makeUser(srv.url, admin.client);
      [alice, bob, carol, dave] = await Promise.all([user(), user(), user(), user()]);
      team = await createTeam(alice.client);
      for (const u of [bob, carol, dave]) await alice.client.addToTeam(team.id, u.user.id);
      channel = await createChannel(alice.client, team.id, 'O');
      for (const u of [bob, carol]) await alice.client.addToChannel(u.user.id, channel.id);
      const open = (u: TestUser) => Watcher.open(srv, u);
      [wa, wb, wc, wd] = await Promise.all([open(alice), open(bob), open(carol), open(dave)]);
      watchers = [wa, wb, wc, wd];
    });
    after(async () => {
      for (const w of watchers ?? []) w.close();
      await srv.close();
    });

    /** Zulip's verify_action: snapshot every observer, act, let the events land, reduce, refetch, compare. */
    async function verifyAction(label: string, act: () => Promise<unknown>, observers: ReadonlyArray<() => Promise<Check>>): Promise<void> {
      await settle(srv, watchers);
      const checks: Check[] = [];
      for (const o of observers) checks.push(await o());
      for (const c of checks) c.watcher.mark();
      await act();
      await settle(srv, watchers);
      for (const c of checks) {
        const events = c.watcher.events();
        for (const name of c.expect) {
          assert.ok(events.some((e) => e.event === name), `${label}: ${c.watcher.name} got no ${name} (got ${events.map((e) => e.event).join(', ') || 'nothing'})`);
        }
        await c.finish(events, `${label} [${c.watcher.name}]`);
      }
    }

    const bobSeesChannel = (expect: readonly string[]) => channelObserver(wb, channel.id, expect);
    const post = (u: TestUser, message: string, rootId = '') => u.client.createPost({ channel_id: channel.id, message, root_id: rootId });

    it('createPost by another user, mentioning U', async () => {
      await verifyAction('createPost', () => post(carol, `hello @${bob.user.username}`), [bobSeesChannel(['posted']), channelObserver(wc, channel.id, ['posted'])]);
    });

    it('createPost by U (with a pending_post_id), which marks U\'s channel read', async () => {
      await post(alice, `@${bob.user.username} unread for bob`);
      await verifyAction(
        'createPost by U',
        () => bob.client.createPost({ channel_id: channel.id, message: 'my own', pending_post_id: `${bob.user.id}:${Date.now()}` }),
        [bobSeesChannel(['posted'])],
      );
    });

    it('reply: the root and the thread take the new counters', async () => {
      const root = await post(bob, 'thread root');
      await post(alice, 'first reply', root.id);
      await verifyAction('reply', () => post(carol, 'second reply', root.id), [bobSeesChannel(['posted']), channelObserver(wa, channel.id, ['posted'])]);
    });

    it('editPost: post_edited carries the whole post, thread and reactions included', async () => {
      const root = await post(bob, 'to be edited');
      await post(carol, 'a reply', root.id);
      await carol.client.addReaction(carol.user.id, root.id, 'tada');
      await verifyAction('editPost', () => bob.client.patchPost({ id: root.id, message: 'edited' }), [bobSeesChannel(['post_edited']), channelObserver(wc, channel.id, ['post_edited'])]);
    });

    it('pinPost: post_edited carries is_pinned', async () => {
      const p = await post(carol, 'pin me');
      await verifyAction('pinPost', () => bob.client.pinPost(p.id), [bobSeesChannel(['post_edited'])]);
    });

    it('addReaction and removeReaction', async () => {
      const p = await post(bob, 'react to me');
      await verifyAction('addReaction', () => carol.client.addReaction(carol.user.id, p.id, 'smile'), [bobSeesChannel(['reaction_added'])]);
      await verifyAction('addReaction (second)', () => alice.client.addReaction(alice.user.id, p.id, '+1'), [bobSeesChannel(['reaction_added'])]);
      await verifyAction('removeReaction', () => carol.client.removeReaction(carol.user.id, p.id, 'smile'), [bobSeesChannel(['reaction_removed'])]);
      await verifyAction('removeReaction (last)', () => alice.client.removeReaction(alice.user.id, p.id, '+1'), [bobSeesChannel(['reaction_removed'])]);
    });

    it('deletePost of the latest reply: the thread counters go back', async () => {
      const root = await post(bob, 'thread with a deletion');
      await post(alice, 'stays', root.id);
      const doomed = await post(carol, 'goes', root.id);
      await verifyAction('deletePost (reply)', () => carol.client.deletePost(doomed.id), [bobSeesChannel(['post_deleted']), channelObserver(wc, channel.id, ['post_deleted'])]);
    });

    it('deletePost of a root takes its replies', async () => {
      const root = await post(bob, 'root to delete');
      await post(carol, 'reply to vanish', root.id);
      await verifyAction('deletePost (root)', () => bob.client.deletePost(root.id), [bobSeesChannel(['post_deleted']), channelObserver(wc, channel.id, ['post_deleted'])]);
    });

    it('patchChannel (header): channel_updated and the system message', async () => {
      await verifyAction('patchChannel', () => alice.client.patchChannel(channel.id, { header: `header ${Date.now()}` }), [
        bobSeesChannel(['channel_updated', 'posted']),
        channelObserver(wa, channel.id, ['channel_updated', 'posted']),
      ]);
    });

    it('addToChannel and removeFromChannel, seen by a member and by the user concerned', async () => {
      const room = await createChannel(alice.client, team.id, 'P');
      await alice.client.addToChannel(bob.user.id, room.id);
      await verifyAction('addToChannel', () => alice.client.addToChannel(dave.user.id, room.id), [
        channelObserver(wb, room.id, ['user_added', 'posted']),
        membersObserver(wb, room.id, ['user_added']),
        myChannelsObserver(wd, team.id, ['user_added']),
      ]);
      await verifyAction('removeFromChannel', () => alice.client.removeFromChannel(dave.user.id, room.id), [
        channelObserver(wb, room.id, ['user_removed', 'posted']),
        membersObserver(wb, room.id, ['user_removed']),
        myChannelsObserver(wd, team.id, ['user_removed']),
      ]);
      await verifyAction('leave channel', () => bob.client.removeFromChannel(bob.user.id, room.id), [
        myChannelsObserver(wb, team.id, ['user_removed']),
        membersObserver(wa, room.id, ['user_removed']),
        channelObserver(wa, room.id, ['user_removed', 'posted']),
      ]);
    });

    it('createChannel: the creator\'s channel list', async () => {
      await verifyAction('createChannel', () => createChannel(bob.client, team.id, 'O'), [myChannelsObserver(wb, team.id, ['channel_created'])]);
    });

    it('viewMyChannel: multiple_channels_viewed brings every membership up to date', async () => {
      await post(carol, `@${bob.user.username} read this`);
      await post(carol, 'and this');
      interface Memberships {
        members: Record<string, ChannelMembership>;
        channels: Record<string, ServerChannel>;
      }
      const fetch = async (): Promise<Memberships> => {
        const [members, channels] = await Promise.all([bob.client.getMyChannelMembers(team.id), bob.client.getMyChannels(team.id)]);
        return { members: Object.fromEntries(members.map((m) => [m.channel_id, m])), channels: Object.fromEntries(channels.map((c) => [c.id, c])) };
      };
      const readState = (s: Memberships) =>
        Object.fromEntries(Object.entries(s.members).map(([id, m]) => [id, Object.fromEntries(MEMBER_READ_STATE.map((k) => [k, m[k]]))]));
      const observer = observe<Memberships>({
        watcher: wb,
        expect: ['multiple_channels_viewed'],
        fetch,
        reduce: (s, events) => {
          for (const f of events) {
            if (f.event !== 'multiple_channels_viewed') continue;
            for (const [id, t] of Object.entries((f.data?.channel_times ?? {}) as Record<string, number>)) {
              const m = s.members[id];
              const c = s.channels[id];
              if (m && c) markRead(m, c, t);
            }
          }
          return s;
        },
        compare: (expected, actual, label) => assert.deepEqual(readState(actual), readState(expected), `${label}: my channel members`),
      });
      await verifyAction('viewMyChannel', () => bob.client.viewMyChannel(channel.id), [observer]);
    });

    it('savePreferences (insert and update) and deletePreferences', async () => {
      const key = (p: PreferenceType) => `${p.category}/${p.name}`;
      const observer = (expect: readonly string[]) =>
        observe<PreferenceType[]>({
          watcher: wb,
          expect,
          fetch: async () => ((await bob.client.getMyPreferences()) as unknown as PreferenceType[]).sort((a, b) => key(a).localeCompare(key(b))),
          reduce: (prefs, events) => {
            const map = new Map(prefs.map((p) => [key(p), p]));
            for (const f of events) {
              if (f.event !== 'preferences_changed' && f.event !== 'preferences_deleted') continue;
              for (const p of json<PreferenceType[]>(f.data?.preferences)) {
                if (f.event === 'preferences_changed') map.set(key(p), p);
                else map.delete(key(p));
              }
            }
            return [...map.values()].sort((a, b) => key(a).localeCompare(key(b)));
          },
          compare: (expected, actual, label) => assert.deepEqual(actual, expected, `${label}: preferences`),
        });
      const u = bob.user.id;
      const prefs: PreferenceType[] = [
        { user_id: u, category: 'display_settings', name: 'use_military_time', value: 'true' },
        { user_id: u, category: 'favorite_channel', name: channel.id, value: 'true' },
      ];
      await verifyAction('savePreferences', () => bob.client.savePreferences(u, prefs), [observer(['preferences_changed'])]);
      await verifyAction('savePreferences (update)', () => bob.client.savePreferences(u, [{ ...prefs[0]!, value: 'false' }]), [observer(['preferences_changed'])]);
      await verifyAction('deletePreferences', () => bob.client.deletePreferences(u, [prefs[1]!]), [observer(['preferences_deleted'])]);
    });

    it('patchMe: user_updated, for U (full) and for another user (sanitised)', async () => {
      const profile = (w: Watcher, fetch: () => Promise<UserProfile>) =>
        observe<UserProfile>({
          watcher: w,
          expect: ['user_updated'],
          fetch,
          reduce: (user, events) => {
            let out = user;
            for (const f of events) {
              const next = f.data?.user as UserProfile | undefined;
              if (f.event === 'user_updated' && next?.id === user.id) out = next;
            }
            return out;
          },
          compare: (expected, actual, label) => assert.deepEqual(actual, expected, `${label}: profile`),
        });
      await verifyAction('patchMe', () => bob.client.patchMe({ nickname: 'bobby', position: 'racer' }), [
        profile(wb, () => bob.client.getMe()),
        profile(wc, () => carol.client.getUser(bob.user.id)),
      ]);
    });

    it('updateStatus: status_change', async () => {
      const status = observe<string>({
        watcher: wb,
        expect: ['status_change'],
        fetch: async () => (await bob.client.getStatus(bob.user.id)).status,
        reduce: (s, events) => {
          let out = s;
          for (const f of events) if (f.event === 'status_change' && f.data?.user_id === bob.user.id) out = String(f.data.status);
          return out;
        },
        compare: (expected, actual, label) => assert.equal(actual, expected, `${label}: status`),
      });
      await verifyAction('updateStatus', () => bob.client.updateStatus({ user_id: bob.user.id, status: 'dnd' } as UserStatus), [status]);
      await bob.client.updateStatus({ user_id: bob.user.id, status: 'online' } as UserStatus);
    });

    /** My membership of one channel, whole, from getMyChannelMember. */
    const myMember = (w: Watcher, channelId: string) =>
      observe<ChannelMembership>({
        watcher: w,
        expect: ['channel_member_updated'],
        fetch: () => w.user.client.getMyChannelMember(channelId),
        reduce: (m, events) => {
          let out = m;
          for (const f of events) {
            if (f.event !== 'channel_member_updated') continue;
            const next = json<ChannelMembership>(f.data?.channelMember);
            if (next.channel_id === channelId && next.user_id === w.id) out = next;
          }
          return out;
        },
        compare: (expected, actual, label) => assert.deepEqual(actual, expected, `${label}: my channel member`),
      });

    it('updateChannelNotifyProps and updateChannelMemberSchemeRoles: channel_member_updated', async () => {
      await verifyAction(
        'updateChannelNotifyProps',
        () => bob.client.updateChannelNotifyProps({ channel_id: channel.id, user_id: bob.user.id, desktop: 'all', mark_unread: 'mention' }),
        [myMember(wb, channel.id)],
      );
      await verifyAction('updateChannelMemberSchemeRoles', () => alice.client.updateChannelMemberSchemeRoles(channel.id, bob.user.id, true, true), [myMember(wb, channel.id)]);
      await alice.client.updateChannelMemberSchemeRoles(channel.id, bob.user.id, true, false);
    });

    it('markPostAsUnread: post_unread', async () => {
      const first = await post(carol, `@${bob.user.username} unread from here`);
      await post(carol, 'and more');
      await bob.client.viewMyChannel(channel.id);
      await verifyAction('markPostAsUnread', () => bob.client.markPostAsUnread(bob.user.id, first.id), [bobSeesChannel(['post_unread'])]);
    });

    it('updateChannelPrivacy: channel_updated, channel_converted and the system message', async () => {
      const room = await createChannel(alice.client, team.id, 'O');
      await alice.client.addToChannel(bob.user.id, room.id);
      await verifyAction('updateChannelPrivacy', () => alice.client.updateChannelPrivacy(room.id, 'P'), [channelObserver(wb, room.id, ['channel_updated', 'posted'])]);
    });

    it('deleteChannel and unarchiveChannel: channel_deleted, channel_restored', async () => {
      const room = await createChannel(alice.client, team.id, 'O');
      await alice.client.addToChannel(bob.user.id, room.id);
      await verifyAction('deleteChannel', () => alice.client.deleteChannel(room.id), [channelObserver(wb, room.id, ['channel_deleted', 'posted'])]);
      await verifyAction('unarchiveChannel', () => alice.client.unarchiveChannel(room.id), [channelObserver(wb, room.id, ['channel_restored', 'posted'])]);
    });

    it('createDirectChannel and createGroupChannel: direct_added, group_added', async () => {
      await verifyAction('createDirectChannel', () => bob.client.createDirectChannel([bob.user.id, dave.user.id]), [
        myChannelsObserver(wb, team.id, ['direct_added']),
        myChannelsObserver(wd, team.id, ['direct_added']),
      ]);
      await verifyAction('createGroupChannel', () => carol.client.createGroupChannel([bob.user.id, dave.user.id]), [
        myChannelsObserver(wb, team.id, ['group_added']),
        myChannelsObserver(wd, team.id, ['group_added']),
      ]);
    });

    it('patchTeam: update_team', async () => {
      const teamView = observe<Team>({
        watcher: wb,
        expect: ['update_team'],
        fetch: () => bob.client.getTeam(team.id),
        reduce: (t, events) => {
          let out = t;
          for (const f of events) {
            if (f.event !== 'update_team') continue;
            const next = json<Team>(f.data?.team);
            if (next.id === t.id) out = next;
          }
          return out;
        },
        compare: (expected, actual, label) => assert.deepEqual(actual, expected, `${label}: team`),
      });
      await verifyAction('patchTeam', () => alice.client.patchTeam({ id: team.id, description: 'the racing team' }), [teamView]);
    });

    it('updateTeamMemberSchemeRoles: memberrole_updated', async () => {
      const mine = observe<TeamMembership | undefined>({
        watcher: wb,
        expect: ['memberrole_updated'],
        fetch: async () => (await bob.client.getMyTeamMembers()).find((m) => m.team_id === team.id),
        reduce: (m, events) => {
          let out = m;
          for (const f of events) {
            if (f.event !== 'memberrole_updated') continue;
            const next = json<TeamMembership>(f.data?.member);
            if (next.team_id === team.id && next.user_id === bob.user.id) out = next;
          }
          return out;
        },
        compare: (expected, actual, label) => assert.deepEqual(actual, expected, `${label}: my team member`),
      });
      await verifyAction('updateTeamMemberSchemeRoles', () => alice.client.updateTeamMemberSchemeRoles(team.id, bob.user.id, true, true), [mine]);
      await alice.client.updateTeamMemberSchemeRoles(team.id, bob.user.id, true, false);
    });

    it('updateUserRoles: user_role_updated', async () => {
      const roles = observe<string>({
        watcher: wb,
        expect: ['user_role_updated'],
        fetch: async () => (await bob.client.getMe()).roles,
        reduce: (r, events) => {
          let out = r;
          for (const f of events) if (f.event === 'user_role_updated' && f.data?.user_id === bob.user.id) out = String(f.data.roles);
          return out;
        },
        compare: (expected, actual, label) => assert.equal(actual, expected, `${label}: my roles`),
      });
      await verifyAction('updateUserRoles', () => admin.client.updateUserRoles(bob.user.id, 'system_user system_post_all'), [roles]);
      await admin.client.updateUserRoles(bob.user.id, 'system_user');
    });

    it('updateUserActive (deactivate): user_updated to other users', async () => {
      const gone = await makeUser(srv.url, admin.client);
      const profile = observe<UserProfile>({
        watcher: wc,
        expect: ['user_updated'],
        fetch: () => carol.client.getUser(gone.user.id),
        reduce: (user, events) => {
          let out = user;
          for (const f of events) {
            const next = f.data?.user as UserProfile | undefined;
            if (f.event === 'user_updated' && next?.id === user.id) out = next;
          }
          return out;
        },
        compare: (expected, actual, label) => assert.deepEqual(actual, expected, `${label}: profile`),
      });
      await verifyAction('updateUserActive', () => admin.client.updateUserActive(gone.user.id, false), [profile]);
    });

    it('addToTeam and removeFromTeam: my teams, and the team\'s member list', async () => {
      const finn = await makeUser(srv.url, admin.client);
      const wf = await Watcher.open(srv, finn);
      watchers.push(wf);
      const myTeams = (expect: readonly string[]) =>
        observe<string[]>({
          watcher: wf,
          expect,
          fetch: async () => (await finn.client.getMyTeamMembers()).filter((m) => m.delete_at === 0).map((m) => m.team_id).sort(),
          reduce: (ids, events) => {
            const set = new Set(ids);
            for (const f of events) {
              if (f.event === 'added_to_team' && f.data?.user_id === finn.user.id) set.add(String(f.data.team_id));
              if (f.event === 'leave_team' && f.data?.user_id === finn.user.id) set.delete(String(f.data.team_id));
            }
            return [...set].sort();
          },
          compare: (expected, actual, label) => assert.deepEqual(actual, expected, `${label}: my teams`),
        });
      const teamMembers = observe<string[]>({
        watcher: wb,
        expect: ['leave_team'],
        fetch: async () => (await bob.client.getTeamMembers(team.id, 0, 200)).filter((m: TeamMembership) => m.delete_at === 0).map((m) => m.user_id).sort(),
        reduce: (ids, events) => {
          const set = new Set(ids);
          for (const f of events) if (f.event === 'leave_team' && f.data?.team_id === team.id) set.delete(String(f.data.user_id));
          return [...set].sort();
        },
        compare: (expected, actual, label) => assert.deepEqual(actual, expected, `${label}: team members`),
      });
      await verifyAction('addToTeam', () => alice.client.addToTeam(team.id, finn.user.id), [myTeams(['added_to_team'])]);
      await verifyAction('removeFromTeam', () => alice.client.removeFromTeam(team.id, finn.user.id), [myTeams(['leave_team']), teamMembers]);
    });

    /** Bob's thread list for the team, with collapsed threads on (he turns them on below). */
    const bobThreads = (expect: readonly string[]) =>
      observe<ThreadsView>({
        watcher: wb,
        expect,
        fetch: async () => {
          const list = (await bob.client.getUserThreads(bob.user.id, team.id, { perPage: 200 })) as unknown as { threads: WireThread[] };
          return { threads: Object.fromEntries(list.threads.map((t) => [t.id, threadState(t)])), stale: {} };
        },
        reduce: (s, events) => reduceThreads(s, events, team.id),
        compare: compareThreads,
      });

    it('collapsed threads: replies, reading, unread, all read, unfollow and a deleted mention keep the thread list exact', async () => {
      await bob.client.savePreferences(bob.user.id, [{ user_id: bob.user.id, category: 'display_settings', name: 'collapsed_reply_threads', value: 'on' }]);
      const root = await post(bob, 'collapsed threads root');
      await verifyAction('reply (thread_updated)', () => post(alice, 'a reply', root.id), [bobThreads(['thread_updated'])]);
      const mention = await post(carol, `@${bob.user.username} look here`, root.id);
      await verifyAction('read thread', () => bob.client.updateThreadReadForUser(bob.user.id, team.id, root.id, Date.now()), [bobThreads(['thread_read_changed'])]);
      await verifyAction('set thread unread', () => bob.client.markThreadAsUnreadForUser(bob.user.id, team.id, root.id, mention.id), [bobThreads(['thread_read_changed'])]);
      await verifyAction('deleted mention (thread_updated)', () => carol.client.deletePost(mention.id), [bobThreads(['post_deleted', 'thread_updated'])]);
      await verifyAction('reply by bob', () => post(bob, 'mine', root.id), [bobThreads(['thread_updated'])]);
      await post(alice, 'unread again', root.id);
      await verifyAction('all threads read', () => bob.client.updateThreadsReadForUser(bob.user.id, team.id), [bobThreads(['thread_read_changed'])]);
      await verifyAction('unfollow', () => bob.client.updateThreadFollowForUser(bob.user.id, team.id, root.id, false), [bobThreads(['thread_follow_changed'])]);
    });

    it('drafts: created, updated, deleted and posted keep every session\'s drafts exact', async () => {
      const drafts = observe<DraftsView>({
        watcher: wb,
        expect: [],
        fetch: async () =>
          Object.fromEntries(
            (await bob.client.getUserDrafts(team.id)).map((d) => [`${d.channel_id}/${d.root_id}`, { message: d.message, props: d.props, create_at: d.create_at, update_at: d.update_at }]),
          ),
        reduce: reduceDrafts,
        compare: (expected, actual, label) => assert.deepEqual(actual, expected, `${label}: drafts`),
      });
      const draft = (message: string, rootId = '') =>
        ({ user_id: bob.user.id, channel_id: channel.id, root_id: rootId, message, props: { at: message }, create_at: 0, update_at: 0, delete_at: 0 }) as Parameters<Client['upsertDraft']>[0];
      await verifyAction('upsertDraft (new)', () => bob.client.upsertDraft(draft('half a'), ''), [drafts]);
      await verifyAction('upsertDraft (update)', () => bob.client.upsertDraft(draft('half a thought'), ''), [drafts]);
      const root = await post(alice, 'a root for a reply draft');
      await verifyAction('upsertDraft (reply)', () => bob.client.upsertDraft(draft('replying…', root.id), ''), [drafts]);
      await verifyAction('deleteDraft', () => bob.client.deleteDraft(channel.id, root.id, ''), [drafts]);
      await verifyAction('createPost removes the draft', () => bob.client.createPost({ channel_id: channel.id, message: 'half a thought' }), [drafts]);
    });
  });
}

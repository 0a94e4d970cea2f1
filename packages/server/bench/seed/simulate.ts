// One channel's history, replayed in memory with the server's own bookkeeping rules, then written as rows.
// Joins, posts and views are applied in time order exactly as the app applies them through the API:
//  - a join copies the channel's counters into the membership (nothing unread) and writes the join (or
//    added-by) system message, which moves last_post_at but is not counted as a message;
//  - a post counts on the channel (total_msg_count, …_root, last_post_at, last_root_post_at), mentions the
//    other members of a DM or GM, keeps the thread (reply_count, last_reply_at, participants, the root's
//    update_at) and its memberships (replier, root author and those mentioned follow), and marks the
//    channel read for its author;
//  - a view marks the channel read, and with collapsed threads off (the default) the member's threads in it.
// Users seeded here have no collapsed-threads preference, so the server's default (off) applies to them.
import { DEFAULT_CHANNEL_NOTIFY_PROPS } from '../../src/app/channels.js';
import { parseHashtags } from '../../src/app/post-text.js';
import { autoFollowsThreads } from '../../src/store/sql/mention-flags.js';
import { LONG_THREAD_SHARE_OF_REPLIES, REPLY_SHARE } from '../../../loadtest/src/dataset.js';
import type { BulkWriter } from './writer.js';
import { ADMIN, usernameOf, type ChannelPlan, type Plan } from './plan.js';
import type { Prng } from './prng.js';
import { postMessage } from './text.js';

/** A reply goes to one of the channel's latest roots (people answer what is on screen). */
const RECENT_ROOTS = 10;
/** Final read positions: most members are caught up, some read part of the channel, some never opened it. */
const CAUGHT_UP = 0.6;
const READ_PART = 0.25;

const MEMBER_NOTIFY_PROPS = JSON.stringify({ ...DEFAULT_CHANNEL_NOTIFY_PROPS });
/** The derived flag the channel store writes with every membership. */
const MEMBER_AUTO_FOLLOW = autoFollowsThreads({ ...DEFAULT_CHANNEL_NOTIFY_PROPS }) ? 1 : 0;

interface ThreadFollow {
  following: boolean;
  lastViewed: number;
  lastUpdated: number;
  unread: number;
}

interface SimThread {
  replyCount: number;
  lastReplyAt: number;
  participants: number[];
  follows: Map<number, ThreadFollow>;
}

interface SimPost {
  id: string;
  createAt: number;
  updateAt: number;
  user: number;
  root: SimPost | null;
  type: string;
  message: string;
  props: string;
  thread: SimThread | null;
  /** Number among the channel's user posts (-1 for system messages). */
  seq: number;
}

interface SimMember {
  user: number;
  msgCount: number;
  msgCountRoot: number;
  lastViewedAt: number;
  mentionCount: number;
  mentionCountRoot: number;
  lastUpdateAt: number;
  admin: boolean;
  threads: SimThread[];
}

const enum Kind {
  Join = 0,
  Post = 1,
  View = 2,
}

interface SimEvent {
  t: number;
  kind: Kind;
  /** Member slot for joins and views. */
  slot: number;
}

/**
 * What the replay did, event by event, for a test that performs the same events through the API and
 * compares the two databases. `at` is the time asked for (a post may land 1 ms later, as through the API);
 * `seq` numbers a channel's user posts, `rootSeq` names the one a reply answers.
 */
export type TraceEvent =
  | { kind: 'join'; channel: ChannelPlan; user: number; at: number }
  | { kind: 'post'; channel: ChannelPlan; user: number; at: number; seq: number; rootSeq: number | null; message: string }
  | { kind: 'view'; channel: ChannelPlan; user: number; at: number };

export interface ChannelContext {
  plan: Plan;
  writer: BulkWriter;
  trace?: (e: TraceEvent) => void;
}

export function simulateChannel(ctx: ChannelContext, ch: ChannelPlan, r: Prng): void {
  const { plan } = ctx;
  const userId = (u: number) => (u === ADMIN ? plan.adminId : plan.userIds[u]!);
  const end = plan.time.end;

  // ----- when things happen -----
  const events: SimEvent[] = [];
  ch.members.forEach((_, slot) => events.push({ t: ch.joinAt[slot]!, kind: Kind.Join, slot }));
  const postTimes = new Float64Array(ch.posts);
  for (let i = 0; i < ch.posts; i++) postTimes[i] = Math.floor(r.between(...plan.time.posts));
  postTimes.sort();
  for (const t of postTimes) events.push({ t, kind: Kind.Post, slot: -1 });
  const lastPlannedPost = ch.posts > 0 ? postTimes[ch.posts - 1]! : 0;
  ch.members.forEach((_, slot) => {
    const joined = ch.joinAt[slot]!;
    const x = r.next();
    if (x < CAUGHT_UP) events.push({ t: Math.floor(r.between(Math.max(joined, lastPlannedPost), end)), kind: Kind.View, slot });
    else if (x < CAUGHT_UP + READ_PART) events.push({ t: Math.floor(r.between(joined, end)), kind: Kind.View, slot });
  });
  events.sort((a, b) => a.t - b.t || a.kind - b.kind || a.slot - b.slot);

  // Authors are drawn with weight 1/(channels of the user): together with the per-channel post counts this is
  // "a random user posts in one of their channels".
  const weights = new Float64Array(ch.members.length);
  let total = 0;
  ch.members.forEach((u, slot) => {
    total += u === ADMIN ? 0 : 1 / Math.max(1, plan.userDegree[u]!);
    weights[slot] = total;
  });
  const pickAuthor = (): number => {
    const x = r.next() * total;
    let lo = 0;
    let hi = weights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (weights[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  // ----- the channel's bookkeeping -----
  let msgTotal = 0;
  let msgTotalRoot = 0;
  let lastPostAt = 0;
  let lastRootPostAt = 0;
  const members: SimMember[] = [];
  const slotOf = new Map<number, number>();
  const posts: SimPost[] = [];
  const roots: SimPost[] = [];
  let userPosts = 0;

  const markViewed = (m: SimMember, at: number) => {
    if (m.mentionCount > 0 || m.mentionCountRoot > 0 || m.msgCount < msgTotal || m.msgCountRoot < msgTotalRoot || m.lastViewedAt < lastPostAt) {
      m.msgCount = Math.max(m.msgCount, msgTotal);
      m.msgCountRoot = Math.max(m.msgCountRoot, msgTotalRoot);
      m.lastViewedAt = Math.max(m.lastViewedAt, lastPostAt);
      m.mentionCount = 0;
      m.mentionCountRoot = 0;
      m.lastUpdateAt = at;
    }
    for (const th of m.threads) {
      const f = th.follows.get(m.user)!;
      if (th.lastReplyAt > f.lastViewed) {
        f.lastViewed = at;
        f.unread = 0;
        f.lastUpdated = at;
      }
    }
  };

  const mention = (m: SimMember, isRoot: boolean, at: number) => {
    m.mentionCount += 1;
    if (isRoot) m.mentionCountRoot += 1;
    m.lastUpdateAt = at;
  };

  const newPost = (t: number, user: number, root: SimPost | null, type: string, message: string, props: string): SimPost => {
    const createAt = Math.max(t, lastPostAt + 1);
    const post: SimPost = { id: r.id(), createAt, updateAt: createAt, user, root, type, message, props, thread: null, seq: type === '' ? userPosts++ : -1 };
    posts.push(post);
    return post;
  };

  /** A system message: it moves last_post_at, but join and add messages never count as unread. */
  const systemPost = (t: number, actor: number, type: string, message: string, props: Record<string, string>): SimPost => {
    const post = newPost(t, actor, null, type, message, JSON.stringify(props));
    lastPostAt = Math.max(lastPostAt, post.createAt);
    lastRootPostAt = Math.max(lastRootPostAt, post.createAt);
    return post;
  };

  const join = (slot: number, at: number) => {
    const u = ch.members[slot]!;
    const asAdmin = ch.kind === 'team' ? u === ch.creator : (ch.kind === 'town-square' || ch.kind === 'off-topic') && u === ADMIN;
    const m: SimMember = { user: u, msgCount: msgTotal, msgCountRoot: msgTotalRoot, lastViewedAt: lastPostAt, mentionCount: 0, mentionCountRoot: 0, lastUpdateAt: at, admin: asAdmin, threads: [] };
    members[slot] = m;
    slotOf.set(u, slot);
    ctx.trace?.({ kind: 'join', channel: ch, user: u, at });
    const name = usernameOf(u);
    switch (ch.kind) {
      case 'town-square':
        systemPost(at, u, 'system_join_team', `${name} joined the team.`, { username: name });
        break;
      case 'off-topic':
        systemPost(at, u, 'system_join_channel', `${name} joined the channel.`, { username: name });
        break;
      case 'team':
        if (u === ch.creator || ch.type === 'O') {
          systemPost(at, u, 'system_join_channel', `${name} joined the channel.`, { username: name });
        } else {
          // Only a member who may manage a private channel adds people to it: its creator.
          const actor = ch.creator!;
          const actorName = usernameOf(actor);
          const post = systemPost(at, actor, 'system_add_to_channel', `${name} added to the channel by ${actorName}.`, {
            userId: userId(actor),
            username: actorName,
            addedUserId: userId(u),
            addedUsername: name,
          });
          // "Added to the channel" mentions the one added.
          mention(m, true, post.createAt);
        }
        break;
      case 'direct':
      case 'group':
        break;
    }
  };

  const userPost = (t: number) => {
    const slot = pickAuthor();
    const author = members[slot]!;
    const isReply = roots.length > 0 && r.next() < REPLY_SHARE;
    let root: SimPost | null = null;
    if (isReply) {
      root = r.next() < LONG_THREAD_SHARE_OF_REPLIES ? roots[0]! : roots[roots.length - 1 - r.int(Math.min(RECENT_ROOTS, roots.length))]!;
    }
    const message = postMessage(r);
    const post = newPost(t, author.user, root, '', message, '{}');
    ctx.trace?.({ kind: 'post', channel: ch, user: author.user, at: t, seq: post.seq, rootSeq: root ? root.seq : null, message });
    const at = post.createAt;
    msgTotal += 1;
    lastPostAt = Math.max(lastPostAt, at);
    if (!root) {
      msgTotalRoot += 1;
      lastRootPostAt = Math.max(lastRootPostAt, at);
      roots.push(post);
    }
    // Every post in a DM mentions the other member, every post in a GM all the others.
    const mentioned: SimMember[] = ch.type === 'D' || ch.type === 'G' ? members.filter((m) => m.user !== author.user) : [];
    for (const m of mentioned) mention(m, !root, at);
    if (root) {
      const th: SimThread = (root.thread ??= { replyCount: 0, lastReplyAt: 0, participants: [] as number[], follows: new Map<number, ThreadFollow>() });
      th.replyCount += 1;
      th.lastReplyAt = Math.max(th.lastReplyAt, at);
      if (!th.participants.includes(author.user)) th.participants.push(author.user);
      root.updateAt = Math.max(root.updateAt, at);
      const mentionedUsers = new Set(mentioned.map((m) => m.user));
      for (const u of new Set([author.user, root.user, ...mentionedUsers])) {
        const f = th.follows.get(u);
        const isMentioned = mentionedUsers.has(u);
        if (f && !isMentioned) continue;
        if (f) {
          f.following = true;
          f.unread += 1;
          f.lastUpdated = at;
        } else {
          th.follows.set(u, { following: true, lastViewed: 0, lastUpdated: at, unread: isMentioned ? 1 : 0 });
          members[slotOf.get(u)!]!.threads.push(th);
        }
      }
      const own = th.follows.get(author.user)!;
      own.lastViewed = at;
      own.unread = 0;
      own.lastUpdated = at;
    }
    markViewed(author, at);
  };

  for (const e of events) {
    if (e.kind === Kind.Join) join(e.slot, e.t);
    else if (e.kind === Kind.Post) userPost(e.t);
    else {
      ctx.trace?.({ kind: 'view', channel: ch, user: members[e.slot]!.user, at: e.t });
      markViewed(members[e.slot]!, e.t);
    }
  }

  // ----- rows -----
  const w = ctx.writer;
  const teamId = ch.teamIndex >= 0 ? plan.teams[ch.teamIndex]!.id : '';
  w.add('channels', {
    id: ch.id,
    create_at: ch.createAt,
    update_at: ch.createAt,
    delete_at: 0,
    team_id: teamId,
    type: ch.type,
    display_name: ch.displayName,
    name: ch.name,
    header: '',
    purpose: '',
    last_post_at: lastPostAt,
    last_root_post_at: lastRootPostAt,
    total_msg_count: msgTotal,
    total_msg_count_root: msgTotalRoot,
    extra_update_at: 0,
    creator_id: ch.creator === null ? '' : userId(ch.creator),
    scheme_id: null,
    group_constrained: null,
    shared: ch.type === 'G' ? 0 : null,
    props: null,
  });
  for (const m of members) {
    w.add('channel_members', {
      channel_id: ch.id,
      user_id: userId(m.user),
      roles: '',
      last_viewed_at: m.lastViewedAt,
      msg_count: m.msgCount,
      mention_count: m.mentionCount,
      mention_count_root: m.mentionCountRoot,
      urgent_mention_count: 0,
      msg_count_root: m.msgCountRoot,
      notify_props: MEMBER_NOTIFY_PROPS,
      last_update_at: m.lastUpdateAt,
      scheme_guest: 0,
      scheme_user: 1,
      scheme_admin: m.admin ? 1 : 0,
      auto_follow_threads: MEMBER_AUTO_FOLLOW,
    });
  }
  for (const p of posts) {
    w.add('posts', {
      id: p.id,
      create_at: p.createAt,
      update_at: p.updateAt,
      edit_at: 0,
      delete_at: 0,
      is_pinned: 0,
      user_id: userId(p.user),
      channel_id: ch.id,
      root_id: p.root ? p.root.id : '',
      original_id: '',
      message: p.message,
      type: p.type,
      props: p.props,
      hashtags: p.type === '' && p.message.includes('#') ? parseHashtags(p.message) : '',
      file_ids: '[]',
      has_reactions: 0,
      remote_id: null,
      pending_post_id: '',
    });
  }
  for (const p of roots) {
    const th = p.thread;
    if (!th) continue;
    w.add('threads', {
      post_id: p.id,
      channel_id: ch.id,
      reply_count: th.replyCount,
      last_reply_at: th.lastReplyAt,
      participants: JSON.stringify(th.participants.map(userId)),
      thread_delete_at: 0,
      thread_team_id: teamId,
    });
    for (const [u, f] of th.follows) {
      w.add('thread_memberships', { post_id: p.id, user_id: userId(u), following: f.following ? 1 : 0, last_viewed: f.lastViewed, last_updated: f.lastUpdated, unread_mentions: f.unread });
    }
  }
}

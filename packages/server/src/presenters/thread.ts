// Threads as Mattermost sends them (model.ThreadResponse, model.Threads): participants as {id} only, or
// whole (sanitised) users when `extended`; the root post presented like any post.
import type { UserThread, UserThreadTotals } from '../store/store.js';
import type { WirePost } from './post.js';
import type { WireUser } from './user.js';

export interface WireThread {
  id: string;
  reply_count: number;
  last_reply_at: number;
  last_viewed_at: number;
  participants: Array<{ id: string } | WireUser>;
  post: WirePost;
  unread_replies: number;
  unread_mentions: number;
  is_urgent: boolean;
  delete_at: number;
}

export interface WireThreadList {
  total: number;
  total_unread_threads: number;
  total_unread_mentions: number;
  total_unread_urgent_mentions: number;
  threads: WireThread[];
}

/** `users` holds the participants to show whole (extended); the others are sent as {id}. */
export function presentThread(t: UserThread, post: WirePost, users: ReadonlyMap<string, WireUser> = new Map()): WireThread {
  return {
    id: t.thread.post_id,
    reply_count: t.thread.reply_count,
    last_reply_at: t.thread.last_reply_at,
    last_viewed_at: t.membership.last_viewed,
    participants: t.thread.participants.map((id) => users.get(id) ?? { id }),
    post,
    unread_replies: t.unreadReplies,
    unread_mentions: t.membership.unread_mentions,
    is_urgent: post.metadata.priority?.priority === 'urgent',
    delete_at: t.thread.thread_delete_at,
  };
}

export function presentThreadList(totals: UserThreadTotals | null, threads: WireThread[]): WireThreadList {
  return {
    total: totals?.total ?? 0,
    total_unread_threads: totals?.totalUnreadThreads ?? 0,
    total_unread_mentions: totals?.totalUnreadMentions ?? 0,
    total_unread_urgent_mentions: 0,
    threads,
  };
}

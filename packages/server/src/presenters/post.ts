// Posts, post lists and reactions as Mattermost sends them (server/public/model/post.go, post_list.go,
// reaction.go): props always an object, every metadata field omitted when empty, order newest first.
import type { Post as WirePostType, PostList as WirePostListType } from '@mattermost/types/posts';
import type { Reaction as WireReactionType } from '@mattermost/types/reactions';
import type { ChannelUnreadAt } from '../store/posts.js';
import type { FileInfo, Post, PostAcknowledgement, PostPriority, Reaction } from '../store/store.js';
import { presentFileInfo } from './file.js';

export type WireReaction = WireReactionType & { update_at: number; delete_at: number; remote_id: string; channel_id: string };

export type WirePost = Omit<WirePostType, 'metadata'> & {
  metadata: Partial<WirePostType['metadata']>;
  has_reactions?: boolean;
};

export type WirePostList = WirePostListType & { has_next?: boolean };

/** What a post is shown with beyond its own row. */
export interface PostExtras {
  reactions?: readonly Reaction[];
  /** Live replies in the post's thread (for a reply: in its root's thread). */
  replyCount?: number;
  /** Root posts with a thread only. */
  lastReplyAt?: number;
  participants?: readonly string[];
  /** Echoed to the author on create and in the `posted` event. */
  pendingPostId?: string;
  /** Collapsed-thread listings: whether the viewer follows this root (absent without a membership). */
  isFollowing?: boolean;
  /** Live attached files (metadata.files). */
  files?: readonly FileInfo[];
  /** Root posts sent with a priority (metadata.priority). */
  priority?: PostPriority;
  /** Who acknowledged a post that asked for it (metadata.acknowledgements). */
  acknowledgements?: readonly PostAcknowledgement[];
}

export interface PostView {
  post: Post;
  extras: PostExtras;
}

export interface PostListView {
  /** Post ids in list order. */
  order: string[];
  /** Every post the list carries: the ordered ones plus context (roots of replies). */
  posts: Map<string, PostView>;
  nextPostId: string;
  prevPostId: string;
  hasNext?: boolean;
}

export function presentReaction(r: Reaction): WireReaction {
  return {
    user_id: r.user_id,
    post_id: r.post_id,
    emoji_name: r.emoji_name,
    create_at: r.create_at,
    update_at: r.update_at,
    delete_at: r.delete_at,
    remote_id: r.remote_id ?? '',
    channel_id: r.channel_id,
  };
}

export type WireAcknowledgement = { post_id: string; user_id: string; acknowledged_at: number };

export function presentAcknowledgement(a: PostAcknowledgement): WireAcknowledgement {
  return { post_id: a.post_id, user_id: a.user_id, acknowledged_at: a.acknowledged_at };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Mattermost's StripActionIntegrations: an interactive action's `integration` (its URL and private
 * context) stays on the server; clients get the action without it. The stored props are not touched.
 */
export function withoutActionIntegrations(props: Record<string, unknown>): Record<string, unknown> {
  const attachments = props.attachments;
  if (!Array.isArray(attachments) || !attachments.some((a) => isObject(a) && Array.isArray(a.actions))) return props;
  return {
    ...props,
    attachments: attachments.map((a) => {
      if (!isObject(a) || !Array.isArray(a.actions)) return a;
      return {
        ...a,
        actions: a.actions.map((action: unknown) => {
          if (!isObject(action) || !('integration' in action)) return action;
          const { integration: _hidden, ...shown } = action;
          return shown;
        }),
      };
    }),
  };
}

export function presentPost(post: Post, extras: PostExtras = {}): WirePost {
  const metadata: WirePost['metadata'] = {};
  if (extras.reactions && extras.reactions.length > 0) metadata.reactions = extras.reactions.map(presentReaction);
  if (extras.files && extras.files.length > 0) metadata.files = extras.files.map((f) => ({ ...presentFileInfo(f), width: f.width, height: f.height, clientId: '' }));
  if (extras.priority) {
    const p = extras.priority;
    metadata.priority = { priority: p.priority as NonNullable<WirePost['metadata']['priority']>['priority'], requested_ack: p.requested_ack, persistent_notifications: p.persistent_notifications };
  }
  if (extras.acknowledgements && extras.acknowledgements.length > 0) metadata.acknowledgements = extras.acknowledgements.map(presentAcknowledgement);
  const out: WirePost = {
    id: post.id,
    create_at: post.create_at,
    update_at: post.update_at,
    edit_at: post.edit_at,
    delete_at: post.delete_at,
    is_pinned: post.is_pinned,
    user_id: post.user_id,
    channel_id: post.channel_id,
    root_id: post.root_id,
    original_id: post.original_id,
    message: post.message,
    type: post.type as WirePost['type'],
    props: withoutActionIntegrations(post.props ?? {}),
    hashtags: post.hashtags,
    pending_post_id: extras.pendingPostId ?? '',
    reply_count: extras.replyCount ?? 0,
    file_ids: post.file_ids ?? [],
    metadata,
    participants: extras.participants && extras.participants.length > 0 ? extras.participants.map((id) => ({ id })) : null,
  };
  if (extras.lastReplyAt) out.last_reply_at = extras.lastReplyAt;
  if (post.has_reactions) out.has_reactions = true;
  if (post.remote_id) out.remote_id = post.remote_id;
  if (extras.isFollowing !== undefined) out.is_following = extras.isFollowing;
  return out;
}

export function presentPostView(v: PostView): WirePost {
  return presentPost(v.post, v.extras);
}

export function presentPostList(list: PostListView): WirePostList {
  const posts: Record<string, WirePostType> = {};
  for (const [id, v] of list.posts) posts[id] = presentPostView(v) as WirePostType;
  const out: WirePostList = {
    order: list.order,
    posts,
    next_post_id: list.nextPostId,
    prev_post_id: list.prevPostId,
    first_inaccessible_post_time: 0,
  };
  if (list.hasNext !== undefined) out.has_next = list.hasNext;
  return out;
}

/** The set_unread response (Mattermost's ChannelUnreadAt). */
export function presentChannelUnreadAt(u: ChannelUnreadAt): ChannelUnreadAt {
  return {
    team_id: u.team_id,
    user_id: u.user_id,
    channel_id: u.channel_id,
    msg_count: u.msg_count,
    msg_count_root: u.msg_count_root,
    mention_count: u.mention_count,
    mention_count_root: u.mention_count_root,
    urgent_mention_count: u.urgent_mention_count,
    last_viewed_at: u.last_viewed_at,
  };
}

// The client's own post and reaction shapes: the wire Post carries much the client never shows, and the
// server omits metadata fields when empty, so posts are normalised once on the way in.
import type { Post as WirePost } from '@mattermost/types/posts';
import type { Reaction as WireReaction } from '@mattermost/types/reactions';
import type { FileInfo as WireFileInfo } from '@mattermost/types/files';

export interface Reaction {
  user_id: string;
  post_id: string;
  emoji_name: string;
  create_at: number;
}

/** An uploaded file as posts show it (the wire FileInfo less what the client never reads). */
export interface FileAttachment {
  id: string;
  name: string;
  extension: string;
  size: number;
  mime_type: string;
  width: number;
  height: number;
  has_preview_image: boolean;
}

export interface Post {
  id: string;
  create_at: number;
  update_at: number;
  edit_at: number;
  delete_at: number;
  user_id: string;
  channel_id: string;
  root_id: string;
  message: string;
  type: string;
  props: Record<string, unknown>;
  pending_post_id: string;
  reply_count: number;
  is_pinned: boolean;
  reactions: Reaction[];
  files: FileAttachment[];
}

/** What toPost reads; the server's posts are a superset. */
export type IncomingPost = Pick<WirePost, 'id' | 'create_at' | 'update_at' | 'edit_at' | 'delete_at' | 'user_id' | 'channel_id' | 'root_id' | 'message' | 'type' | 'props' | 'pending_post_id' | 'reply_count'> & {
  is_pinned?: boolean;
  metadata?: { reactions?: WireReaction[] | null; files?: IncomingFile[] | null } | null;
};

/** The server omits width and height when a file has none (Go omitempty). */
export type IncomingFile = Pick<WireFileInfo, 'id' | 'name' | 'extension' | 'size' | 'mime_type' | 'has_preview_image'> & Partial<Pick<WireFileInfo, 'width' | 'height'>>;

export function toFileAttachment(f: IncomingFile): FileAttachment {
  return {
    id: f.id,
    name: f.name,
    extension: f.extension ?? '',
    size: f.size ?? 0,
    mime_type: f.mime_type ?? '',
    width: f.width ?? 0,
    height: f.height ?? 0,
    has_preview_image: f.has_preview_image === true,
  };
}

export function toReaction(r: WireReaction): Reaction {
  return { user_id: r.user_id, post_id: r.post_id, emoji_name: r.emoji_name, create_at: r.create_at };
}

export function toPost(w: IncomingPost): Post {
  return {
    id: w.id,
    create_at: w.create_at,
    update_at: w.update_at,
    edit_at: w.edit_at,
    delete_at: w.delete_at,
    user_id: w.user_id,
    channel_id: w.channel_id,
    root_id: w.root_id ?? '',
    message: w.message,
    type: w.type ?? '',
    props: w.props ?? {},
    pending_post_id: w.pending_post_id ?? '',
    reply_count: w.reply_count ?? 0,
    is_pinned: w.is_pinned === true,
    reactions: (w.metadata?.reactions ?? []).map(toReaction),
    files: (w.metadata?.files ?? []).map(toFileAttachment),
  };
}

export function isSystemPost(p: Pick<Post, 'type'>): boolean {
  return p.type.startsWith('system_');
}

/** Mattermost's join/leave messages do not count towards a channel's total_msg_count (server: JOIN_LEAVE_POST_TYPES). */
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

export function countsAsMessage(p: Pick<Post, 'type'>): boolean {
  return !JOIN_LEAVE.has(p.type);
}

export function byCreateAt(a: Pick<Post, 'create_at' | 'id'>, b: Pick<Post, 'create_at' | 'id'>): number {
  return a.create_at - b.create_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

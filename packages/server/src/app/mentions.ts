// Who a post mentions, as Mattermost decides it (app/notification.go getExplicitMentionsAndKeywords,
// mention_keywords.go): pure functions over the channel's members, so the rules are testable alone.
import type { Channel, MemberProfile, Post } from '../store/store.js';
import { findMentions, type MentionKeywords } from './post-text.js';

/**
 * How a user was mentioned; the stronger kind wins when several apply. 'thread' and 'comment' are replies
 * in a thread the user posted in (comment: they wrote its root), heard because of notify_props.comments.
 */
export type MentionType = 'gm' | 'thread' | 'comment' | 'channel' | 'dm' | 'keyword';
const STRENGTH: Record<MentionType, number> = { gm: 1, thread: 2, comment: 3, channel: 4, dm: 5, keyword: 6 };

export interface PostMentions {
  users: Map<string, MentionType>;
  /** The keywords used, to find mentions in the thread's root with the same rules. */
  keywords: MentionKeywords;
}

/** Post types whose text never raises @channel (Mattermost's allowChannelMentions). */
const NO_CHANNEL_MENTIONS = new Set(['system_header_change', 'system_purpose_change']);

/** A user's custom mention keys: notify_props.mention_keys, comma-separated, trimmed. */
export function mentionKeysOf(notifyProps: Record<string, string>): string[] {
  return (notifyProps.mention_keys ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
}

/**
 * Whether @channel, @all and @here skip this member: turned off for the channel, or the channel muted
 * while the member left the setting at its default.
 */
export function ignoresChannelMentions(memberProps: Record<string, string>): boolean {
  const ignore = memberProps.ignore_channel_mentions ?? 'default';
  return ignore === 'on' || (memberProps.mark_unread === 'mention' && ignore === 'default');
}

export function buildKeywords(profiles: readonly MemberProfile[], channelMentions: boolean, online: ReadonlySet<string>): MentionKeywords {
  const keywords: MentionKeywords = new Map();
  const add = (key: string, userId: string) => {
    const list = keywords.get(key);
    if (list) list.push(userId);
    else keywords.set(key, [userId]);
  };
  for (const p of profiles) {
    add(`@${p.username.toLowerCase()}`, p.user_id);
    for (const key of mentionKeysOf(p.notify_props)) add(key.toLowerCase(), p.user_id);
    if (p.notify_props.first_name === 'true' && p.first_name !== '') add(p.first_name, p.user_id);
    if (channelMentions && p.notify_props.channel === 'true' && !ignoresChannelMentions(p.member_notify_props)) {
      add('@channel', p.user_id);
      add('@all', p.user_id);
      if (online.has(p.user_id)) add('@here', p.user_id);
    }
  }
  return keywords;
}

export interface MentionInput {
  post: Pick<Post, 'user_id' | 'message' | 'type' | 'props'>;
  channel: Pick<Channel, 'type' | 'name'>;
  /** Active members of the channel. */
  profiles: readonly MemberProfile[];
  /** The author may use @channel here (use_channel_mentions) and the channel is under the size limit. */
  channelMentionsAllowed: boolean;
  /** Members whose status is online (only they are reached by @here). */
  online: ReadonlySet<string>;
  /** For a reply: who wrote the thread's root and who replied, and which of them use collapsed threads. */
  thread?: { rootAuthor: string; repliers: readonly string[]; collapsed: ReadonlySet<string> };
}

/**
 * Mattermost's comments notify prop: "any" hears of every reply in a thread the user posted in, "root" of
 * replies to a thread the user started. Users with collapsed threads follow threads instead.
 */
export function wantsReplies(p: Pick<MemberProfile, 'notify_props'>, isRootAuthor: boolean): boolean {
  const pref = p.notify_props.comments;
  return pref === 'any' || (pref === 'root' && isRootAuthor);
}

export function resolveMentions(input: MentionInput): PostMentions {
  const { post, channel, profiles } = input;
  const users = new Map<string, MentionType>();
  const mention = (userId: string, type: MentionType) => {
    const current = users.get(userId);
    if (!current || STRENGTH[type] > STRENGTH[current]) users.set(userId, type);
  };
  const members = new Set(profiles.map((p) => p.user_id));
  const fromWebhook = post.props.from_webhook === 'true';
  let keywords: MentionKeywords = new Map();

  if (channel.type === 'D') {
    // The other user of a DM is mentioned by every post (a self-DM mentions nobody).
    for (const id of channel.name.split('__')) if (members.has(id) && (id !== post.user_id || fromWebhook)) mention(id, 'dm');
    return { users, keywords };
  }

  // Of system messages, only "added to the channel" mentions anyone: the user who was added.
  const system = post.type.startsWith('system_');
  keywords = buildKeywords(profiles, input.channelMentionsAllowed && !NO_CHANNEL_MENTIONS.has(post.type), input.online);
  if (!system) {
    for (const [id, kind] of findMentions(post.message, keywords).users) mention(id, kind);
  }
  if (channel.type === 'G' && !system) for (const id of members) mention(id, 'gm');
  if (input.thread && !system) {
    const byId = new Map(profiles.map((p) => [p.user_id, p]));
    for (const id of new Set([input.thread.rootAuthor, ...input.thread.repliers])) {
      const p = byId.get(id);
      const isRootAuthor = id === input.thread.rootAuthor;
      if (p && !input.thread.collapsed.has(id) && wantsReplies(p, isRootAuthor)) mention(id, isRootAuthor ? 'comment' : 'thread');
    }
  }
  if (post.type === 'system_add_to_channel' && typeof post.props.addedUserId === 'string' && members.has(post.props.addedUserId)) {
    mention(post.props.addedUserId, 'keyword');
  }
  if (!fromWebhook) users.delete(post.user_id);
  return { users, keywords };
}

// What a new post does to other people's state, inside the post's transaction: mention counts, thread
// memberships (who follows a thread and what is unread in it) and the thread events of followers.
// Mirrors server/channels/app/notification.go SendNotifications and RemoveNotifications.
import { makeEvent, type ServerEvent } from '../events/event.js';
import { presentPost } from '../presenters/post.js';
import { presentThread } from '../presenters/thread.js';
import type { Channel, MemberProfile, Post, Store, ThreadMembership, UserThread } from '../store/store.js';
import type { App } from './app.js';
import type { AppContext } from './context.js';
import { resolveMentions, wantsReplies, type MentionType } from './mentions.js';
import { atMentionTerms, findMentions } from './post-text.js';
import type { AuthSession } from './session.js';

export interface NewPostNotifications {
  /** Users the post mentions, sorted (their channel mention counts went up). */
  mentioned: string[];
  mentionTypes: ReadonlyMap<string, MentionType>;
  /** Thread followers with collapsed threads whose desktop settings ask for this reply (`posted` hook). */
  desktopFollowers: string[];
  /** Followers with collapsed threads whose email settings ask for every reply. */
  emailFollowers: string[];
  /** The channel's active members by id. */
  profiles: ReadonlyMap<string, MemberProfile>;
  /** Events that go out after `posted`. */
  after: ServerEvent[];
}

const NONE: NewPostNotifications = { mentioned: [], mentionTypes: new Map(), desktopFollowers: [], emailFollowers: [], profiles: new Map(), after: [] };

export class NotificationService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  /**
   * Mattermost's IsCRTEnabledForUser for many users: the server setting, then each user's
   * display_settings / collapsed_reply_threads preference, then the setting's default.
   */
  async collapsedThreadsUsers(userIds: readonly string[], store: Store = this.ctx.store): Promise<Set<string>> {
    const mode = this.ctx.config.settings.collapsedThreads;
    if (mode === 'disabled' || userIds.length === 0) return new Set();
    if (mode === 'always_on') return new Set(userIds);
    const prefs = await store.preferences.getForUsers(userIds, 'display_settings', 'collapsed_reply_threads');
    const chosen = new Map(prefs.map((p) => [p.user_id, p.value]));
    const fallback = mode === 'default_on' ? 'on' : 'off';
    return new Set(userIds.filter((id) => (chosen.get(id) ?? fallback) === 'on'));
  }

  async isCollapsedThreadsOn(userId: string, store: Store = this.ctx.store): Promise<boolean> {
    return (await this.collapsedThreadsUsers([userId], store)).has(userId);
  }

  /**
   * The members a post can mention or make follow its thread, without reading every member: those its texts
   * name by @username, those with custom mention keys or reply notifications, the given ids, and (for a
   * reply) who auto-follows the channel's threads. @channel, @all or @here in a channel under
   * MaxNotificationsPerChannel, and DMs and GMs, need everyone. `channelWide` says whether that applied.
   */
  private async mentionProfiles(tx: Store, channel: Channel, texts: readonly string[], ids: readonly string[], autoFollowers: boolean) {
    if (channel.type === 'D' || channel.type === 'G') {
      const all = await tx.channels.getMemberProfiles(channel.id);
      return { profiles: all, channelWide: all.length < this.ctx.config.settings.maxNotificationsPerChannel };
    }
    const terms = new Set(texts.flatMap((t) => [...atMentionTerms(t)]));
    if (terms.has('channel') || terms.has('all') || terms.has('here')) {
      const count = await tx.channels.countMembers(channel.id, { activeUsersOnly: true });
      if (count < this.ctx.config.settings.maxNotificationsPerChannel) return { profiles: await tx.channels.getMemberProfiles(channel.id), channelWide: true };
    }
    const profiles = await tx.channels.getMentionCandidates(channel.id, { userIds: [...new Set(ids)], usernames: [...terms], autoFollowers });
    return { profiles, channelWide: false };
  }

  private async mentionsOf(tx: Store, post: Post, channel: Channel, profiles: readonly MemberProfile[], channelWide: boolean, session: AuthSession | null, root: Post | undefined) {
    const mayUse = channelWide && session ? await this.app.authz.hasChannel(session, channel.id, 'use_channel_mentions', tx) : false;
    // Statuses only matter for @here; most posts do not say it.
    const online = /@here/i.test(post.message)
      ? new Set((await tx.statuses.getMany(profiles.map((p) => p.user_id))).filter((s) => s.status === 'online').map((s) => s.user_id))
      : new Set<string>();
    return resolveMentions({ post, channel, profiles, channelMentionsAllowed: mayUse, online, thread: root && (await this.threadPosters(tx, root, profiles)) });
  }

  /** The root's author and the repliers of a thread, for the comments notify prop (looked up only when someone uses it). */
  private async threadPosters(tx: Store, root: Post, profiles: readonly MemberProfile[]) {
    if (!profiles.some((p) => wantsReplies(p, true))) return undefined;
    const repliers = (await tx.threads.getMany([root.id]))[0]?.participants ?? [];
    const interested = profiles.filter((p) => wantsReplies(p, p.user_id === root.user_id) && (p.user_id === root.user_id || repliers.includes(p.user_id)));
    const collapsed = await this.collapsedThreadsUsers(interested.map((p) => p.user_id), tx);
    return { rootAuthor: root.user_id, repliers, collapsed };
  }

  /**
   * Called once the post is saved and, for a reply, its thread recorded. Raises mention counts, keeps
   * thread memberships, and prepares the followers' thread_updated events.
   */
  async processNewPost(tx: Store, input: { post: Post; channel: Channel; root: Post | undefined; session: AuthSession | null; urgent?: boolean }): Promise<NewPostNotifications> {
    const { post, channel, root } = input;
    if (channel.delete_at > 0) return NONE;
    // A reply's thread: its followers, and whoever its root mentions, may become or stay followers.
    const before = new Set(root ? await tx.threads.getFollowers(root.id) : []);
    const rootCounts = root !== undefined && channel.type !== 'D' && !root.type.startsWith('system_');
    const added = typeof post.props.addedUserId === 'string' ? [post.props.addedUserId] : [];
    const { profiles: profileList, channelWide } = await this.mentionProfiles(
      tx,
      channel,
      rootCounts ? [post.message, root.message] : [post.message],
      [post.user_id, ...(root ? [root.user_id] : []), ...before, ...added],
      root !== undefined,
    );
    const profiles = new Map(profileList.map((p) => [p.user_id, p]));
    const { users: mentionTypes, keywords } = await this.mentionsOf(tx, post, channel, profileList, channelWide, input.session, root);
    const mentioned = [...mentionTypes.keys()].sort();
    if (mentioned.length > 0) await tx.channels.incrementMentions(channel.id, mentioned, !root, input.urgent === true, post.create_at);
    const base = { mentioned, mentionTypes, profiles, desktopFollowers: [], emailFollowers: [], after: [] };
    // Memberships are kept even with collapsed threads disabled (Mattermost's ThreadAutoFollow), so that
    // turning them on later finds every thread followed; only the events depend on the setting.
    if (!root) return base;

    // Who takes part in the thread (Mattermost's ThreadAutoFollow): the replier, the root's author, anyone
    // the root or the reply mentions, and members who follow every thread of the channel.
    const participants = new Set<string>([post.user_id]);
    if (root.props.from_webhook !== 'true' && profiles.has(root.user_id)) participants.add(root.user_id);
    if (rootCounts) {
      for (const id of findMentions(root.message, keywords).users.keys()) participants.add(id);
    }
    for (const id of mentioned) participants.add(id);
    if (channel.type !== 'D') {
      for (const p of profileList) if (!before.has(p.user_id) && p.member_notify_props.channel_auto_follow_threads === 'on') participants.add(p.user_id);
    }

    const at = post.create_at;
    const existing = new Map((await tx.threads.getMemberships(root.id, [...participants])).map((m) => [m.user_id, m]));
    const memberships = new Map<string, ThreadMembership>();
    const newFollowers = new Set<string>();
    for (const userId of participants) {
      const isMentioned = mentionTypes.has(userId);
      const m = existing.get(userId);
      // Someone who unfollowed stays out unless mentioned again.
      if (m && !m.following && !isMentioned) continue;
      if (m && m.following && !isMentioned) {
        memberships.set(userId, m);
        continue;
      }
      const next: ThreadMembership = m
        ? { ...m, following: true, unread_mentions: m.unread_mentions + (isMentioned ? 1 : 0), last_updated: at }
        : { post_id: root.id, user_id: userId, following: true, last_viewed: 0, last_updated: at, unread_mentions: isMentioned ? 1 : 0 };
      await tx.threads.saveMembership(next);
      memberships.set(userId, next);
      if (!before.has(userId)) newFollowers.add(userId);
    }
    const followers = [...new Set([...before, ...newFollowers])].filter((id) => profiles.has(id));

    const crt = await this.collapsedThreadsUsers(followers, tx);
    const fresh = (await tx.posts.get(root.id)) ?? root;
    const rootView = await this.app.posts.buildView(tx, fresh);
    const wireRoot = presentPost(rootView.post, rootView.extras);
    const after: ServerEvent[] = [];
    const desktopFollowers: string[] = [];
    const emailFollowers: string[] = [];
    for (const userId of followers.sort()) {
      const isAuthor = userId === post.user_id;
      let ut: UserThread | undefined;
      if (crt.has(userId)) ut = await tx.threads.getOneForUser(userId, root.id);
      let previousMentions = 0;
      let previousReplies = 0;
      if (ut && !newFollowers.has(userId)) {
        previousMentions = Math.max(ut.membership.unread_mentions - (mentionTypes.has(userId) ? 1 : 0), 0);
        previousReplies = Math.max(ut.unreadReplies - 1, 0);
      }
      if (isAuthor) {
        // The replier has read the thread up to their own reply.
        const m = memberships.get(userId) ?? (await tx.threads.getMembership(root.id, userId));
        if (m?.following) await tx.threads.saveMembership({ ...m, last_viewed: at, unread_mentions: 0, last_updated: at });
        if (ut) ut = { ...ut, unreadReplies: 0, membership: { ...ut.membership, last_viewed: at, unread_mentions: 0, last_updated: at } };
      }
      if (!ut) continue;
      after.push(
        makeEvent(
          'thread_updated',
          {
            thread: JSON.stringify(presentThread(ut, wireRoot)),
            previous_unread_mentions: previousMentions,
            previous_unread_replies: previousReplies,
          },
          { userId, teamId: channel.team_id },
        ),
      );
      if (isAuthor && post.props.from_webhook !== 'true') continue;
      const profile = profiles.get(userId)!;
      const isMentioned = mentionTypes.has(userId);
      if (wantsDesktop(profile, isMentioned)) desktopFollowers.push(userId);
      if (profile.notify_props.email === 'true' && (isMentioned || profile.notify_props.email_threads === 'all')) emailFollowers.push(userId);
    }
    return { ...base, desktopFollowers, emailFollowers, after };
  }

  /**
   * Mattermost's RemoveNotifications: a deleted reply's mentions stop counting in the threads of those
   * who had not read past it yet.
   */
  async processDeletedReply(tx: Store, post: Post, channel: Channel): Promise<ServerEvent[]> {
    if (!post.root_id || this.ctx.config.settings.collapsedThreads === 'disabled' || post.type.startsWith('system_')) return [];
    const { profiles, channelWide } = await this.mentionProfiles(tx, channel, [post.message], [], false);
    const { users } = resolveMentions({ post, channel, profiles, channelMentionsAllowed: channelWide, online: new Set() });
    if (users.size === 0) return [];
    const events: ServerEvent[] = [];
    let wireRoot: ReturnType<typeof presentPost> | undefined;
    for (const m of await tx.threads.getMemberships(post.root_id, [...users.keys()])) {
      if (m.last_viewed > post.create_at || m.unread_mentions === 0) continue;
      await tx.threads.saveMembership({ ...m, unread_mentions: m.unread_mentions - 1, last_updated: Math.max(m.last_updated, post.delete_at) });
      const ut = await tx.threads.getOneForUser(m.user_id, post.root_id);
      if (!ut) continue;
      if (!wireRoot) {
        const root = await tx.posts.get(post.root_id);
        if (!root) return events;
        const view = await this.app.posts.buildView(tx, root);
        wireRoot = presentPost(view.post, view.extras);
      }
      events.push(
        makeEvent(
          'thread_updated',
          { thread: JSON.stringify(presentThread(ut, wireRoot)), previous_unread_mentions: 0, previous_unread_replies: 0 },
          { userId: m.user_id, teamId: channel.team_id },
        ),
      );
    }
    return events;
  }
}

/**
 * Mattermost's shouldUserNotifyCRT / shouldChannelMemberNotifyCRT for desktop: the channel's own setting
 * when it has one, otherwise the user's, where desktop_threads "all" asks for every reply.
 */
function wantsDesktop(p: MemberProfile, mentioned: boolean): boolean {
  const user = p.notify_props;
  const member = p.member_notify_props;
  const channelDesktop = member.desktop ?? 'default';
  const byUser = user.desktop !== 'none' && (mentioned || user.desktop_threads === 'all' || user.desktop === 'all');
  const byChannel =
    channelDesktop !== 'default' &&
    channelDesktop !== 'none' &&
    (mentioned || (member.desktop_threads === 'all' && user.desktop_threads !== 'mention') || channelDesktop === 'all');
  return (channelDesktop === 'default' && byUser) || byChannel;
}

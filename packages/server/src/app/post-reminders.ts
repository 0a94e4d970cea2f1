// "Remind me about this message" (Mattermost's SetPostReminder / CheckPostReminders): the user gets an
// ephemeral confirmation now and, when the time comes, a direct message from the system bot with a link to
// the post. Reminders are checked by every node's upkeep; each is taken (deleted) by exactly one.
import { badRequest } from '../platform/errors.js';
import type { Team } from '../store/store.js';
import type { App } from './app.js';
import { inTransaction, type AppContext } from './context.js';
import { timeZoneOf } from './email.js';
import { formatDate, formatTime, translate } from './i18n.js';
import { permalinkUrl } from './post-text.js';
import type { AuthSession } from './session.js';

/** Reminders delivered per upkeep run; the rest wait for the next one. */
const BATCH = 500;

export class PostReminderService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  /** POST /users/{uid}/posts/{pid}/reminder {target_time} (Unix seconds). */
  async setReminder(session: AuthSession, userId: string, postId: string, targetTime: number): Promise<void> {
    this.app.authz.requireSelfOr(session, userId);
    const store = this.ctx.store;
    const { post, channel } = await this.app.posts.readablePost(session, postId);
    if (!Number.isSafeInteger(targetTime) || targetTime <= 0) throw badRequest('api.context.invalid_param.app_error', 'Invalid or missing target_time parameter.');
    await store.postReminders.set({ post_id: post.id, user_id: userId, target_time: targetTime });

    const [user, author, team] = await Promise.all([store.users.get(userId), store.users.get(post.user_id), channel.team_id ? store.teams.get(channel.team_id) : undefined]);
    const locale = user?.locale ?? 'en';
    const zone = user ? timeZoneOf(user) : 'UTC';
    const at = targetTime * 1000;
    await this.app.posts.sendEphemeralPost(userId, {
      channel_id: channel.id,
      root_id: post.root_id || post.id,
      message: translate(locale, 'reminder.set', {
        permalink: this.permalink(team, post.id),
        username: author?.username ?? '',
        time: `${formatDate(locale, zone, at)} ${formatTime(locale, zone, at)}`,
      }),
      props: { type: 'reminder', target_time: targetTime, team_name: team?.name ?? '', post_id: post.id, username: author?.username ?? '' },
    });
  }

  /** Delivers the reminders due at `now` (ms); the number sent. */
  async sendDue(now: number = this.ctx.clock.now()): Promise<number> {
    const store = this.ctx.store;
    const due = await store.postReminders.takeDue(Math.floor(now / 1000), BATCH);
    if (due.length === 0) return 0;
    const bot = await this.app.bots.systemBot();
    let sent = 0;
    for (const r of due) {
      const [user, post] = await Promise.all([store.users.get(r.user_id), store.posts.get(r.post_id)]);
      // A deleted post or a departed user has nothing left to be reminded of.
      if (!user || user.delete_at > 0 || !post || post.delete_at > 0) continue;
      const channel = await store.channels.get(post.channel_id);
      const [author, team] = await Promise.all([store.users.get(post.user_id), channel?.team_id ? store.teams.get(channel.team_id) : undefined]);
      const dm = await this.app.channels.directChannelBetween(bot.id, user.id);
      await inTransaction(this.ctx, (tx, emit) =>
        this.app.posts.createSystemPost(tx, emit, {
          channelId: dm.id,
          userId: bot.id,
          type: 'reminder',
          message: translate(user.locale, 'reminder.dm', { username: author?.username ?? '', permalink: this.permalink(team, post.id) }),
          props: { team_name: team?.name ?? '', post_id: post.id, username: author?.username ?? '', from_bot: 'true' },
        }),
      );
      sent += 1;
    }
    return sent;
  }

  private permalink(team: Team | undefined, postId: string): string {
    return permalinkUrl(this.ctx.config.siteUrl, team, postId);
  }
}

// Mail: notification emails for people who are away when mentioned or messaged (at once, or batched per
// their email_interval preference), and the account mails (password reset, email verification).
// Mirrors server/channels/app/notification_email.go, email/email_batching.go and the token parts of
// app/user.go. Off entirely when no SMTP server is configured.
import { randomBytes } from 'node:crypto';
import { makeEvent } from '../events/event.js';
import { AppError, badRequest, notFound } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { smtpMailer, type MailMessage, type Mailer } from '../platform/mailer.js';
import { hashPassword } from '../platform/password.js';
import { presentUser } from '../presenters/user.js';
import type { Channel, Post, QueuedEmail, Status, Team, User } from '../store/store.js';
import type { App } from './app.js';
import { sessionsRevoked } from './auth.js';
import { inTransaction, type AppContext } from './context.js';
import { formatDate, formatTime, translate, type MessageId } from './i18n.js';
import type { NewPostNotifications } from './notifications.js';
import { checkPassword } from './password-policy.js';
import { permalinkUrl } from './post-text.js';

/** Mattermost's PasswordRecoverExpiryTime, used for verification links too. */
const LINK_LIFETIME_MS = 60 * 60 * 1000;
const TOKEN_PASSWORD_RECOVERY = 'password_recovery';
const TOKEN_VERIFY_EMAIL = 'verify_email';
/** The "immediately" choice of email_interval is stored as 30 seconds; it is never batched. */
const IMMEDIATE_SECONDS = 30;
/** Without a preference, batched notifications wait fifteen minutes (PreferenceEmailIntervalBatchingSeconds). */
const DEFAULT_BATCH_SECONDS = 900;
const INTERVAL_NAMES: Record<string, number> = { immediately: IMMEDIATE_SECONDS, fifteen: 900, hour: 3600 };

interface TokenExtra {
  UserId: string;
  Email: string;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A user's time zone as their settings give it; UTC when unset. */
export function timeZoneOf(user: User): string {
  const tz = user.timezone;
  const zone = tz.useAutomaticTimezone === 'false' ? tz.manualTimezone : tz.automaticTimezone || tz.manualTimezone;
  return zone || 'UTC';
}

/** One post as an email shows it. */
interface MailPost {
  sender: string;
  channel: string;
  time: string;
  message: string;
  url: string;
}

interface Rendered {
  title: string;
  posts: MailPost[];
  button: string;
  buttonUrl: string;
  intro?: string;
}

export class EmailService {
  private mailer: Mailer | null;
  private readonly inFlight = new Set<Promise<void>>();
  /** Whether startBatching is in effect, and how to stop its timer. */
  private batching = false;
  private stopBatchingTimer: () => void = () => {};

  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {
    this.mailer = this.buildMailer();
  }

  private buildMailer(): Mailer | null {
    const s = this.ctx.config.settings;
    return this.ctx.mailer !== undefined ? this.ctx.mailer : s.smtpUrl ? smtpMailer(s.smtpUrl, s.emailFrom) : null;
  }

  /**
   * The SMTP or batching settings changed (config API): a new transport for new mail, the old one closed
   * once the mail it holds is handed over, and the batching timer restarted with the new interval.
   */
  reconfigure(): void {
    const old = this.mailer;
    this.mailer = this.buildMailer();
    if (old && old !== this.mailer) {
      void this.idle().then(() => old.close());
    }
    if (this.batching) this.runBatchingTimer();
  }

  get enabled(): boolean {
    return this.mailer !== null;
  }

  /** Resolves once every mail being sent has been handed to the SMTP server (or failed). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.mailer?.close();
  }

  private send(message: MailMessage): Promise<void> {
    const mailer = this.mailer;
    if (!mailer) return Promise.resolve();
    const p = mailer.send(message).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
    return p;
  }

  private render(locale: string, r: Rendered): { text: string; html: string } {
    const siteName = this.ctx.config.settings.siteName;
    const footer = translate(locale, 'email.footer', { siteName });
    const text = [
      r.title,
      ...(r.intro ? ['', r.intro] : []),
      ...r.posts.flatMap((p) => ['', translate(locale, 'notification.post_line', { sender: p.sender, channel: p.channel, time: p.time }), p.message, p.url]),
      '',
      `${r.button}: ${r.buttonUrl}`,
      '',
      '--',
      footer,
    ].join('\n');
    const html = [
      `<!DOCTYPE html><html lang="${escapeHtml(locale)}"><body style="font-family:sans-serif">`,
      `<h2>${escapeHtml(r.title)}</h2>`,
      ...(r.intro ? [`<p>${escapeHtml(r.intro)}</p>`] : []),
      ...r.posts.map(
        (p) =>
          `<div style="margin:16px 0;padding:8px;border-left:3px solid #1c58d9"><div style="color:#555">${escapeHtml(
            translate(locale, 'notification.post_line', { sender: p.sender, channel: p.channel, time: p.time }),
          )}</div><div>${escapeHtml(p.message).replace(/\n/g, '<br>')}</div><a href="${escapeHtml(p.url)}">${escapeHtml(translate(locale, 'notification.button'))}</a></div>`,
      ),
      `<p><a href="${escapeHtml(r.buttonUrl)}">${escapeHtml(r.button)}</a></p>`,
      `<hr><p style="color:#888;font-size:12px">${escapeHtml(footer)}</p></body></html>`,
    ].join('\n');
    return { text, html };
  }

  private permalink(team: Team | undefined, postId: string): string {
    return permalinkUrl(this.ctx.config.siteUrl, team, postId);
  }

  // ---- notifications --------------------------------------------------------------------------------

  /**
   * After a post is committed: mail the people it mentioned (DMs and GMs count) and the followers who
   * want every reply by email, when they are offline or away and their settings allow it.
   */
  sendPostNotifications(input: { post: Post; channel: Channel; sender: User; notifications: NewPostNotifications }): Promise<void> {
    if (!this.mailer) return Promise.resolve();
    const p = this.notifyPost(input).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
    return p;
  }

  private async notifyPost(input: { post: Post; channel: Channel; sender: User; notifications: NewPostNotifications }): Promise<void> {
    const { post, channel, sender, notifications } = input;
    const candidates = [...new Set([...notifications.mentioned, ...notifications.emailFollowers])].filter((id) => id !== sender.id);
    if (candidates.length === 0) return;
    const store = this.ctx.store;
    const settings = this.ctx.config.settings;
    const [users, statuses, crt, intervals, team] = await Promise.all([
      store.users.getMany(candidates),
      store.statuses.getMany(candidates),
      this.app.notifications.collapsedThreadsUsers(candidates),
      settings.enableEmailBatching ? store.preferences.getForUsers(candidates, 'notifications', 'email_interval') : Promise.resolve([]),
      channel.team_id ? store.teams.get(channel.team_id) : Promise.resolve(undefined),
    ]);
    const statusOf = new Map(statuses.map((s) => [s.user_id, s]));
    const intervalOf = new Map(intervals.map((p) => [p.user_id, p.value]));
    for (const user of users) {
      const memberProps = notifications.profiles.get(user.id)?.member_notify_props ?? {};
      if (!this.allowsEmail(user, memberProps, post, crt.has(user.id), statusOf.get(user.id))) continue;
      if (settings.enableEmailBatching && intervalSeconds(intervalOf.get(user.id)) !== IMMEDIATE_SECONDS) {
        await store.emailQueue.enqueue({ id: newId(), user_id: user.id, post_id: post.id, channel_id: channel.id, team_id: channel.team_id, create_at: post.create_at });
        continue;
      }
      await this.send(this.notificationMail(user, post, channel, sender, team, crt.has(user.id)));
    }
  }

  /** Mattermost's userAllowsEmail. */
  private allowsEmail(user: User, memberProps: Record<string, string>, post: Post, crtOn: boolean, status: Status | undefined): boolean {
    if (user.is_bot || user.delete_at > 0) return false;
    let allows = user.notify_props.email !== 'false';
    const channelEmail = memberProps.email ?? 'default';
    // With collapsed threads, replies follow the user's thread settings, not the channel's.
    if (channelEmail !== 'default' && !(crtOn && post.root_id !== '')) allows = channelEmail !== 'false' && channelEmail !== 'none';
    if (memberProps.mark_unread === 'mention') allows = false;
    const current = status?.status ?? 'offline';
    return allows && current !== 'online' && current !== 'dnd' && current !== 'ooo';
  }

  private notificationMail(user: User, post: Post, channel: Channel, sender: User, team: Team | undefined, crtOn: boolean): MailMessage {
    const locale = user.locale || 'en';
    const zone = timeZoneOf(user);
    const siteName = this.ctx.config.settings.siteName;
    const senderName = `@${sender.username}`;
    const date = formatDate(locale, zone, post.create_at);
    const channelName = channel.type === 'D' ? senderName : channel.display_name || channel.name;
    let subject: string;
    let title: MessageId;
    if (channel.type === 'D') {
      subject = translate(locale, 'notification.subject.direct', { siteName, sender: senderName, date });
      title = 'notification.title.direct';
    } else if (channel.type === 'G') {
      subject = translate(locale, 'notification.subject.group', { siteName, channel: channelName, date });
      title = 'notification.title.group';
    } else {
      subject = translate(locale, 'notification.subject.channel', { siteName, team: team?.display_name ?? '', date });
      title = 'notification.title.mention';
    }
    if (crtOn && post.root_id !== '') title = 'notification.title.thread';
    const url = this.permalink(team, post.id);
    const { text, html } = this.render(locale, {
      title: translate(locale, title, { sender: senderName, channel: channelName }),
      posts: [{ sender: senderName, channel: channelName, time: formatTime(locale, zone, post.create_at), message: post.message, url }],
      button: translate(locale, 'notification.button'),
      buttonUrl: url,
    });
    const host = new URL(this.ctx.config.siteUrl).hostname || 'localhost';
    const headers: Record<string, string> = { 'Message-ID': `<${post.id}@${host}>` };
    if (post.root_id) {
      headers['In-Reply-To'] = `<${post.root_id}@${host}>`;
      headers.References = `<${post.root_id}@${host}>`;
    }
    return { to: user.email, subject, text, html, headers };
  }

  /** Checks the queue every EmailBatchingInterval seconds; returns the function that stops it. */
  startBatching(): () => void {
    this.batching = true;
    this.runBatchingTimer();
    return () => {
      this.batching = false;
      this.stopBatchingTimer();
    };
  }

  private runBatchingTimer(): void {
    this.stopBatchingTimer();
    this.stopBatchingTimer = () => {};
    if (!this.mailer || !this.ctx.config.settings.enableEmailBatching) return;
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.sendBatchedNotifications()
        .catch((err: unknown) => this.ctx.log.error({ err }, 'email batching failed'))
        .finally(() => {
          running = false;
        });
    }, this.ctx.config.settings.emailBatchingIntervalSeconds * 1000);
    timer.unref();
    this.stopBatchingTimer = () => clearInterval(timer);
  }

  /**
   * One pass of Mattermost's email batching job: a user whose oldest queued notification is older than
   * their interval gets one email with all of them; one who has viewed a channel since it was queued has
   * seen it, and the queue is dropped. Entries are removed before sending, so of several nodes running
   * the job only one sends. Returns the number of emails sent.
   */
  async sendBatchedNotifications(now = this.ctx.clock.now()): Promise<number> {
    if (!this.mailer) return 0;
    const store = this.ctx.store;
    let sent = 0;
    for (const userId of await store.emailQueue.getUserIds()) {
      const entries = await store.emailQueue.getForUser(userId);
      if (entries.length === 0) continue;
      const ids = entries.map((e) => e.id);
      const start = entries[0]!.create_at;
      if (await store.channels.hasViewedSince(userId, start)) {
        await store.emailQueue.remove(ids);
        continue;
      }
      const pref = await store.preferences.getForUser(userId, 'notifications', 'email_interval');
      const seconds = intervalSeconds(pref[0]?.value);
      if (now - start <= seconds * 1000) continue;
      const claimed = await store.transaction(async (tx) => {
        const n = await tx.emailQueue.remove(ids);
        // Another node took (some of) them: this one sends nothing.
        if (n !== ids.length) throw new BatchTaken();
        return n;
      }).catch((err: unknown) => (err instanceof BatchTaken ? 0 : Promise.reject(err)));
      if (claimed === 0) continue;
      if (await this.sendBatch(userId, entries)) sent += 1;
    }
    return sent;
  }

  private async sendBatch(userId: string, entries: readonly QueuedEmail[]): Promise<boolean> {
    const store = this.ctx.store;
    const user = await store.users.get(userId);
    if (!user || user.delete_at > 0) return false;
    const posts = (await store.posts.getMany(entries.map((e) => e.post_id))).filter((p) => p.delete_at === 0).sort((a, b) => a.create_at - b.create_at);
    if (posts.length === 0) return false;
    const [channels, senders, teams] = await Promise.all([
      store.channels.getMany([...new Set(posts.map((p) => p.channel_id))]),
      store.users.getMany([...new Set(posts.map((p) => p.user_id))]),
      store.teams.getMany([...new Set(entries.map((e) => e.team_id).filter(Boolean))]),
    ]);
    const channelOf = new Map(channels.map((c) => [c.id, c]));
    const senderOf = new Map(senders.map((u) => [u.id, u]));
    const teamOf = new Map(teams.map((t) => [t.id, t]));
    const locale = user.locale || 'en';
    const zone = timeZoneOf(user);
    const siteName = this.ctx.config.settings.siteName;
    const mailPosts: MailPost[] = posts.map((p) => {
      const channel = channelOf.get(p.channel_id);
      const sender = `@${senderOf.get(p.user_id)?.username ?? ''}`;
      return {
        sender,
        channel: channel?.type === 'D' ? sender : (channel?.display_name ?? ''),
        time: formatTime(locale, zone, p.create_at),
        message: p.message,
        url: this.permalink(channel ? teamOf.get(channel.team_id) : undefined, p.id),
      };
    });
    const count = mailPosts.length;
    const subject = translate(locale, 'notification.subject.batched', { siteName, count, date: formatDate(locale, zone, posts[0]!.create_at) });
    const { text, html } = this.render(locale, {
      title: translate(locale, 'notification.title.batched', { count }),
      posts: mailPosts,
      button: translate(locale, 'notification.button'),
      buttonUrl: this.ctx.config.siteUrl,
    });
    await this.send({ to: user.email, subject, text, html });
    return true;
  }

  // ---- account mails ---------------------------------------------------------------------------------

  private requireMail(id: string): Mailer {
    if (!this.mailer) throw new AppError(id, 'Email is not configured on this server.', 501);
    return this.mailer;
  }

  private async createToken(type: string, user: User): Promise<string> {
    const token = randomBytes(32).toString('hex');
    const extra: TokenExtra = { UserId: user.id, Email: user.email };
    const now = this.ctx.clock.now();
    // Old links are of no use; dropping them keeps the table small.
    await this.ctx.store.emailTokens.deleteOlderThan(now - LINK_LIFETIME_MS);
    await this.ctx.store.emailTokens.save({ token, create_at: now, type, extra: JSON.stringify(extra) });
    return token;
  }

  /**
   * POST /users/password/reset/send: mails a one-hour reset link. An unknown address gets the same answer
   * as a known one, so the endpoint tells nobody who has an account.
   */
  async sendPasswordReset(email: string): Promise<void> {
    this.requireMail('api.user.send_password_reset.send.app_error');
    const user = await this.ctx.store.users.getByEmail(email.trim().toLowerCase());
    if (!user || user.delete_at > 0 || user.is_bot) return;
    if (user.auth_service !== '') {
      throw badRequest('api.user.send_password_reset.sso.app_error', 'Cannot reset password for SSO accounts.');
    }
    const token = await this.createToken(TOKEN_PASSWORD_RECOVERY, user);
    const locale = user.locale || 'en';
    const siteName = this.ctx.config.settings.siteName;
    const url = `${this.ctx.config.siteUrl}/reset_password_complete?token=${token}`;
    const { text, html } = this.render(locale, {
      title: translate(locale, 'password_reset.subject', { siteName }),
      intro: translate(locale, 'password_reset.body', { username: user.username, siteName }),
      posts: [],
      button: translate(locale, 'password_reset.button'),
      buttonUrl: url,
    });
    await this.send({ to: user.email, subject: translate(locale, 'password_reset.subject', { siteName }), text, html });
  }

  private async useToken(token: string, type: string, errors: { invalid: string; expired: string; broken: string }): Promise<{ user: User; extra: TokenExtra }> {
    const store = this.ctx.store;
    const row = token ? await store.emailTokens.get(token) : undefined;
    if (!row) throw badRequest(errors.invalid, 'The link is not valid.');
    if (row.type !== type) throw badRequest(errors.broken, 'The link is not valid.');
    if (this.ctx.clock.now() - row.create_at >= LINK_LIFETIME_MS) {
      await store.emailTokens.delete(token);
      throw badRequest(errors.expired, 'The link has expired.');
    }
    const extra = JSON.parse(row.extra) as TokenExtra;
    const user = await store.users.get(extra.UserId);
    if (!user) throw notFound('app.user.missing_account.const', 'Unable to find the user.');
    return { user, extra };
  }

  /** POST /users/password/reset: a new password through a mailed link; every session of the user ends. */
  async resetPasswordFromToken(token: string, newPassword: string): Promise<void> {
    const errors = {
      invalid: 'api.user.reset_password.invalid_link.app_error',
      expired: 'api.user.reset_password.link_expired.app_error',
      broken: 'api.user.reset_password.broken_token.app_error',
    };
    const { user, extra } = await this.useToken(token, TOKEN_PASSWORD_RECOVERY, errors);
    if (user.email !== extra.Email) throw badRequest(errors.expired, 'The link has expired.');
    const settings = this.ctx.config.settings;
    checkPassword(newPassword, settings);
    const password = await hashPassword(newPassword, settings.passwordIterations);
    await inTransaction(this.ctx, async (tx, emit) => {
      // Whoever deletes the token uses it; a second request with the same link finds it gone.
      if (!(await tx.emailTokens.delete(token))) throw badRequest(errors.invalid, 'The link is not valid.');
      const now = this.ctx.clock.now();
      await tx.users.update({ ...user, password, last_password_update: now, update_at: now, failed_attempts: 0 });
      await tx.sessions.removeForUser(user.id);
      emit(sessionsRevoked(user.id));
    });
  }

  /** POST /users/email/verify/send: mails a link that proves the address; unknown addresses get no mail. */
  async sendVerificationEmail(email: string): Promise<void> {
    this.requireMail('api.user.send_verify_email_and_forget.failed.error');
    const user = await this.ctx.store.users.getByEmail(email.trim().toLowerCase());
    if (!user || user.delete_at > 0 || user.email_verified) return;
    const token = await this.createToken(TOKEN_VERIFY_EMAIL, user);
    const locale = user.locale || 'en';
    const siteName = this.ctx.config.settings.siteName;
    const url = `${this.ctx.config.siteUrl}/do_verify_email?token=${token}&email=${encodeURIComponent(user.email)}`;
    const { text, html } = this.render(locale, {
      title: translate(locale, 'verify_email.subject', { siteName }),
      intro: translate(locale, 'verify_email.body', { email: user.email, siteName }),
      posts: [],
      button: translate(locale, 'verify_email.button'),
      buttonUrl: url,
    });
    await this.send({ to: user.email, subject: translate(locale, 'verify_email.subject', { siteName }), text, html });
  }

  /** POST /users/email/verify: marks the address verified (if it is still the user's address). */
  async verifyEmailFromToken(token: string): Promise<void> {
    const errors = {
      invalid: 'api.user.verify_email.bad_link.app_error',
      expired: 'api.user.verify_email.link_expired.app_error',
      broken: 'api.user.verify_email.broken_token.app_error',
    };
    const { user, extra } = await this.useToken(token, TOKEN_VERIFY_EMAIL, errors);
    if (user.email !== extra.Email.toLowerCase()) throw badRequest(errors.expired, 'The link has expired.');
    await inTransaction(this.ctx, async (tx, emit) => {
      if (!(await tx.emailTokens.delete(token))) throw badRequest(errors.invalid, 'The link is not valid.');
      const next: User = { ...user, email_verified: true, update_at: this.ctx.clock.now() };
      await tx.users.update(next);
      emit(makeEvent('user_updated', { user: presentUser(next, { userId: next.id, isSystemAdmin: true, showEmailAddress: true, showFullName: true }) }, { all: true }));
    });
  }
}

class BatchTaken extends Error {}

/** email_interval in seconds; absent or unreadable means Mattermost's default batching interval. */
function intervalSeconds(value: string | undefined): number {
  if (value === undefined) return DEFAULT_BATCH_SECONDS;
  const named = INTERVAL_NAMES[value];
  if (named !== undefined) return named;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_BATCH_SECONDS;
}

// Bot accounts: a users row with is_bot plus a bots row naming its owner. Mirrors server/channels/app/bot.go
// and the permission rules of api4/bot.go (SessionHasPermissionToManageBot).
import { makeEvent } from '../events/event.js';
import { AppError, badRequest, notFound, permissionError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { presentUser } from '../presenters/user.js';
import type { Bot, BotWithUser, Store, User } from '../store/store.js';
import type { App } from './app.js';
import { sessionsRevoked } from './auth.js';
import { inTransaction, type AppContext, type Emit } from './context.js';
import type { AuthSession } from './session.js';
import { FIRST_ADMIN_KEY } from './users.js';
import { runeCount, validateUsername } from './validate.js';

export interface BotPatch {
  username?: string;
  display_name?: string;
  description?: string;
}

export interface BotListQuery {
  includeDeleted: boolean;
  onlyOrphaned: boolean;
  offset: number;
  limit: number;
}

const DISPLAY_NAME_MAX_RUNES = 64;
const DESCRIPTION_MAX_RUNES = 1024;

/** The same answer whether the bot is missing or hidden from the caller, so nobody learns who is a bot. */
const botNotFound = (id: string) => notFound('store.sql_bot.get.missing.app_error', 'Unable to find the bot.', `user_id=${id}`);
const missingAccount = () => notFound('app.user.missing_account.const', 'Unable to find the user.');


/** Mattermost's Bot.IsValidCreate (its display-name error id is user_id's, as in Mattermost). */
function validateBot(username: string, displayName: string, description: string): void {
  try {
    validateUsername(username);
  } catch {
    throw badRequest('model.bot.is_valid.username.app_error', 'Invalid username.', `username=${username}`);
  }
  if (runeCount(displayName) > DISPLAY_NAME_MAX_RUNES) throw badRequest('model.bot.is_valid.user_id.app_error', 'Invalid display name.');
  if (runeCount(description) > DESCRIPTION_MAX_RUNES) throw badRequest('model.bot.is_valid.description.app_error', 'Invalid description.');
}

/** A bot's users row keeps its username, a placeholder address and the display name as first_name. */
const botEmail = (username: string) => `${username}@localhost`;

/** Mattermost's system bot username. */
export const SYSTEM_BOT_USERNAME = 'system-bot';

/** A bot's users row: no password (bots authenticate with tokens), the display name as first_name. */
function newBotUser(username: string, displayName: string, description: string, now: number): User {
  return {
    id: newId(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    username,
    password: '',
    auth_data: null,
    auth_service: '',
    email: botEmail(username),
    email_verified: false,
    nickname: '',
    first_name: displayName,
    last_name: '',
    position: '',
    roles: 'system_user',
    props: {},
    notify_props: {},
    timezone: { useAutomaticTimezone: 'true', automaticTimezone: '', manualTimezone: '' },
    locale: 'en',
    last_password_update: now,
    last_picture_update: 0,
    failed_attempts: 0,
    mfa_active: false,
    mfa_secret: '',
    last_activity_at: 0,
    is_bot: true,
    bot_description: description,
    last_login: 0,
  };
}

const botIconPath = (botUserId: string) => `bots/${botUserId}/icon.svg`;

/** An SVG document: text whose first element (after a prolog, comments or a doctype) is <svg>. */
function looksLikeSvg(data: Buffer): boolean {
  const head = data.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '');
  const rest = head.replace(/^(\s|<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)*/i, '');
  return /^<svg[\s>/]/i.test(rest);
}

export class BotService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  private userUpdated(user: User) {
    return makeEvent('user_updated', { user: presentUser(user, { userId: user.id, isSystemAdmin: true, showEmailAddress: true, showFullName: true }) }, { all: true });
  }

  private async assertUnique(store: Store, username: string, email: string, selfId: string): Promise<void> {
    const byName = await store.users.getByUsername(username);
    if (byName && byName.id !== selfId) throw badRequest('app.user.save.username_exists.app_error', 'An account with that username already exists.');
    const byEmail = await store.users.getByEmail(email);
    if (byEmail && byEmail.id !== selfId) throw badRequest('app.user.save.email_exists.app_error', 'An account with that email already exists.');
  }

  /**
   * Mattermost's SessionHasPermissionToManageBot: the owner needs manage_bots, anyone else
   * manage_others_bots; a caller who may not even read the bot is told it does not exist.
   */
  async requireManageBot(session: AuthSession, botUserId: string, store: Store = this.ctx.store): Promise<BotWithUser> {
    const bot = await store.bots.get(botUserId, true);
    if (!bot) throw botNotFound(botUserId);
    const own = bot.owner_id === session.userId;
    const [manage, read] = own ? ['manage_bots', 'read_bots'] : ['manage_others_bots', 'read_others_bots'];
    if (!this.app.authz.hasSystem(session, manage)) {
      if (!this.app.authz.hasSystem(session, read)) throw botNotFound(botUserId);
      throw permissionError(manage);
    }
    return bot;
  }

  /** Whether the caller may manage this bot (used where a bot stands in for a user, e.g. its tokens). */
  async canManageBot(session: AuthSession, botUserId: string): Promise<boolean> {
    try {
      await this.requireManageBot(session, botUserId);
      return true;
    } catch (err) {
      if (err instanceof AppError) return false;
      throw err;
    }
  }

  /** POST /bots: the caller becomes the owner. */
  async createBot(session: AuthSession, input: BotPatch): Promise<BotWithUser> {
    this.app.authz.requireSystem(session, 'create_bot');
    const caller = await this.ctx.store.users.get(session.userId);
    if (caller?.is_bot) throw permissionError('create_bot');
    if (!this.ctx.config.settings.enableBotAccountCreation) {
      throw new AppError('api.bot.create_disabled', 'Bot creation has been disabled.', 403);
    }
    const username = (input.username ?? '').trim().toLowerCase();
    const displayName = input.display_name ?? '';
    const description = input.description ?? '';
    validateBot(username, displayName, description);
    const now = this.ctx.clock.now();
    const user = newBotUser(username, displayName, description, now);
    const bot: Bot = { user_id: user.id, description, owner_id: session.userId, create_at: now, update_at: now, delete_at: 0, last_icon_update: 0 };
    return inTransaction(this.ctx, async (tx, emit) => {
      await this.assertUnique(tx, user.username, user.email, user.id);
      await tx.users.save(user);
      await tx.bots.save(bot);
      emit(makeEvent('new_user', { user_id: user.id }, { all: true }));
      return { ...bot, username, display_name: displayName };
    });
  }

  /**
   * The server's own bot (Mattermost's GetSystemBot): author of reminders and other notices, created on
   * first use and owned by the first administrator. Two nodes creating it at once: the unique username
   * keeps one, and the loser reads it back.
   */
  async systemBot(): Promise<User> {
    const store = this.ctx.store;
    const existing = await store.users.getByUsername(SYSTEM_BOT_USERNAME);
    if (existing) return existing;
    const now = this.ctx.clock.now();
    const user = newBotUser(SYSTEM_BOT_USERNAME, 'System', 'Sends reminders and other notices from the server.', now);
    const owner = (await store.system.get(FIRST_ADMIN_KEY)) ?? '';
    try {
      await inTransaction(this.ctx, async (tx, emit) => {
        await tx.users.save(user);
        await tx.bots.save({ user_id: user.id, description: user.bot_description, owner_id: owner, create_at: now, update_at: now, delete_at: 0, last_icon_update: 0 });
        emit(makeEvent('new_user', { user_id: user.id }, { all: true }));
      });
      return user;
    } catch (err) {
      const winner = await store.users.getByUsername(SYSTEM_BOT_USERNAME);
      if (winner) return winner;
      throw err;
    }
  }

  /** GET /bots/{id}: read_others_bots, or read_bots for one's own; otherwise it does not exist. */
  async getBot(session: AuthSession, botUserId: string, includeDeleted: boolean): Promise<BotWithUser> {
    const bot = await this.ctx.store.bots.get(botUserId, includeDeleted);
    if (!bot) throw botNotFound(botUserId);
    if (this.app.authz.hasSystem(session, 'read_others_bots')) return bot;
    if (bot.owner_id === session.userId && this.app.authz.hasSystem(session, 'read_bots')) return bot;
    throw botNotFound(botUserId);
  }

  /** GET /bots: everyone's with read_others_bots, one's own with read_bots. */
  async getBots(session: AuthSession, q: BotListQuery): Promise<BotWithUser[]> {
    let ownerId: string | undefined;
    if (this.app.authz.hasSystem(session, 'read_others_bots')) ownerId = undefined;
    else if (this.app.authz.hasSystem(session, 'read_bots')) ownerId = session.userId;
    else throw permissionError('read_bots');
    return this.ctx.store.bots.list({ ownerId, ...q });
  }

  /** PUT /bots/{id}: username, display name and description, kept in step on the bot's users row. */
  async patchBot(session: AuthSession, botUserId: string, patch: BotPatch): Promise<BotWithUser> {
    return inTransaction(this.ctx, async (tx, emit) => {
      const bot = await this.requireManageBot(session, botUserId, tx);
      const next: BotWithUser = {
        ...bot,
        username: patch.username !== undefined ? patch.username.trim().toLowerCase() : bot.username,
        display_name: patch.display_name ?? bot.display_name,
        description: patch.description ?? bot.description,
      };
      if (next.username === bot.username && next.display_name === bot.display_name && next.description === bot.description) return bot;
      validateBot(next.username, next.display_name, next.description);
      const user = await tx.users.get(botUserId);
      if (!user) throw missingAccount();
      const now = this.ctx.clock.now();
      const nextUser: User = { ...user, username: next.username, email: botEmail(next.username), first_name: next.display_name, bot_description: next.description, update_at: now };
      await this.assertUnique(tx, nextUser.username, nextUser.email, user.id);
      await tx.users.update(nextUser);
      next.update_at = now;
      await tx.bots.update(next);
      emit(this.userUpdated(nextUser));
      return next;
    });
  }

  /** POST /bots/{id}/disable and /enable: the bot's user goes (in)active; disabling ends its sessions. */
  async updateBotActive(session: AuthSession, botUserId: string, active: boolean): Promise<BotWithUser> {
    return inTransaction(this.ctx, async (tx, emit) => {
      await this.requireManageBot(session, botUserId, tx);
      return this.setActiveInTx(tx, emit, botUserId, active);
    });
  }

  private async setActiveInTx(tx: Store, emit: Emit, botUserId: string, active: boolean): Promise<BotWithUser> {
    const user = await tx.users.get(botUserId);
    if (!user) throw missingAccount();
    const now = this.ctx.clock.now();
    if ((user.delete_at === 0) !== active) {
      const nextUser: User = { ...user, delete_at: active ? 0 : now, update_at: now };
      await tx.users.update(nextUser);
      if (!active) {
        // Token-based sessions are synthesised per request and refused for an inactive user; the event
        // closes the bot's open sockets.
        await tx.sessions.removeForUser(botUserId);
        emit(sessionsRevoked(botUserId));
      }
      emit(this.userUpdated(nextUser));
    }
    const bot = await tx.bots.get(botUserId, true);
    if (!bot) throw botNotFound(botUserId);
    if ((bot.delete_at === 0) !== active) {
      const next = { ...bot, delete_at: active ? 0 : now, update_at: now };
      await tx.bots.update(next);
      return next;
    }
    return bot;
  }

  /** POST /bots/{id}/assign/{user_id}: a new owner, who must be a person. */
  async assignBot(session: AuthSession, botUserId: string, ownerId: string): Promise<BotWithUser> {
    return inTransaction(this.ctx, async (tx) => {
      const bot = await this.requireManageBot(session, botUserId, tx);
      const owner = await tx.users.get(ownerId);
      if (owner?.is_bot) throw permissionError('assign_bot');
      if (!owner) throw missingAccount();
      const next = { ...bot, owner_id: ownerId, update_at: this.ctx.clock.now() };
      await tx.bots.update(next);
      return next;
    });
  }

  /**
   * POST /users/{id}/convert_to_bot (manage_system): the account becomes a bot that owns itself, and its
   * password sessions end, since a bot cannot log in.
   */
  async convertUserToBot(session: AuthSession, userId: string): Promise<BotWithUser> {
    this.app.authz.requireSystem(session, 'manage_system');
    return inTransaction(this.ctx, async (tx, emit) => {
      const user = await tx.users.get(userId);
      if (!user) throw missingAccount();
      if (user.is_bot || (await tx.bots.get(userId, true))) {
        throw badRequest('app.bot.createbot.internal_error', 'The user is already a bot.');
      }
      const now = this.ctx.clock.now();
      const bot: Bot = { user_id: user.id, description: '', owner_id: user.id, create_at: now, update_at: now, delete_at: user.delete_at, last_icon_update: 0 };
      const nextUser: User = { ...user, is_bot: true, bot_description: '', update_at: now };
      // Two conversions at once: the second finds the row the first inserted and changes nothing.
      if (!(await tx.bots.save(bot))) throw badRequest('app.bot.createbot.internal_error', 'The user is already a bot.');
      await tx.users.update(nextUser);
      await tx.sessions.removeForUser(userId);
      emit(sessionsRevoked(userId));
      emit(this.userUpdated(nextUser));
      return { ...bot, username: user.username, display_name: user.first_name };
    });
  }

  // ---- icons (Mattermost accepts SVG only) ------------------------------------------------------------

  /** POST /bots/{id}/icon: an SVG image, stored under bots/<id>/icon.svg. */
  async setBotIcon(session: AuthSession, botUserId: string, data: Buffer): Promise<void> {
    await this.requireManageBot(session, botUserId);
    if (!looksLikeSvg(data)) throw badRequest('api.bot.set_bot_icon_image.parse.app_error', 'Unable to parse the icon: it must be an SVG image.');
    await this.ctx.files.write(botIconPath(botUserId), data);
    await this.touchIcon(botUserId, this.ctx.clock.now());
  }

  /** DELETE /bots/{id}/icon: back to the default picture. */
  async deleteBotIcon(session: AuthSession, botUserId: string): Promise<void> {
    await this.requireManageBot(session, botUserId);
    await this.ctx.files.remove(botIconPath(botUserId));
    await this.touchIcon(botUserId, 0);
  }

  /** GET /bots/{id}/icon: the SVG, for anyone signed in (like profile pictures). */
  async getBotIcon(_session: AuthSession, botUserId: string): Promise<Buffer> {
    const bot = await this.ctx.store.bots.get(botUserId, true);
    if (!bot) throw botNotFound(botUserId);
    const missing = () => notFound('api.bot.get_bot_icon_image.read.app_error', 'Unable to read the bot icon.');
    if (!bot.last_icon_update) throw missing();
    try {
      return await this.ctx.files.readAll(botIconPath(botUserId));
    } catch {
      throw missing();
    }
  }

  private async touchIcon(botUserId: string, at: number): Promise<void> {
    await inTransaction(this.ctx, async (tx, emit) => {
      const bot = await tx.bots.get(botUserId, true);
      const user = await tx.users.get(botUserId);
      if (!bot || !user) throw botNotFound(botUserId);
      const now = this.ctx.clock.now();
      await tx.bots.update({ ...bot, last_icon_update: at, update_at: now });
      // Clients refetch pictures on user_updated.
      const nextUser: User = { ...user, update_at: now };
      await tx.users.update(nextUser);
      emit(this.userUpdated(nextUser));
    });
  }

  /**
   * Mattermost's disableUserBots, run when an owner is deactivated and DisableBotsWhenOwnerIsDeactivated
   * is on: every active bot they own is disabled in the same transaction.
   */
  async disableOwnedBotsInTx(tx: Store, emit: Emit, ownerId: string): Promise<void> {
    if (!this.ctx.config.settings.disableBotsWhenOwnerIsDeactivated) return;
    const pageSize = 200;
    for (;;) {
      // Always the first page: each pass disables what it read, so the next read starts afresh.
      const owned = await tx.bots.list({ ownerId, includeDeleted: false, onlyOrphaned: false, offset: 0, limit: pageSize });
      for (const bot of owned) await this.setActiveInTx(tx, emit, bot.user_id, false);
      if (owned.length < pageSize) return;
    }
  }
}

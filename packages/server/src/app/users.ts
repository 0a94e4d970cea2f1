// Users: sign-up, profiles, search, deactivation. Mirrors server/channels/app/user.go.
import { newId } from '../platform/ids.js';
import { badRequest, forbidden, notFound } from '../platform/errors.js';
import { hashPassword } from '../platform/password.js';
import { profileImagePng } from '../platform/files/images.js';
import type { User, ProfileQuery } from '../store/store.js';
import { presentUser, type UserViewer, type WireUser } from '../presenters/user.js';
import { makeEvent } from '../events/event.js';
import type { App } from './app.js';
import { sessionsRevoked } from './auth.js';
import type { AppContext } from './context.js';
import { inTransaction } from './context.js';
import type { AuthSession } from './session.js';
import { checkPassword } from './password-policy.js';
import { checkLength, validateEmail, validateUserNotifyProps, validateUsername } from './validate.js';

export const DEFAULT_NOTIFY_PROPS: Readonly<Record<string, string>> = {
  email: 'true',
  push: 'mention',
  desktop: 'mention',
  desktop_sound: 'true',
  mention_keys: '',
  channel: 'true',
  first_name: 'false',
  push_status: 'away',
  comments: 'never',
  desktop_threads: 'all',
  email_threads: 'all',
  push_threads: 'all',
};

export interface CreateUserInput {
  username: string;
  email: string;
  password: string;
  nickname?: string;
  first_name?: string;
  last_name?: string;
  position?: string;
  locale?: string;
  props?: Record<string, string>;
  notify_props?: Record<string, string>;
}

export interface UserPatch {
  username?: string;
  email?: string;
  nickname?: string;
  first_name?: string;
  last_name?: string;
  position?: string;
  locale?: string;
  props?: Record<string, string>;
  notify_props?: Record<string, string>;
  timezone?: Record<string, string>;
}

/** The systems row naming the first account (the administrator made at sign-up). */
export const FIRST_ADMIN_KEY = 'FirstAdminUserId';

const profileImagePath = (userId: string) => `users/${userId}/profile.png`;

export class UserService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  viewer(session: AuthSession | null): UserViewer {
    const s = this.ctx.config.settings;
    return {
      userId: session?.userId ?? '',
      isSystemAdmin: session?.isSystemAdmin ?? false,
      showEmailAddress: s.showEmailAddress,
      showFullName: s.showFullName,
    };
  }

  present(session: AuthSession | null, user: User): WireUser {
    return presentUser(user, this.viewer(session));
  }

  /**
   * POST /users. The very first account becomes system admin. After that an admin may create users;
   * anyone else needs open sign-up or a team invite id (and then joins that team).
   */
  async createUser(session: AuthSession | null, input: CreateUserInput, opts: { inviteId?: string } = {}): Promise<User> {
    const settings = this.ctx.config.settings;
    const isAdmin = session !== null && this.app.authz.hasSystem(session, 'manage_system');
    const team = opts.inviteId ? await this.ctx.store.teams.getByInviteId(opts.inviteId) : undefined;
    if (opts.inviteId && (!team || team.delete_at > 0)) {
      throw badRequest('api.user.create_user.invalid_invitation_type.app_error', 'Unable to create user, invalid invitation.');
    }
    const hasUsers = await this.app.system.hasAccounts();
    if (hasUsers && !isAdmin) {
      if (!settings.enableUserCreation) {
        throw forbidden('api.user.create_user.signup_email_disabled.app_error', 'User sign-up is disabled.');
      }
      if (!team && !settings.enableOpenServer) {
        throw forbidden('api.user.create_user.no_open_server', 'This server does not allow open signups. Please speak with your Administrator to receive an invitation.');
      }
    }

    const user = await this.buildUser(input);
    const created = await inTransaction(this.ctx, async (tx, emit) => {
      await this.assertUnique(tx.users, user);
      // Exactly one concurrent first sign-up wins the admin role.
      if (!hasUsers && (await tx.system.insertIfAbsent(FIRST_ADMIN_KEY, user.id))) {
        user.roles = 'system_admin system_user';
      }
      await tx.users.save(user);
      emit(makeEvent('new_user', { user_id: user.id }, { all: true }));
      return user;
    });
    if (team) await this.app.teams.joinUserToTeam(created, team, null);
    return created;
  }

  private async buildUser(input: CreateUserInput): Promise<User> {
    const settings = this.ctx.config.settings;
    const username = (input.username ?? '').trim().toLowerCase();
    const email = (input.email ?? '').trim().toLowerCase();
    validateUsername(username);
    validateEmail(email);
    checkPassword(input.password ?? '', settings);
    this.checkProfileLengths(input);
    validateUserNotifyProps({ ...DEFAULT_NOTIFY_PROPS, ...(input.notify_props ?? {}) });
    const now = this.ctx.clock.now();
    return {
      id: newId(),
      create_at: now,
      update_at: now,
      delete_at: 0,
      username,
      password: await hashPassword(input.password, settings.passwordIterations),
      auth_data: null,
      auth_service: '',
      email,
      email_verified: false,
      nickname: input.nickname ?? '',
      first_name: input.first_name ?? '',
      last_name: input.last_name ?? '',
      position: input.position ?? '',
      roles: 'system_user',
      props: input.props ?? {},
      notify_props: { ...DEFAULT_NOTIFY_PROPS, ...(input.notify_props ?? {}) },
      timezone: { useAutomaticTimezone: 'true', automaticTimezone: '', manualTimezone: '' },
      locale: input.locale || 'en',
      last_password_update: now,
      last_picture_update: 0,
      failed_attempts: 0,
      mfa_active: false,
      mfa_secret: '',
      last_activity_at: 0,
      is_bot: false,
      bot_description: '',
      last_login: 0,
    };
  }

  private checkProfileLengths(p: { nickname?: string; first_name?: string; last_name?: string; position?: string; locale?: string }): void {
    checkLength(p.nickname, 64, 'model.user.is_valid.nickname.app_error', 'nickname');
    checkLength(p.first_name, 64, 'model.user.is_valid.first_name.app_error', 'first name');
    checkLength(p.last_name, 64, 'model.user.is_valid.last_name.app_error', 'last name');
    checkLength(p.position, 128, 'model.user.is_valid.position.app_error', 'position');
    checkLength(p.locale, 5, 'model.user.is_valid.locale.app_error', 'locale');
  }

  private async assertUnique(users: AppContext['store']['users'], user: User): Promise<void> {
    const byName = await users.getByUsername(user.username);
    if (byName && byName.id !== user.id) {
      throw badRequest('app.user.save.username_exists.app_error', 'An account with that username already exists.');
    }
    const byEmail = await users.getByEmail(user.email);
    if (byEmail && byEmail.id !== user.id) {
      throw badRequest('app.user.save.email_exists.app_error', 'An account with that email already exists.');
    }
  }

  /** `user_updated` carries the full user; the hub sanitises it for each recipient who is not entitled. */
  private userUpdated(user: User) {
    return makeEvent('user_updated', { user: presentUser(user, { userId: user.id, isSystemAdmin: true, showEmailAddress: true, showFullName: true }) }, { all: true });
  }

  async getUser(_session: AuthSession, userId: string): Promise<User> {
    const user = await this.ctx.store.users.get(userId);
    if (!user) throw notFound('app.user.missing_account.const', 'Unable to find the user.', `user_id=${userId}`);
    return user;
  }

  async getUserByUsername(_session: AuthSession, username: string): Promise<User> {
    const user = await this.ctx.store.users.getByUsername(username);
    if (!user) throw notFound('app.user.get_by_username.app_error', 'Unable to find an existing account matching this username for this team.', `username=${username}`);
    return user;
  }

  async getUserByEmail(session: AuthSession, email: string): Promise<User> {
    const settings = this.ctx.config.settings;
    if (!settings.showEmailAddress && !session.isSystemAdmin) {
      throw forbidden('api.user.get_user_by_email.permissions.app_error', 'Unable to get user by email.');
    }
    const user = await this.ctx.store.users.getByEmail(email);
    if (!user) throw notFound('app.user.missing_account.const', 'Unable to find the user.', `email=${email}`);
    return user;
  }

  async getUsersByIds(_session: AuthSession, ids: readonly string[], since?: number): Promise<User[]> {
    const users = await this.ctx.store.users.getMany(ids);
    return since ? users.filter((u) => u.update_at > since) : users;
  }

  async getUsersByUsernames(_session: AuthSession, usernames: readonly string[]): Promise<User[]> {
    return this.ctx.store.users.getByUsernames(usernames);
  }

  async getProfiles(session: AuthSession, q: ProfileQuery): Promise<User[]> {
    if (q.inTeam) await this.app.authz.requireTeam(session, q.inTeam, 'view_team');
    if (q.notInTeam) await this.app.authz.requireTeam(session, q.notInTeam, 'view_team');
    if (q.inChannel) await this.app.authz.requireChannel(session, q.inChannel, 'read_channel');
    if (q.notInChannel) await this.app.authz.requireChannel(session, q.notInChannel, 'read_channel');
    if (q.withoutTeam || q.active === false || q.role) this.app.authz.requireSystem(session, 'manage_system');
    return this.ctx.store.users.getProfiles(q);
  }

  async searchUsers(
    session: AuthSession,
    q: { term: string; teamId?: string; notInTeamId?: string; inChannelId?: string; notInChannelId?: string; allowInactive?: boolean; withoutTeam?: boolean; limit: number },
  ): Promise<User[]> {
    if (q.teamId) await this.app.authz.requireTeam(session, q.teamId, 'view_team');
    if (q.inChannelId) await this.app.authz.requireChannel(session, q.inChannelId, 'read_channel');
    if (q.notInChannelId) await this.app.authz.requireChannel(session, q.notInChannelId, 'read_channel');
    const allowInactive = q.allowInactive === true && session.isSystemAdmin;
    return this.ctx.store.users.search({
      term: q.term,
      inTeam: q.teamId,
      notInTeam: q.notInTeamId,
      inChannel: q.inChannelId,
      notInChannel: q.notInChannelId,
      withoutTeam: q.withoutTeam,
      allowInactive,
      includeEmail: this.ctx.config.settings.showEmailAddress || session.isSystemAdmin,
      limit: q.limit,
    });
  }

  /** GET /users/autocomplete: users in the channel first, then team members outside it. */
  async autocompleteUsers(
    session: AuthSession,
    q: { name: string; teamId?: string; channelId?: string; limit: number },
  ): Promise<{ users: User[]; out_of_channel?: User[] }> {
    if (q.channelId) {
      await this.app.authz.requireChannel(session, q.channelId, 'read_channel');
      const users = await this.searchUsers(session, { term: q.name, inChannelId: q.channelId, limit: q.limit });
      const outOfChannel = q.teamId
        ? await this.searchUsers(session, { term: q.name, teamId: q.teamId, notInChannelId: q.channelId, limit: q.limit })
        : [];
      return { users, out_of_channel: outOfChannel };
    }
    if (q.teamId) {
      return { users: await this.searchUsers(session, { term: q.name, teamId: q.teamId, limit: q.limit }) };
    }
    return { users: await this.searchUsers(session, { term: q.name, limit: q.limit }) };
  }

  async patchUser(session: AuthSession, userId: string, patch: UserPatch): Promise<User> {
    this.app.authz.requireSelfOr(session, userId);
    return inTransaction(this.ctx, async (tx, emit) => {
      const user = await tx.users.get(userId);
      if (!user) throw notFound('app.user.missing_account.const', 'Unable to find the user.', `user_id=${userId}`);
      if (user.delete_at > 0 && !session.isSystemAdmin) {
        throw badRequest('api.user.update_user.deactivated.app_error', 'Cannot update a deactivated user.');
      }
      if (user.is_bot && patch.username !== undefined) {
        throw badRequest('api.user.update_user.bot.app_error', 'Bots cannot be renamed through this API.');
      }
      this.checkProfileLengths(patch);
      const next: User = { ...user };
      if (patch.username !== undefined) {
        next.username = patch.username.trim().toLowerCase();
        validateUsername(next.username);
      }
      if (patch.email !== undefined) {
        next.email = patch.email.trim().toLowerCase();
        validateEmail(next.email);
      }
      for (const k of ['nickname', 'first_name', 'last_name', 'position', 'locale'] as const) {
        if (patch[k] !== undefined) next[k] = patch[k]!;
      }
      if (patch.props) next.props = patch.props;
      if (patch.notify_props) {
        next.notify_props = { ...user.notify_props, ...patch.notify_props };
        validateUserNotifyProps(next.notify_props);
      }
      if (patch.timezone) next.timezone = { ...user.timezone, ...patch.timezone };
      next.update_at = this.ctx.clock.now();
      await this.assertUnique(tx.users, next);
      await tx.users.update(next);
      emit(this.userUpdated(next));
      return next;
    });
  }

  /** PUT /users/{id}/active and DELETE /users/{id}: deactivation revokes every session. */
  async updateActive(session: AuthSession, userId: string, active: boolean): Promise<User> {
    if (session.userId !== userId || active) this.app.authz.requireSystem(session, 'manage_system');
    return inTransaction(this.ctx, async (tx, emit) => {
      const user = await tx.users.get(userId);
      if (!user) throw notFound('app.user.missing_account.const', 'Unable to find the user.', `user_id=${userId}`);
      const now = this.ctx.clock.now();
      const next: User = { ...user, delete_at: active ? 0 : now, update_at: now };
      await tx.users.update(next);
      if (!active) {
        await tx.sessions.removeForUser(userId);
        emit(sessionsRevoked(userId));
        // An owner's bots stop with them (DisableBotsWhenOwnerIsDeactivated).
        if (!user.is_bot) await this.app.bots.disableOwnedBotsInTx(tx, emit, userId);
      }
      emit(this.userUpdated(next));
      return next;
    });
  }

  /** PUT /users/{id}/roles: only system roles; sessions pick the change up at once. */
  async updateUserRoles(session: AuthSession, userId: string, roles: string): Promise<User> {
    this.app.authz.requireSystem(session, 'manage_roles');
    const names = roles.split(' ').filter(Boolean);
    const allowed = new Set(['system_user', 'system_admin', 'system_guest', 'system_user_access_token', 'system_post_all', 'system_post_all_public', 'system_user_manager', 'system_read_only_admin', 'system_manager']);
    if (names.length === 0 || names.some((n) => !allowed.has(n))) {
      throw badRequest('api.context.invalid_body_param.app_error', 'Invalid or missing roles in request body.');
    }
    return inTransaction(this.ctx, async (tx, emit) => {
      const user = await tx.users.get(userId);
      if (!user) throw notFound('app.user.missing_account.const', 'Unable to find the user.', `user_id=${userId}`);
      const next: User = { ...user, roles: names.join(' '), update_at: this.ctx.clock.now() };
      await tx.users.update(next);
      await tx.sessions.updateRolesForUser(userId, next.roles);
      emit(makeEvent('user_role_updated', { user_id: userId, roles: next.roles }, { userId }));
      return next;
    });
  }

  /**
   * POST /users/{id}/image: the user (or someone with edit_other_users) sets a picture. Stored as a 128×128
   * PNG under users/<id>/profile.png; last_picture_update changes, which is what clients cache on.
   */
  async setProfileImage(session: AuthSession, userId: string, data: Buffer): Promise<void> {
    this.app.authz.requireSelfOr(session, userId);
    await this.getUser(session, userId);
    const png = await profileImagePng(data);
    if (!png) throw badRequest('api.user.upload_profile_user.decode.app_error', 'Could not decode profile image.');
    await this.ctx.files.write(profileImagePath(userId), png);
    await this.touchPicture(userId, this.ctx.clock.now());
  }

  /** DELETE /users/{id}/image: back to the generated default (Mattermost stores a negative time for it). */
  async resetProfileImage(session: AuthSession, userId: string): Promise<void> {
    this.app.authz.requireSelfOr(session, userId);
    await this.getUser(session, userId);
    await this.ctx.files.remove(profileImagePath(userId));
    await this.touchPicture(userId, -this.ctx.clock.now());
  }

  /** The uploaded picture, or undefined for the generated default. */
  async getProfileImage(session: AuthSession, userId: string): Promise<{ user: User; png?: Buffer }> {
    const user = await this.getUser(session, userId);
    if (user.last_picture_update <= 0) return { user };
    try {
      return { user, png: await this.ctx.files.readAll(profileImagePath(userId)) };
    } catch {
      return { user };
    }
  }

  private async touchPicture(userId: string, at: number): Promise<void> {
    await inTransaction(this.ctx, async (tx, emit) => {
      const user = await tx.users.get(userId);
      if (!user) throw notFound('app.user.missing_account.const', 'Unable to find the user.', `user_id=${userId}`);
      const next: User = { ...user, last_picture_update: at, update_at: Math.abs(at) };
      await tx.users.update(next);
      emit(this.userUpdated(next));
    });
  }
}

// Login, sessions and personal access tokens. Mirrors server/channels/app/{login,session,user_access_token}.go.
import { newId } from '../platform/ids.js';
import { AppError, badRequest, notFound, permissionError, sessionExpired } from '../platform/errors.js';
import { hashPassword, verifyPassword } from '../platform/password.js';
import type { Session, User, UserAccessToken } from '../store/store.js';
import { makeEvent } from '../events/event.js';
import type { App } from './app.js';
import { inTransaction, type AppContext } from './context.js';
import { toAuthSession, type AuthSession } from './session.js';
import { checkPassword } from './password-policy.js';
import { checkLength } from './validate.js';

/** Mattermost's SessionActivityTimeout: last_activity_at is written at most this often. */
const ACTIVITY_WRITE_INTERVAL_MS = 5 * 60 * 1000;
const PAT_SESSION_EXPIRY_MS = 100 * 365 * 24 * 3600 * 1000;

export interface LoginInput {
  login_id?: string;
  id?: string;
  password?: string;
  token?: string;
  device_id?: string;
  ldap_only?: string;
}

export interface ClientInfo {
  userAgent: string;
}

const invalidCredentials = () =>
  new AppError('api.user.login.invalid_credentials_email_username', 'Enter a valid email or username and/or password.', 401);

export class AuthService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  async login(input: LoginInput, client: ClientInfo): Promise<{ user: User; session: AuthSession }> {
    const loginId = (input.login_id ?? '').trim();
    if (!input.password) throw badRequest('api.user.login.blank_pwd.app_error', 'Password field must not be blank');
    let user: User | undefined;
    if (input.id) user = await this.ctx.store.users.get(input.id);
    else if (loginId) {
      user = loginId.includes('@')
        ? await this.ctx.store.users.getByEmail(loginId)
        : await this.ctx.store.users.getByUsername(loginId);
      user ??= await this.ctx.store.users.getByEmail(loginId);
    }
    if (!user) throw invalidCredentials();
    // Mattermost's order (CheckPasswordAndAllCriteria): deactivated, bot and locked accounts are refused
    // before the password is looked at; a wrong password or, after a right one, a wrong MFA code counts as a
    // failed attempt. An empty MFA code does not count: clients first try without one to learn that MFA is on.
    if (user.delete_at > 0) throw new AppError('api.user.login.inactive.app_error', 'Login failed because your account has been deactivated.  Please contact an administrator.', 401);
    if (user.is_bot) throw new AppError('api.user.login.bot_login_forbidden.app_error', 'Bot login is forbidden.', 401);
    const max = this.ctx.config.settings.maximumLoginAttempts;
    if (max > 0 && user.failed_attempts >= max) {
      throw new AppError('api.user.check_user_login_attempts.too_many.app_error', 'Your account is locked because of too many failed password attempts. Please reset your password.', 401);
    }
    if (!user.password || !(await verifyPassword(input.password, user.password))) {
      await this.ctx.store.users.setFailedAttempts(user.id, user.failed_attempts + 1);
      throw invalidCredentials();
    }
    if (this.app.mfa.requiredFor(user)) {
      try {
        await this.app.mfa.verifyLogin(user, input.token ?? '');
      } catch (err) {
        if ((input.token ?? '').trim() !== '') await this.ctx.store.users.setFailedAttempts(user.id, user.failed_attempts + 1);
        throw err;
      }
    }
    if (user.failed_attempts > 0) await this.ctx.store.users.setFailedAttempts(user.id, 0);

    const deviceId = input.device_id ?? '';
    if (deviceId) await this.ctx.store.sessions.removeByDevice(user.id, deviceId);
    const session = await this.createSession(user, deviceId, client);
    return { user, session };
  }

  async createSession(user: User, deviceId: string, client: ClientInfo): Promise<AuthSession> {
    const now = this.ctx.clock.now();
    const row: Session = {
      id: newId(),
      token: newId(),
      create_at: now,
      expires_at: now + this.ctx.config.settings.sessionLengthHours * 3600 * 1000,
      last_activity_at: now,
      user_id: user.id,
      device_id: deviceId,
      roles: user.roles,
      is_oauth: false,
      expired_notify: false,
      props: {
        csrf: newId(),
        platform: platformOf(client.userAgent),
        os: osOf(client.userAgent),
        browser: browserOf(client.userAgent),
        is_mobile: 'false',
        is_guest: String(user.roles.split(' ').includes('system_guest')),
      },
    };
    await this.ctx.store.sessions.save(row);
    return toAuthSession(row);
  }

  /** Resolves a bearer or cookie token to a session, falling back to personal access tokens. */
  async getSession(token: string): Promise<AuthSession> {
    if (!token) throw sessionExpired();
    const now = this.ctx.clock.now();
    const row = await this.ctx.store.sessions.getByToken(token);
    if (row) {
      if (row.expires_at > 0 && row.expires_at < now) {
        await this.ctx.store.sessions.remove(row.id);
        throw sessionExpired();
      }
      // SessionIdleTimeoutInMinutes, for web sessions (mobile, OAuth and token sessions are exempt, as in
      // Mattermost). last_activity_at moves at most every 5 minutes, so the timeout is that precise.
      const idleMs = this.ctx.config.settings.sessionIdleTimeoutInMinutes * 60_000;
      if (idleMs > 0 && !row.is_oauth && row.props.is_mobile !== 'true' && now - row.last_activity_at > idleMs) {
        await inTransaction(this.ctx, async (tx, emit) => {
          await tx.sessions.remove(row.id);
          emit(sessionsRevoked(row.user_id, [row.id]));
        });
        throw sessionExpired();
      }
      if (now - row.last_activity_at > ACTIVITY_WRITE_INTERVAL_MS) {
        await this.ctx.store.sessions.updateLastActivity(row.id, now);
        row.last_activity_at = now;
      }
      return toAuthSession(row);
    }
    const pat = await this.ctx.store.tokens.getByToken(token);
    if (!pat || !pat.is_active) throw sessionExpired();
    const user = await this.ctx.store.users.get(pat.user_id);
    if (!user || user.delete_at > 0) throw sessionExpired();
    if (!this.ctx.config.settings.enableUserAccessTokens && !user.is_bot) {
      throw new AppError('app.user_access_token.disabled', 'Personal access tokens are disabled on this server. Please contact your system administrator for details.', 401);
    }
    return toAuthSession({
      id: pat.id,
      token: pat.token,
      create_at: now,
      expires_at: now + PAT_SESSION_EXPIRY_MS,
      last_activity_at: now,
      user_id: user.id,
      device_id: '',
      roles: user.roles,
      is_oauth: false,
      expired_notify: false,
      props: { type: 'UserAccessToken', user_access_token_id: pat.id, is_bot: String(user.is_bot), csrf: '' },
    });
  }

  async logout(session: AuthSession): Promise<void> {
    if (session.userAccessTokenId) return;
    await inTransaction(this.ctx, async (tx, emit) => {
      await tx.sessions.remove(session.id);
      emit(sessionsRevoked(session.userId, [session.id]));
    });
  }

  async getSessions(session: AuthSession, userId: string): Promise<Session[]> {
    this.app.authz.requireSelfOr(session, userId);
    return this.ctx.store.sessions.getForUser(userId);
  }

  async revokeSession(session: AuthSession, userId: string, sessionId: string): Promise<void> {
    this.app.authz.requireSelfOr(session, userId);
    const target = await this.ctx.store.sessions.get(sessionId);
    if (!target || target.user_id !== userId) {
      throw badRequest('api.user.revoke_session.missing_session.app_error', 'Session not found for this user.');
    }
    await inTransaction(this.ctx, async (tx, emit) => {
      await tx.sessions.remove(sessionId);
      emit(sessionsRevoked(userId, [sessionId]));
    });
  }

  async revokeAllSessions(session: AuthSession, userId: string): Promise<void> {
    this.app.authz.requireSelfOr(session, userId);
    await inTransaction(this.ctx, async (tx, emit) => {
      await tx.sessions.removeForUser(userId);
      emit(sessionsRevoked(userId));
    });
  }

  /** POST /users/sessions/revoke/all: every session of every user ends (personal access tokens stay). */
  async revokeSessionsFromAllUsers(session: AuthSession): Promise<void> {
    this.app.authz.requireSystem(session, 'manage_system');
    await inTransaction(this.ctx, async (tx, emit) => {
      for (const userId of await tx.sessions.removeAll()) emit(sessionsRevoked(userId));
    });
  }

  async updatePassword(session: AuthSession, userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const self = session.userId === userId;
    if (!self) this.app.authz.requireSystem(session, 'edit_other_users');
    const user = await this.ctx.store.users.get(userId);
    if (!user) throw notFound('app.user.missing_account.const', 'Unable to find the user.');
    if (self && !session.isSystemAdmin) {
      if (!currentPassword) throw badRequest('api.context.invalid_body_param.app_error', 'Invalid or missing current_password in request body.');
      if (!(await verifyPassword(currentPassword, user.password))) {
        throw badRequest('api.user.update_password.incorrect.app_error', 'The "Current Password" you entered is incorrect. Please check that Caps Lock is off and try again.');
      }
    }
    const settings = this.ctx.config.settings;
    checkPassword(newPassword, settings);
    const now = this.ctx.clock.now();
    // Hashed before the transaction: PBKDF2 takes ~100 ms and must not hold the database.
    const password = await hashPassword(newPassword, settings.passwordIterations);
    await inTransaction(this.ctx, async (tx, emit) => {
      await tx.users.update({ ...user, password, last_password_update: now, update_at: now, failed_attempts: 0 });
      // Other sessions end with a password change, as in Mattermost.
      const ended = (await tx.sessions.getForUser(userId)).filter((s) => s.id !== session.id).map((s) => s.id);
      for (const id of ended) await tx.sessions.remove(id);
      if (ended.length > 0) emit(sessionsRevoked(userId, ended));
    });
  }

  // Personal access tokens

  /**
   * Token management needs the token permission and the user (self or edit_other_users), or — for a bot —
   * the right to manage that bot (Mattermost's SessionHasPermissionToUserOrBot). Bots keep their tokens
   * when personal access tokens are off, since they have no other way in.
   */
  private async requireTokens(session: AuthSession, userId: string, permission: string): Promise<void> {
    const isBot = (await this.ctx.store.bots.get(userId, true)) !== undefined;
    if (!this.ctx.config.settings.enableUserAccessTokens && !isBot) {
      throw new AppError('app.user_access_token.disabled', 'Personal access tokens are disabled on this server. Please contact your system administrator for details.', 501);
    }
    this.app.authz.requireSystem(session, permission);
    if (!isBot) this.app.authz.requireSelfOr(session, userId);
    else if (!(await this.app.bots.canManageBot(session, userId))) throw permissionError('edit_other_users');
  }

  async createUserAccessToken(session: AuthSession, userId: string, description: string): Promise<UserAccessToken> {
    await this.requireTokens(session, userId, 'create_user_access_token');
    if (!description.trim()) throw badRequest('model.user_access_token.is_valid.description.app_error', 'Invalid description, must be 255 or less characters');
    checkLength(description, 255, 'model.user_access_token.is_valid.description.app_error', 'description');
    const user = await this.ctx.store.users.get(userId);
    if (!user || user.delete_at > 0) throw notFound('app.user.missing_account.const', 'Unable to find the user.');
    const token: UserAccessToken = { id: newId(), token: newId(), user_id: userId, description, is_active: true, expires_at: 0 };
    return this.ctx.store.tokens.save(token);
  }

  async getUserAccessTokensForUser(session: AuthSession, userId: string, offset: number, limit: number): Promise<UserAccessToken[]> {
    await this.requireTokens(session, userId, 'read_user_access_token');
    return this.ctx.store.tokens.getForUser(userId, offset, limit);
  }

  private async ownedToken(session: AuthSession, tokenId: string, permission: string): Promise<UserAccessToken> {
    const token = await this.ctx.store.tokens.get(tokenId);
    if (!token) throw notFound('app.user_access_token.get_by_user.app_error', 'Unable to get user access tokens by user.');
    await this.requireTokens(session, token.user_id, permission);
    return token;
  }

  async getUserAccessToken(session: AuthSession, tokenId: string): Promise<UserAccessToken> {
    return this.ownedToken(session, tokenId, 'read_user_access_token');
  }

  async revokeUserAccessToken(session: AuthSession, tokenId: string): Promise<void> {
    const token = await this.ownedToken(session, tokenId, 'revoke_user_access_token');
    await inTransaction(this.ctx, async (tx, emit) => {
      await tx.tokens.remove(tokenId);
      emit(sessionsRevoked(token.user_id, [tokenId]));
    });
  }

  async setUserAccessTokenActive(session: AuthSession, tokenId: string, active: boolean): Promise<void> {
    const token = await this.ownedToken(session, tokenId, active ? 'create_user_access_token' : 'revoke_user_access_token');
    await inTransaction(this.ctx, async (tx, emit) => {
      await tx.tokens.setActive(tokenId, active);
      if (!active) emit(sessionsRevoked(token.user_id, [tokenId]));
    });
  }
}

/**
 * Tells every node to drop sockets of ended sessions (all of the user's when ids are omitted). A token-based
 * session's id is the token's id.
 */
export function sessionsRevoked(userId: string, sessionIds: string[] = []) {
  return makeEvent('sessions_revoked', { user_id: userId, session_ids: sessionIds }, { userId });
}

function platformOf(ua: string): string {
  if (/Windows/i.test(ua)) return 'Windows';
  if (/Macintosh|Mac OS/i.test(ua)) return 'Macintosh';
  if (/Linux/i.test(ua)) return 'Linux';
  return '';
}
function osOf(ua: string): string {
  return platformOf(ua);
}
function browserOf(ua: string): string {
  if (/Firefox\//.test(ua)) return 'Firefox';
  if (/Edg\//.test(ua)) return 'Edge';
  if (/Chrome\//.test(ua)) return 'Chrome';
  if (/Safari\//.test(ua)) return 'Safari';
  if (/node/i.test(ua)) return 'Node';
  return '';
}

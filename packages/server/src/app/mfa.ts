// Multi-factor authentication with TOTP (RFC 6238: SHA-1, 6 digits, 30 s), after Mattermost's
// platform/shared/mfa and app/user.go. Parley adds one-time recovery codes (as Slack's backup codes): ten are
// handed out on activation, only their SHA-256 hashes are kept, and each logs in once in place of a code.
//
// Setup is two steps: `generateSecret` keeps the new secret apart (user_mfa.pending_secret), and only a valid
// code for it (`activate`) moves it to users.mfa_secret. So asking for a new secret never breaks MFA that is
// already on. A code is accepted for the previous, current and next 30 s step (Mattermost's window of 3) and
// only once: accepted steps are remembered.
import crypto from 'node:crypto';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { AppError, badRequest, notFound, sessionExpired } from '../platform/errors.js';
import type { User, UserMfa } from '../store/store.js';
import { presentUser } from '../presenters/user.js';
import { makeEvent } from '../events/event.js';
import type { App } from './app.js';
import { inTransaction, type AppContext } from './context.js';
import type { AuthSession } from './session.js';

const PERIOD_SECONDS = 30;
const SECRET_BYTES = 20; // 160 bits, as RFC 4226 recommends and Mattermost uses
const RECOVERY_CODE_COUNT = 10;
// Recovery codes are 10 base32 characters (50 bits), shown as xxxxx-xxxxx; never 6 digits, so they cannot
// be mistaken for a TOTP code.
const RECOVERY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const RECOVERY_RE = /^[a-z2-7]{10}$/;
const TOTP_RE = /^\d{6}$/;

export interface MfaSecret {
  secret: string;
  /** Base64 PNG of the otpauth:// URI, for authenticator apps to scan. */
  qr_code: string;
}

const mfaDisabled = () => new AppError('mfa.mfa_disabled.app_error', 'Multi-factor authentication has been disabled on this server.', 501);
/** A missing or malformed code; not counted as a failed attempt when missing (clients probe with an empty one). */
const malformedToken = () => new AppError('mfa.validate_token.authenticate.app_error', 'Invalid MFA token.', 401);
const badCode = () => new AppError('api.user.check_user_mfa.bad_code.app_error', 'Invalid MFA token.', 401);

const hashCode = (code: string) => crypto.createHash('sha256').update(code).digest('hex');
const normaliseToken = (token: string) => token.trim().toLowerCase().replace(/[\s-]/g, '');

export class MfaService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  private get enabled(): boolean {
    return this.ctx.config.settings.enableMultifactorAuthentication;
  }

  private async user(userId: string): Promise<User> {
    const user = await this.ctx.store.users.get(userId);
    if (!user) throw notFound('app.user.missing_account.const', 'Unable to find the user.', `user_id=${userId}`);
    return user;
  }

  private totp(secret: string, user: User): OTPAuth.TOTP {
    return new OTPAuth.TOTP({
      issuer: this.ctx.config.settings.siteName,
      label: user.email || user.username,
      algorithm: 'SHA1',
      digits: 6,
      period: PERIOD_SECONDS,
      secret: OTPAuth.Secret.fromBase32(secret),
    });
  }

  /** The 30 s step a valid code belongs to, or undefined. Accepts the neighbouring steps too. */
  private matchStep(secret: string, user: User, code: string): number | undefined {
    const now = this.ctx.clock.now();
    const delta = this.totp(secret, user).validate({ token: code, timestamp: now, window: 1 });
    if (delta === null) return undefined;
    return Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
  }

  /** POST /users/{id}/mfa/generate */
  async generateSecret(session: AuthSession, userId: string): Promise<MfaSecret> {
    this.app.authz.requireSelfOr(session, userId);
    if (!this.enabled) throw mfaDisabled();
    const user = await this.user(userId);
    if (user.auth_service !== '' && user.auth_service !== 'ldap') {
      throw badRequest('api.user.activate_mfa.email_and_ldap_only.app_error', 'MFA is not available for this account type.');
    }
    const secret = new OTPAuth.Secret({ size: SECRET_BYTES }).base32;
    const png = await QRCode.toBuffer(this.totp(secret, user).toString(), { type: 'png', errorCorrectionLevel: 'H' });
    const existing = await this.ctx.store.mfa.get(userId);
    await this.ctx.store.mfa.save({
      user_id: userId,
      pending_secret: secret,
      recovery_codes: existing?.recovery_codes ?? [],
      used_steps: existing?.used_steps ?? [],
      update_at: this.ctx.clock.now(),
    });
    return { secret, qr_code: png.toString('base64') };
  }

  /**
   * PUT /users/{id}/mfa {activate:true, code}: the code must fit the secret from `generateSecret`. Returns the
   * recovery codes, which are shown this once.
   */
  async activate(session: AuthSession, userId: string, code: string): Promise<string[]> {
    this.app.authz.requireSelfOr(session, userId);
    const user = await this.user(userId);
    if (user.auth_service !== '' && user.auth_service !== 'ldap') {
      throw badRequest('api.user.activate_mfa.email_and_ldap_only.app_error', 'MFA is not available for this account type.');
    }
    if (!this.enabled) throw mfaDisabled();
    const state = await this.ctx.store.mfa.get(userId);
    const secret = state?.pending_secret ?? '';
    const step = secret && TOTP_RE.test(code.trim()) ? this.matchStep(secret, user, code.trim()) : undefined;
    if (!state || step === undefined) throw new AppError('mfa.activate.bad_token.app_error', 'Invalid MFA token.', 401);

    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    const now = this.ctx.clock.now();
    await inTransaction(this.ctx, async (tx, emit) => {
      const fresh = await tx.users.get(userId);
      if (!fresh) throw notFound('app.user.missing_account.const', 'Unable to find the user.', `user_id=${userId}`);
      const next: UserMfa = { user_id: userId, pending_secret: '', recovery_codes: codes.map((c) => hashCode(normaliseToken(c))), used_steps: [step], update_at: now };
      // Two activations racing with the same pending secret: only one replaces the state.
      if (!(await tx.mfa.compareAndSet(state, next))) throw new AppError('mfa.activate.bad_token.app_error', 'Invalid MFA token.', 401);
      const updated: User = { ...fresh, mfa_active: true, mfa_secret: secret, update_at: now };
      await tx.users.update(updated);
      emit(userUpdated(updated));
    });
    return codes;
  }

  /** PUT /users/{id}/mfa {activate:false}: by the user, or by an admin with edit_other_users (recovery). */
  async deactivate(session: AuthSession, userId: string): Promise<void> {
    this.app.authz.requireSelfOr(session, userId);
    await inTransaction(this.ctx, async (tx, emit) => {
      const user = await tx.users.get(userId);
      if (!user) throw notFound('app.user.missing_account.const', 'Unable to find the user.', `user_id=${userId}`);
      await tx.mfa.remove(userId);
      if (!user.mfa_active && user.mfa_secret === '') return;
      const updated: User = { ...user, mfa_active: false, mfa_secret: '', update_at: this.ctx.clock.now() };
      await tx.users.update(updated);
      emit(userUpdated(updated));
    });
  }

  /** POST /users/mfa (no session): whether logging in as login_id needs a code. */
  async isRequired(loginId: string): Promise<boolean> {
    if (!this.enabled) return false;
    const id = loginId.trim().toLowerCase();
    const user = (await this.ctx.store.users.getByUsername(id)) ?? (await this.ctx.store.users.getByEmail(id));
    return user?.mfa_active ?? false;
  }

  /**
   * Mattermost's MFARequired: with enforcement on, a session of a user without MFA may only set MFA up (the
   * caller exempts those routes). Bots, and integrations acting for a user, are exempt.
   */
  async enforce(session: AuthSession): Promise<void> {
    const s = this.ctx.config.settings;
    if (!s.enableMultifactorAuthentication || !s.enforceMultifactorAuthentication) return;
    if (session.row.is_oauth || session.row.props.is_bot === 'true') return;
    const user = await this.ctx.store.users.get(session.userId);
    if (!user) throw sessionExpired();
    if (user.is_bot || (user.auth_service !== '' && user.auth_service !== 'ldap')) return;
    if (!user.mfa_active) throw new AppError('api.context.mfa_required.app_error', 'Multi-factor authentication is required on this server.', 403);
  }

  /** Whether `user` must give a code to log in. */
  requiredFor(user: User): boolean {
    return this.enabled && user.mfa_active;
  }

  /**
   * Checks the login's `token`: a TOTP code for the active secret or an unused recovery code, each good once.
   * Throws Mattermost's MFA errors.
   */
  async verifyLogin(user: User, token: string): Promise<void> {
    const code = normaliseToken(token);
    if (code === '') throw malformedToken();
    if (!TOTP_RE.test(code) && !RECOVERY_RE.test(code)) throw malformedToken();
    const stored = await this.ctx.store.mfa.get(user.id);
    const state = stored ?? { user_id: user.id, pending_secret: '', recovery_codes: [], used_steps: [], update_at: 0 };
    const now = this.ctx.clock.now();
    let next: UserMfa;
    if (TOTP_RE.test(code)) {
      const step = this.matchStep(user.mfa_secret, user, code);
      if (step === undefined || state.used_steps.includes(step)) throw badCode();
      // Only steps that could still validate need remembering.
      const current = Math.floor(now / 1000 / PERIOD_SECONDS);
      next = { ...state, used_steps: [...state.used_steps.filter((s) => s >= current - 1), step], update_at: now };
    } else {
      const hash = hashCode(code);
      if (!state.recovery_codes.includes(hash)) throw badCode();
      next = { ...state, recovery_codes: state.recovery_codes.filter((h) => h !== hash), update_at: now };
    }
    let saved = true;
    if (stored) saved = await this.ctx.store.mfa.compareAndSet(stored, next);
    else await this.ctx.store.mfa.save(next);
    // Someone used a code at the same moment; the state this check read is stale, so refuse rather than reuse.
    if (!saved) throw badCode();
  }
}

function newRecoveryCode(): string {
  const bytes = crypto.randomBytes(10);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % 32]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Same full view as UserService's `user_updated`; the hub sanitises it for other recipients. */
function userUpdated(user: User) {
  return makeEvent('user_updated', { user: presentUser(user, { userId: user.id, isSystemAdmin: true, showEmailAddress: true, showFullName: true }) }, { all: true });
}
